/**
 * The watch-backed read cache (`cache: true`): two gateways over the same simulated fleet, one
 * cached and one live. Once the cached one's streams are synced, its answers equal the live
 * one's after a burst of changes, and a cached query makes no upstream request at all.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { R } from '../../../src/sim/resources.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

let cached: FleetGateway;
let live: Gateway;

const QUERY = `{
  clusters {
    name
    nodes { name }
    namespaces { name }
    workloads { __typename name namespace }
    pods { namespace name labels { key value } node { name } }
    web: pods(labelSelector: "burst=yes") { name }
    team: pods(namespace: "team") { name }
    services { name namespace }
  }
}`;

const RESOURCES = ['nodes', 'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'services'] as const;

beforeAll(async () => {
  // No controllers: nothing changes in the clusters but what the test writes, so a live answer
  // taken after the writes stays the truth the cache must reach.
  cached = await startFleetGateway({ sim: { clusters: 2, namePrefix: 'cache', nodes: 2, clusterDefaults: { controllers: false } }, gateway: { cache: true } });
  live = await startGatewayFromKubeconfig({ kubeconfigPath: cached.kubeconfigPath, port: 0, logLevel: 'silent' });
  for (const c of cached.sim.clusters) {
    c.registry.create(R.namespaces, { metadata: { name: 'team' } });
    const node = c.registry.list(R.nodes)[0]!.metadata.name;
    for (let n = 0; n < 6; n++) c.registry.create(R.pods, pod(`app-${n}`, 'default', { app: 'web' }, node));
    c.registry.create(R.services, { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    c.registry.create(R.deployments, {
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
  }
});

afterAll(async () => {
  await live?.stop();
  await cached?.stop();
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
  expect(await check(), what).toBe(true);
}

function pod(name: string, namespace: string, labels: Record<string, string>, nodeName: string) {
  return { metadata: { name, namespace, labels }, spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] } };
}

const synced = () => cached.sim.clusters.every((c) => RESOURCES.every((r) => cached.gateway.live?.watch(c.name, r)?.synced === true));

describe('watch-backed read cache', () => {
  test('the first read is live and starts the streams; once synced, reads equal live reads after a burst of changes and make no upstream request', async () => {
    const first = await cached.query(QUERY);
    expect(first.errors).toBeUndefined();
    await waitFor(synced, 'every stream synced');

    // A burst: pods added, relabelled and deleted, services and workloads changed, on both clusters.
    cached.sim.clusters.forEach((c, i) => {
      const node = c.registry.list(R.nodes)[1]!.metadata.name;
      for (let n = 0; n < 5; n++) c.registry.create(R.pods, pod(`burst-${i}-${n}`, n % 2 ? 'team' : 'default', { burst: 'yes' }, node));
      c.registry.mutate(R.pods, 'default', `burst-${i}-0`, (p) => { p.metadata.labels = { burst: 'no' }; });
      c.registry.delete(R.pods, 'default', 'app-1', { gracePeriodSeconds: 0 });
      c.registry.delete(R.pods, 'team', `burst-${i}-1`, { gracePeriodSeconds: 0 });
      c.registry.create(R.services, { metadata: { name: `svc-${i}`, namespace: 'team' }, spec: { selector: { burst: 'yes' }, ports: [{ port: 81 }] } });
      c.registry.delete(R.deployments, 'default', 'web');
    });

    const liveAnswer = await postGraphql(live.url, QUERY);
    expect(liveAnswer.errors).toBeUndefined();
    await waitFor(async () => JSON.stringify((await cached.query(QUERY)).data) === JSON.stringify(liveAnswer.data), 'cached answer equal to the live one');

    const before = cached.gateway.upstream.count();
    const requestsBefore = cached.sim.clusters.map((c) => c.requests.count({ verb: 'list' }));
    const answer = await cached.query(QUERY);
    expect(answer.data).toEqual(liveAnswer.data);
    expect(cached.gateway.upstream.count() - before).toBe(0);
    expect(cached.sim.clusters.map((c) => c.requests.count({ verb: 'list' }))).toEqual(requestsBefore);
    // One list+watch per (cluster, resource), however many queries.
    for (const c of cached.sim.clusters) {
      expect(c.requests.count({ verb: 'watch', resource: 'pods' }), c.name).toBe(1);
    }
  });

  test('Cluster.status says how reads are served: cached, per resource synced or not, with the last change', async () => {
    await waitFor(synced, 'every stream synced');
    const q = '{ clusters { name status { reads { mode resources { resource synced lastChangeAt } } } } }';
    const answer = await cached.query<{ clusters: Array<{ name: string; status: { reads: { mode: string; resources: Array<{ resource: string; synced: boolean; lastChangeAt: string | null }> } } }> }>(q);
    for (const c of answer.data!.clusters) {
      expect(c.status.reads.mode).toBe('CACHED');
      const pods = c.status.reads.resources.find((r) => r.resource === 'pods');
      expect(pods).toMatchObject({ synced: true });
      expect(pods!.lastChangeAt).not.toBeNull(); // the burst of the first test
      expect(c.status.reads.resources.map((r) => r.resource)).toEqual(expect.arrayContaining([...RESOURCES]));
    }
    const liveAnswer = await postGraphql<{ clusters: Array<{ status: { reads: { mode: string; resources: unknown[] } } }> }>(live.url, q);
    expect(liveAnswer.data!.clusters.map((c) => c.status.reads)).toEqual([{ mode: 'LIVE', resources: [] }, { mode: 'LIVE', resources: [] }]);
  });

  test('the fleet file turns the cache on or off per cluster', async () => {
    const env = await startFleetGateway({
      sim: { clusters: 2, namePrefix: 'mixed', nodes: 1, pods: 2 },
      fleetFile: 'clusters:\n  mixed-1: { cache: true }\n',
    });
    try {
      const q = '{ clusters { name pods { name } status { reads { mode } } } }';
      await env.query(q);
      await waitFor(() => env.gateway.live?.watch('mixed-1', 'pods')?.synced === true, 'mixed-1 pods synced');
      const before = (name: string) => env.gateway.upstream.count({ cluster: name, resource: 'pods' });
      const [one, two] = [before('mixed-1'), before('mixed-2')];
      const answer = await env.query<{ clusters: Array<{ name: string; status: { reads: { mode: string } } }> }>(q);
      expect(answer.data!.clusters.map((c) => [c.name, c.status.reads.mode])).toEqual([['mixed-1', 'CACHED'], ['mixed-2', 'LIVE']]);
      expect(before('mixed-1') - one).toBe(0);
      expect(before('mixed-2') - two).toBe(1);
      expect(env.gateway.live?.watch('mixed-2', 'pods')).toBeUndefined();
    } finally {
      await env.stop();
    }
  });

  test('a field selector is read live: the store cannot answer it the way the API server would', async () => {
    await waitFor(synced, 'every stream synced');
    const before = cached.gateway.upstream.count({ resource: 'pods' });
    const answer = await cached.query('{ clusters { pods(fieldSelector: "status.phase=Running") { name } } }');
    expect(answer.errors).toBeUndefined();
    expect(cached.gateway.upstream.count({ resource: 'pods' }) - before).toBe(2);
  });
});
