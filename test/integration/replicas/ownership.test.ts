/**
 * Ownership follows the subscribers: a replica takes part in a stream only while it has users of
 * it. When the owner's last subscriber leaves, the owner gives the stream up after its grace
 * period (its lease released, its upstream watch stopped), a replica that still has subscribers
 * takes it over, and its subscriber misses nothing across the hand-over.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { subscribe, waitFor, wsClients, type Sub } from '../../support/liveHelpers.ts';
import { CHANGES, line, setData, startReplicaFleet, warm, type ChangesData, type ReplicaFleet } from './replicaFleet.ts';

let env: ReplicaFleet;
const clientsOf: Array<ReturnType<typeof wsClients>> = [];

beforeAll(async () => {
  env = await startReplicaFleet({ replicas: 2, clusters: 1, prefix: 'own', graceMs: 300, replicaOptions: { leaseTtlMs: 5000 } });
  for (const g of env.gateways) clientsOf.push(wsClients(() => g.url.replace(/^http/, 'ws')));
});

afterAll(async () => {
  await Promise.all(clientsOf.map((c) => c.disposeAll()));
  await env?.stop();
});

const watching = (i: number) => env.gateways[i]!.live!.watch('own-1', 'configmaps') !== undefined;

test('the owner\'s last subscriber leaves: after the grace period it gives the stream up, and a replica with subscribers takes it over, missing nothing', async () => {
  // Leases of 5 s: a loaded machine's stall cannot expire one; the hand-over here is a release.
  // Only replica 1 has a subscriber at first: it alone takes part, so it owns the stream.
  const first = subscribe<ChangesData>(clientsOf[0]!.newClient(), CHANGES);
  await waitFor(() => watching(0), 'replica 1 owns the stream');
  expect(watching(1)).toBe(false);
  const second = subscribe<ChangesData>(clientsOf[1]!.newClient(), CHANGES);
  await waitFor(() => env.gateways[1]!.live!.users('own-1', 'configmaps') === 1, 'replica 2 has a subscriber');
  await warm(env.sim, [first, second], '1');
  expect(watching(0) && !watching(1)).toBe(true);

  first.stop();
  await waitFor(() => env.gateways[0]!.live!.users('own-1', 'configmaps') === 0 && !watching(0), 'replica 1 gives the stream up after its grace period');
  for (let i = 0; i < 3; i++) setData(env.sim, 0, `handover-${i}`, String(i));
  await waitFor(() => watching(1), 'replica 2 takes it over');
  setData(env.sim, 0, 'handover-3', '3');
  await waitFor(() => second.got.filter((d) => line(d).includes(' handover-')).length >= 4, 'every change at replica 2');
  expect(second.got.map(line).filter((l) => l.includes(' handover-')).sort()).toEqual(Array.from({ length: 4 }, (_, i) => `ADDED own-1 handover-${i} ${i}`));
  expect(second.got.map(line).filter((l) => l.startsWith('GAP'))).toEqual([]);
  expect(second.errors).toEqual([]);
  // One watch at a time: the first owner's, then the second's.
  expect(env.sim.clusters[0]!.requests.count({ verb: 'watch', resource: 'configmaps' })).toBe(2);
  second.stop();
});
