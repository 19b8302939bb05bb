/**
 * Per-caller rate limits shared by gateway replicas through Redis (RedisCallerBudgets, chosen by
 * startGateway's `redis` option): a caller's budget spent on one replica is refused (429
 * RATE_LIMITED) on the other; with Redis down each replica falls back to its own local buckets
 * and says so in its log (serving, not refusing everyone), and shares again once Redis is back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RedisCallerBudgets } from '../../../src/limits/RedisCallerBudgets.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { collectLogLines } from '../../support/opsHooks.ts';
import { firstWsOutcome, wsClient } from '../security/securitySupport.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';

const LIMITS = { operationsPerMinute: 4 };
let redis: RedisServer;
let fg: FleetGateway; // replica D
let e: Gateway;
const { lines, sink } = collectLogLines();

beforeAll(async () => {
  redis = await startRedisServer();
  fg = await startFleetGateway({
    sim: { clusters: [{ name: 'rl-a' }], nodes: 1 },
    gateway: { redis: redis.client(), rateLimits: LIMITS, logger: createLogger('info', sink) },
  });
  // E connects as `--redis URL` does (the replicas' connection: lazy, no offline queue), D with a client of its own.
  e = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent', replicas: { url: redis.url }, rateLimits: LIMITS });
}, 60_000);

afterAll(async () => {
  await e?.stop();
  await fg?.stop();
  await redis?.dispose();
});

const ask = async (on: Gateway) => {
  const a = await postGraphql<{ clusters: Array<{ name: string }> }>(on.url, '{ clusters { name } }');
  return a.status === 200 ? 'ok' : `${a.status} ${String(a.errors?.[0]?.extensions?.['code'])}`;
};
const messages = () => lines.map((l) => String(l['msg']));

test('a caller\'s budget spent on one replica is refused on the other; with Redis down each replica counts locally, and shares again when it is back', async () => {
  const d = fg.gateway;
  expect([await ask(d), await ask(d), await ask(e), await ask(e)]).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(await ask(e)).toBe('429 RATE_LIMITED');
  expect(await ask(d)).toBe('429 RATE_LIMITED');
  // The same shared budget gates subscriptions (graphql-ws), whose check now answers asynchronously.
  const ws = wsClient(e.url);
  try {
    expect(await firstWsOutcome(ws, { query: 'subscription { events { event { reason } } }' }))
      .toMatchObject({ kind: 'errors', errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
  } finally {
    await ws.dispose();
  }
  expect(messages().filter((m) => m.includes('Redis is unreachable'))).toEqual([]);

  await redis.stop();
  // Each replica's own buckets, fresh: four each, then refused by the local count.
  expect([await ask(d), await ask(d), await ask(d), await ask(d)]).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(await ask(d)).toBe('429 RATE_LIMITED');
  expect(await ask(e)).toBe('ok');
  expect(messages().filter((m) => m.includes('rate limits: Redis is unreachable'))).toHaveLength(1);

  await redis.start(); // empty again: the shared buckets are full
  for (let look = 0; look < 500 && e.replicas!.redis.status !== 'ready'; look++) await new Promise((r) => setTimeout(r, 20));
  expect(e.replicas!.redis.status).toBe('ready');
  expect(await ask(e)).toBe('ok');
  for (let look = 0; look < 500 && !messages().some((m) => m.includes('Redis is reachable again')); look++) {
    await new Promise((r) => setTimeout(r, 20));
    if (look % 25 === 24) await ask(d);
  }
  expect(messages().some((m) => m.includes('rate limits: Redis is reachable again'))).toBe(true);
});

test('the shared buckets refuse as the local ones do: the limit, its figure and when to retry; a cost over the whole budget never fits', async () => {
  const [client, other] = [redis.client(), redis.client()];
  const limits = { operationsPerMinute: 3, costPerMinute: 100, maxCallers: 10 };
  const [one, two] = [new RedisCallerBudgets(client, limits, { prefix: 'unit' }), new RedisCallerBudgets(other, limits, { prefix: 'unit' })];
  expect([await one.charge('user:zoe', 1, 0), await two.charge('user:zoe', 1, 0), await one.charge('user:zoe', 1, 0)]).toEqual([undefined, undefined, undefined]);
  // 1 operation short at 3 a minute: 20 s (less the little refilled since).
  expect(await two.charge('user:zoe', 1, 0)).toMatchObject({ limit: 'rate-limit', perMinute: 3 });
  expect((await two.charge('user:zoe', 1, 0))!.retryAfterSeconds).toBeGreaterThan(15);
  expect(await one.charge('user:zoe', 0, 70)).toBeUndefined();
  expect(await two.charge('user:zoe', 0, 70)).toMatchObject({ limit: 'cost-budget', perMinute: 100 });
  expect(one.charge('user:zoe', 0, 101)).toEqual({ limit: 'cost-budget', perMinute: 100, retryAfterSeconds: 60, never: true });
  // Another caller has their own buckets; an idle bucket expires (full again after a minute).
  expect(await one.charge('user:max', 1, 0)).toBeUndefined();
  const ttl = await client.pttl('unit:user:zoe');
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(60_000);
  expect(one.degraded).toBe(false);
});

