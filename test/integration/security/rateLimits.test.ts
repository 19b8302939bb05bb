/**
 * Per-caller rate limits and cost budgets as clients meet them, over HTTP and graphql-ws, on a
 * gateway with token authentication: a caller past `--rate-limit` gets 429 with Retry-After and
 * RATE_LIMITED naming the limit (HTTP), or an error result on a connection that stays open
 * (WebSocket); other callers carry on; one budget per caller across both transports; the cost
 * budget charges the fan-out estimate; a refused operation sends nothing upstream.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenFile } from '../../../src/auth/index.ts';
import { assessQueryLimits, DEFAULT_QUERY_LIMITS } from '../../../src/limits/index.ts';
import { createSchema } from '../../../src/server/createSchema.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { firstError, firstWsOutcome, postJson, upstreamRequests, writes, wsClient } from './securitySupport.ts';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gabe'] as const;
const token = (user: string) => `tok-${user}-5b9e0c1d2a3f4e56`;
const bearer = (user: string) => ({ authorization: `Bearer ${token(user)}` });
const COST_BUDGET = 30_000;
const HEAVY = '{ nodes { pods { node { pods { name } } } } }';

let fg: FleetGateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-rate-'));
  const path = join(dir, 'tokens.csv');
  await writeFile(path, USERS.map((u, i) => `${token(u)},${u},${100 + i}`).join('\n'));
  fg = await startFleetGateway({
    sim: { clusters: 1, namePrefix: 'rl', nodes: 1, pods: 2, clusterDefaults: { controllers: false } },
    gateway: { authenticator: await TokenFile.load(path), rateLimits: { operationsPerMinute: 3, costPerMinute: COST_BUDGET } },
  });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

const NORMAL = '{ clusters { name } }';
const query = (user: string, q = NORMAL) => postJson(fg.gateway.url, { query: q }, bearer(user));

/** The estimate the cost budget charges for a query on this fleet. */
function costOf(q: string): number {
  const names = ['rl-1'];
  return assessQueryLimits(createSchema(), parse(q), {}, null, { clusterNames: names, select: () => names }, DEFAULT_QUERY_LIMITS).cost;
}

describe('--rate-limit over HTTP', () => {
  test('past its operations per minute a caller gets 429, Retry-After and RATE_LIMITED naming the limit; other callers carry on', async () => {
    for (let i = 0; i < 3; i++) expect((await query('alice')).status).toBe(200);
    const before = upstreamRequests(fg.sim);
    const [refused, other] = await Promise.all([query('alice', '{ pods { totalCount } }'), query('bob')]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({
      errors: [{
        message: expect.stringMatching(/^rate limit reached: 3 operations per minute per caller \(--rate-limit\); retry in \d+ s$/) as unknown as string,
        extensions: { code: 'RATE_LIMITED', limit: 'rate-limit', retryAfterSeconds: Number(refused.headers.get('retry-after')) },
      }],
    });
    expect(other.body).toEqual({ data: { clusters: [{ name: 'rl-1' }] } });
    expect(upstreamRequests(fg.sim)).toBe(before); // the refused pods query sent nothing
  });

  test('under the legacy application/json media type the status is 429 as well', async () => {
    for (let i = 0; i < 3; i++) await query('frank');
    const res = await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer('frank') }, body: JSON.stringify({ query: NORMAL }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('--rate-limit over graphql-ws', () => {
  test('a subscription past the limit gets an error result with RATE_LIMITED; the connection stays open', async () => {
    const client = wsClient(fg.gateway.url, bearer('carol'));
    try {
      for (let i = 0; i < 3; i++) {
        const ok = await firstWsOutcome(client, { query: 'subscription { operation(id: "op-none") { id } }' });
        expect(ok.kind === 'errors' && ok.errors[0]?.extensions?.code).toBe('NOT_FOUND'); // passed the gate and ran
      }
      const refused = await firstWsOutcome(client, { query: 'subscription { operation(id: "op-none") { id } }' });
      expect(refused).toEqual({
        kind: 'errors',
        errors: [{ message: expect.stringMatching(/^rate limit reached: 3 operations per minute per caller \(--rate-limit\); retry in \d+ s$/), extensions: { code: 'RATE_LIMITED', limit: 'rate-limit', retryAfterSeconds: expect.any(Number) } }],
      });
      expect(fg.gateway.ws?.connections).toBe(1);
      expect((await query('bob')).status).toBe(200);
    } finally {
      await client.dispose();
    }
  });

  test('one budget per caller across both transports: HTTP queries use up what a subscription would need', async () => {
    for (let i = 0; i < 3; i++) expect((await query('dave')).status).toBe(200);
    const client = wsClient(fg.gateway.url, bearer('dave'));
    try {
      const refused = await firstWsOutcome(client, { query: 'subscription { clusterStatus { cluster } }' });
      expect(refused.kind === 'errors' && refused.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await client.dispose();
    }
  });
});

describe('--cost-budget', () => {
  test('charges each operation\'s fan-out estimate; the one that does not fit is refused with the budget named', async () => {
    const cost = costOf(HEAVY);
    expect(cost * 2).toBeLessThanOrEqual(COST_BUDGET);
    expect(cost * 3).toBeGreaterThan(COST_BUDGET);
    expect((await query('erin', HEAVY)).status).toBe(200);
    expect((await query('erin', HEAVY)).status).toBe(200);
    const before = upstreamRequests(fg.sim);
    const refused = await query('erin', HEAVY);
    expect(refused.status).toBe(429);
    expect(firstError(refused.body)?.message).toMatch(/^cost budget reached: 30000 estimated fan-out cost per minute per caller \(--cost-budget\); retry in \d+ s$/);
    expect(firstError(refused.body)?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'cost-budget' });
    expect(upstreamRequests(fg.sim)).toBe(before);
  });

  test('an operation costing more than the whole budget is a client error saying it can never run', async () => {
    const huge = `{ clusters { ${'...F '.repeat(3)} } } fragment F on Cluster { nodes { pods { node { pods { name } } } } }`;
    expect(costOf(huge)).toBeGreaterThan(COST_BUDGET);
    const refused = await query('gabe', huge);
    expect(refused.status).toBe(400);
    expect(firstError(refused.body)?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(firstError(refused.body)?.message).toMatch(/exceeds the whole cost budget of 30000 per minute \(--cost-budget\); it can never run/);
  });

  test('nothing was written to the cluster by any of it', () => {
    expect(writes(fg.sim)).toBe(0);
  });
});

describe('without authentication (loopback only)', () => {
  test('the caller is the client address: every local client shares one budget, over both transports', async () => {
    const open = await startFleetGateway({
      sim: { clusters: 1, namePrefix: 'rn', nodes: 1, clusterDefaults: { controllers: false } },
      gateway: { rateLimits: { operationsPerMinute: 2, costPerMinute: 0 } },
    });
    try {
      expect((await postJson(open.gateway.url, { query: NORMAL })).status).toBe(200);
      expect((await postJson(open.gateway.url, { query: NORMAL })).status).toBe(200);
      const client = wsClient(open.gateway.url);
      try {
        const refused = await firstWsOutcome(client, { query: 'subscription { clusterStatus { cluster } }' });
        expect(refused.kind === 'errors' && refused.errors[0]?.message).toMatch(/^rate limit reached: 2 operations per minute per caller \(--rate-limit\)/);
      } finally {
        await client.dispose();
      }
      expect((await postJson(open.gateway.url, { query: NORMAL })).status).toBe(429);
    } finally {
      await open.stop();
    }
  });
});
