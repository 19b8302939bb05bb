/**
 * Redis is a dependency that fails: two gateways share it, a subscription runs on each, and
 * Redis is stopped, then started again (empty, as a restarted Redis without persistence is).
 * Meanwhile queries are still answered live, /readyz says Redis is down (still 200: reads work),
 * each subscriber is told (an UNAVAILABLE error delivery, the subscription stays open), and when
 * Redis is back the replicas recover without a restart: a subscriber gets a gap for what could
 * not be kept, then live changes again.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { postGraphql } from '../../support/gateway.ts';
import { subscribe, waitFor, wsClients } from '../../support/liveHelpers.ts';
import { CHANGES, line, live, readyz, setData, startReplicaFleet, type ChangesData, type ErrorJson, type ReplicaFleet } from './replicaFleet.ts';

let env: ReplicaFleet;
const ws = [0, 1].map((i) => wsClients(() => env.gateways[i]!.url.replace(/^http/, 'ws')));

beforeAll(async () => {
  env = await startReplicaFleet({ replicas: 2, clusters: 1, prefix: 'out', cache: true });
});

afterAll(async () => {
  await Promise.all(ws.map((w) => w.disposeAll()));
  await env?.stop();
});

test('Redis stopped and started while subscriptions run: reads go on, subscribers are told, and everything recovers without a restart', async () => {
  const subs = [0, 1].map((i) => subscribe<ChangesData, ErrorJson>(ws[i]!.newClient(), CHANGES));
  await waitFor(() => env.gateways.every((g) => g.live!.users('out-1', 'configmaps') === 1), 'subscribers set up');
  await live(env.sim, subs, 'before');
  expect((await readyz(env, 0)).body.redis).toBe('up');
  // Replica 2 caches ConfigMaps: its mirror of the shared stream is synced.
  const mirror = () => env.gateways[1]!.live!.store('out-1', 'configmaps');
  await postGraphql(env.gateways[1]!.url, '{ configMaps(namespace: "app") { name } }');
  await waitFor(() => mirror()?.synced === true, 'the mirror is synced');
  const lists = () => env.sim.clusters[0]!.requests.count({ verb: 'list', resource: 'configmaps' });

  await env.redis.stop();
  await waitFor(async () => (await readyz(env, 0)).body.redis === 'down' && (await readyz(env, 1)).body.redis === 'down', '/readyz says redis is down');
  expect((await readyz(env, 0)).status).toBe(200);
  await waitFor(() => subs.every((s) => s.errors.some((e) => e.extensions?.code === 'UNAVAILABLE')), 'each subscriber is told');
  expect(subs[0]!.errors[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', cluster: 'out-1' } });
  expect(subs[0]!.errors[0]!.message).toMatch(/shared event log \(Redis\) is unreachable/);
  // A subscription started now is refused, saying why (where it would start cannot be known).
  const late = subscribe<ChangesData, ErrorJson>(ws[1]!.newClient(), CHANGES);
  await waitFor(() => late.errors.length > 0, 'the late subscriber is refused');
  expect(late.errors[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', cluster: 'out-1' } });
  expect(late.got).toEqual([]);
  // Reads do not need Redis: the mirror no longer counts as synced, so they go live (a LIST).
  expect(mirror()?.synced).toBe(false);
  setData(env.sim, 0, 'during', 'x');
  const listsBefore = lists();
  const read = await postGraphql<{ configMaps: Array<{ name: string }> }>(env.gateways[1]!.url, '{ configMaps(namespace: "app") { name } }');
  expect(read.errors).toBeUndefined();
  expect(read.data!.configMaps.map((c) => c.name)).toContain('during');
  expect(lists()).toBe(listsBefore + 1);

  await env.redis.start();
  await waitFor(async () => (await readyz(env, 0)).body.redis === 'up' && (await readyz(env, 1)).body.redis === 'up', '/readyz says redis is up again', 30_000);
  // The restarted Redis is empty: what it held is gone, and each subscriber is told so with a gap.
  await live(env.sim, subs, 'after');
  for (const s of subs) {
    const lines = s.got.map(line);
    const gap = lines.indexOf('GAP out-1 null');
    expect(gap).toBeGreaterThan(lines.findIndex((l) => l.includes(' before')));
    expect(gap).toBeLessThan(lines.findIndex((l) => l.includes(' after')));
    expect(lines.filter((l) => l.startsWith('GAP'))).toHaveLength(1);
  }
  // The mirror follows the new stream: cached again, and current.
  await waitFor(() => mirror()?.synced === true, 'the mirror is synced again');
  const listsAfter = lists();
  setData(env.sim, 0, 'cached', 'y');
  await waitFor(async () => {
    const r = await postGraphql<{ configMaps: Array<{ name: string }> }>(env.gateways[1]!.url, '{ configMaps(namespace: "app") { name } }');
    return r.data?.configMaps.some((c) => c.name === 'cached') === true;
  }, 'the cached read shows a change made after Redis came back');
  expect(lists()).toBe(listsAfter);
}, 60_000);
