/**
 * The query limits through the gateway over real HTTP against a simulated fleet: each abusive
 * query of issue 7 is refused before execution with a message naming the limit, and no upstream
 * request is made (counted by the gateway and by the clusters); a normal query sent at the same
 * time is answered correctly; the README examples and the dashboard pass under the defaults.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { createRequestContext } from '../../../src/loaders/RequestContext.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { DASHBOARD, deepJoins, distinctSelectorAliases, doubledFragments, nestedAliases, README_QUERIES } from '../../unit/limits/abusiveQueries.ts';

let fg: FleetGateway;
// Cluster time stands still between the query and the ground truth it is compared with.
const clock = new ManualClock();

beforeAll(async () => {
  const fleetFile = 'clusters:\n  prod-eu: { labels: { env: prod, region: eu } }\n  prod-us: { labels: { env: prod, region: us } }\n  dev-eu: { labels: { env: dev, region: eu } }\n';
  fg = await startFleetGateway({ sim: { clusters: [{ name: 'prod-eu' }, { name: 'prod-us' }, { name: 'dev-eu' }], nodes: 2, pods: 12, clock }, fleetFile, gateway: { logLevel: 'error' } });
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

/** Upstream requests so far, as the gateway counted them and as the clusters saw them. */
function upstream(): { gateway: number; clusters: number } {
  return { gateway: fg.gateway.upstream.count(), clusters: fg.sim.clusters.reduce((n, c) => n + c.requests.count({}), 0) };
}

const NORMAL = '{ clusters { name } }';

/** POST under the GraphQL-over-HTTP media type, where a refused document answers 4xx (under application/json: 200). */
async function postModern(query: string): Promise<{ status: number; data: unknown; errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined }> {
  const res = await fetch(fg.gateway.url, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  return { status: res.status, data: body.data, errors: body.errors };
}

describe.each([
  { name: '21 levels of node/pod joins', query: deepJoins(10), message: /^query depth \d+ exceeds the limit 8 \(--max-depth\)/, code: 'QUERY_TOO_COMPLEX' },
  { name: '30×30×30 nested aliases', query: nestedAliases(30), message: /^query aliases \d+ exceeds the limit 15 \(--max-aliases\)/, code: 'QUERY_TOO_COMPLEX' },
  { name: '26 doubled fragments inside pods', query: doubledFragments(26), message: /^query cost \d+ exceeds the limit 2000000 \(--max-cost\)/, code: 'QUERY_TOO_COMPLEX' },
  { name: '30 doubled fragments inside pods', query: doubledFragments(30), message: /^query cost \d+ exceeds the limit 2000000 \(--max-cost\)/, code: 'QUERY_TOO_COMPLEX' },
  { name: 'a 58 KB request of aliases with distinct selectors', query: distinctSelectorAliases(1504), message: /more th\w+ 2000 tokens/, code: 'GRAPHQL_PARSE_FAILED' },
])('$name', ({ query, message, code }) => {
  test('is refused before execution with a message naming the limit, and costs no upstream request', async () => {
    const before = upstream();
    const [refused, normal, legacy] = await Promise.all([postModern(query), fg.query<{ clusters: Array<{ name: string }> }>(NORMAL), fg.query(query)]);
    expect(legacy.status).toBe(200); // application/json: a refused document is still a GraphQL response
    expect(legacy.errors?.[0]?.message).toMatch(message);
    expect(refused.status).toBe(400);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0]?.message).toMatch(message);
    expect(refused.errors?.[0]?.extensions?.code).toBe(code);
    // The normal query sent meanwhile is answered, and correctly.
    expect(normal.errors).toBeUndefined();
    expect(normal.data?.clusters.map((c) => c.name)).toEqual(['prod-eu', 'prod-us', 'dev-eu']);
    expect(upstream()).toEqual(before);
  });
});

describe('aliases with distinct selectors under raised alias and token limits', () => {
  test('are still refused, by the upstream calls they would make per cluster, before any is sent', async () => {
    const strict = await startFleetGateway({ sim: { clusters: 2, nodes: 1, pods: 2 }, gateway: { limits: { maxAliases: 10_000, maxTokens: 100_000 } } });
    try {
      const before = strict.sim.clusters.reduce((n, c) => n + c.requests.count({}), 0);
      const a = await strict.query(distinctSelectorAliases(376));
      expect(a.status).toBe(200); // application/json: see postModern
      expect(a.errors?.[0]?.message).toMatch(/^query needs 376 upstream calls to cluster sim-1, over the limit 50 per cluster per request \(--max-upstream-calls\)/);
      expect(a.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(strict.gateway.upstream.count()).toBe(0);
      expect(strict.sim.clusters.reduce((n, c) => n + c.requests.count({}), 0)).toBe(before);
    } finally {
      await strict.stop();
    }
  }, 60_000);
});

describe('the queries users send pass under the default limits', () => {
  test.each(README_QUERIES.map((q, i) => [i + 1, q] as const))('README example %i', async (_, q) => {
    const a = await fg.query(q);
    expect(a.status).toBe(200);
    expect(a.data).not.toBeNull();
    expect(a.errors?.filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX' || e.extensions?.code === 'REQUEST_LIMIT_EXCEEDED') ?? []).toEqual([]);
  });

  test('the dashboard query', async () => {
    const a = await fg.query<{ clusters: Array<{ name: string; pods: unknown[] }> }>(DASHBOARD);
    expect(a.status).toBe(200);
    expect(a.errors).toBeUndefined();
    expect(a.data?.clusters.map((c) => c.name)).toEqual(['prod-eu', 'prod-us', 'dev-eu']);
    for (const c of a.data!.clusters) expect(c.pods).toHaveLength(fg.sim.cluster(c.name).store.list('/pods').length);
  });
});

describe('the per-request cap on upstream calls', () => {
  test('sends at most the cap to a cluster and fails the calls past it with REQUEST_LIMIT_EXCEEDED', async () => {
    const fleet = fg.gateway.fleet!;
    const cluster = fleet.get('prod-eu')!;
    const sim = fg.sim.cluster('prod-eu');
    const before = sim.requests.count({ verb: 'list' });
    const ctx = createRequestContext(fleet, { maxUpstreamCallsPerCluster: 2, requestTimeoutMs: 60_000 });
    const nodes = await ctx.reader.across([cluster], RESOURCES.nodes, {}, ['a']);
    const pods = await ctx.reader.across([cluster], RESOURCES.pods, {}, ['b']);
    const services = await ctx.reader.across([cluster], RESOURCES.services, {}, ['c']);
    expect(nodes).toHaveLength(2);
    expect(pods).toHaveLength(sim.store.list('/pods').length);
    expect(services).toEqual([]);
    expect(sim.requests.count({ verb: 'list' }) - before).toBe(2);
    expect(ctx.failures.all()).toEqual([expect.objectContaining({
      cluster: 'prod-eu', code: 'REQUEST_LIMIT_EXCEEDED', resources: ['services'],
      message: expect.stringMatching(/limit of 2 upstream calls to this cluster \(--max-upstream-calls\)/),
    })]);
  });
});
