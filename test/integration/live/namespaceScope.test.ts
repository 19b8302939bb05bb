/**
 * A cluster with a namespace scope (fleet file `namespaces: [team-a, team-b]`), as a tenant's
 * gateway meets one: the simulator refuses that cluster every request outside team-a and team-b
 * with 403 (an identity bound by Roles in those two namespaces only), and the gateway must serve
 * it without ever asking across all namespaces. Beside it, a cluster watched cluster-wide as
 * before. Real graphql-ws clients over WebSocket, real HTTP, the simulator's request log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeStreamCursor } from '../../../src/live/StreamCursor.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import type { SimCluster } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { subscribe, waitFor, wsClients, type Sub } from '../../support/liveHelpers.ts';

const SCOPED = 'scope-1';
const WIDE = 'scope-2';
const SCOPE = ['team-a', 'team-b'];
const FLEET_FILE = `clusters:\n  ${SCOPED}:\n    namespaces: [team-b, team-a]\n`;

/** The cached gateway: subscriptions and cached reads share its hub. */
let env: FleetGateway;
/** A live gateway over the same clusters and fleet file, for the truth cached reads must equal. */
let live: Gateway;
let wsUrl: string;
const { newClient, disposeAll } = wsClients(() => wsUrl);
let scoped: SimCluster;
let wide: SimCluster;

beforeAll(async () => {
  env = await startFleetGateway({
    sim: { clusters: 2, namePrefix: 'scope', clusterDefaults: { controllers: false } },
    fleetFile: FLEET_FILE,
    gateway: { cache: true, live: { graceMs: 60_000, statusIntervalMs: 100, listWatch: { backoffInitialMs: 10, backoffMaxMs: 200 } } },
  });
  live = await startGatewayFromKubeconfig({ kubeconfigPath: env.kubeconfigPath, fleetFile: `${env.dir}/fleet.yaml`, port: 0, logLevel: 'silent' });
  wsUrl = env.gateway.url.replace(/^http/, 'ws');
  [scoped, wide] = env.sim.clusters as [SimCluster, SimCluster];
  for (const c of env.sim.clusters) {
    for (const ns of ['team-a', 'team-b', 'team-c']) c.registry.create(R.namespaces, { metadata: { name: ns } });
  }
  // The tenant's identity: Roles in team-a and team-b, nothing at cluster scope.
  await scoped.setFaults({ onlyNamespaces: SCOPE });
});

afterAll(async () => {
  await disposeAll();
  await live?.stop();
  await env?.stop();
});


interface GqlError { message: string; extensions?: { code?: string; cluster?: string } }
interface ChangesData { resourceChanges: { cursor: string; type: string | null; cluster: string; namespace: string | null; name: string | null; object: { data?: Record<string, string> } | null; gap: { cluster: string } | null } }
const CHANGES = `subscription ($kind: String!, $names: [String!], $ns: String, $after: String) {
  resourceChanges(kind: $kind, clusterNames: $names, namespace: $ns, after: $after) { cursor type cluster namespace name object gap { cluster } }
}`;
const line = (d: ChangesData) => {
  const c = d.resourceChanges;
  return c.gap ? `GAP ${c.cluster}` : `${c.type} ${c.cluster} ${c.namespace}/${c.name} ${c.object?.data?.['v'] ?? ''}`.trim();
};

const hub = () => env.gateway.live!;
const configMap = (c: SimCluster, namespace: string, name: string, v: string) =>
  c.registry.create(R.configmaps, { metadata: { name, namespace }, data: { v } });
const setData = (c: SimCluster, namespace: string, name: string, v: string) =>
  c.registry.mutate(R.configmaps, namespace, name, (o) => { (o as { data?: Record<string, string> }).data = { v }; });

