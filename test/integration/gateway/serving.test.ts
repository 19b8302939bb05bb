/**
 * The gateway as an HTTP service: liveness and readiness through its life (loading, ready,
 * stopping), Prometheus metrics, GraphiQL from local assets, 404s, CSRF prevention (what a refused request is told),
 * masking of unexpected errors, and a graceful stop that lets
 * an in-flight query finish while refusing new connections.
 */
import http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadClusterSpecs } from '../../../src/fleet/loadClusterSpecs.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startGateway, startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { markTraffic, nsName, oneListEach, truth } from './traffic.ts';

const CLUSTERS = ['sv-1', 'sv-2'];
const clock = new ManualClock();
let fg: FleetGateway;
let base: string;
let logText = '';

beforeAll(async () => {
  const sink = new Writable({ write(chunk, _enc, done) { logText += String(chunk); done(); } });
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 2, pods: 4, clock },
    gateway: { logger: createLogger('info', sink) },
  });
  base = fg.gateway.url.replace(/\/graphql$/, '');
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; type: string | null; body: unknown }> {
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

describe('health and readiness', () => {
  test('/healthz answers 200 while the gateway runs', async () => {
    expect(await getJson(`${base}/healthz`)).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok' } });
  });

  test('/readyz is 503 "loading" until the fleet is loaded, and GraphQL says so; both are ready after gateway.load', async () => {
    const gateway = await startGateway({ port: 0, logLevel: 'silent' });
    try {
      const root = gateway.url.replace(/\/graphql$/, '');
      expect(gateway.state).toBe('loading');
      expect(await getJson(`${root}/readyz`)).toMatchObject({ status: 503, body: { status: 'loading' } });
      expect(await getJson(`${root}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
      const early = await getJson(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ clusters { name } }' }) });
      expect(early).toMatchObject({ status: 503, body: { errors: [{ message: 'the fleet is still loading; retry shortly', extensions: { code: 'UNAVAILABLE' } }] } });

      gateway.load(await loadClusterSpecs({ kubeconfigPath: fg.kubeconfigPath, defaults: { timeoutMs: 5000, concurrency: 8 } }));
      expect(await getJson(`${root}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready', clusters: 2 } });
      const ready = await postGraphql<{ clusters: Array<{ name: string }> }>(gateway.url, '{ clusters { name } }');
      expect(ready.data).toEqual({ clusters: [{ name: 'sv-1' }, { name: 'sv-2' }] });
    } finally {
      await gateway.stop();
    }
  });
});

/** The value of one sample line of a Prometheus text exposition; 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  test('serves Prometheus text with upstream request counts and durations and GraphQL request counts that match the traffic', async () => {
    const before = await (await fetch(`${base}/metrics`)).text();
    const traffic = markTraffic(fg);
    const a = await fg.query('{ pods { totalCount } }');
    expect(a.errors).toBeUndefined();
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['pods']));

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE fleetgraph_upstream_requests_total counter');
    expect(text).toContain('# TYPE fleetgraph_upstream_request_duration_seconds histogram');
    expect(text).toContain('# TYPE fleetgraph_graphql_requests_total counter');
    const ok = 'fleetgraph_graphql_requests_total{operation="query",outcome="ok"}';
    expect(sample(text, ok) - sample(before, ok)).toBe(1);
    for (const c of CLUSTERS) {
      const lists = fg.gateway.upstream.count({ cluster: c, resource: 'pods', verb: 'list' });
      expect(lists).toBeGreaterThanOrEqual(1);
      expect(sample(text, `fleetgraph_upstream_requests_total{cluster="${c}",resource="pods",verb="list",outcome="ok"}`)).toBe(lists);
      expect(sample(text, `fleetgraph_upstream_request_duration_seconds_count{cluster="${c}",resource="pods",verb="list"}`)).toBe(lists);
      expect(sample(text, `fleetgraph_upstream_request_duration_seconds_bucket{le="+Inf",cluster="${c}",resource="pods",verb="list"}`)).toBe(lists);
    }
    // Process metrics carry the same prefix.
    expect(text).toMatch(/^fleetgraph_process_cpu_user_seconds_total \d/m);
  });
});

describe('GraphiQL', () => {
  const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  test.each(['/graphql', '/'])('GET %s from a browser is the GraphiQL page, which loads only this gateway\'s own assets', async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<title>fleetgraph · GraphiQL</title>');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBe(4);
    for (const ref of refs) {
      expect(ref).toMatch(/^\/graphiql\/[a-z.-]+\.(js|css)\?v=[\w-]+$/);
      const asset = await fetch(`${base}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('GET /graphql for a non-browser is left to Apollo, which wants a query', async () => {
    const res = await getJson(`${base}/graphql`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.');
  });
});

describe('requests the gateway refuses', () => {
  test('an unknown path is a 404 with a JSON error naming the path and where GraphQL is', async () => {
    expect(await getJson(`${base}/graphq`)).toEqual({
      status: 404, type: 'application/json; charset=utf-8',
      body: { errors: [{ message: 'no such path: /graphq (GraphQL is at /graphql)', extensions: { code: 'NOT_FOUND' } }] },
    });
  });

  const CSRF_TAIL = 'The gateway refuses requests that a web page on another site could make a browser send without asking (cross-site request forgery protection); a URL typed into the address bar is such a request: use GraphiQL at /graphql instead. See docs/http.md for what each client must send.';

  test.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'a POST with content-type %s (one a cross-site form can send) is refused as a possible CSRF, saying what to send, asking no cluster',
    async (type) => {
      const traffic = markTraffic(fg);
      const res = await getJson(fg.gateway.url, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify({ query: '{ pods { totalCount } }' }) });
      const message = `a POST request to /graphql must have \`content-type: application/json\` (got ${JSON.stringify(type)}) or carry the header \`apollo-require-preflight: true\`. ${CSRF_TAIL}`;
      expect(res).toEqual({ status: 400, type: 'application/json; charset=utf-8', body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } });
      expect(traffic.clusterTotal()).toBe(0);
    },
  );

  test('a GET query without a preflight header is refused with what to send; with one it is answered', async () => {
    const url = `${fg.gateway.url}?query=${encodeURIComponent('{ clusters { name } }')}`;
    const message = `a GET request to /graphql must carry the header \`apollo-require-preflight: true\` (or a \`content-type: application/json\` header). ${CSRF_TAIL}`;
    expect(await getJson(url)).toEqual({ status: 400, type: 'application/json; charset=utf-8', body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] } });
    expect(await getJson(url, { headers: { 'apollo-require-preflight': 'true' } })).toMatchObject({ status: 200, body: { data: { clusters: [{ name: 'sv-1' }, { name: 'sv-2' }] } } });
  });

  test('a body that is not JSON under a JSON content-type is a 400 BAD_REQUEST', async () => {
    const res = await getJson(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ clusters { name } }' });
    expect(res).toEqual({ status: 400, type: 'application/json; charset=utf-8', body: { errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] } });
  });

  test('a JSON body is read whatever the case of its media type (media types are case-insensitive)', async () => {
    for (const type of ['application/json', 'Application/JSON', 'APPLICATION/JSON; charset=UTF-8']) {
      const res = await getJson(fg.gateway.url, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify({ query: '{ clusters { name } }' }) });
      expect(res, type).toMatchObject({ status: 200, body: { data: { clusters: [{ name: 'sv-1' }, { name: 'sv-2' }] } } });
    }
  });

  test('a request body over 1 MiB is answered 413 BAD_REQUEST, which the client gets to read', async () => {
    const body = JSON.stringify({ query: '{ clusters { name } }', variables: { pad: 'x'.repeat(2 ** 21) } });
    const answer = await new Promise<{ status: number; body: unknown } | { error: string }>((resolve) => {
      const req = http.request(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { text += c.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      req.end(body);
    });
    expect(answer).toEqual({ status: 413, body: { errors: [{ message: 'request body over 1048576 bytes', extensions: { code: 'BAD_REQUEST' } }] } });
  });
});

describe('an unexpected error inside a resolver', () => {
  test('reaches the client as INTERNAL_SERVER_ERROR with an id only, and the log has the detail under the same id', async () => {
    // A Service port always has a number; this Service, put straight into the cluster's store,
    // has a port without one, so a non-null field meets a null the resolvers never expected.
    const store = fg.sim.cluster('sv-2').store;
    store.create('/services', {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'broken', namespace: 'default', uid: '00000000-0000-0000-0000-00000000beef', creationTimestamp: '2026-01-01T00:01:00Z' },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.99', ports: [{ name: 'web', protocol: 'TCP' }] },
    } as unknown as Parameters<typeof store.create>[1]);
    try {
      const res = await fetch(fg.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ broken: services(clusterNames: ["sv-2"], namespace: "default") { name ports { port } } }' }) });
      const text = await res.text();
      const body = JSON.parse(text) as { data: unknown; errors: Array<{ message: string; path: unknown[]; extensions: { code: string; errorId: string } }> };
      expect(res.status).toBe(200);
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors;
      const id = error!.extensions.errorId;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const index = (body.errors[0]!.path[1]) as number;
      expect(error).toEqual({ message: `Internal server error (id ${id})`, path: ['broken', index, 'ports', 0, 'port'], locations: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id } });
      // Non-null up to the root field, which is nullable: only that field is null.
      expect(body.data).toEqual({ broken: null });
      expect(text).not.toMatch(/Cannot return null|ServicePort|stack|\.ts:/);
      const logged = logText.split('\n').filter((l) => l.includes(id)).map((l) => JSON.parse(l) as { msg: string; err?: { name: string; message: string; stack: string } });
      expect(logged).toHaveLength(1);
      expect(logged[0]?.msg).toBe('unexpected error in a GraphQL request');
      expect(logged[0]?.err?.message).toBe('Cannot return null for non-nullable field ServicePort.port.');
    } finally {
      store.delete('/services', 'default', 'broken');
    }
  });
});

/** Minimal HTTP/1.1 reading of every response a socket carried (Content-Length or chunked bodies). */
function parseResponses(raw: Buffer): Array<{ status: number; headers: Record<string, string>; body: string }> {
  const out: Array<{ status: number; headers: Record<string, string>; body: string }> = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`incomplete response head: ${raw.subarray(at).toString()}`);
    const [statusLine = '', ...lines] = raw.subarray(at, headEnd).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    at = headEnd + 4;
    let body: Buffer = Buffer.alloc(0);
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = raw.indexOf('\r\n', at);
        const size = Number.parseInt(raw.subarray(at, lineEnd).toString(), 16);
        at = lineEnd + 2;
        if (size === 0) {
          at += 2;
          break;
        }
        body = Buffer.concat([body, raw.subarray(at, at + size)]);
        at += size + 2;
      }
    } else {
      const length = Number(headers['content-length'] ?? 0);
      body = raw.subarray(at, at + length);
      at += length;
    }
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') });
  }
  return out;
}

