/**
 * Redis that stops answering without closing its connections (a paused process, a network path
 * that drops packets, a managed Redis failing over): nothing tells the client the connection is
 * gone, so only a command left unanswered can. Two gateways share a Redis that is paused
 * (SIGSTOP) while a subscription runs on each: each subscriber must be told (UNAVAILABLE, not
 * silence), /readyz must say so, and the owner must stop its upstream watch (it can no longer
 * prove it owns the stream, and nothing it sees could be appended). When Redis goes on (SIGCONT,
 * its data kept), the replicas recover without a restart and every subscriber gets the change
 * made meanwhile exactly once, with no gap.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { subscribe, waitFor, wsClients } from '../../support/liveHelpers.ts';
import { CHANGES, line, live, readyz, setData, startReplicaFleet, type ChangesData, type ErrorJson, type ReplicaFleet } from './replicaFleet.ts';

let env: ReplicaFleet;
let pid: number | undefined;
let paused = false;
const ws = [0, 1].map((i) => wsClients(() => env.gateways[i]!.url.replace(/^http/, 'ws')));

beforeAll(async () => {
  // A command unanswered for 1.5 s counts as Redis gone (the default is 10 s).
  env = await startReplicaFleet({ replicas: 2, clusters: 1, prefix: 'hung', replicaOptions: { commandTimeoutMs: 1500 } });
  const admin = env.redis.client();
  pid = Number(/process_id:(\d+)/.exec(await admin.info('server'))![1]);
});

afterAll(async () => {
  if (paused && pid) process.kill(pid, 'SIGCONT');
  await Promise.all(ws.map((w) => w.disposeAll()));
  await env?.stop();
});

test('Redis paused (connections open, nothing answered): subscribers are told, the owner stops watching, and all recovers with nothing lost', async () => {
  const subs = [0, 1].map((i) => subscribe<ChangesData, ErrorJson>(ws[i]!.newClient(), CHANGES));
  await waitFor(() => env.gateways.every((g) => g.live!.users('hung-1', 'configmaps') === 1), 'subscribers set up');
  await live(env.sim, subs, 'before');
  const watching = () => env.gateways.reduce((n, g) => n + g.live!.upstreamWatches, 0);
  expect(watching()).toBe(1);

  process.kill(pid!, 'SIGSTOP');
  paused = true;
  await waitFor(() => subs.every((s) => s.errors.some((e) => e.extensions?.code === 'UNAVAILABLE')), 'each subscriber is told');
  expect(subs[0]!.errors[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', cluster: 'hung-1' } });
  await waitFor(async () => (await readyz(env, 0)).body.redis === 'down' && (await readyz(env, 1)).body.redis === 'down', '/readyz says redis is down');
  await waitFor(() => watching() === 0, 'the owner stops its upstream watch');
  setData(env.sim, 0, 'during', 'x');

  process.kill(pid!, 'SIGCONT');
  paused = false;
  await waitFor(async () => (await readyz(env, 0)).body.redis === 'up' && (await readyz(env, 1)).body.redis === 'up', '/readyz says redis is up again', 30_000);
  await live(env.sim, subs, 'after');
  for (const s of subs) {
    const lines = s.got.map(line);
    // Redis kept its data: no gap, and the change made while it was paused comes from the next owner's relist, once.
    expect(lines.filter((l) => l.startsWith('GAP'))).toEqual([]);
    expect(lines.filter((l) => l.includes(' during '))).toEqual(['ADDED hung-1 during x']);
  }
  expect(watching()).toBe(1);
}, 90_000);
