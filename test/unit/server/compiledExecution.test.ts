/**
 * The compiled-query cache (src/server/compiledExecution.ts) driven directly with a small schema:
 * it is bounded (least recently used dropped first), compiles on the configured sighting, answers
 * as graphql-js does (errors rebuilt as complete GraphQLErrors Apollo can format), and leaves
 * mutations and too-large operations to graphql-js. And expandedFieldCount, its size guard.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { createHash } from 'node:crypto';
import { execute, getOperationAST, GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, test } from 'vitest';
import { CompiledExecution, type GatewayGraphQLRequestContext } from '../../../src/server/compiledExecution.ts';
import { expandedFieldCount } from '../../../src/server/expandedFieldCount.ts';

class Refused extends Error {
  extensions = { code: 'BAD_USER_INPUT' };
}

const schema = makeExecutableSchema({
  typeDefs: `
    type Query { items(n: Int!): [Item!]! item: Item boom: Item later: String hello(name: String!): String! }
    type Mutation { touch: Int! }
    interface Named { name: String! }
    type Item implements Named { name: String! broken: String size: Int! }
  `,
  resolvers: {
    Query: {
      items: (_: unknown, { n }: { n: number }) => Array.from({ length: n }, (_, i) => ({ name: `i${i}`, size: i })),
      item: () => ({ name: 'one', size: 1 }),
      boom: () => { throw new Refused('no item for you'); },
      later: async () => 'soon',
      hello: (_: unknown, { name }: { name: string }) => `hello ${name}`,
    },
    Mutation: { touch: () => 1 },
    Item: { broken: () => { throw new Error('broken field'); } },
    Named: { __resolveType: () => 'Item' },
  },
});

function request(query: string, variables: Record<string, unknown> = {}, operationName?: string): GatewayGraphQLRequestContext {
  const document = parse(query);
  const operation = getOperationAST(document, operationName) as OperationDefinitionNode;
  return {
    request: { query, variables, operationName }, document, operation, source: query,
    operationName: operation.name?.value ?? null, queryHash: createHash('sha256').update(query).digest('hex'), context: {},
  } as unknown as GatewayGraphQLRequestContext;
}

describe('CompiledExecution', () => {
  test('answers like graphql-js, errors included (complete GraphQLErrors with path, locations, original error and extensions)', async () => {
    const exec = new CompiledExecution(schema, { compileOnSighting: 1 });
    const query = '{ items(n: 3) { __typename name size broken } item { ... on Named { name } } boom { name } later }';
    const compiled = await exec.execute(request(query));
    expect(exec.stats.compiledRuns).toBe(1);
    const reference = await execute({ schema, document: parse(query) });
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(JSON.parse(JSON.stringify(reference)));
    const boom = compiled.errors?.find((e) => e.path?.[0] === 'boom');
    expect(boom).toBeInstanceOf(GraphQLError);
    expect(boom?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(boom?.originalError).toBeInstanceOf(Refused);
    expect(boom?.locations).toEqual([{ line: 1, column: 78 }]);
    const broken = compiled.errors?.find((e) => e.path?.[0] === 'items');
    expect(broken?.extensions).toEqual({});
    expect(broken?.path).toEqual(['items', 0, 'broken']);
  });

  test('compiles on the configured sighting, and variables are coerced by graphql-js first', async () => {
    const exec = new CompiledExecution(schema);
    const query = 'query H($name: String!) { hello(name: $name) }';
    expect(await exec.execute(request(query, { name: 'a' }))).toEqual({ data: { hello: 'hello a' } });
    expect(exec.stats).toMatchObject({ compiledRuns: 0, interpretedRuns: 1, compilations: 0 });
    expect(await exec.execute(request(query, { name: 'b' }))).toEqual({ data: { hello: 'hello b' } });
    expect(exec.stats).toMatchObject({ compiledRuns: 1, interpretedRuns: 1, compilations: 1 });
    const bad = await exec.execute(request(query, { name: 3 }));
    const reference = await execute({ schema, document: parse(query), variableValues: { name: 3 } });
    expect(bad.data).toBeUndefined();
    expect(bad.errors?.map((e) => e.message)).toEqual(reference.errors?.map((e) => e.message));
  });

  test('keeps at most maxEntries operations, dropping the least recently used', async () => {
    const exec = new CompiledExecution(schema, { maxEntries: 3, compileOnSighting: 1 });
    const q = (i: number) => `{ items(n: ${i}) { name } }`;
    for (let i = 0; i < 3; i++) await exec.execute(request(q(i)));
    await exec.execute(request(q(0))); // used again: now the most recent
    for (let i = 3; i < 10; i++) await exec.execute(request(q(i)));
    expect(exec.stats.entries).toBe(3);
    expect(exec.stats.compilations).toBe(10);
    await exec.execute(request(q(9)));
    expect(exec.stats.compilations).toBe(10); // still held
    await exec.execute(request(q(0)));
    expect(exec.stats.compilations).toBe(11); // dropped, compiled again
    expect(exec.stats.entries).toBe(3);
  });

  test('holds at most maxHeldFields fields of compiled queries, dropping the least recently used', async () => {
    const exec = new CompiledExecution(schema, { maxFields: 5, maxHeldFields: 10, compileOnSighting: 1 });
    const q = (i: number) => `{ items(n: ${i}) { name size } }`; // 3 fields each
    for (let i = 0; i < 5; i++) await exec.execute(request(q(i)));
    expect(exec.stats).toMatchObject({ compilations: 5, entries: 3, heldFields: 9 });
    await exec.execute(request(q(4)));
    expect(exec.stats.compilations).toBe(5);
    await exec.execute(request(q(0)));
    expect(exec.stats).toMatchObject({ compilations: 6, entries: 3, heldFields: 9 });
  });

  test('mutations and operations over maxFields run through graphql-js', async () => {
    const exec = new CompiledExecution(schema, { compileOnSighting: 1, maxFields: 5 });
    expect(await exec.execute(request('mutation { touch }'))).toEqual({ data: { touch: 1 } });
    expect(await exec.execute(request('{ items(n: 1) { name size } item { name size } }'))).toEqual({
      data: { items: [{ name: 'i0', size: 0 }], item: { name: 'one', size: 1 } },
    });
    expect(exec.stats).toMatchObject({ compiledRuns: 0, interpretedRuns: 2, compilations: 0 });
  });
});

describe('expandedFieldCount', () => {
  test('counts fields with fragments written out, in linear time however large', () => {
    const count = (q: string) => { const d = parse(q); return expandedFieldCount(d, getOperationAST(d) as OperationDefinitionNode); };
    expect(count('{ items(n: 1) { name ... on Item { size } } item { ...F } } fragment F on Item { name size }')).toBe(6);
    const defs = ['fragment F0 on Item { name }'];
    for (let i = 1; i <= 40; i++) defs.push(`fragment F${i} on Item { ...F${i - 1} ...F${i - 1} }`);
    expect(count(`${defs.join('\n')}\n{ item { ...F40 } }`)).toBe(1 + 2 ** 40);
  });
});
