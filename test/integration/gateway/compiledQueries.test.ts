/**
 * Compiled queries (src/server/compiledExecution.ts): a query is executed by graphql-js the first
 * time the gateway sees it and by code compiled for it from the second time on. Both answers
 * must be the same, byte for byte, including a partial result with a down cluster's error,
 * resolver errors at nullable fields with their paths, interfaces with `__typename`, custom
 * scalars, fragments and variables; variable errors stay graphql-js's (400 BAD_USER_INPUT).
 * Mutations, introspection and queries too big to compile keep running through graphql-js.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

let fg: FleetGateway;
const clock = new ManualClock();

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: 3, namePrefix: 'cq', nodes: 2, pods: 8, clock }, gateway: { timeoutMs: 1500 } });
  // Cluster time stands still: the same query must get the same answer twice.
  await clock.advance(120_000);
  await fg.sim.settle();
  await fg.sim.cluster('cq-3').setFaults({ down: true });
}, 60_000);

afterAll(async () => {
  await fg?.sim.cluster('cq-3').setFaults({ down: false });
  await fg?.stop();
});

interface Raw { status: number; text: string }

async function post(body: unknown): Promise<Raw> {
  const res = await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

const stats = () => fg.gateway.execution!.stats;

/** Posts the same request twice: the first answer is graphql-js's, the second the compiled query's. */
async function interpretedThenCompiled(body: unknown): Promise<[Raw, Raw]> {
  const before = stats();
  const first = await post(body);
  const middle = stats();
  const second = await post(body);
  const after = stats();
  expect(middle.compiledRuns - before.compiledRuns, 'the first run is graphql-js\'s').toBe(0);
  expect(after.compiledRuns - middle.compiledRuns, 'the second run is compiled').toBe(1);
  return [first, second];
}

const RICH = `
fragment PodFields on Pod { __typename name namespace phase ready restarts createdAt nodeName podIP labels { key value } }
query Rich($sel: String, $first: Int) {
  clusters { __typename name labels { key value }
    pods { ...PodFields owner { __typename kind name ... on Deployment { replicas } } node { name } }
    workloads { __typename ... on Workload { kind name namespace readyReplicas } }
  }
  pods(labelSelector: $sel, first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name cluster { name } } } }
  badSelector: cluster(name: "cq-1") { name pods(labelSelector: "app in (") { name } }
  missing: cluster(name: "no-such-cluster") { name }
  events(first: -1) { reason }
}`;

describe('a query compiled on its second run', () => {
  test('answers exactly as graphql-js did: data, the down cluster\'s error, resolver errors with paths and locations', async () => {
    const [first, second] = await interpretedThenCompiled({ query: RICH, variables: { sel: 'app', first: 5 } });
    expect(second.status).toBe(first.status);
    // The same data and the same errors; their order may differ (the spec leaves it open):
    // graphql-jit lists errors at nullable fields before those propagated from non-null ones.
    const order = (text: string) => { const b = JSON.parse(text) as { errors: Array<{ path?: unknown[] }> }; return { ...b, errors: [...b.errors].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))) }; };
    expect(order(second.text)).toEqual(order(first.text));
    const body = JSON.parse(first.text) as { data: Record<string, unknown>; errors: Array<{ path?: unknown[]; locations?: unknown[]; extensions: { code: string; cluster?: string } }> };
    // What the comparison covered: a partial result, a BAD_USER_INPUT at a nullable field
    // (nulling it, with its path and location) and at a non-null list field's nullable parent.
    expect(body.data.badSelector).toBeNull();
    expect(body.data.missing).toBeNull();
    expect(body.data.events).toBeNull();
    expect((body.data.clusters as unknown[]).length).toBe(3);
    const codes = body.errors.map((e) => `${e.extensions.code}${e.extensions.cluster ? `@${e.extensions.cluster}` : ''} ${JSON.stringify(e.path)}`);
    expect(codes).toEqual(expect.arrayContaining([
      'BAD_USER_INPUT ["badSelector","pods"]',
      'BAD_USER_INPUT ["events"]',
      expect.stringMatching(/^CLUSTER_UNREACHABLE@cq-3 /),
    ]));
    expect(body.errors.find((e) => e.path?.[0] === 'badSelector')?.locations).toBeDefined();
  });

  test('a full listing of pod names (pod name without a resolver) is the same, cluster by cluster', async () => {
    const [first, second] = await interpretedThenCompiled({ query: '{ clusters { name pods { name namespace } } }' });
    expect(second).toEqual(first);
    const data = JSON.parse(first.text) as { data: { clusters: Array<{ name: string; pods: Array<{ name: string; namespace: string }> }> } };
    for (const name of ['cq-1', 'cq-2']) {
      const got = data.data.clusters.find((c) => c.name === name)!.pods.map((p) => `${p.namespace}/${p.name}`).sort();
      const want = fg.sim.cluster(name).registry.list(R.pods).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
      expect(got).toEqual(want);
    }
  });

  test('a variable error in a compiled query is graphql-js\'s BAD_USER_INPUT before execution (200 under application/json, 400 under graphql-response+json)', async () => {
    const query = 'query Sel($first: Int) { pods(first: $first) { totalCount } }';
    await interpretedThenCompiled({ query, variables: { first: 2 } });
    const before = stats();
    const bad = await post({ query, variables: { first: 'two' } });
    expect(stats().compiledRuns).toBe(before.compiledRuns);
    expect(bad.status).toBe(200);
    const strict = await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query, variables: { first: 'two' } }) });
    expect(strict.status).toBe(400);
    expect(await strict.text()).toBe(bad.text);
    expect(JSON.parse(bad.text)).toEqual({ errors: [{
      message: 'Variable "$first" got invalid value "two"; Int cannot represent non-integer value: "two"',
      locations: [{ line: 1, column: 11 }],
      extensions: { code: 'BAD_USER_INPUT' },
    }] });
  });
});

describe('what is not compiled', () => {
  test('introspection and a query of doubling fragments (4,096 fields written out) run through graphql-js, however often', async () => {
    const defs = ['fragment F0 on Pod { name }'];
    for (let i = 1; i <= 12; i++) defs.push(`fragment F${i} on Pod { ...F${i - 1} ...F${i - 1} }`);
    const doubling = `${defs.join('\n')}\n{ cluster(name: "cq-1") { pods { ...F12 } } }`;
    const introspection = '{ __schema { queryType { name } } __type(name: "Pod") { name } }';
    const before = stats();
    for (let i = 0; i < 3; i++) {
      const a = await post({ query: doubling });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.text).errors).toBeUndefined();
      const b = await post({ query: introspection });
      expect(JSON.parse(b.text)).toEqual({ data: { __schema: { queryType: { name: 'Query' } }, __type: { name: 'Pod' } } });
    }
    const after = stats();
    expect(after.compiledRuns).toBe(before.compiledRuns);
    expect(after.interpretedRuns - before.interpretedRuns).toBe(6);
  });

  test('a mutation runs through graphql-js', async () => {
    const before = stats();
    for (let i = 0; i < 2; i++) {
      // Refused input (no manifests): answered by the mutation's resolver, nothing written.
      const a = await post({ query: 'mutation { apply(input: { manifests: "", clusterNames: ["cq-1"], dryRun: true }) { clusters { cluster } } }' });
      expect(JSON.parse(a.text).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stats().compiledRuns).toBe(before.compiledRuns);
    expect(stats().interpretedRuns - before.interpretedRuns).toBe(2);
  });
});