describe('graceful stop', () => {
  let gateway: Gateway;

  afterAll(async () => {
    await fg.sim.cluster('sv-2').setFaults({ latencyMs: 0 });
    await gateway?.stop();
  });

  test('an in-flight query still gets its whole answer, /readyz says "stopping" on its open connection, and new connections are refused', async () => {
    gateway = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent' });
    const { port } = gateway.httpServer.address() as net.AddressInfo;
    await fg.sim.cluster('sv-2').setFaults({ latencyMs: 800 });
    const query = '{ pods { edges { node { cluster { name } namespace name } } } }';

    // One query over fetch, one over a raw keep-alive socket that will carry a second request.
    const started = performance.now();
    const inFlight = postGraphql<{ pods: { edges: Array<{ node: { cluster: { name: string }; namespace: string; name: string } }> } }>(gateway.url, query);
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const payload = JSON.stringify({ query });
    socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
    await new Promise((r) => setTimeout(r, 300));

    const stopped = gateway.stop();
    expect(gateway.state).toBe('stopping');
    await new Promise((r) => setTimeout(r, 50));
    // The listening socket is closed: a new connection is refused.
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => undefined, (e: unknown) => (e as { cause?: { code?: string } }).cause?.code);
    expect(refused).toBe('ECONNREFUSED');
    // The open connection may still ask, and hears that the gateway is stopping.
    socket.write('GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);

    const answer = await inFlight;
    expect(performance.now() - started).toBeGreaterThanOrEqual(800);
    expect(answer.errors).toBeUndefined();
    const expected = CLUSTERS.flatMap((name) => truth(fg.sim.cluster(name), '/pods').map((p) => `${name} ${nsName(p)}`));
    expect(answer.data!.pods.edges.map((e) => `${e.node.cluster.name} ${e.node.namespace}/${e.node.name}`)).toEqual(expected);

    await stopped;
    // The server ends the connection once its last response is written.
    await closed;
    const [graphql, readyz, late, ...more] = parseResponses(Buffer.concat(chunks));
    expect(more).toEqual([]);
    expect(late?.status).toBe(503);
    expect(JSON.parse(late?.body ?? '')).toEqual({ errors: [{ message: 'the gateway is shutting down', extensions: { code: 'UNAVAILABLE' } }] });
    expect(graphql?.status).toBe(200);
    expect((JSON.parse(graphql?.body ?? '') as { data: unknown }).data).toEqual(answer.data);
    expect(readyz?.status).toBe(503);
    expect(JSON.parse(readyz?.body ?? '')).toEqual({ status: 'stopping' });
  });

  test('a second stop() resolves only when the gateway has stopped, like the first', async () => {
    const second = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent' });
    await fg.sim.cluster('sv-2').setFaults({ latencyMs: 600 });
    try {
      const inFlight = postGraphql(second.url, '{ pods { totalCount } }');
      await new Promise((r) => setTimeout(r, 200));
      const first = second.stop();
      await second.stop();
      // Whoever awaits stop() may rely on the server being closed and its connections done.
      const open = await new Promise<number>((resolve) => second.httpServer.getConnections((_e, n) => resolve(n)));
      expect({ listening: second.httpServer.listening, openConnections: open }).toEqual({ listening: false, openConnections: 0 });
      await first;
      expect((await inFlight).errors).toBeUndefined();
    } finally {
      await fg.sim.cluster('sv-2').setFaults({ latencyMs: 0 });
    }
  });
});
