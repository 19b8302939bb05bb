/**
 * Client mistakes over HTTP are client errors (4xx, BAD_REQUEST / BAD_USER_INPUT), never
 * INTERNAL_SERVER_ERROR and never logged as bugs: a subscription over POST or GET, more than 50
 * variable-coercion errors, an unknown operationName (a huge one is not echoed or logged whole),
 * and a reply larger than the configured maximum (RESPONSE_TOO_LARGE instead of V8's
 * "Invalid string length" HTTP 500).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/server/logger.ts';
import { startGatewayFromKubeconfig } from '../../../src/server/startGateway.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { markTraffic } from './traffic.ts';

let fg: FleetGateway;
let logText = '';

beforeAll(async () => {
  const sink = new Writable({ write(chunk, _enc, done) { logText += String(chunk); done(); } });
  fg = await startFleetGateway({ sim: { clusters: 2, namePrefix: 'cm', nodes: 2, pods: 6 }, gateway: { logger: createLogger('info', sink) } });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

interface Answer { status: number; text: string; body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } }

async function post(body: unknown, url = fg.gateway.url): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Answer['body'] };
}

const logLines = () => logText.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { level: number; msg: string });
const errorsLogged = () => logLines().filter((l) => l.level >= 50).length;

const SUBSCRIPTION_MESSAGE = 'subscriptions are not served over HTTP POST or GET: open a WebSocket to ws://HOST:PORT/graphql (wss:// behind TLS) with the graphql-ws protocol (graphql-transport-ws), e.g. graphql-ws\'s createClient or GraphiQL';

describe('a subscription sent as an HTTP request', () => {
  test('over POST: 400 BAD_REQUEST saying subscriptions are served over graphql-ws, asking no cluster', async () => {
    const traffic = markTraffic(fg);
    const before = errorsLogged();
    const a = await post({ query: 'subscription { clusterStatus { cluster } }' });
    expect(a.status).toBe(400);
    expect(a.body.errors).toEqual([{ message: SUBSCRIPTION_MESSAGE, extensions: { code: 'BAD_REQUEST' } }]);
    expect(traffic.clusterTotal()).toBe(0);
    expect(errorsLogged()).toBe(before);
  });

  test('over GET: 405 with the same message', async () => {
    const res = await fetch(`${fg.gateway.url}?query=${encodeURIComponent('subscription { clusterStatus { cluster } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await res.json() as Answer['body']).errors).toEqual([{ message: SUBSCRIPTION_MESSAGE, extensions: { code: 'BAD_REQUEST' } }]);
  });
});

test('more than 50 variables that do not coerce: BAD_USER_INPUT for each, then graphql-js\'s limit, all as client errors', async () => {
  const n = 60;
  const query = `query (${Array.from({ length: n }, (_, i) => `$v${i}: [String!]`).join(', ')}) { ${Array.from({ length: n }, (_, i) => `c${i}: clusters(clusterNames: $v${i}) { name }`).join(' ')} }`;
  const variables = Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, { not: 'a list' }]));
  const before = errorsLogged();
  const a = await post({ query, variables });
  expect(a.status).toBe(200);
  const codes = new Set(a.body.errors?.map((e) => e.extensions?.code));
  expect([...codes]).toEqual(['BAD_USER_INPUT']);
  expect(a.body.errors?.at(-1)?.message).toBe('Too many errors processing variables, error limit reached. Execution aborted.');
  expect(errorsLogged()).toBe(before);
});

describe('an operationName the document does not have', () => {
  test('is a 400 BAD_REQUEST naming it', async () => {
    const before = errorsLogged();
    const a = await post({ query: 'query Dashboard { clusters { name } }', operationName: 'Dashbaord' });
    expect(a.status).toBe(400);
    expect(a.body.errors).toEqual([{ message: 'Unknown operation named "Dashbaord".', extensions: { code: 'BAD_REQUEST' } }]);
    expect(errorsLogged()).toBe(before);
  });

  test('a 400 KB name is echoed and logged as a short prefix only', async () => {
    const name = `Q${'x'.repeat(400_000)}`;
    const logBefore = logText.length;
    const a = await post({ query: 'query Q { clusters { name } }', operationName: name });
    expect(a.status).toBe(400);
    expect(a.body.errors).toHaveLength(1);
    expect(a.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(a.body.errors?.[0]?.message).toMatch(/^Unknown operation named "Qxxx+…\(message cut at 200 characters\)$/);
    expect(a.text.length).toBeLessThan(1000);
    expect(logText.length - logBefore).toBeLessThan(2000);
  });

  test('a valid operation with a 400 KB name is answered, and its log line carries a prefix of the name', async () => {
    const name = `Q${'x'.repeat(400_000)}`;
    const logBefore = logText.length;
    const a = await post({ query: `query ${name} { clusters { name } }`, operationName: name });
    expect(a.status).toBe(200);
    expect(a.body.errors).toBeUndefined();
    expect(logText.length - logBefore).toBeLessThan(2000);
  });
});

describe('the response-size guard (maxResponseBytes)', () => {
  test('a reply over the maximum is a RESPONSE_TOO_LARGE error saying the limit and what to do; a small one is answered', async () => {
    const gateway = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent', maxResponseBytes: 2048 });
    try {
      const small = await post({ query: '{ clusters { name } }' }, gateway.url);
      expect(small).toMatchObject({ status: 200, body: { data: { clusters: [{ name: 'cm-1' }, { name: 'cm-2' }] } } });
      const big = await post({ query: '{ pods { edges { node { name namespace labels { key value } cluster { name } } } } }' }, gateway.url);
      expect(big.status).toBe(200);
      expect(big.body).toEqual({ data: null, errors: [{
        message: 'the response is larger than this gateway\'s maximum of 2048 bytes (--max-response-bytes): select fewer fields, narrow the clusters or namespace, or page through lists with `first`/`after`',
        extensions: { code: 'RESPONSE_TOO_LARGE' },
      }] });
      expect(big.text.length).toBeLessThan(2048);
      // The same query under the default maximum is answered whole.
      const whole = await post({ query: '{ pods { edges { node { name namespace labels { key value } cluster { name } } } } }' });
      expect(whole.body.errors).toBeUndefined();
      expect(whole.text.length).toBeGreaterThan(2048);
    } finally {
      await gateway.stop();
    }
  });
});
