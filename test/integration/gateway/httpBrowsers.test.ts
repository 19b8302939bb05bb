/**
 * The gateway as browsers meet it: CORS for configured origins only (preflight and answers), the
 * Host check that stops DNS rebinding on a loopback bind, CSRF prevention on GET with a message
 * saying what to send, and /favicon.ico. Real servers on port 0, real fetch (and raw http where
 * a header fetch will not let us set, such as Host).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hostGuard } from '../../../src/server/hostGuard.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { markTraffic } from './traffic.ts';

const APP = 'http://localhost:5173';
let fg: FleetGateway;

beforeAll(async () => {
  fg = await startFleetGateway({
    sim: { clusters: 1, namePrefix: 'br', nodes: 1 },
    gateway: { corsOrigins: [APP, 'https://app.example.com'], allowedHosts: ['fleet.internal'] },
  });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

const corsHeaders = (res: Response): Record<string, string> =>
  Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-')));

describe('CORS (--cors-origin)', () => {
  const preflight = (origin: string) => fetch(fg.gateway.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, apollo-require-preflight, authorization' },
  });

  test('a preflight from an allowed origin succeeds with the methods and the headers GraphQL clients send', async () => {
    const res = await preflight(APP);
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, accept, apollo-require-preflight, x-apollo-operation-name, authorization',
      'access-control-max-age': '600',
    });
    expect(res.headers.get('vary')).toBe('Origin');
  });

  test('a preflight from another origin gets no CORS headers, and asks no cluster', async () => {
    const traffic = markTraffic(fg);
    for (const origin of ['http://localhost:5174', 'https://app.example.com.attacker.example', 'null', 'http://LOCALHOST:5173']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(corsHeaders(res), origin).toEqual({});
    }
    expect(traffic.clusterTotal()).toBe(0);
  });

  test('a query from an allowed origin is answered with Access-Control-Allow-Origin and Vary: Origin; one from another origin without', async () => {
    const ask = (origin: string) => fetch(fg.gateway.url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ clusters { name } }' }) });
    const allowed = await ask('https://app.example.com');
    expect(allowed.status).toBe(200);
    expect(corsHeaders(allowed)).toEqual({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-expose-headers': 'Retry-After' });
    expect(allowed.headers.get('vary')).toBe('Origin');
    expect(await allowed.json()).toEqual({ data: { clusters: [{ name: 'br-1' }] } });
    const other = await ask('https://evil.example');
    expect(corsHeaders(other)).toEqual({});
    expect(other.headers.get('vary')).toBe('Origin');
  });

  test('never allows credentials', async () => {
    const res = await preflight(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('a gateway started without --cors-origin answers no origin', async () => {
    const plain = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent' });
    try {
      const res = await fetch(plain.url, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } });
      expect(res.status).toBe(204);
      expect(corsHeaders(res)).toEqual({});
      expect(res.headers.get('vary')).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});

/** One request with the Host header we choose (fetch sets its own). */
function withHost(gateway: Gateway, host: string, path = '/graphql?query=%7Bclusters%7Bname%7D%7D'): Promise<{ status: number; body: string }> {
  const url = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, headers: { host, 'apollo-require-preflight': 'true' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('DNS rebinding: the Host check on a loopback bind', () => {
  test.each(['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]', 'fleet.internal', 'Fleet.Internal'])('Host %s (with the port) is served', async (name) => {
    const { port } = new URL(fg.gateway.url);
    const res = await withHost(fg.gateway, `${name}:${port}`);
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { clusters: [{ name: 'br-1' }] } });
  });

  test.each(['attacker.example', 'attacker.example:4103', 'localhost.attacker.example', '127.0.0.1.nip.io', 'fleet.internal.attacker.example'])(
    'Host %s is refused with 403 and a message naming it and the way to allow a name, before any cluster is asked',
    async (host) => {
      const traffic = markTraffic(fg);
      const res = await withHost(fg.gateway, host);
      expect(res.status).toBe(403);
      const name = host.replace(/:\d+$/, '');
      expect(JSON.parse(res.body)).toEqual({ errors: [{
        message: `Host "${name}" is not served: this gateway listens on a loopback address and answers only Host localhost, 127.0.0.1 or [::1], to stop DNS-rebinding web pages from reading it. To reach it under another name, start it with --allowed-host ${name}`,
        extensions: { code: 'BAD_REQUEST' },
      }] });
      expect(traffic.clusterTotal()).toBe(0);
    },
  );

  test('covers every path, not only /graphql (metrics and GraphiQL show the fleet too)', async () => {
    for (const path of ['/metrics', '/', '/readyz']) expect((await withHost(fg.gateway, 'attacker.example', path)).status, path).toBe(403);
  });

  test('a gateway bound to a non-loopback address leaves Host to the network in front of it', () => {
    const check = hostGuard({ bindHost: '0.0.0.0' });
    expect(check({ headers: { host: 'attacker.example' } } as http.IncomingMessage)).toBeUndefined();
    expect(hostGuard({ bindHost: 'localhost' })({ headers: { host: 'attacker.example' } } as http.IncomingMessage)).toMatch(/^Host "attacker.example" is not served/);
  });
});

describe('CSRF prevention on GET', () => {
  const query = encodeURIComponent('{ clusters { name } }');

  test('a GET with only an accept header (urql\'s default) is refused with what to send, and asks no cluster', async () => {
    const traffic = markTraffic(fg);
    const res = await fetch(`${fg.gateway.url}?query=${query}`, { headers: { accept: 'application/graphql-response+json, application/json' } });
    expect(res.status).toBe(400);
    const body = await res.json() as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]?.message).toMatch(/^a GET request to \/graphql must carry the header `apollo-require-preflight: true` \(or a `content-type: application\/json` header\)\. /);
    expect(body.errors[0]?.message).toContain('docs/http.md');
    expect(body.errors[0]?.message).not.toContain('potential Cross-Site Request Forgery');
    expect(traffic.clusterTotal()).toBe(0);
  });

  test.each<Record<string, string>>([{ 'apollo-require-preflight': 'true' }, { 'x-apollo-operation-name': 'Q' }, { 'content-type': 'application/json' }])('a GET with %j is answered', async (headers) => {
    const res = await fetch(`${fg.gateway.url}?query=${query}`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { clusters: [{ name: 'br-1' }] } });
  });
});

describe('/favicon.ico', () => {
  test('is an empty 204 a browser may cache, not a 404', async () => {
    const res = await fetch(fg.gateway.url.replace(/\/graphql$/, '/favicon.ico'));
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await res.text()).toBe('');
  });
});
