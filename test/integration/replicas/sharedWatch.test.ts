/**
 * Three gateways sharing one Redis in front of one simulated fleet, with real graphql-ws
 * clients: one upstream watch per (cluster, resource) across all of them however many
 * subscribers each has, a change reaching the subscribers of every replica, and a subscriber
 * moving to another replica with its cursor missing nothing and getting nothing twice.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { R } from '../../../src/sim/resources.ts';
import { subscribe, waitFor, wsClients, type Sub } from '../../support/liveHelpers.ts';
import { CHANGES, line, setData, startReplicaFleet, warm, type ChangesData, type ReplicaFleet } from './replicaFleet.ts';

let env: ReplicaFleet;
const clientsOf: Array<ReturnType<typeof wsClients>> = [];

beforeAll(async () => {
  env = await startReplicaFleet({ replicas: 3, clusters: 2, prefix: 'rep' });
  for (const g of env.gateways) clientsOf.push(wsClients(() => g.url.replace(/^http/, 'ws')));
});

afterAll(async () => {
  await Promise.all(clientsOf.map((c) => c.disposeAll()));
  await env?.stop();
});

const clusters = () => env.sim.clusters.map((c) => c.name);
/** Replicas running the list+watch of (cluster, configmaps) now. */
const owners = (cluster: string) => env.gateways.filter((g) => g.live?.watch(cluster, 'configmaps') !== undefined);
const watchRequests = (cluster: number) => env.sim.clusters[cluster]!.requests.count({ verb: 'watch', resource: 'configmaps' });

/** Every stream has one synced owner, and every gateway has `users[i]` subscribers of each stream. */
async function settled(users: number[]): Promise<void> {
  await waitFor(() => clusters().every((c) => {
    const o = owners(c);
    return o.length === 1 && o[0]!.live!.watch(c, 'configmaps')!.synced
      && env.gateways.every((g, i) => g.live!.users(c, 'configmaps') === users[i]);
  }), `one synced owner per stream, subscribers ${users.join('/')}`);
}

