/**
 * Subscriptions as tooling meets them: the real graphql-ws client over WebSocket against a
 * gateway on port 0 in front of a simulated fleet. Events from several clusters arrive filtered,
 * resource changes carry their cursors, one upstream watch serves a hundred subscribers,
 * cluster status goes down and up, a cursor resumes exactly what was missed, a too-old one gets
 * the gap, and client mistakes are client errors.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { R } from '../../../src/sim/resources.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { subscribe, waitFor, wsClients, type Sub } from '../../support/liveHelpers.ts';

let env: FleetGateway;
let wsUrl: string;
const { newClient, disposeAll } = wsClients(() => wsUrl);

beforeAll(async () => {
  env = await startFleetGateway({
    sim: { clusters: 3, namePrefix: 'sub', clusterDefaults: { controllers: false } },
    gateway: { live: { graceMs: 60_000, logCapacity: 10, statusIntervalMs: 100, listWatch: { backoffInitialMs: 10, backoffMaxMs: 200 } }, ws: { maxSubscriptionsPerConnection: 150 } },
  });
  wsUrl = env.gateway.url.replace(/^http/, 'ws');
  for (const c of env.sim.clusters) {
    for (const ns of ['app', 'ops']) c.registry.create(R.namespaces, { metadata: { name: ns } });
  }
});

afterAll(async () => {
  await disposeAll();
  await env?.stop();
});


const names = () => env.sim.clusters.map((c) => c.name);
/** Every cluster's stream synced, with exactly `users` subscribers set up at the gateway (earlier tests' ones gone). */
const synced = (resource: 'events' | 'configmaps', clusters = names(), users = 1) =>
  waitFor(() => clusters.every((c) => env.gateway.live?.watch(c, resource)?.synced === true && env.gateway.live.users(c, resource) === users), `${resource} synced with ${users} subscriber(s)`);

/** Earlier tests' subscriptions are gone from the gateway (a completed subscription is released asynchronously). */
const idle = (resource: 'events' | 'configmaps') =>
  waitFor(() => names().every((c) => (env.gateway.live?.users(c, resource) ?? 0) === 0), `no ${resource} subscribers left`);

let seq = 0;
function recordEvent(cluster: number, e: { type: 'Normal' | 'Warning'; kind: string; name: string; reason: string; namespace?: string }): void {
  const namespace = e.namespace ?? 'app';
  env.sim.clusters[cluster]!.registry.create(R.events, {
    metadata: { name: `${e.name}.${++seq}`, namespace },
    involvedObject: { kind: e.kind, name: e.name, namespace, apiVersion: 'v1' },
    type: e.type, reason: e.reason, message: `${e.reason} on ${e.name}`, count: 1,
    firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:00Z', source: { component: 'test' },
  });
}

const setData = (cluster: number, name: string, v: string) =>
  env.sim.clusters[cluster]!.registry.mutate(R.configmaps, 'app', name, (o) => { (o as { data?: Record<string, string> }).data = { v }; });

interface EventsData { events: { cursor: string; gap: { cluster: string; missed: number | null } | null; event: { cluster: { name: string }; type: string; reason: string; involvedObject: { kind: string; name: string } } | null } }
interface ChangesData { resourceChanges: { cursor: string; type: string | null; cluster: string; kind: string; namespace: string | null; name: string | null; object: { data?: Record<string, string> } | null; gap: { cluster: string; missed: number | null } | null } }

const EVENTS = `subscription ($type: EventType, $kind: String, $names: [String!], $ns: String, $after: String) {
  events(type: $type, involvedKind: $kind, clusterNames: $names, namespace: $ns, after: $after) {
    cursor gap { cluster missed } event { cluster { name } type reason involvedObject { kind name } }
  }
}`;
const CHANGES = `subscription ($kind: String!, $names: [String!], $labels: String, $after: String) {
  resourceChanges(kind: $kind, clusterNames: $names, namespace: "app", labelSelector: $labels, after: $after) {
    cursor type cluster kind namespace name object gap { cluster missed }
  }
}`;

