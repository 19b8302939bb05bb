/**
 * The fan-out cost of an operation is estimated over the caller's fleet: the clusters the gateway
 * policy gives them, which are all the operation can reach. A caller given 2 of 12 clusters pays
 * for 2, in the `--max-cost` check and in the `--cost-budget` charge; a caller given every
 * cluster pays for 12. Figures are the estimator's own for 2 and 12 clusters.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenFile } from '../../../src/auth/index.ts';
import { Policy } from '../../../src/auth/policy/index.ts';
import { assessQueryLimits, DEFAULT_QUERY_LIMITS } from '../../../src/limits/index.ts';
import { createSchema } from '../../../src/server/createSchema.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { firstError, firstWsOutcome, postJson, upstreamRequests, wsClient } from './securitySupport.ts';

const CLUSTERS = Array.from({ length: 12 }, (_, i) => `cc-${i + 1}`);
const NARROW = ['cc-3', 'cc-7'];
const token = (user: string) => `tok-${user}-8d7c6b5a4f3e2d1c`;
const bearer = (user: string) => ({ authorization: `Bearer ${token(user)}` });
const POLICY = `rules:\n  - users: [narrow]\n    clusterNames: [${NARROW.join(', ')}]\n  - users: [wide]\n`;
const FLEET_QUERY = '{ clusters { name nodes { name labels { key value } } namespaces { name } } }';

/** The estimate for FLEET_QUERY over `names` (what admitOperation charges). */
function costOver(names: readonly string[]): number {
  return assessQueryLimits(createSchema(), parse(FLEET_QUERY), {}, null, { clusterNames: names, select: () => names }, DEFAULT_QUERY_LIMITS).cost;
}
const NARROW_COST = costOver(NARROW);
const WIDE_COST = costOver(CLUSTERS);

let priced: FleetGateway;
let budgeted: FleetGateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-caller-cost-'));
  const path = join(dir, 'tokens.csv');
  await writeFile(path, `${token('narrow')},narrow,1\n${token('wide')},wide,2\n`);
  const sim = { clusters: CLUSTERS.map((name) => ({ name })), nodes: 1, clusterDefaults: { controllers: false } };
  const common = async () => ({ authenticator: await TokenFile.load(path), policy: Policy.parse(POLICY, 'policy.yaml') });
  // --max-cost 1: every operation is refused, and the refusal says what it was priced at.
  priced = await startFleetGateway({ sim, gateway: { ...(await common()), limits: { maxCost: 1 } } });
  // A cost budget the narrow caller's query fits in once, the wide caller's never.
  budgeted = await startFleetGateway({ sim, gateway: { ...(await common()), rateLimits: { costPerMinute: Math.round(NARROW_COST * 1.5) } } });
}, 120_000);

afterAll(async () => {
  await priced?.stop();
  await budgeted?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the cost estimate counts the caller\'s clusters, not the whole fleet', () => {
  test('the figures differ: 2 clusters cost less than 12', () => {
    expect(NARROW_COST).toBeGreaterThan(0);
    expect(WIDE_COST).toBeGreaterThan(5 * NARROW_COST);
  });

  test('--max-cost prices a caller given 2 clusters at 2 clusters\' cost, one given all 12 at 12', async () => {
    const narrow = await postJson(priced.gateway.url, { query: FLEET_QUERY }, bearer('narrow'));
    const wide = await postJson(priced.gateway.url, { query: FLEET_QUERY }, bearer('wide'));
    expect(narrow.status).toBe(400);
    expect(firstError(narrow.body)?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(firstError(narrow.body)?.message).toContain(`query cost ${NARROW_COST} exceeds the limit 1 (--max-cost): an estimate of the fields it would resolve and the objects it would fetch across 2 cluster(s)`);
    expect(firstError(wide.body)?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(firstError(wide.body)?.message).toContain(`query cost ${WIDE_COST} exceeds the limit 1 (--max-cost): an estimate of the fields it would resolve and the objects it would fetch across 12 cluster(s)`);
  });

  test('over graphql-ws too: a subscription is priced over the caller\'s clusters', async () => {
    const client = wsClient(priced.gateway.url, bearer('narrow'));
    try {
      const outcome = await firstWsOutcome(client, { query: 'subscription { clusterStatus { cursor cluster } }' });
      expect(outcome).toMatchObject({ kind: 'errors' });
      expect(outcome.kind === 'errors' && outcome.errors[0]!.message).toContain('across 2 cluster(s)');
    } finally {
      await client.dispose();
    }
  });

  test('--cost-budget charges the caller\'s cost: the narrow caller\'s query runs once, the wide caller\'s can never run', async () => {
    const before = upstreamRequests(budgeted.sim);
    const wide = await postJson(budgeted.gateway.url, { query: FLEET_QUERY }, bearer('wide'));
    expect(firstError(wide.body)?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(firstError(wide.body)?.message).toContain(`query cost ${WIDE_COST} exceeds the whole cost budget of ${Math.round(NARROW_COST * 1.5)} per minute (--cost-budget)`);
    expect(upstreamRequests(budgeted.sim)).toBe(before);

    const first = await postJson(budgeted.gateway.url, { query: FLEET_QUERY }, bearer('narrow'));
    expect(first.status).toBe(200);
    const clusters = (first.body as { data: { clusters: Array<{ name: string }> } }).data.clusters;
    expect(clusters.map((c) => c.name).sort()).toEqual([...NARROW].sort());
    // Charged NARROW_COST of a budget of 1.5 × NARROW_COST: the next one waits for the bucket to refill.
    const second = await postJson(budgeted.gateway.url, { query: FLEET_QUERY }, bearer('narrow'));
    expect(second.status).toBe(429);
    expect(firstError(second.body)?.extensions?.code).toBe('RATE_LIMITED');
    expect(firstError(second.body)?.message).toMatch(/^cost budget reached: \d+ estimated fan-out cost per minute per caller \(--cost-budget\)/);
  });
});
