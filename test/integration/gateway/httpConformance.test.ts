/**
 * GraphQL over HTTP as the spec says: graphql-http's server audit (the reference implementation's
 * own checks) against a real gateway on port 0. Every MUST and SHOULD passes; MAYs are reported
 * by the audit as notices only and are not asserted.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

let fg: FleetGateway;

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: 1, namePrefix: 'gh', nodes: 1 } });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

describe('the graphql-http server audit', () => {
  const audits = serverAudits({ url: () => fg.gateway.url });

  test('has MUST and SHOULD audits to run', () => {
    expect(audits.filter((a) => a.name.startsWith('MUST ')).length).toBeGreaterThanOrEqual(13);
    expect(audits.filter((a) => a.name.startsWith('SHOULD ')).length).toBeGreaterThanOrEqual(23);
  });

  test.each(audits.filter((a) => !a.name.startsWith('MAY ')).map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });
});

describe('status codes by media type, as the audit wants them', () => {
  const cases = [
    ['a parse failure', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
    ['a validation failure', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable that does not coerce', { query: 'query ($n: [String!]) { clusters(clusterNames: $n) { name } }', variables: { n: { not: "a list" } } }, 'BAD_USER_INPUT'],
  ] as const;

  test.each(cases)('%s is 200 under application/json and 400 under application/graphql-response+json', async (_what, body, code) => {
    const ask = (accept: string) => fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
    const legacy = await ask('application/json');
    expect({ status: legacy.status, type: legacy.headers.get('content-type') }).toEqual({ status: 200, type: 'application/json; charset=utf-8' });
    expect((await legacy.json() as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe(code);
    const modern = await ask('application/graphql-response+json');
    expect({ status: modern.status, type: modern.headers.get('content-type') }).toEqual({ status: 400, type: 'application/graphql-response+json; charset=utf-8' });
    expect((await modern.json() as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe(code);
  });

  test('a request that is not well-formed (no query) stays 400 under application/json', async () => {
    const res = await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ variables: {} }) });
    expect(res.status).toBe(400);
  });
});
