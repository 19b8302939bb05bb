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
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { subscribe, waitFor, type Sub } from '../../support/liveHelpers.ts';
import { CHANGES, line, setData, startReplicaFleet, type ChangesData, type ReplicaFleet } from './replicaFleet.ts';

let env: ReplicaFleet;
let pid: number | undefined;
let paused = false;
const clients: Client[] = [];

beforeAll(async () => {
  // A command unanswered for 1.5 s counts as Redis gone (the default is 10 s).
  env = await startReplicaFleet({ replicas: 2, clusters: 1, prefix: 'hung', replicaOptions: { commandTimeoutMs: 1500 } });
  const admin = env.redis.client();
  pid = Number(/process_id:(\d+)/.exec(await admin.info('server'))![1]);
});

afterAll(async () => {
  if (paused && pid) process.kill(pid, 'SIGCONT');
  await Promise.all(clients.map((c) => c.dispose()));
  await env?.stop();
});

const readyz = async (i: number) => {
  const res = await fetch(env.gateways[i]!.url.replace(/\/graphql$/, '/readyz'));
  return (await res.json()) as { status: string; redis?: string };
};
const client = (i: number) => {
  const c = createClient({ url: env.gateways[i]!.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  clients.push(c);
  return c;
};

interface ErrorJson { message: string; extensions?: { code?: string; cluster?: string } }

test('Redis paused (connections open, nothing answered): subscribers are told, the owner stops watching, and all recovers with nothing lost', async () => {
  const subs = [0, 1].map((i) => subscribe<ChangesData, ErrorJson>(client(i), CHANGES));
  await waitFor(() => env.gateways.every((g) => g.live!.users('hung-1', 'configmaps') === 1), 'subscribers set up');
  await live(subs, 'before');
  const watching = () => env.gateways.reduce((n, g) => n + g.live!.upstreamWatches, 0);
  expect(watching()).toBe(1);

  process.kill(pid!, 'SIGSTOP');
  paused = true;
  await waitFor(() => subs.every((s) => s.errors.some((e) => e.extensions?.code === 'UNAVAILABLE')), 'each subscriber is told');
  expect(subs[0]!.errors[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE', cluster: 'hung-1' } });
  await waitFor(async () => (await readyz(0)).redis === 'down' && (await readyz(1)).redis === 'down', '/readyz says redis is down');
  await waitFor(() => watching() === 0, 'the owner stops its upstream watch');
  setData(env.sim, 0, 'during', 'x');

  process.kill(pid!, 'SIGCONT');
  paused = false;
  await waitFor(async () => (await readyz(0)).redis === 'up' && (await readyz(1)).redis === 'up', '/readyz says redis is up again', 30_000);
  await live(subs, 'after');
  for (const s of subs) {
    const lines = s.got.map(line);
    // Redis kept its data: no gap, and the change made while it was paused comes from the next owner's relist, once.
    expect(lines.filter((l) => l.startsWith('GAP'))).toEqual([]);
    expect(lines.filter((l) => l.includes(' during '))).toEqual(['ADDED hung-1 during x']);
  }
  expect(watching()).toBe(1);
}, 90_000);

/** Makes changes to ConfigMap `name` until every subscriber has one: they are reading live. */
async function live(subs: Array<Sub<ChangesData, ErrorJson>>, name: string): Promise<void> {
  for (let i = 0; i < 300 && !subs.every((s) => s.got.some((d) => line(d).includes(` ${name} `))); i++) {
    setData(env.sim, 0, name, String(i));
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(subs.every((s) => s.got.some((d) => line(d).includes(` ${name} `)))).toBe(true);
}
