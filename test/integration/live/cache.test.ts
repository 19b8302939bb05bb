/**
 * The watch-backed read cache (`cache: true`): two gateways over the same simulated fleet, one
 * cached and one live. Once the cached one's streams are synced, its answers equal the live
 * one's after a burst of changes, and a cached query makes no upstream request at all.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { R } from '../../../src/sim/resources.ts';
import type { OwnerReference } from '../../../src/sim/types.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { waitFor } from '../../support/liveHelpers.ts';

let cached: FleetGateway;
let live: Gateway;

const QUERY = `{
  clusters {
    name
    nodes { name pods { namespace name } }
    namespaces { name }
    workloads { __typename name namespace pods { namespace name } }
    pods { namespace name labels { key value } nodeName podIP createdAt phase ready restarts node { name } owner { __typename name } }
    web: pods(labelSelector: "burst=yes") { name }
    both: pods(labelSelector: "app=web,tier=front") { name }
    set: pods(labelSelector: "app in (web,db),tier!=front") { namespace name }
    exists: pods(labelSelector: "!burst") { name }
    team: pods(namespace: "team") { name }
    teamWeb: pods(namespace: "default", labelSelector: "app=web") { name }
    services { name namespace pods { namespace name } }
  }
}`;

const RESOURCES = ['nodes', 'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'services'] as const;

beforeAll(async () => {
  // No controllers: nothing changes in the clusters but what the test writes, so a live answer
  // taken after the writes stays the truth the cache must reach.
  cached = await startFleetGateway({ sim: { clusters: 2, namePrefix: 'cache', nodes: 2, clusterDefaults: { controllers: false } }, gateway: { cache: true } });
  live = await startGatewayFromKubeconfig({ kubeconfigPath: cached.kubeconfigPath, port: 0, logLevel: 'silent' });
  for (const c of cached.sim.clusters) {
    c.registry.create(R.namespaces, { metadata: { name: 'team' } });
    const node = c.registry.list(R.nodes)[0]!.metadata.name;
    for (const app of ['web', 'db']) {
      // Deployment → ReplicaSet → pods, with the owner references the Pod.owner join follows.
      const d = c.registry.create(R.deployments, {
        metadata: { name: app, namespace: 'default' },
        spec: { replicas: 1, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      });
      c.registry.create(R.replicasets, {
        metadata: { name: `${app}-rs`, namespace: 'default', labels: { app }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: d.metadata.uid, controller: true }] },
        spec: { replicas: 1, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      });
    }
    const rs = c.registry.get(R.replicasets, 'default', 'web-rs')!;
    for (let n = 0; n < 6; n++) {
      c.registry.create(R.pods, pod(`app-${n}`, 'default', n % 3 ? { app: 'web' } : { app: 'web', tier: 'front' }, node,
        [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: rs.metadata.uid, controller: true }]));
    }
    // Pending (no node yet): the burst binds it, moving it into a node's bucket.
    c.registry.create(R.pods, { metadata: { name: 'pending', namespace: 'team', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.registry.create(R.services, { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    c.registry.create(R.services, { metadata: { name: 'db', namespace: 'default' }, spec: { selector: { app: 'db', tier: 'back' }, ports: [{ port: 5432 }] } });
  }
});

afterAll(async () => {
  await live?.stop();
  await cached?.stop();
});

function pod(name: string, namespace: string, labels: Record<string, string>, nodeName: string, ownerReferences?: OwnerReference[]) {
  return { metadata: { name, namespace, labels, ...(ownerReferences ? { ownerReferences } : {}) }, spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] } };
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
      // Changes that move pods between index buckets: label values (web → db, a term dropped),
      // owner (adopted by the db ReplicaSet), node (deleted and made again elsewhere).
      const dbRs = c.registry.get(R.replicasets, 'default', 'db-rs')!;
      c.registry.mutate(R.pods, 'default', 'app-2', (p) => {
        p.metadata.labels = { app: 'db', tier: 'back' };
        p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'db-rs', uid: dbRs.metadata.uid, controller: true }];
      });
      c.registry.mutate(R.pods, 'default', 'app-3', (p) => { p.metadata.labels = { app: 'web' }; });
      c.registry.delete(R.pods, 'default', 'app-4', { gracePeriodSeconds: 0 });
      c.registry.create(R.pods, pod('app-4', 'default', { app: 'db' }, node));
      c.registry.bind('team', 'pending', node);
      c.registry.delete(R.pods, 'default', 'app-1', { gracePeriodSeconds: 0 });
      c.registry.delete(R.pods, 'team', `burst-${i}-1`, { gracePeriodSeconds: 0 });
      c.registry.create(R.services, { metadata: { name: `svc-${i}`, namespace: 'team' }, spec: { selector: { burst: 'yes' }, ports: [{ port: 81 }] } });
      c.registry.delete(R.deployments, 'default', 'web');
    });

    const liveAnswer = await postGraphql(live.url, QUERY);
    expect(liveAnswer.errors).toBeUndefined();
    // The joins have something to show (so equal answers are not equal emptiness).
    const text = JSON.stringify(liveAnswer.data);
    expect(text).toContain('"owner":{"__typename":"Deployment","name":"db"}');
    expect(text).toMatch(/"pods":\[[^\]]*"name":"pending"/);
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

  test('the store keeps only what the graph reads of a pod; resourceChanges subscribers still get the whole object', async () => {
    await waitFor(synced, 'every stream synced');
    const c = cached.sim.clusters[0]!;
    const hub = cached.gateway.live!;
    const stop = new AbortController();
    const changes = hub.resourceChanges({ clusters: [c.name], resource: 'pods', signal: stop.signal });
    const next = changes.next();
    await new Promise((r) => setTimeout(r, 50)); // let the reader reach the log's end before the write
    const node = c.registry.list(R.nodes)[0]!.metadata.name;
    c.registry.create(R.pods, { ...pod('whole', 'default', { app: 'whole' }, node), metadata: { name: 'whole', namespace: 'default', labels: { app: 'whole' }, annotations: { note: 'kept for subscribers' } } });
    const delivered = (await next).value as { value?: { object: { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: Array<{ image?: string }> } } } };
    stop.abort();
    expect(delivered.value?.object.spec?.containers?.[0]?.image).toBe('nginx');
    expect(delivered.value?.object.metadata?.annotations).toEqual({ note: 'kept for subscribers' });
    await waitFor(() => hub.watch(c.name, 'pods')!.objects.has('default/whole'), 'stored');
    const stored = hub.watch(c.name, 'pods')!.objects.get('default/whole')!;
    expect(stored['spec']).toEqual({ nodeName: node });
    expect(stored.metadata?.annotations).toBeUndefined();
    expect(stored.metadata?.labels).toEqual({ app: 'whole' });
  });

  test('a field selector is read live: the store cannot answer it the way the API server would', async () => {
    await waitFor(synced, 'every stream synced');
    const before = cached.gateway.upstream.count({ resource: 'pods' });
    const answer = await cached.query('{ clusters { pods(fieldSelector: "status.phase=Running") { name } } }');
    expect(answer.errors).toBeUndefined();
    expect(cached.gateway.upstream.count({ resource: 'pods' }) - before).toBe(2);
  });
});
