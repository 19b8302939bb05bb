/**
 * The read path's query limits apply unchanged to graphql-ws operations, through the same code
 * path (admitOperation): for each limit, an operation over it is refused over HTTP (a query) and
 * over WebSocket (a subscription) with the same code and the same wording, nothing is sent to
 * any cluster, and a normal query sent meanwhile is answered correctly.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { firstError, firstWsOutcome, postJson, upstreamRequests, wsClient } from './securitySupport.ts';

let fg: FleetGateway;

beforeAll(async () => {
  fg = await startFleetGateway({
    sim: { clusters: 2, namePrefix: 'tl', nodes: 1, pods: 2, clusterDefaults: { controllers: false } },
    gateway: { limits: { maxDepth: 6, maxAliases: 3, maxDirectives: 3, maxTokens: 150, maxCost: 10_000, maxUpstreamCallsPerCluster: 4 } },
  });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

const tenTimes = (spread: string) => Array.from({ length: 10 }, () => spread).join(' ');
const fivePodLists = 'pods(namespace: "a") { name } a: pods(namespace: "b") { name } b: pods(namespace: "c") { name } c: pods(namespace: "d") { name } nodes { name }';

const LIMITS = [
  {
    limit: 'depth (--max-depth 6)', code: 'QUERY_TOO_COMPLEX', message: /^query depth 7 exceeds the limit 6 \(--max-depth\)/,
    http: '{ clusters { nodes { pods { node { pods { node { name } } } } } } }',
    ws: 'subscription { events { event { cluster { nodes { pods { node { name } } } } } } }',
  },
  {
    limit: 'aliases (--max-aliases 3)', code: 'QUERY_TOO_COMPLEX', message: /^query aliases 4 exceeds the limit 3 \(--max-aliases\)/,
    http: '{ a: clusters { name } b: clusters { name } c: clusters { name } d: clusters { name } }',
    ws: 'subscription { clusterStatus { a: cluster b: cluster c: cluster d: cluster } }',
  },
  {
    limit: 'directives (--max-directives 3)', code: 'QUERY_TOO_COMPLEX', message: /^query directives 4 exceeds the limit 3 \(--max-directives\)/,
    http: `{ clusters { ${'name @include(if: true) '.repeat(4)} } }`,
    ws: `subscription { clusterStatus { ${'cluster @include(if: true) '.repeat(4)} } }`,
  },
  {
    limit: 'tokens (--max-tokens 150)', code: 'GRAPHQL_PARSE_FAILED', message: /Document contains more th\w+ 150 tokens\. Parsing aborted\./,
    http: `{ clusters { ${'name '.repeat(200)} } }`,
    ws: `subscription { clusterStatus { ${'cluster '.repeat(200)} } }`,
  },
  {
    limit: 'fan-out cost (--max-cost 10000)', code: 'QUERY_TOO_COMPLEX', message: /^query cost \d+ exceeds the limit 10000 \(--max-cost\)/,
    http: `{ clusters { ${tenTimes('...F')} } } fragment F on Cluster { nodes { pods { name } } }`,
    ws: `subscription { events { event { cluster { ${tenTimes('...F')} } } } } fragment F on Cluster { nodes { pods { name } } }`,
  },
  {
    limit: 'upstream calls per cluster (--max-upstream-calls 4)', code: 'QUERY_TOO_COMPLEX',
    message: /^query needs 5 upstream calls to cluster tl-1, over the limit 4 per cluster per request \(--max-upstream-calls\)/,
    http: `{ clusters { ${fivePodLists} } }`,
    ws: `subscription { events { event { cluster { ${fivePodLists} } } } }`,
  },
];

describe.each(LIMITS)('$limit', ({ code, message, http, ws }) => {
  test('over HTTP: refused before execution with the limit named; nothing sent upstream; a normal query answered meanwhile', async () => {
    const before = upstreamRequests(fg.sim);
    const [refused, normal] = await Promise.all([postJson(fg.gateway.url, { query: http }), postJson(fg.gateway.url, { query: '{ clusters { name } }' })]);
    expect(refused.status).toBe(400);
    expect(firstError(refused.body)?.extensions?.code).toBe(code);
    expect(firstError(refused.body)?.message).toMatch(message);
    expect(normal.body).toEqual({ data: { clusters: [{ name: 'tl-1' }, { name: 'tl-2' }] } });
    expect(upstreamRequests(fg.sim)).toBe(before);
  });

  test('over graphql-ws: the subscription gets the same error, the connection stays open, nothing sent upstream', async () => {
    const before = upstreamRequests(fg.sim);
    const client = wsClient(fg.gateway.url);
    try {
      const [refused, normal] = await Promise.all([firstWsOutcome(client, { query: ws }), postJson(fg.gateway.url, { query: '{ clusters { name } }' })]);
      expect(refused.kind).toBe('errors');
      const error = refused.kind === 'errors' ? refused.errors[0] : undefined;
      expect(error?.extensions?.code).toBe(code);
      expect(error?.message).toMatch(message);
      expect(normal.body).toEqual({ data: { clusters: [{ name: 'tl-1' }, { name: 'tl-2' }] } });
      // The same connection still serves: an operation within the limits passes the gate and runs
      // (an unknown rollout id: NOT_FOUND from its resolver, no cluster asked).
      const ok = await firstWsOutcome(client, { query: 'subscription { operation(id: "op-none") { id } }' });
      expect(ok.kind === 'errors' && ok.errors[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(fg.gateway.ws?.connections).toBe(1);
    } finally {
      await client.dispose();
    }
    expect(upstreamRequests(fg.sim)).toBe(before);
  });
});
