/**
 * Authentication with a token file, as clients meet it on a real gateway (port 0) over a
 * simulated cluster: HTTP without, with a wrong and with a right bearer token (401 with
 * WWW-Authenticate and no data; 200 with data), /metrics behind the token and the probes open,
 * graphql-http's audit passing with a token, the real graphql-ws client refused with 4401 without
 * credentials and subscribing with them, and no token in any log line written meanwhile.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { serverAudits } from 'graphql-http';
import { CloseCode, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { TokenFile } from '../../../src/auth/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

const GOOD = 'ci-7f3a9c2e1b4d6f80';
const OTHER = 'ops-0b1c2d3e4f5a6b7c';
const WRONG = 'wrong-5e6f7a8b9c0d1e2f';

let fg: FleetGateway;
let dir: string;
let logs = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-auth-'));
  const path = join(dir, 'tokens.csv');
  await writeFile(path, `${GOOD},ci-bot,1001,"deployers,readers"\n${OTHER},ops,1002\n`);
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs += chunk.toString(); done(); } });
  fg = await startFleetGateway({
    sim: { clusters: 1, namePrefix: 'au', nodes: 1, clusterDefaults: { controllers: false } },
    gateway: { authenticator: await TokenFile.load(path), logger: createLogger('debug', sink) },
  });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

const QUERY = JSON.stringify({ query: '{ clusters { name } }' });
const post = (authorization?: string) => fetch(fg.gateway.url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
  body: QUERY,
});

describe('HTTP', () => {
  test.each([
    ['no Authorization header', undefined, 'Bearer realm="fleetgraph"', 'authentication required: send Authorization: Bearer <token>'],
    ['a wrong token', `Bearer ${WRONG}`, 'Bearer realm="fleetgraph", error="invalid_token"', 'the bearer token was not accepted'],
    ['a right token under another scheme', `Basic ${GOOD}`, 'Bearer realm="fleetgraph", error="invalid_token"', 'the bearer token was not accepted'],
    ['a token without its scheme', GOOD, 'Bearer realm="fleetgraph", error="invalid_token"', 'the bearer token was not accepted'],
  ])('%s: 401, WWW-Authenticate: Bearer, no data', async (_what, authorization, challenge, message) => {
    const res = await post(authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(challenge);
    expect(await res.json()).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  test('GET /graphql needs the token too', async () => {
    const url = `${fg.gateway.url}?query=${encodeURIComponent('{ clusters { name } }')}`;
    expect((await fetch(url, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(401);
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${GOOD}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { clusters: [{ name: 'au-1' }] } });
  });

  test('the right token (either one, any case of the scheme): 200 with data', async () => {
    for (const authorization of [`Bearer ${GOOD}`, `bearer ${OTHER}`]) {
      const res = await post(authorization);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { clusters: [{ name: 'au-1' }] } });
    }
  });

  test('/metrics (its labels name every cluster) needs the token; /healthz and /readyz stay open', async () => {
    const base = fg.gateway.url.replace(/\/graphql$/, '');
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="fleetgraph"');
    expect(await refused.text()).not.toContain('fleetgraph_');
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${GOOD}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# HELP fleetgraph_');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  test('the GraphiQL page itself stays public (it holds no data; its requests carry the token)', async () => {
    const res = await fetch(fg.gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('the graphql-http server audit with a bearer token', () => {
  const withToken = (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${GOOD}`);
    return fetch(input, { ...init, headers });
  };
  const audits = serverAudits({ url: () => fg.gateway.url, fetchFn: withToken });
  test.each(audits.filter((a) => !a.name.startsWith('MAY ')).map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });
});

describe('graphql-ws', () => {
  const wsUrl = () => fg.gateway.url.replace(/^http/, 'ws');

  /** How the client's connection ended, or the first event of a subscription. */
  let created = 0;
  // ConfigMaps are created until the subscription delivers one (its watch starts after subscribing).
  function firstOutcome(connectionParams?: Record<string, unknown>): Promise<{ closed: number } | { data: unknown }> {
    const cluster = fg.sim.clusters[0]!;
    let timer: NodeJS.Timeout | undefined;
    return new Promise<{ closed: number } | { data: unknown }>((resolve) => {
      const client = createClient({
        url: wsUrl(), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams,
        on: {
          closed: (event) => resolve({ closed: (event as { code: number }).code }),
          connected: () => {
            timer = setInterval(() => cluster.registry.create(R.configmaps, { metadata: { name: `auth-${++created}`, namespace: 'default' }, data: {} }), 200);
          },
        },
      });
      client.subscribe({ query: 'subscription { resourceChanges(kind: "ConfigMap", namespace: "default") { type cluster } }' }, {
        next: (value) => {
          resolve({ data: value.data });
          void client.dispose();
        },
        error: () => undefined,
        complete: () => undefined,
      });
    }).finally(() => clearInterval(timer));
  }

  test.each([
    ['no connectionParams', undefined],
    ['connectionParams without authorization', { token: GOOD }],
    ['a wrong token', { authorization: `Bearer ${WRONG}` }],
    ['a token without its scheme', { authorization: GOOD }],
  ])('%s: closed with 4401 (CloseCode.Unauthorized), no data', async (_what, params) => {
    expect(CloseCode.Unauthorized).toBe(4401);
    expect(await firstOutcome(params)).toEqual({ closed: 4401 });
  });

  test('with the token in connectionParams.authorization the subscription delivers', async () => {
    expect(await firstOutcome({ authorization: `Bearer ${GOOD}` })).toEqual({ data: { resourceChanges: { type: 'ADDED', cluster: 'au-1' } } });
    expect(await firstOutcome({ Authorization: `Bearer ${OTHER}` })).toEqual({ data: { resourceChanges: { type: 'ADDED', cluster: 'au-1' } } });
  });
});

describe('logs', () => {
  test('hold no token, after all the above (refused and accepted requests, both transports, at debug level)', async () => {
    // A request that fails inside GraphQL, with a token, so an error path is logged too.
    await post(`Bearer ${GOOD}`);
    await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${WRONG}` }, body: '{"query":"{"}' });
    await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${GOOD}` }, body: '{"query":"{ nope }"}' });
    expect(logs.length).toBeGreaterThan(0);
    for (const token of [GOOD, OTHER, WRONG]) expect(logs).not.toContain(token);
  });
});
