/**
 * `--production` as clients meet it (startGateway's `introspection: false`, `graphiql: false`),
 * beside a gateway with the defaults over the same simulated clusters: introspection is refused
 * with a client error naming the flag, other queries run; a browser gets a 404 instead of the
 * GraphiQL page, and API requests (POST, GET with a query) are served as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTROSPECTION_OFF_MESSAGE } from '../../../src/server/formatError.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const INTROSPECTION = '{ __schema { queryType { name } } }';

let production: FleetGateway;
let open: Gateway;

beforeAll(async () => {
  production = await startFleetGateway({ sim: { clusters: 1, namePrefix: 'prod', nodes: 1, pods: 2 }, gateway: { introspection: false, graphiql: false } });
  open = await startGatewayFromKubeconfig({ kubeconfigPath: production.kubeconfigPath, port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await open?.stop();
  await production?.stop();
});

describe('introspection off', () => {
  it.each([
    ['__schema', INTROSPECTION],
    ['__type', '{ __type(name: "Query") { name } }'],
    ['__schema in a fragment', 'query { ...F } fragment F on Query { __schema { types { name } } }'],
  ])('refuses %s with a client error naming the flag, and runs nothing', async (_what, query) => {
    const answer = await production.query(query);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([expect.objectContaining({ message: INTROSPECTION_OFF_MESSAGE, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  it('answers 400 under application/graphql-response+json', async () => {
    const res = await fetch(production.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query: INTROSPECTION }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe(INTROSPECTION_OFF_MESSAGE);
  });

  it('still runs queries that do not introspect, __typename included', async () => {
    const answer = await production.query<{ __typename: string; clusters: Array<{ name: string }> }>('{ __typename clusters { name } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ __typename: 'Query', clusters: [{ name: 'prod-1' }] });
  });

  it('is on by default', async () => {
    const answer = await postGraphql<{ __schema: { queryType: { name: string } } }>(open.url, INTROSPECTION);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('GraphiQL off', () => {
  it.each(['/graphql', '/'])('answers a browser\'s GET of %s with a 404, not the page', async (path) => {
    const res = await fetch(new URL(path, production.gateway.url), { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).not.toContain('<html');
  });

  it('says why at /graphql', async () => {
    const res = await fetch(production.gateway.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(((await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors).toEqual([{
      message: 'GraphiQL is off on this gateway (--graphiql off or --production); send GraphQL requests to this URL from a client', extensions: { code: 'NOT_FOUND' },
    }]);
  });

  it('serves none of its assets', async () => {
    const page = await (await fetch(open.url, { headers: { accept: BROWSER_ACCEPT } })).text();
    const asset = /(?:src|href)="(\/graphiql\/[^"]+)"/.exec(page)?.[1];
    expect(asset).toBeDefined();
    expect((await fetch(new URL(asset!, open.url))).status).toBe(200);
    expect((await fetch(new URL(asset!, production.gateway.url))).status).toBe(404);
  });

  it('still answers GraphQL over GET with a query and over POST', async () => {
    const url = new URL(production.gateway.url);
    url.searchParams.set('query', '{ clusters { name } }');
    const res = await fetch(url, { headers: { accept: `application/json, ${BROWSER_ACCEPT}`, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { clusters: [{ name: 'prod-1' }] } });
    expect((await production.query('{ clusters { name } }')).data).toEqual({ clusters: [{ name: 'prod-1' }] });
  });

  it('is served by default', async () => {
    const res = await fetch(open.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
  });
});
