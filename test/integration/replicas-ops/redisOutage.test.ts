/**
 * Rollout operations while the Redis they are kept in is away, through real clients (fetch and
 * graphql-ws) against two gateways over one simulated fleet: one connected as `--redis URL` does
 * (the replicas' connection), one given an ioredis client with its defaults (which would queue
 * commands while disconnected). With Redis stopped, starting a rollout, `operation(id)`,
 * `operations`, `cancelOperation` and the `operation` subscription answer UNAVAILABLE (never
 * INTERNAL_SERVER_ERROR, never a hang), no cluster sees a write, and other reads go on (rate
 * limits fall back to local buckets). Redis started again: everything works without a restart.
 * Redis paused (SIGSTOP) while a rollout starts: the caller is told UNAVAILABLE, and when Redis
 * wakes up and runs the queued start after all, the operation is ended FAILED, never run.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ManualClock } from '../../../src/sim/index.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { realTimer } from '../../../src/ops/rolloutRunner.ts';
import { postGraphql, startFleetGateway, type FleetGateway, type GraphqlAnswer } from '../../support/gateway.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { deployment as deploymentObject, manifests } from '../../support/manifests.ts';

const clock = new ManualClock();
const timer = { now: () => clock.now(), sleep: (ms: number, signal: AbortSignal) => realTimer.sleep(Math.min(ms, 20), signal) };
const ROLLOUT = { pollIntervalMs: 10, leaseTtlMs: 10_000, resumeIntervalMs: 50, timer };
let redis: RedisServer;
let fg: FleetGateway; // connected as `--redis URL` connects
let given: Gateway; // given an ioredis client with its default settings
const sockets: Client[] = [];
/** The rollout running when Redis stops, and what its watcher on the other gateway received. */
const across: { id: string; watched?: ReturnType<typeof subscribeOnce> } = { id: '' };

beforeAll(async () => {
  redis = await startRedisServer();
  fg = await startFleetGateway({
    sim: { clusters: [{ name: 'out-a' }, { name: 'out-b' }], nodes: 1, clock },
    gateway: { replicas: { url: redis.url }, rollout: ROLLOUT },
  });
  given = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent', redis: redis.client(), rollout: ROLLOUT });
}, 60_000);

afterAll(async () => {
  for (const s of sockets) await s.dispose();
  await given?.stop();
  await fg?.stop();
  await redis?.dispose();
});

/** A one-replica Deployment in default, as a manifest. */
const deployment = (name: string): string => manifests(deploymentObject('default', name));

const APPLY = 'mutation Apply($input: ApplyInput!) { apply(input: $input) { operation { id state } } }';
const applyInput = (name: string) => ({ input: { manifests: deployment(name), strategy: { waves: [{ clusterNames: ['out-a'] }, { clusterNames: ['out-b'] }] } } });
const FIELDS = 'id state error { reason message code } waves { state clusters { cluster state } }';
interface Op { id: string; state: string; error: { reason: string; message: string; code: string | null } | null; waves: Array<{ state: string; clusters: Array<{ cluster: string; state: string }> }> }

/** Requests that changed something on either cluster (every method but GET). */
const writes = () => ['out-a', 'out-b'].flatMap((c) => fg.sim.cluster(c).requests.all()).filter((r) => r.method !== 'GET').length;

function codes(answer: GraphqlAnswer<unknown>): unknown[] {
  return (answer.errors ?? []).map((e) => e.extensions?.code);
}

/**
 * The `operation` subscription over graphql-ws: what it delivered (data or errors) until it ended.
 * `onFirst` is called at its first delivery (the subscription is established and answered).
 */
