/**
 * The read cache (`--cache`) on replicas sharing Redis: each replica's cached reads come from its
 * mirror of the shared stream, so three replicas caching ConfigMaps cost each cluster one watch
 * (and, once synced, no LIST per read); a change made in a cluster shows in cached reads on every
 * replica, and a deletion too.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { R } from '../../../src/sim/resources.ts';
import { postGraphql } from '../../support/gateway.ts';
import { waitFor } from '../../support/liveHelpers.ts';
import { setData, startReplicaFleet, type ReplicaFleet } from './replicaFleet.ts';

let env: ReplicaFleet;

beforeAll(async () => {
  env = await startReplicaFleet({ replicas: 3, clusters: 2, prefix: 'cch', cache: true });
  setData(env.sim, 0, 'first', '1');
  setData(env.sim, 1, 'second', '2');
});

afterAll(async () => {
  await env?.stop();
});

const QUERY = '{ configMaps(namespace: "app") { name cluster { name } data } }';
const names = async (i: number) => {
  const r = await postGraphql<{ configMaps: Array<{ name: string; cluster: { name: string }; data: Record<string, string> | null }> }>(env.gateways[i]!.url, QUERY);
  expect(r.errors).toBeUndefined();
  return r.data!.configMaps.map((c) => `${c.cluster.name}/${c.name}=${c.data?.['v'] ?? ''}`).sort();
};
const lists = () => env.sim.clusters.reduce((n, c) => n + c.requests.count({ verb: 'list', resource: 'configmaps' }), 0);
const watches = () => env.sim.clusters.map((c) => c.requests.count({ verb: 'watch', resource: 'configmaps' }));

test('three caching replicas: one watch per cluster, cached reads on every replica, changes seen everywhere', async () => {
  for (const i of [0, 1, 2]) expect(await names(i)).toEqual(['cch-1/first=1', 'cch-2/second=2']);
  await waitFor(() => env.gateways.every((g) => env.sim.clusters.every((c) => g.live!.store(c.name, 'configmaps')?.synced === true)), 'every replica\'s mirror synced');
  const before = lists();
  for (const i of [0, 1, 2]) expect(await names(i)).toEqual(['cch-1/first=1', 'cch-2/second=2']);
  // Served from the mirrors: no LIST, and still one watch per cluster across the replicas.
  expect(lists()).toBe(before);
  expect(watches()).toEqual([1, 1]);

  setData(env.sim, 0, 'first', 'changed');
  env.sim.clusters[1]!.registry.delete(R.configmaps, 'app', 'second');
  setData(env.sim, 1, 'third', '3');
  for (const i of [0, 1, 2]) {
    await waitFor(async () => (await names(i)).join() === 'cch-1/first=changed,cch-2/third=3', `replica ${i + 1} sees the changes`);
  }
  expect(lists()).toBe(before);
  expect(watches()).toEqual([1, 1]);
});