describe('a cluster with a namespace scope', () => {
  test('subscribers share one namespaced watch per scoped namespace, nothing is opened for other namespaces, and the cluster-wide cluster keeps its one watch', async () => {
    const client = newClient();
    const all = Array.from({ length: 4 }, () => subscribe<ChangesData, GqlError>(client, CHANGES, { kind: 'ConfigMap' }));
    const onlyA = Array.from({ length: 3 }, () => subscribe<ChangesData, GqlError>(client, CHANGES, { kind: 'ConfigMap', ns: 'team-a' }));
    const onlyB = Array.from({ length: 3 }, () => subscribe<ChangesData, GqlError>(client, CHANGES, { kind: 'ConfigMap', ns: 'team-b' }));
    await waitFor(() => SCOPE.every((ns) => hub().watch(SCOPED, 'configmaps', ns)?.synced === true && hub().users(SCOPED, 'configmaps', ns) === 7)
      && hub().watch(WIDE, 'configmaps')?.synced === true && hub().users(WIDE, 'configmaps') === 10, 'every stream synced with its subscribers');

    for (const c of env.sim.clusters) {
      for (const ns of ['team-a', 'team-b', 'team-c']) configMap(c, ns, 'cm', '1');
    }
    await waitFor(() => all.every((s) => s.got.length === 5) && [...onlyA, ...onlyB].every((s) => s.got.length === 2), 'the changes');
    // Without a namespace: every namespace of the scope, and all of the cluster-wide cluster.
    for (const s of all) {
      expect(s.got.map(line).sort()).toEqual([
        'ADDED scope-1 team-a/cm 1', 'ADDED scope-1 team-b/cm 1', 'ADDED scope-2 team-a/cm 1', 'ADDED scope-2 team-b/cm 1', 'ADDED scope-2 team-c/cm 1',
      ]);
    }
    for (const s of onlyA) expect(s.got.map(line).sort()).toEqual(['ADDED scope-1 team-a/cm 1', 'ADDED scope-2 team-a/cm 1']);
    for (const s of onlyB) expect(s.got.map(line).sort()).toEqual(['ADDED scope-1 team-b/cm 1', 'ADDED scope-2 team-b/cm 1']);
    expect([...all, ...onlyA, ...onlyB].flatMap((s) => s.errors)).toEqual([]);

    // Upstream: one LIST and one watch per scoped namespace, none across all namespaces or in team-c, none refused.
    const scopedCalls = scoped.requests.find({ resource: 'configmaps' });
    expect(scopedCalls.map((r) => `${r.verb} ${r.namespace}`).sort()).toEqual(['list team-a', 'list team-b', 'watch team-a', 'watch team-b']);
    expect(scopedCalls.every((r) => r.status < 400)).toBe(true);
    expect(scopedCalls.find((r) => r.verb === 'watch')!.path).toBe('/api/v1/namespaces/team-a/configmaps');
    // The cluster-wide cluster: one all-namespaces watch, however many subscribers name a namespace.
    expect(wide.requests.find({ resource: 'configmaps' }).map((r) => `${r.verb} ${r.namespace}`).sort()).toEqual(['list ', 'watch ']);
    for (const s of [...all, ...onlyA, ...onlyB]) s.stop();
  });

  test('a cursor resumes across the namespace streams: exactly what was missed in each namespace, then live changes', async () => {
    const first = subscribe<ChangesData, GqlError>(newClient(), CHANGES, { kind: 'ConfigMap', names: [SCOPED] });
    await waitFor(() => SCOPE.every((ns) => hub().users(SCOPED, 'configmaps', ns) === 1), 'one subscriber on each namespace stream');
    setData(scoped, 'team-a', 'cm', '2');
    await waitFor(() => first.got.length === 1, 'the first change');
    const cursor = first.got[0]!.resourceChanges.cursor;
    // One position per namespace stream of the cluster, each resumable on its own.
    expect([...decodeStreamCursor(cursor).keys()].sort()).toEqual(['w:configmaps:team-a:scope-1', 'w:configmaps:team-b:scope-1']);
    first.stop();
    await waitFor(() => SCOPE.every((ns) => hub().users(SCOPED, 'configmaps', ns) === 0), 'the subscriber gone');

    setData(scoped, 'team-b', 'cm', '2');
    setData(scoped, 'team-c', 'cm', '2'); // outside the scope: never seen
    setData(scoped, 'team-a', 'cm', '3');
    const resumed = subscribe<ChangesData, GqlError>(newClient(), CHANGES, { kind: 'ConfigMap', names: [SCOPED], after: cursor });
    await waitFor(() => resumed.got.length === 2, 'the missed changes');
    expect(resumed.got.map(line).sort()).toEqual(['MODIFIED scope-1 team-a/cm 3', 'MODIFIED scope-1 team-b/cm 2']);
    setData(scoped, 'team-b', 'cm', '3');
    await waitFor(() => resumed.got.length === 3, 'a live change');
    expect(line(resumed.got[2]!)).toBe('MODIFIED scope-1 team-b/cm 3');
    expect(resumed.errors).toEqual([]);
    // Still the same two watches: the streams outlived the first subscriber (grace period).
    expect(scoped.requests.count({ verb: 'watch', resource: 'configmaps' })).toBe(2);
    resumed.stop();
  });

  test('a namespace outside the scope: a subscription of that cluster alone is refused, a fleet-wide one gets a per-cluster error and the other clusters\' changes', async () => {
    const alone = subscribe<ChangesData, GqlError>(newClient(), CHANGES, { kind: 'ConfigMap', names: [SCOPED], ns: 'team-c' });
    await waitFor(() => alone.errors.length === 1, 'the refusal');
    expect(alone.errors[0]).toMatchObject({
      message: 'cluster "scope-1" is read only in namespaces team-a, team-b (its namespace scope in the fleet file), not in "team-c"',
      extensions: { code: 'FORBIDDEN', cluster: SCOPED },
    });

    const fleetWide = subscribe<ChangesData, GqlError>(newClient(), CHANGES, { kind: 'ConfigMap', ns: 'team-c' });
    await waitFor(() => fleetWide.errors.length === 1 && hub().users(WIDE, 'configmaps') === 1, 'the per-cluster error, and the other cluster streaming');
    expect(fleetWide.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', cluster: SCOPED } });
    expect(fleetWide.errors[0]!.message).toContain('not in "team-c"');
    setData(wide, 'team-c', 'cm', '2');
    await waitFor(() => fleetWide.got.length === 1, 'the other cluster\'s change');
    expect(fleetWide.got.map(line)).toEqual(['MODIFIED scope-2 team-c/cm 2']);
    expect(fleetWide.errors).toHaveLength(1);
    // Nothing ever asked the scoped cluster about team-c.
    expect(scoped.requests.count({ namespace: 'team-c' })).toBe(0);
    fleetWide.stop();
  });
});

describe('reads of a cluster with a namespace scope', () => {
  const QUERY = `{
    clusters {
      name
      pods { namespace name labels { key value } phase owner { __typename name } }
      a: pods(namespace: "team-a") { name }
      web: pods(labelSelector: "app=web") { namespace name }
      services { namespace name pods { namespace name } }
      workloads { __typename namespace name pods { name } }
    }
    pods(first: 1000) { edges { node { cluster { name } namespace name } } }
  }`;
  const RESOURCES = ['pods', 'services', 'deployments', 'statefulsets', 'daemonsets', 'replicasets'] as const;

  function fill(c: SimCluster): void {
    for (const ns of ['team-a', 'team-b', 'team-c']) {
      const d = c.registry.create(R.deployments, {
        metadata: { name: 'web', namespace: ns },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      });
      const rs = c.registry.create(R.replicasets, {
        metadata: { name: 'web-rs', namespace: ns, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true }] },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      });
      for (const [name, app] of [['web-1', 'web'], ['db-1', 'db']] as const) {
        c.registry.create(R.pods, {
          metadata: { name, namespace: ns, labels: { app }, ownerReferences: app === 'web' ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: rs.metadata.uid, controller: true }] : [] },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        });
      }
      c.registry.create(R.services, { metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    }
  }

  const synced = () => RESOURCES.every((r) => SCOPE.every((ns) => hub().watch(SCOPED, r, ns)?.synced === true) && hub().watch(WIDE, r)?.synced === true);

  test('live reads LIST each namespace of the scope, never all namespaces; cached reads equal them after a burst, with no upstream request', async () => {
    for (const c of env.sim.clusters) fill(c);
    const liveAnswer = async () => {
      const a = await postGraphql<{ clusters: Array<{ name: string; pods: Array<{ namespace: string }> }> }>(live.url, QUERY);
      expect(a.errors).toBeUndefined();
      return a.data!;
    };
    const before = await liveAnswer();
    // The scoped cluster shows its scope's namespaces only; the other, every namespace.
    const namespacesOf = (name: string) => [...new Set(before.clusters.find((c) => c.name === name)!.pods.map((p) => p.namespace))];
    expect(namespacesOf(SCOPED)).toEqual(['team-a', 'team-b']);
    expect(namespacesOf(WIDE)).toEqual(['team-a', 'team-b', 'team-c']);
    // Every request the scoped cluster got was in the scope (so none was refused).
    expect(scoped.requests.all().filter((r) => r.resource !== '' && !SCOPE.includes(r.namespace))).toEqual([]);
    expect(scoped.requests.count({ verb: 'list', resource: 'pods', namespace: 'team-a' })).toBeGreaterThan(0);

    // The cached gateway: the first read starts the streams (one per scoped namespace), then reads from them.
    expect((await env.query(QUERY)).errors).toBeUndefined();
    await waitFor(synced, 'every store synced');
    const status = await env.query<{ clusters: Array<{ name: string; status: { reads: { mode: string; namespaces: string[] | null; resources: Array<{ resource: string; synced: boolean }> } } }> }>(
      '{ clusters { name status { reads { mode namespaces resources { resource synced } } } } }');
    const reads = Object.fromEntries(status.data!.clusters.map((c) => [c.name, c.status.reads]));
    expect(reads[SCOPED]!.mode).toBe('CACHED');
    expect(reads[SCOPED]!.namespaces).toEqual(SCOPE);
    expect(reads[WIDE]!.namespaces).toBeNull();
    expect(reads[SCOPED]!.resources.find((r) => r.resource === 'pods')).toEqual({ resource: 'pods', synced: true });

    // A burst in every namespace of both clusters.
    for (const c of env.sim.clusters) {
      for (const ns of ['team-a', 'team-b', 'team-c']) {
        c.registry.create(R.pods, { metadata: { name: 'web-2', namespace: ns, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
        c.registry.mutate(R.pods, ns, 'db-1', (p) => { p.metadata.labels = { app: 'web' }; });
        c.registry.delete(R.services, ns, 'web');
      }
    }
    const truth = await liveAnswer();
    await waitFor(async () => JSON.stringify((await env.query(QUERY)).data) === JSON.stringify(truth), 'cached answer equal to the live one');

    const upstreamBefore = env.gateway.upstream.count();
    const requestsBefore = env.sim.clusters.map((c) => c.requests.count({ verb: 'list' }));
    const cached = await env.query(QUERY);
    expect(cached.errors).toBeUndefined();
    expect(cached.data).toEqual(truth);
    expect(env.gateway.upstream.count()).toBe(upstreamBefore);
    expect(env.sim.clusters.map((c) => c.requests.count({ verb: 'list' }))).toEqual(requestsBefore);
    // Neither gateway ever asked the scoped cluster across all namespaces or outside its scope.
    for (const verb of ['list', 'watch']) {
      for (const resource of RESOURCES) {
        expect(scoped.requests.find({ verb, resource }).filter((r) => !SCOPE.includes(r.namespace)), `${verb} ${resource}`).toEqual([]);
      }
    }
  });

  test('a read of a namespace outside the scope is a per-cluster FORBIDDEN error beside the other clusters\' data, cached and live alike', async () => {
    const q = '{ pods(namespace: "team-c", first: 100) { edges { node { cluster { name } namespace name } } } }';
    for (const url of [env.gateway.url, live.url]) {
      const answer = await postGraphql<{ pods: { edges: Array<{ node: { cluster: { name: string }; namespace: string } }> } }>(url, q);
      expect(answer.data!.pods.edges.map((e) => `${e.node.cluster.name} ${e.node.namespace}`)).toEqual([`${WIDE} team-c`, `${WIDE} team-c`, `${WIDE} team-c`]);
      expect(answer.errors?.map((e) => ({ ...e.extensions, message: e.message }))).toEqual([{
        code: 'FORBIDDEN', cluster: SCOPED, resources: ['pods'],
        message: 'cluster "scope-1" is read only in namespaces team-a, team-b (its namespace scope in the fleet file), not in "team-c"',
      }]);
    }
    expect(scoped.requests.count({ namespace: 'team-c' })).toBe(0);
  });
});

describe('a cluster that refuses all-namespaces watches and has no namespace scope', () => {
  test('its subscribers get a FORBIDDEN error saying a namespace scope is the way out, Cluster.status says it too, and the stream recovers when allowed', async () => {
    // The cluster-wide cluster's identity loses its cluster-wide rights (its streams so far are not re-asked).
    await wide.setFaults({ onlyNamespaces: ['team-a'] });
    const sub = subscribe<ChangesData, GqlError>(newClient(), CHANGES, { kind: 'Secret', names: [WIDE] });
    await waitFor(() => sub.errors.length === 1, 'the error delivery');
    expect(sub.errors[0]!.extensions).toMatchObject({ code: 'FORBIDDEN', cluster: WIDE });
    expect(sub.errors[0]!.message).toBe('cluster "scope-2": the gateway\'s identity may not list and watch secrets in all namespaces (403 Forbidden). '
      + 'Grant it list and watch at cluster scope, or give the cluster a namespace scope (`namespaces: [...]` in the fleet file) to read and watch only the namespaces it may');
    // Retried with backoff meanwhile, but told once.
    await waitFor(() => wide.requests.count({ verb: 'list', resource: 'secrets' }) >= 3, 'retries');
    expect(sub.errors).toHaveLength(1);
    // A subscriber that comes while the stream is refused is told at once.
    const later = subscribe<ChangesData, GqlError>(newClient(), CHANGES, { kind: 'Secret', names: [WIDE] });
    await waitFor(() => later.errors.length === 1, 'the later subscriber told');
    expect(later.errors[0]!.extensions).toMatchObject({ code: 'FORBIDDEN', cluster: WIDE });
    later.stop();

    const status = await env.query<{ cluster: { status: { reachable: boolean; lastError: { code: string; message: string } } } }>(
      `{ cluster(name: "${WIDE}") { status { reachable lastError { code message } } } }`);
    expect(status.data!.cluster.status.reachable).toBe(true);
    expect(status.data!.cluster.status.lastError.code).toBe('FORBIDDEN');
    expect(status.data!.cluster.status.lastError.message).toContain('namespace scope (`namespaces: [...]` in the fleet file)');
    // A live all-namespaces read says the same.
    const read = await postGraphql(live.url, `{ cluster(name: "${WIDE}") { pods { name } } }`);
    expect(read.errors?.map((e) => [e.extensions?.['code'], e.message.includes('give the cluster a namespace scope')])).toEqual([['FORBIDDEN', true]]);

    await wide.resetFaults();
    await waitFor(() => hub().watch(WIDE, 'secrets')?.synced === true, 'the stream synced once allowed');
    wide.registry.create(R.secrets, { metadata: { name: 's1', namespace: 'team-b' }, data: { k: Buffer.from('v').toString('base64') } });
    await waitFor(() => sub.got.length === 1, 'the change after recovery');
    expect(line(sub.got[0]!)).toBe('ADDED scope-2 team-b/s1');
    expect(sub.errors).toHaveLength(1);
    sub.stop();
  });
});