async function subscribeOnce(on: Gateway, id: string, onFirst?: () => void): Promise<Array<{ data?: unknown; errors?: unknown[]; error?: unknown }>> {
  const ws = createClient({ url: on.url.replace('http', 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
  sockets.push(ws);
  const seen: Array<{ data?: unknown; errors?: unknown[]; error?: unknown }> = [];
  await new Promise<void>((resolve) => {
    ws.subscribe({ query: `subscription ($id: ID!) { operation(id: $id) { id state } }`, variables: { id } }, {
      next: (v) => {
        seen.push({ data: v.data, errors: v.errors ? [...v.errors] : undefined });
        if (seen.length === 1) onFirst?.();
      },
      error: (e) => { seen.push({ error: e }); resolve(); },
      complete: () => resolve(),
    });
  });
  return seen;
}

async function operations(on: Gateway): Promise<GraphqlAnswer<{ operations: Op[] }>> {
  return postGraphql<{ operations: Op[] }>(on.url, `{ operations { ${FIELDS} } }`);
}

/** Ask until `operations` answers without errors (the gateway's connections are back), bounded by looks. */
async function untilAnswering(on: Gateway): Promise<void> {
  for (let look = 0; look < 1000; look++) {
    if ((await operations(on)).errors === undefined) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${on.url} never answered operations again: ${JSON.stringify(await operations(on))}`);
}

describe('rollout operations while Redis is unreachable', () => {
  test('with Redis stopped, every operation path answers UNAVAILABLE on both kinds of connection, no cluster is written, other reads go on', async () => {
    // A rollout pausing between its waves when Redis goes, watched on the other gateway.
    const started = await postGraphql<{ apply: { operation: { id: string } } }>(given.url, APPLY,
      { input: { ...applyInput('across-1').input, strategy: { ...applyInput('across-1').input.strategy, pauseSeconds: 3600 } } });
    expect(started.errors).toBeUndefined();
    across.id = started.data!.apply.operation.id;
    for (let look = 0; look < 1500; look++) {
      const op = (await postGraphql<{ operation: Op }>(fg.gateway.url, `query ($id: ID!) { operation(id: $id) { ${FIELDS} } }`, { id: across.id })).data?.operation;
      if (op?.waves[1]?.state === 'PAUSED') break;
      if (look % 5 === 4) await clock.advance(1000);
      await new Promise((r) => setTimeout(r, 10));
    }
    // The watcher is established (it has received the operation as it is) before Redis goes: a
    // subscription that only starts during the outage is told UNAVAILABLE, which the first look
    // below checks on its own; this one is about a watcher that was already watching.
    let firstSeen!: () => void;
    const established = new Promise<void>((resolve) => { firstSeen = resolve; });
    across.watched = subscribeOnce(fg.gateway, across.id, firstSeen);
    await Promise.race([established, across.watched]);
    const before = writes();
    await redis.stop();
    for (const on of [fg.gateway, given]) {
      const started = await postGraphql(on.url, APPLY, applyInput('down-1'));
      expect(codes(started), JSON.stringify(started.errors)).toEqual(['UNAVAILABLE']);
      expect(started.errors![0]!.message).toMatch(/Redis, where this gateway keeps rollout operations, is unreachable .*: the rollout was not started and nothing was written to any cluster; retry shortly/);
      expect(started.errors![0]!.message).not.toMatch(/127\.0\.0\.1|redis:\/\//);

      const one = await postGraphql(on.url, `query ($id: ID!) { operation(id: $id) { ${FIELDS} } }`, { id: 'some-id' });
      expect(codes(one)).toEqual(['UNAVAILABLE']);
      expect(codes(await operations(on))).toEqual(['UNAVAILABLE']);
      expect(codes(await postGraphql(on.url, 'query { operations(state: RUNNING) { id } }'))).toEqual(['UNAVAILABLE']);
      expect(codes(await postGraphql(on.url, 'mutation ($id: ID!) { cancelOperation(id: $id) { id } }', { id: 'some-id' }))).toEqual(['UNAVAILABLE']);

      const delivered = await subscribeOnce(on, 'some-id');
      expect(delivered).toHaveLength(1);
      const errors = (delivered[0]!.errors ?? delivered[0]!.error) as Array<{ extensions?: { code?: string } }>;
      expect(errors.map((e) => e.extensions?.code)).toEqual(['UNAVAILABLE']);

      // Reads of the fleet do not need Redis (rate limits fall back to local buckets).
      const clusters = await postGraphql<{ clusters: Array<{ name: string }> }>(on.url, '{ clusters { name } }');
      expect(clusters.errors).toBeUndefined();
      expect(clusters.data?.clusters.map((c) => c.name).sort()).toEqual(['out-a', 'out-b']);
    }
    expect(writes()).toBe(before);
  });

  test('when Redis is back, without a restart, a rollout started on either gateway runs to its end and is answered on the other', async () => {
    await redis.start();
    await untilAnswering(fg.gateway);
    await untilAnswering(given);
    // Redis came back empty (no persistence): the watcher is told the operation is gone, not left
    // believing it finished; its run stopped at the outage and never writes its second wave.
    const watched = await across.watched!;
    expect(watched.at(0)?.data).toMatchObject({ operation: { id: across.id, state: 'RUNNING' } });
    const last = watched.at(-1)!;
    const errors = (last.errors ?? last.error) as Array<{ message: string; extensions?: { code?: string } }>;
    expect(errors.map((e) => e.extensions?.code)).toEqual(['UNAVAILABLE']);
    expect(errors[0]!.message).toMatch(/^operation \S+ is no longer in Redis, which came back from an outage without it/);
    for (let i = 0; i < 4; i++) await clock.advance(3600_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(fg.sim.cluster('out-b').requests.all().filter((r) => r.method !== 'GET' && r.path.includes('/deployments/across-1'))).toHaveLength(0);
    for (const [starter, other, name] of [[given, fg.gateway, 'back-1'], [fg.gateway, given, 'back-2']] as const) {
      const started = await postGraphql<{ apply: { operation: { id: string } } }>(starter.url, APPLY, applyInput(name));
      expect(started.errors).toBeUndefined();
      const id = started.data!.apply.operation.id;
      let op: Op | null = null;
      for (let look = 0; look < 1500 && op?.state !== 'SUCCEEDED'; look++) {
        op = (await postGraphql<{ operation: Op | null }>(other.url, `query ($id: ID!) { operation(id: $id) { ${FIELDS} } }`, { id })).data?.operation ?? null;
        if (look % 5 === 4) await clock.advance(1000);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(op?.state).toBe('SUCCEEDED');
      const deploymentWrites = (c: string) => fg.sim.cluster(c).requests.all().filter((r) => r.method !== 'GET' && r.path.includes(`/deployments/${name}`)).length;
      expect([deploymentWrites('out-a'), deploymentWrites('out-b')]).toEqual([1, 1]);
    }
  });

  test('a start Redis did not answer (paused) is refused UNAVAILABLE; when Redis runs it after all, the operation is ended FAILED, never run', async () => {
    await untilAnswering(given);
    const known = new Set(((await operations(given)).data?.operations ?? []).map((o) => o.id));
    const before = writes();
    // This test's own server (startRedisServer checked, at its last start, that it is the one answering the port).
    const pid = String(redis.pid);
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGSTOP');
    let started: GraphqlAnswer<unknown>;
    let state = '';
    try {
      started = await postGraphql(given.url, APPLY, applyInput('paused-1'));
      state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } finally {
      process.kill(Number(pid), 'SIGCONT');
    }
    expect(codes(started), `${JSON.stringify(started)} redis ${state}`).toEqual(['UNAVAILABLE']);
    expect(started.errors![0]!.message).toMatch(/no answer within \d+ ms.*the rollout was not started/);
    // Redis ran the queued start once awake: the record exists, and the gateway that started it ends it.
    let op: Op | undefined;
    const final = (o: Op | undefined) => o?.state === 'FAILED' || o?.state === 'SUCCEEDED' || o?.state === 'CANCELLED';
    for (let look = 0; look < 1500 && !final(op); look++) {
      op = (await operations(fg.gateway)).data?.operations.find((o) => !known.has(o.id));
      if (look % 5 === 4) await clock.advance(1000);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(op).toMatchObject({
      state: 'FAILED',
      error: { reason: 'INTERNAL', code: 'UNAVAILABLE', message: expect.stringMatching(/was not started \(UNAVAILABLE\); it was ended without writing to any cluster/) },
      waves: [{ state: 'SKIPPED', clusters: [{ cluster: 'out-a', state: 'SKIPPED' }] }, { state: 'SKIPPED', clusters: [{ cluster: 'out-b', state: 'SKIPPED' }] }],
    });
    // Its input (the manifests) is gone with it, and nothing reached a cluster.
    expect(await redis.client().keys('fleetgraph:ops:run:*')).toEqual([]);
    expect(writes()).toBe(before);
  });
});