const eventLine = (d: EventsData) => (d.events.gap ? `GAP ${d.events.gap.cluster}` : `${d.events.event!.cluster.name} ${d.events.event!.type} ${d.events.event!.involvedObject.kind}/${d.events.event!.involvedObject.name} ${d.events.event!.reason}`);
const changeLine = (d: ChangesData) => {
  const c = d.resourceChanges;
  return c.gap ? `GAP ${c.cluster} ${c.gap.missed}` : `${c.type} ${c.cluster} ${c.name} ${c.object?.data?.['v'] ?? ''}`.trim();
};

describe('subscriptions over graphql-ws', () => {
  test('events from several clusters arrive filtered, each subscriber getting only what it asked for', async () => {
    const client = newClient();
    const warningsOnPods = subscribe<EventsData>(client, EVENTS, { type: 'WARNING', kind: 'Pod' });
    const onlySub2Ops = subscribe<EventsData>(client, EVENTS, { names: ['sub-2'], ns: 'ops' });
    await synced('events', ['sub-1', 'sub-3']);
    await synced('events', ['sub-2'], 2);
    recordEvent(0, { type: 'Warning', kind: 'Pod', name: 'web-1', reason: 'BackOff' });
    recordEvent(1, { type: 'Warning', kind: 'Pod', name: 'api-1', reason: 'Unhealthy' });
    recordEvent(1, { type: 'Normal', kind: 'Pod', name: 'api-1', reason: 'Pulled' });
    recordEvent(2, { type: 'Warning', kind: 'Deployment', name: 'web', reason: 'ProgressDeadlineExceeded' });
    recordEvent(2, { type: 'Warning', kind: 'Pod', name: 'db-0', reason: 'FailedScheduling' });
    recordEvent(1, { type: 'Normal', kind: 'Node', name: 'n1', reason: 'NodeReady', namespace: 'ops' });
    recordEvent(0, { type: 'Normal', kind: 'Node', name: 'n2', reason: 'NodeReady', namespace: 'ops' });
    await waitFor(() => warningsOnPods.got.length === 3 && onlySub2Ops.got.length === 1, 'the matching events');
    expect(warningsOnPods.got.map(eventLine).sort()).toEqual([
      'sub-1 WARNING Pod/web-1 BackOff', 'sub-2 WARNING Pod/api-1 Unhealthy', 'sub-3 WARNING Pod/db-0 FailedScheduling',
    ]);
    expect(onlySub2Ops.got.map(eventLine)).toEqual(['sub-2 NORMAL Node/n1 NodeReady']);
    expect(warningsOnPods.got.every((d) => typeof d.events.cursor === 'string' && d.events.cursor.length > 0)).toBe(true);
    // Nothing more arrives for either (the other events were filtered out, not delayed).
    recordEvent(0, { type: 'Warning', kind: 'Pod', name: 'last', reason: 'BackOff' });
    await waitFor(() => warningsOnPods.got.length === 4, 'the last event');
    expect(onlySub2Ops.got).toHaveLength(1);
    expect([...warningsOnPods.errors, ...onlySub2Ops.errors]).toEqual([]);
    warningsOnPods.stop();
    onlySub2Ops.stop();
  });

  test('filters run before execution, and each delivered event is executed with fresh loaders', async () => {
    await idle('events');
    const sub = subscribe<{ events: { event: { reason: string; cluster: { nodes: Array<{ name: string }> } } } }>(newClient(),
      'subscription { events(clusterNames: ["sub-1"], type: WARNING) { event { reason cluster { nodes { name } } } } }');
    await synced('events', ['sub-1'], 1);
    const nodeLists = () => env.gateway.upstream.count({ cluster: 'sub-1', resource: 'nodes' });
    const listsBefore = nodeLists();
    for (let i = 0; i < 5; i++) recordEvent(0, { type: 'Normal', kind: 'Pod', name: `quiet-${i}`, reason: 'Pulled' });
    recordEvent(0, { type: 'Warning', kind: 'Pod', name: 'loud-1', reason: 'BackOff' });
    await waitFor(() => sub.got.length === 1, 'the warning');
    // Five filtered events cost nothing: one delivery, one LIST of nodes.
    expect(nodeLists() - listsBefore).toBe(1);
    const nodesBefore = sub.got[0]!.events.event.cluster.nodes.map((n) => n.name);
    env.sim.clusters[0]!.registry.create(R.nodes, { metadata: { name: 'fresh-node' } });
    recordEvent(0, { type: 'Warning', kind: 'Pod', name: 'loud-2', reason: 'BackOff' });
    await waitFor(() => sub.got.length === 2, 'the second warning');
    // A new event, new loaders: the node added in between is there.
    expect(sub.got[1]!.events.event.cluster.nodes.map((n) => n.name).sort()).toEqual([...nodesBefore, 'fresh-node'].sort());
    expect(nodeLists() - listsBefore).toBe(2);
    sub.stop();
  });

  test('resourceChanges delivers ADDED, MODIFIED and DELETED of a kind with label and namespace filters', async () => {
    await idle('configmaps');
    const client = newClient();
    const web = subscribe<ChangesData>(client, CHANGES, { kind: 'ConfigMap', labels: 'tier=web' });
    await synced('configmaps');
    const reg = env.sim.clusters[0]!.registry;
    reg.create(R.configmaps, { metadata: { name: 'rc-web', namespace: 'app', labels: { tier: 'web' } }, data: { v: '1' } });
    reg.create(R.configmaps, { metadata: { name: 'rc-db', namespace: 'app', labels: { tier: 'db' } }, data: { v: '1' } });
    reg.create(R.configmaps, { metadata: { name: 'rc-web', namespace: 'ops', labels: { tier: 'web' } }, data: { v: '1' } });
    setData(0, 'rc-web', '2');
    reg.delete(R.configmaps, 'app', 'rc-web');
    await waitFor(() => web.got.length === 3, 'three changes');
    expect(web.got.map(changeLine)).toEqual(['ADDED sub-1 rc-web 1', 'MODIFIED sub-1 rc-web 2', 'DELETED sub-1 rc-web 2']);
    expect(web.got[0]!.resourceChanges).toMatchObject({ kind: 'ConfigMap', namespace: 'app', object: { kind: 'ConfigMap', metadata: { name: 'rc-web' } } });
    expect(JSON.stringify(web.got[0]!.resourceChanges.object)).not.toContain('managedFields');
    web.stop();
  });

  test('100 subscribers over WebSocket cause exactly one upstream watch per cluster', async () => {
    await idle('configmaps');
    const client = newClient();
    const subs = Array.from({ length: 100 }, () => subscribe<ChangesData>(client, CHANGES, { kind: 'ConfigMap' }));
    await synced('configmaps', names(), 100);
    env.sim.clusters.forEach((c, i) => c.registry.create(R.configmaps, { metadata: { name: `many-${i}`, namespace: 'app' } }));
    await waitFor(() => subs.every((s) => s.got.length === 3), 'three changes each');
    for (const s of subs) expect(s.got.map(changeLine).sort()).toEqual(['ADDED sub-1 many-0', 'ADDED sub-2 many-1', 'ADDED sub-3 many-2']);
    for (const c of env.sim.clusters) {
      expect(c.requests.count({ verb: 'watch', resource: 'configmaps' }), c.name).toBe(1);
      expect(c.openWatchCount, c.name).toBeLessThanOrEqual(2); // configmaps, and events from the first test
    }
    for (const s of subs) s.stop();
  });

  test('a client that reconnects with its last cursor receives exactly what it missed, then live changes', async () => {
    await idle('configmaps');
    const first = newClient();
    const before = subscribe<ChangesData>(first, CHANGES, { kind: 'ConfigMap', labels: 'resume=yes' });
    await synced('configmaps');
    env.sim.clusters[1]!.registry.create(R.configmaps, { metadata: { name: 'res-1', namespace: 'app', labels: { resume: 'yes' } }, data: { v: '1' } });
    await waitFor(() => before.got.length === 1, 'the first change');
    const cursor = before.got[0]!.resourceChanges.cursor;
    await first.dispose();
    setData(1, 'res-1', '2');
    env.sim.clusters[2]!.registry.create(R.configmaps, { metadata: { name: 'res-2', namespace: 'app', labels: { resume: 'yes' } }, data: { v: '1' } });
    await waitFor(() => env.gateway.live!.watch('sub-3', 'configmaps')!.objects.has('app/res-2')
      && (env.gateway.live!.watch('sub-2', 'configmaps')!.objects.get('app/res-1')?.['data'] as Record<string, string>)['v'] === '2', 'the gateway saw both');
    const again = subscribe<ChangesData>(newClient(), CHANGES, { kind: 'ConfigMap', labels: 'resume=yes', after: cursor });
    await waitFor(() => again.got.length === 2, 'the two missed changes');
    expect(again.got.map(changeLine).sort()).toEqual(['ADDED sub-3 res-2 1', 'MODIFIED sub-2 res-1 2']);
    env.sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'res-3', namespace: 'app', labels: { resume: 'yes' } }, data: { v: '1' } });
    await waitFor(() => again.got.length === 3, 'the live change');
    expect(changeLine(again.got[2]!)).toBe('ADDED sub-1 res-3 1');
    again.stop();
  });

  test('a cursor older than the log gets an explicit gap delivery before the changes still held', async () => {
    await idle('configmaps');
    const client = newClient();
    const early = subscribe<ChangesData>(client, CHANGES, { kind: 'ConfigMap', names: ['sub-1'], labels: 'old=yes' });
    await synced('configmaps', ['sub-1']);
    env.sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'old', namespace: 'app', labels: { old: 'yes' } }, data: { v: '0' } });
    await waitFor(() => early.got.length === 1, 'the first change');
    early.stop();
    // Twelve changes in a log of ten: the cursor's successor is gone.
    for (let v = 1; v <= 12; v++) setData(0, 'old', String(v));
    await waitFor(() => (env.gateway.live!.watch('sub-1', 'configmaps')!.objects.get('app/old')?.['data'] as Record<string, string>)['v'] === '12', 'the gateway saw v=12');
    const late = subscribe<ChangesData>(client, CHANGES, { kind: 'ConfigMap', names: ['sub-1'], labels: 'old=yes', after: early.got[0]!.resourceChanges.cursor });
    await waitFor(() => late.got.length === 11, 'the gap and the ten changes held');
    expect(changeLine(late.got[0]!)).toBe('GAP sub-1 2');
    expect(late.got[0]!.resourceChanges).toMatchObject({ type: null, name: null, object: null, kind: 'ConfigMap' });
    expect(late.got.slice(1).map(changeLine)).toEqual(Array.from({ length: 10 }, (_, i) => `MODIFIED sub-1 old ${i + 3}`));
    late.stop();
  });

  test('a client that stops reading does not delay a fast one, and gets a gap for what it fell behind on', async () => {
    await idle('configmaps');
    const fast = subscribe<ChangesData>(newClient(), CHANGES, { kind: 'ConfigMap', names: ['sub-2'], labels: 'slow=test' });
    // The slow client speaks the protocol by hand so it can stop reading its socket.
    const slow = new WebSocket(wsUrl, 'graphql-transport-ws');
    const slowGot: Array<{ type: string; payload?: { data?: ChangesData } }> = [];
    slow.on('message', (m) => slowGot.push(JSON.parse(m.toString()) as (typeof slowGot)[number]));
    await new Promise((r) => slow.once('open', r));
    slow.send(JSON.stringify({ type: 'connection_init' }));
    await waitFor(() => slowGot.some((m) => m.type === 'connection_ack'), 'ack');
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: CHANGES, variables: { kind: 'ConfigMap', names: ['sub-2'], labels: 'slow=test' } } }));
    await synced('configmaps', ['sub-2'], 2);
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    // 40 changes of 500 KB each: far more than the socket buffers hold for a reader that stopped.
    const big = 'x'.repeat(500_000);
    for (let i = 0; i < 40; i++) {
      env.sim.clusters[1]!.registry.create(R.configmaps, { metadata: { name: `slow-${i}`, namespace: 'app', labels: { slow: 'test' } }, data: { big } });
    }
    await waitFor(() => fast.got.length === 40, 'every change for the fast client while the slow one is not reading');
    expect(fast.got.map((d) => d.resourceChanges.name)).toEqual(Array.from({ length: 40 }, (_, i) => `slow-${i}`));
    const slowBefore = slowGot.filter((m) => m.type === 'next').length;
    expect(slowBefore).toBeLessThan(40);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    const deliveries = () => slowGot.filter((m) => m.type === 'next').map((m) => m.payload!.data!.resourceChanges);
    await waitFor(() => deliveries().at(-1)?.name === 'slow-39', 'the slow client catches up to the last change');
    const gap = deliveries().find((d) => d.gap);
    expect(gap?.gap).toMatchObject({ cluster: 'sub-2' });
    expect(gap!.gap!.missed).toBeGreaterThan(0);
    // What it got plus what the gap says it missed is every change, each once.
    const names = deliveries().filter((d) => !d.gap).map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length + gap!.gap!.missed!).toBe(40);
    slow.close();
    fast.stop();
  });

  test('the subscription example in docs/live.md works as written, and resumes from its cursor', async () => {
    const doc = readFileSync(new URL('../../../docs/live.md', import.meta.url), 'utf8');
    const query = /query: `([^`]+)`/.exec(doc)?.[1];
    expect(query, 'the example query in docs/live.md').toBeDefined();
    await idle('events');
    const client = newClient();
    const first = subscribe<EventsData & { events: { event: { namespace: string; message: string } } }>(client, query!, { after: null });
    await synced('events', names(), 1);
    recordEvent(2, { type: 'Warning', kind: 'Pod', name: 'doc-1', reason: 'BackOff' });
    await waitFor(() => first.got.length === 1, 'the warning');
    expect(first.got[0]!.events.event).toMatchObject({ cluster: { name: 'sub-3' }, namespace: 'app', reason: 'BackOff', involvedObject: { name: 'doc-1' } });
    first.stop();
    recordEvent(0, { type: 'Warning', kind: 'Pod', name: 'doc-2', reason: 'BackOff' });
    const resumed = subscribe<EventsData>(client, query!, { after: first.got[0]!.events.cursor });
    await waitFor(() => resumed.got.length === 1, 'the missed warning');
    expect(resumed.got[0]!.events.event?.involvedObject.name).toBe('doc-2');
    resumed.stop();
  });

  test('clusterStatus shows a cluster going down and coming back', async () => {
    const sub = subscribe<{ clusterStatus: { cluster: string; state: string; status: { reachable: boolean; lastError: { code: string } | null } } }>(newClient(),
      'subscription { clusterStatus(clusterNames: ["sub-2", "sub-3"]) { cursor cluster state status { reachable lastError { code } } } }');
    await waitFor(() => sub.got.length === 2, 'the first checks');
    expect(sub.got.map((d) => `${d.clusterStatus.cluster} ${d.clusterStatus.state}`).sort()).toEqual(['sub-2 REACHABLE', 'sub-3 REACHABLE']);
    await env.sim.clusters[2]!.setFaults({ down: true });
    await waitFor(() => sub.got.length === 3, 'down');
    expect(sub.got[2]!.clusterStatus).toMatchObject({ cluster: 'sub-3', state: 'UNREACHABLE', status: { reachable: false, lastError: { code: 'CLUSTER_UNREACHABLE' } } });
    await env.sim.clusters[2]!.setFaults({ down: false });
    await waitFor(() => sub.got.length === 4, 'up');
    expect(sub.got[3]!.clusterStatus).toMatchObject({ cluster: 'sub-3', state: 'RECOVERED', status: { reachable: true } });
    sub.stop();
  });

  test('client mistakes are client errors: unknown kind, malformed cursor, unknown cluster, a query over WebSocket', async () => {
    const client = newClient();
    const cases: Array<[string, Record<string, unknown> | undefined, string, RegExp]> = [
      [CHANGES, { kind: 'Gadget' }, 'BAD_USER_INPUT', /kind: "Gadget" is not a kind resourceChanges follows/],
      [CHANGES, { kind: 'Pod', after: 'not-a-cursor!' }, 'BAD_USER_INPUT', /after: invalid cursor/],
      [CHANGES, { kind: 'Pod', names: ['nope'] }, 'BAD_USER_INPUT', /nope/],
      ['{ clusters { name } }', undefined, 'BAD_REQUEST', /only subscriptions are served over WebSocket/],
      ['subscription { nothing }', undefined, 'GRAPHQL_VALIDATION_FAILED', /nothing/],
    ];
    for (const [query, variables, code, message] of cases) {
      const sub = subscribe(client, query, variables);
      await waitFor(() => sub.errors.length > 0, `an error for ${query.slice(0, 30)}`);
      const [error] = sub.errors as Array<{ message: string; extensions?: { code?: string } }>;
      expect(error!.extensions?.code, error!.message).toBe(code);
      expect(error!.message).toMatch(message);
    }
  });
});
