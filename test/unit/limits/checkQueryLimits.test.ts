/**
 * The query limits as pure logic: the schema the gateway serves, a fleet of named clusters, and
 * the abusive documents of issue 7 next to the queries users really send.
 */
import { buildSchema, parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { checkQueryLimits, DEFAULT_QUERY_LIMITS, type FleetView } from '../../../src/limits/index.ts';
import { loadTypeDefs } from '../../../src/server/createSchema.ts';
import { deepJoins, distinctSelectorAliases, doubledFragments, nestedAliases, README_QUERIES, DASHBOARD } from './abusiveQueries.ts';

// The SDL alone: the limits read types and arguments, never resolvers.
const schema = buildSchema(loadTypeDefs().join('\n'));
const fleet = (n: number): FleetView => {
  const names = Array.from({ length: n }, (_, i) => `c${i}`);
  return {
    clusterNames: names,
    select: (by) => {
      if (by.clusterNames) return names.filter((c) => by.clusterNames!.includes(c));
      if (by.clusters === 'few') return names.slice(0, 1);
      return names;
    },
  };
};
const check = (q: string, opts: { clusters?: number; limits?: Partial<typeof DEFAULT_QUERY_LIMITS>; variables?: Record<string, unknown> } = {}) =>
  checkQueryLimits(schema, parse(q, { maxTokens: 1e6 }), opts.variables, undefined, fleet(opts.clusters ?? 4), { ...DEFAULT_QUERY_LIMITS, ...opts.limits });

describe('checkQueryLimits', () => {
  test('lets the README examples and the dashboard through on a 50-cluster fleet', () => {
    for (const q of [...README_QUERIES, DASHBOARD]) expect(check(q, { clusters: 50 })).toEqual([]);
  });

  test('refuses 21 levels of node/pod joins by depth, naming the limit and the flag', () => {
    const [e] = check(deepJoins(10));
    expect(e?.message).toMatch(/^query depth \d+ exceeds the limit 8 \(--max-depth\)/);
    expect(e?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('prices nested joins under the depth limit by what they multiply', () => {
    const [e] = check(deepJoins(10), { limits: { maxDepth: 100 } });
    expect(e?.message).toMatch(/^query cost \d+ exceeds the limit 2000000 \(--max-cost\)/);
    // Fewer clusters selected, lower price: the selector is resolved against the fleet.
    const one = check('{ nodes(clusters: "few") { pods { node { pods { name } } } } }', { clusters: 50, limits: { maxCost: 150_000 } });
    const all = check('{ nodes { pods { node { pods { name } } } } }', { clusters: 50, limits: { maxCost: 150_000 } });
    expect(one).toEqual([]);
    expect(all[0]?.message).toMatch(/across 50 cluster/);
  });

  test('resolves the cluster selector from variables', () => {
    const q = 'query($c: [String!]) { nodes(clusterNames: $c) { pods { node { pods { name } } } } }';
    expect(check(q, { clusters: 50, limits: { maxCost: 150_000 }, variables: { c: ['c1'] } })).toEqual([]);
    expect(check(q, { clusters: 50, limits: { maxCost: 150_000 } })).toHaveLength(1);
  });

  test('refuses 30×30×30 nested aliases', () => {
    const [e] = check(nestedAliases(30));
    expect(e?.message).toMatch(/^query aliases \d+ exceeds the limit 15 \(--max-aliases\)/);
    const [c] = check(nestedAliases(30), { limits: { maxAliases: 1e9 } });
    expect(c?.message).toMatch(/^query cost/);
  });

  test('refuses doubled fragments by their expanded cost, in time linear in the document', () => {
    const [e] = check(doubledFragments(30));
    expect(e?.message).toMatch(/^query cost \d+ exceeds the limit/);
  });

  test('prices each alias with a distinct selector as its own LISTs', () => {
    const errors = check(distinctSelectorAliases(376), { limits: { maxAliases: 1e9 } });
    expect(errors.map((e) => e.message).join('\n')).toMatch(/query needs 376 upstream calls to cluster c0, over the limit 50 per cluster per request \(--max-upstream-calls\)/);
    // The same selector twice is one LIST (the loaders de-duplicate it): not priced twice.
    expect(check('{ a: pods(labelSelector: "x=1") { totalCount } b: pods(labelSelector: "x=1") { totalCount } }', { limits: { maxUpstreamCallsPerCluster: 1 } })).toEqual([]);
  });

  test('leaves a request whose variables do not coerce to graphql-js, which refuses it before anything runs', () => {
    const q = `query($c: [String!]) { ${Array.from({ length: 20 }, (_, i) => `a${i}: clusters(clusterNames: $c) { name }`).join(' ')} }`;
    expect(check(q, { variables: { c: { not: 'a list' } } })).toEqual([]);
    expect(check(q, { variables: { c: ['c1'] } })[0]?.message).toMatch(/^query aliases 20 exceeds the limit 15/);
  });
});
