/**
 * The watch hub over real HTTPS to a simulated fleet, driven as its engine API (async
 * iterables): one upstream watch per cluster however many subscribers, nothing lost or repeated
 * across cut streams and compaction, resuming from a cursor, an explicit gap for a cursor older
 * than the log, streams stopped after their grace period, and cluster reachability as a stream.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CursorError } from '../../../src/live/EventLog.ts';
import type { Delivery } from '../../../src/live/readStreams.ts';
import { WatchHub, type ClusterStatusEntry, type ResourceChangeEntry } from '../../../src/live/WatchHub.ts';
import { isStreamProblem, type HubDelivery, type StreamProblem } from '../../../src/live/withProblems.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { clusterClientsFor, type FleetClients } from '../../support/clusterClients.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const CLUSTERS = ['hub-1', 'hub-2', 'hub-3'];
let sim: SimFleet;
let fleet: FleetClients;
let hub: WatchHub;

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 3, namePrefix: 'hub', clusterDefaults: { controllers: false } });
  for (const c of sim.clusters) c.registry.create(R.namespaces, { metadata: { name: 'app' } });
  fleet = await clusterClientsFor(sim, { timeoutMs: 1000 });
});

afterEach(async () => {
  await hub?.stop();
  for (const c of sim.clusters) await c.resetFaults();
});

afterAll(async () => {
  await fleet?.close();
  await stopFleet(sim);
});

function newHub(options: Partial<ConstructorParameters<typeof WatchHub>[0]> = {}): WatchHub {
  hub = new WatchHub({ clients: fleet.clients, graceMs: 60_000, listWatch: { backoffInitialMs: 10, backoffMaxMs: 100 }, ...options });
  return hub;
}

/** Pull deliveries into an array in the background (standing failures into `problems`); `stop` ends the subscription. */
function collect<T>(iterable: AsyncIterableIterator<HubDelivery<T>>) {
  const got: Delivery<T>[] = [];
  const problems: StreamProblem[] = [];
  const done = (async () => {
    for await (const d of iterable) {
      if (isStreamProblem(d)) problems.push(d);
      else got.push(d);
    }
  })();
  return { got, problems, stop: async () => { await iterable.return?.(); await done; } };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check(), what).toBe(true);
}

async function synced(h: WatchHub, resource: 'configmaps' | 'events', clusters = CLUSTERS): Promise<void> {
  await waitFor(() => clusters.every((c) => h.watch(c, resource)?.synced === true), `${resource} synced on ${clusters.join(', ')}`);
}

const setData = (cluster: number, name: string, v: string) =>
  sim.clusters[cluster]!.registry.mutate(R.configmaps, 'app', name, (o) => { (o as { data?: Record<string, string> }).data = { v }; });
const summary = (ds: Delivery<ResourceChangeEntry>[]) =>
  ds.map((d) => (d.gap ? `GAP ${d.gap.cluster} ${d.gap.missed}` : `${d.value.type} ${d.value.cluster} ${d.value.object.metadata?.name} ${(d.value.object['data'] as Record<string, string> | undefined)?.['v'] ?? ''}`.trim()));