describe('replicas sharing watches through Redis', () => {
  test('one upstream watch per (cluster, resource) across three replicas; every change reaches the subscribers of every replica', async () => {
    const subs: Array<Sub<ChangesData>> = [];
    // 2, 3 and 4 subscribers on the three replicas, over several connections each.
    env.gateways.forEach((_, i) => {
      for (let n = 0; n < i + 2; n++) subs.push(subscribe<ChangesData>(clientsOf[i]!.newClient(), CHANGES));
    });
    await settled([2, 3, 4]);
    await warm(env.sim, subs, '1');
    for (let i = 0; i < 5; i++) setData(env.sim, i % 2, `cm-${i}`, `v${i}`);
    await waitFor(() => subs.every((s) => s.got.filter((d) => line(d).includes(' cm-')).length === 5), 'five changes at every subscriber');
    for (const s of subs) {
      expect(s.errors).toEqual([]);
      expect(s.got.map(line).filter((l) => l.includes(' cm-')).sort()).toEqual(
        ['ADDED rep-1 cm-0 v0', 'ADDED rep-1 cm-2 v2', 'ADDED rep-1 cm-4 v4', 'ADDED rep-2 cm-1 v1', 'ADDED rep-2 cm-3 v3']);
    }
    // The whole fleet saw one watch of ConfigMaps per cluster (and one LIST), whatever the replicas and subscribers.
    expect([watchRequests(0), watchRequests(1)]).toEqual([1, 1]);
    for (let i = 0; i < 2; i++) expect(env.sim.clusters[i]!.requests.count({ verb: 'list', resource: 'configmaps' })).toBe(1);
    expect(env.gateways.reduce((n, g) => n + g.live!.upstreamWatches, 0)).toBe(2);
    for (const s of subs) s.stop();
  });

  test('a subscriber moves to another replica with its cursor: it gets what it missed, once, then live changes', async () => {
    const first = subscribe<ChangesData>(clientsOf[0]!.newClient(), CHANGES);
    const witness = subscribe<ChangesData>(clientsOf[2]!.newClient(), CHANGES);
    await waitFor(() => env.gateways[0]!.live!.users('rep-1', 'configmaps') === 1 && env.gateways[2]!.live!.users('rep-1', 'configmaps') === 1, 'subscribers set up');
    await warm(env.sim, [first, witness], '2');
    setData(env.sim, 0, 'moved', 'a');
    setData(env.sim, 1, 'moved', 'b');
    await waitFor(() => first.got.filter((d) => line(d).includes(' moved ')).length === 2, 'the first two changes on replica 1');
    const cursor = first.got.at(-1)!.resourceChanges.cursor;
    first.stop();
    // While it is away: three changes, of both clusters.
    setData(env.sim, 0, 'moved', 'c');
    setData(env.sim, 1, 'moved', 'd');
    setData(env.sim, 0, 'gone', 'e');
    await waitFor(() => witness.got.filter((d) => / (moved|gone) /.test(line(d))).length === 5, 'the witness has all five');
    const second = subscribe<ChangesData>(clientsOf[1]!.newClient(), CHANGES, { after: cursor });
    await waitFor(() => second.got.length === 3, 'the three missed changes on replica 2');
    setData(env.sim, 1, 'moved', 'f');
    await waitFor(() => second.got.length === 4, 'then a live one');
    expect(second.errors).toEqual([]);
    // Each cluster's changes in its order (the streams of two clusters are not ordered between them).
    const lines = second.got.map(line);
    expect(lines.filter((l) => l.includes('rep-1'))).toEqual(['MODIFIED rep-1 moved c', 'ADDED rep-1 gone e']);
    expect(lines.filter((l) => l.includes('rep-2'))).toEqual(['MODIFIED rep-2 moved d', 'MODIFIED rep-2 moved f']);
    expect(lines.at(-1)).toBe('MODIFIED rep-2 moved f');
    second.stop();
    witness.stop();
  });

  test('a cursor from another replica is answered in the same stream positions (cursors are the shared log\'s)', async () => {
    const a = subscribe<ChangesData>(clientsOf[0]!.newClient(), CHANGES);
    const b = subscribe<ChangesData>(clientsOf[1]!.newClient(), CHANGES);
    await waitFor(() => env.gateways[0]!.live!.users('rep-2', 'configmaps') >= 1 && env.gateways[1]!.live!.users('rep-2', 'configmaps') >= 1, 'subscribers set up');
    await warm(env.sim, [a, b], '3');
    setData(env.sim, 1, 'same', 'x');
    await waitFor(() => a.got.some((d) => line(d).includes(' same ')) && b.got.some((d) => line(d).includes(' same ')), 'both have it');
    const at = (s: Sub<ChangesData>) => s.got.find((d) => line(d).includes(' same '))!.resourceChanges.cursor;
    expect(at(a)).toBe(at(b));
    a.stop();
    b.stop();
  });

  test('a cluster refusing the watch is told to the subscribers of every replica, not only the owner\'s, and cleared when it allows it', async () => {
    await env.sim.clusters[1]!.setFaults({ forbidden: true });
    const SECRETS = 'subscription { resourceChanges(kind: "Secret", namespace: "app") { type cluster name } }';
    const subs = env.gateways.map((_, i) => subscribe<{ resourceChanges: { type: string; cluster: string; name: string } }, { extensions?: { code?: string; cluster?: string } }>(clientsOf[i]!.newClient(), SECRETS));
    await waitFor(() => subs.every((s) => s.errors.length > 0), 'every replica\'s subscriber is told');
    for (const s of subs) expect(s.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', cluster: 'rep-2' }) })]);
    await env.sim.clusters[1]!.setFaults({ forbidden: false });
    await waitFor(() => owners('rep-2').length === 1 && env.gateways.some((g) => g.live!.watch('rep-2', 'secrets')?.synced === true && g.live!.watch('rep-2', 'secrets')?.failing === undefined), 'the stream works again');
    const redis = env.redis.client();
    await waitFor(async () => (await redis.exists('fleetgraph:stream:w:secrets:*:rep-2:problem')) === 0, 'the failure is cleared');
    env.sim.clusters[1]!.registry.create(R.secrets, { metadata: { name: 'allowed', namespace: 'app' }, data: { k: 'dg==' } });
    await waitFor(() => subs.every((s) => s.got.length === 1), 'the change at every replica');
    for (const s of subs) expect(s.got[0]!.resourceChanges).toEqual({ type: 'ADDED', cluster: 'rep-2', name: 'allowed' });
    for (const s of subs) s.stop();
  });

  test('the owner stops cleanly: it gives its leases back, another replica takes over, and a subscriber elsewhere misses nothing', async () => {
    const owner = owners('rep-1')[0]!;
    const other = env.gateways.findIndex((g) => g !== owner);
    const sub = subscribe<ChangesData>(clientsOf[other]!.newClient(), CHANGES);
    await warm(env.sim, [sub], '4');
    const watchesBefore = watchRequests(0);
    const stopping = owner.stop();
    for (let i = 0; i < 5; i++) setData(env.sim, 0, `handoff-${i}`, String(i));
    await stopping;
    env.gateways.splice(env.gateways.indexOf(owner), 1);
    await waitFor(() => owners('rep-1').length === 1, 'another replica owns the stream');
    setData(env.sim, 0, 'handoff-5', '5');
    await waitFor(() => sub.got.filter((d) => line(d).includes(' handoff-')).length >= 6, 'every change');
    expect(sub.got.map(line).filter((l) => l.includes(' handoff-'))).toEqual(Array.from({ length: 6 }, (_, i) => `ADDED rep-1 handoff-${i} ${i}`));
    expect(sub.got.map(line).filter((l) => l.startsWith('GAP'))).toEqual([]);
    expect(watchRequests(0)).toBe(watchesBefore + 1);
    sub.stop();
  });
});

