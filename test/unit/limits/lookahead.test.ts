/**
 * Look-ahead over doubled fragments: 40 levels of `fragment Fi { ...F(i-1) ...F(i-1) }` expand to
 * 2^40 selections; the look-ahead must still answer (linear in the document, not in the
 * expansion): before the memo, 26 levels took 8 s and 40 would never finish.
 */
import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { expect, test } from 'vitest';
import { selects } from '../../../resolvers/lookahead.ts';

const schema = buildSchema('type Query { pods: [Pod!]! } type Pod { name: String! owner: Owner } type Owner { kind: String! }');

function doubled(n: number, leaf: string): string {
  const defs = [`fragment F0 on Pod { ${leaf} }`];
  for (let i = 1; i <= n; i++) defs.push(`fragment F${i} on Pod { ...F${i - 1} ...F${i - 1} }`);
  return `${defs.join('\n')}\n{ pods { ...F${n} } }`;
}

async function lookahead(query: string): Promise<{ owner: boolean; kind: boolean; missing: boolean }> {
  let seen = { owner: false, kind: false, missing: false };
  await execute({
    schema, document: parse(query),
    rootValue: { pods: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
      seen = { owner: selects(info, 'owner'), kind: selects(info, 'owner', 'kind'), missing: selects(info, 'node') };
      return [];
    } },
  });
  return seen;
}

test('finds a field behind 40 levels of doubled fragments, and says no for one that is absent', async () => {
  expect(await lookahead(doubled(40, 'name owner { kind }'))).toEqual({ owner: true, kind: true, missing: false });
});

test('finds a field reached through inline fragments and a fragment used at two levels', async () => {
  const q = 'fragment O on Owner { kind } fragment P on Pod { owner { ...O } } { pods { ... on Pod { ...P } } }';
  expect(await lookahead(q)).toEqual({ owner: true, kind: true, missing: false });
});