describe('WatchHub', () => {
  test('100 subscribers to one stream cause exactly one upstream watch per cluster, and each gets every change', async () => {
    const h = newHub();
    for (const c of sim.clusters) c.requests.clear();
    const subs = Array.from({ length: 100 }, () => collect(h.resourceChanges({ clusters: CLUSTERS, resource: 'configmaps' })));
    await synced(h, 'configmaps');
    sim.clusters.forEach((c, i) => c.registry.create(R.configmaps, { metadata: { name: `fan-${i}`, namespace: 'app' } }));
    await waitFor(() => subs.every((s) => s.got.length === 3), 'three changes for each subscriber');
    for (const s of subs) expect(summary(s.got).sort()).toEqual(['ADDED hub-1 fan-0', 'ADDED hub-2 fan-1', 'ADDED hub-3 fan-2']);
    for (const c of sim.clusters) {
      expect(c.requests.count({ verb: 'watch', resource: 'configmaps' }), c.name).toBe(1);
      expect(c.openWatchCount, c.name).toBe(1);
    }
    expect(h.upstreamWatches).toBe(3);
    await Promise.all(subs.map((s) => s.stop()));
  });

  test('filters run before delivery, and the cursor still moves past what they drop', async () => {
    const h = newHub();
    const only2 = collect(h.resourceChanges({ clusters: CLUSTERS, resource: 'configmaps', filter: (e) => e.cluster === 'hub-2' }));
    await synced(h, 'configmaps');
    sim.clusters.forEach((c) => c.registry.create(R.configmaps, { metadata: { name: 'filtered', namespace: 'app' } }));
    await waitFor(() => only2.got.length === 1, 'the one matching change');
    expect(summary(only2.got)).toEqual(['ADDED hub-2 filtered']);
    await only2.stop();
  });

  test('a watch cut by the cluster resumes without losing or repeating a change', async () => {
    // The simulator reads the fault when a watch starts: set it first.
    await sim.clusters[0]!.setFaults({ watchCutAfterEvents: 2 });
    const h = newHub();
    const sub = collect(h.resourceChanges({ clusters: ['hub-1'], resource: 'configmaps' }));
    await synced(h, 'configmaps', ['hub-1']);
    sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'cut', namespace: 'app' }, data: { v: '0' } });
    const expected = ['ADDED hub-1 cut 0'];
    for (let v = 1; v <= 7; v++) {
      await waitFor(() => sub.got.length === expected.length, `change ${expected.length}`);
      setData(0, 'cut', String(v));
      expected.push(`MODIFIED hub-1 cut ${v}`);
    }
    await waitFor(() => sub.got.length === expected.length, 'all changes');
    expect(summary(sub.got)).toEqual(expected);
    expect(h.watch('hub-1', 'configmaps')!.stats.watches).toBeGreaterThan(2);
    await sub.stop();
  });

  test('compaction while the cluster is away: the relist after 410 delivers the differences', async () => {
    const h = newHub();
    const reg = sim.clusters[1]!.registry;
    for (const n of ['stay', 'edit', 'drop']) reg.create(R.configmaps, { metadata: { name: `gone-${n}`, namespace: 'app' }, data: { v: '1' } });
    const sub = collect(h.resourceChanges({ clusters: ['hub-2'], resource: 'configmaps' }));
    await synced(h, 'configmaps', ['hub-2']);
    await sim.clusters[1]!.setFaults({ down: true });
    setData(1, 'gone-edit', '2');
    reg.delete(R.configmaps, 'app', 'gone-drop');
    reg.create(R.configmaps, { metadata: { name: 'gone-new', namespace: 'app' }, data: { v: '1' } });
    sim.clusters[1]!.compact();
    await waitFor(() => h.watch('hub-2', 'configmaps')!.stats.errors > 0, 'a failed reconnect');
    await sim.clusters[1]!.setFaults({ down: false });
    await waitFor(() => sub.got.length === 3, 'three differences');
    expect(summary(sub.got).sort()).toEqual(['ADDED hub-2 gone-new 1', 'DELETED hub-2 gone-drop 1', 'MODIFIED hub-2 gone-edit 2']);
    expect(h.watch('hub-2', 'configmaps')!.stats.relists).toBe(1);
    await sub.stop();
  });

  test('a subscriber that comes back with its last cursor receives exactly what it missed', async () => {
    const h = newHub();
    const first = collect(h.resourceChanges({ clusters: CLUSTERS, resource: 'configmaps' }));
    await synced(h, 'configmaps');
    sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'resume-a', namespace: 'app' } });
    await waitFor(() => first.got.length === 1, 'the first change');
    const cursor = first.got[0]!.cursor;
    await first.stop();
    // Away: the streams keep running within their grace period.
    sim.clusters[1]!.registry.create(R.configmaps, { metadata: { name: 'resume-b', namespace: 'app' } });
    sim.clusters[2]!.registry.create(R.configmaps, { metadata: { name: 'resume-c', namespace: 'app' } });
    sim.clusters[0]!.registry.delete(R.configmaps, 'app', 'resume-a');
    await waitFor(() => ['hub-1', 'hub-2', 'hub-3'].every((c) => h.watch(c, 'configmaps')!.objects.size > 0) && h.watch('hub-1', 'configmaps')!.objects.get('app/resume-a') === undefined
      && h.watch('hub-3', 'configmaps')!.objects.has('app/resume-c'), 'the hub has seen the changes');
    const back = collect(h.resourceChanges({ clusters: CLUSTERS, resource: 'configmaps', after: cursor }));
    await waitFor(() => back.got.length === 3, 'the three missed changes');
    expect(summary(back.got).sort()).toEqual(['ADDED hub-2 resume-b', 'ADDED hub-3 resume-c', 'DELETED hub-1 resume-a']);
    // And then live, with nothing repeated.
    sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'resume-d', namespace: 'app' } });
    await waitFor(() => back.got.length === 4, 'the live change');
    expect(summary(back.got)[3]).toBe('ADDED hub-1 resume-d');
    await back.stop();
  });

  test('a cursor older than the log holds gets an explicit gap, then the oldest changes held', async () => {
    const h = newHub({ logCapacity: 3 });
    const first = collect(h.resourceChanges({ clusters: ['hub-3'], resource: 'configmaps' }));
    await synced(h, 'configmaps', ['hub-3']);
    sim.clusters[2]!.registry.create(R.configmaps, { metadata: { name: 'old', namespace: 'app' }, data: { v: '0' } });
    await waitFor(() => first.got.length === 1, 'the first change');
    const cursor = first.got[0]!.cursor;
    await first.stop();
    for (let v = 1; v <= 5; v++) setData(2, 'old', String(v));
    await waitFor(() => h.watch('hub-3', 'configmaps')!.objects.get('app/old')?.['data'] !== undefined
      && (h.watch('hub-3', 'configmaps')!.objects.get('app/old')!['data'] as Record<string, string>)['v'] === '5', 'the hub has seen v=5');
    const back = collect(h.resourceChanges({ clusters: ['hub-3'], resource: 'configmaps', after: cursor }));
    await waitFor(() => back.got.length === 4, 'gap and three changes');
    expect(summary(back.got)).toEqual(['GAP hub-3 2', 'MODIFIED hub-3 old 3', 'MODIFIED hub-3 old 4', 'MODIFIED hub-3 old 5']);
    // The gap's cursor stands after the gap: resuming from it does not repeat the gap.
    const again = collect(h.resourceChanges({ clusters: ['hub-3'], resource: 'configmaps', after: back.got[0]!.cursor }));
    await waitFor(() => again.got.length === 3, 'three changes');
    expect(again.got.every((d) => !d.gap)).toBe(true);
    await Promise.all([back.stop(), again.stop()]);
  });

  test('cursors that are not ours, or from other streams, are CursorErrors at subscription time', async () => {
    const h = newHub();
    expect(() => h.resourceChanges({ clusters: CLUSTERS, resource: 'configmaps', after: 'garbage!' })).toThrow(CursorError);
    const sub = collect(h.resourceChanges({ clusters: ['hub-1'], resource: 'configmaps' }));
    await synced(h, 'configmaps', ['hub-1']);
    sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'other', namespace: 'app' } });
    await waitFor(() => sub.got.length === 1, 'one change');
    await sub.stop();
    expect(() => h.resourceChanges({ clusters: ['hub-2'], resource: 'configmaps', after: sub.got[0]!.cursor })).toThrow(/other streams/);
    expect(() => h.resourceChanges({ clusters: ['hub-1'], resource: 'events', after: sub.got[0]!.cursor })).toThrow(/other streams/);
  });

  test('a stream outlives its last subscriber by the grace period, then stops upstream', async () => {
    const watchRequests = () => sim.clusters[0]!.requests.count({ verb: 'watch', resource: 'events' });
    const earlier = watchRequests();
    const h = newHub({ graceMs: 60_000 });
    const a = collect(h.resourceChanges({ clusters: ['hub-1'], resource: 'events' }));
    await synced(h, 'events', ['hub-1']);
    // The simulator logs a watch once its stream is open, a moment after the list that syncs.
    await waitFor(() => watchRequests() > earlier, 'the watch is open');
    const watchesBefore = watchRequests();
    await a.stop();
    await new Promise((r) => setTimeout(r, 50));
    // Back within the grace period: the same upstream watch serves it.
    expect(h.upstreamWatches).toBe(1);
    const b = collect(h.resourceChanges({ clusters: ['hub-1'], resource: 'events' }));
    await b.stop();
    expect(watchRequests()).toBe(watchesBefore);
    await h.stop();

    const short = newHub({ graceMs: 50 });
    const c = collect(short.resourceChanges({ clusters: ['hub-1'], resource: 'events' }));
    await synced(short, 'events', ['hub-1']);
    await c.stop();
    await waitFor(() => short.upstreamWatches === 0, 'the stream stopped after its grace period');
    await waitFor(() => sim.clusters[0]!.openWatchCount === 0, 'the upstream watch closed');
  });

  test('a stopped hub starts nothing more: a cached read still in flight gets an unsynced store (read live), not a watch nobody stops', async () => {
    const h = newHub();
    await h.stop();
    const store = h.hold('hub-2', 'nodes');
    expect(store.synced).toBe(false);
    await store.whenSynced();
    expect(h.upstreamWatches).toBe(0);
    expect(h.users('hub-2', 'nodes')).toBe(0);
  });

  test('cluster reachability is a stream: reachable, then unreachable when it goes down, recovered when it is back', async () => {
    const h = newHub({ statusIntervalMs: 50 });
    const sub = collect(h.clusterStatus({ clusters: ['hub-1', 'hub-2'] }));
    const states = () => sub.got.map((d) => d.value as ClusterStatusEntry).map((e) => `${e.cluster} ${e.state}`);
    await waitFor(() => sub.got.length === 2, 'first states');
    expect(states().sort()).toEqual(['hub-1 REACHABLE', 'hub-2 REACHABLE']);
    await sim.clusters[1]!.setFaults({ down: true });
    await waitFor(() => sub.got.length === 3, 'down');
    expect(states()[2]).toBe('hub-2 UNREACHABLE');
    expect((sub.got[2]!.value as ClusterStatusEntry).error?.code).toBe('CLUSTER_UNREACHABLE');
    await sim.clusters[1]!.setFaults({ down: false });
    await waitFor(() => sub.got.length === 4, 'up');
    expect(states()[3]).toBe('hub-2 RECOVERED');
    await sub.stop();
  });
});
