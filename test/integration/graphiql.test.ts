/**
 * GraphiQL from local assets, over a real HTTP server: which requests the handler answers (the
 * page to browsers, its four assets) and which it leaves to Apollo, that the page needs nothing
 * from the internet, caching, traversal attempts, the CSP, and what the bootstrap script wires.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphiqlHandler, DEFAULT_GRAPHIQL_QUERY } from '../../src/server/graphiql.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const FILES_ON_DISK: Record<string, { path: string; contentType: string }> = {
  '/graphiql/graphiql.min.js': { path: join(packageDir('graphiql'), 'graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  '/graphiql/graphiql.min.css': { path: join(packageDir('graphiql'), 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  '/graphiql/react.production.min.js': { path: join(packageDir('react'), 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  '/graphiql/react-dom.production.min.js': { path: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
};

let server: Server;
let base: string;

beforeAll(async () => {
  const handle = createGraphiqlHandler({ endpoint: '/graphql', subscriptionEndpoint: '/graphql' });
  server = createServer((req, res) => {
    handle(req, res).then((answered) => {
      if (answered) return;
      res.writeHead(404, { 'Content-Type': 'application/json', 'X-Answered-By': 'next' });
      res.end(JSON.stringify({ error: 'not handled by GraphiQL' }));
    }, (err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

/** A request with the path sent exactly as written (fetch would normalize `..` away). */
function rawRequest(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { method, path, headers: { accept: BROWSER_ACCEPT } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function getPage(path = '/'): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: { accept: BROWSER_ACCEPT } });
  expect(res.status).toBe(200);
  return res.text();
}

function inlineScript(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  expect(scripts).toHaveLength(1);
  return scripts[0] ?? '';
}

describe('which requests the GraphiQL handler answers', () => {
  test.each(['/', '/graphql', '/graphql?tab=1'])('answers a browser\'s GET %s with the GraphiQL page', async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-answered-by')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).toContain('GraphiQL.createFetcher');
  });

  test.each([
    ['GET /graphql asking for JSON', '/graphql', 'GET', 'application/json'],
    ['GET /graphql with no Accept header', '/graphql', 'GET', undefined],
    ['a browser\'s GET /graphql?query=…', '/graphql?query=%7B__typename%7D', 'GET', BROWSER_ACCEPT],
    ['a GET refusing text/html with q=0', '/graphql', 'GET', 'text/html;q=0, application/json'],
    ['POST /graphql, even from a browser', '/graphql', 'POST', BROWSER_ACCEPT],
    ['POST /', '/', 'POST', BROWSER_ACCEPT],
    ['POST to an asset', '/graphiql/graphiql.min.js', 'POST', BROWSER_ACCEPT],
    ['a browser\'s GET of another path', '/healthz', 'GET', BROWSER_ACCEPT],
  ])('leaves %s to the next handler', async (_name, path, method, accept) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(accept === undefined ? {} : { accept }) },
      ...(method === 'POST' ? { body: '{"query":"{ __typename }"}' } : {}),
    });
    expect(res.headers.get('x-answered-by')).toBe('next');
    expect(await res.json()).toEqual({ error: 'not handled by GraphiQL' });
  });
});

describe('the GraphiQL page', () => {
  test('contains no http:// or https:// URL, so it works without internet access', async () => {
    for (const path of ['/', '/graphql']) {
      expect(await getPage(path)).not.toMatch(/https?:\/\//i);
    }
  });

  test('references exactly the four local assets, each served with its real bytes and content type', async () => {
    const html = await getPage();
    const refs = [
      ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1] ?? ''),
      ...[...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g)].map((m) => m[1] ?? ''),
    ];
    expect(refs.map((r) => r.split('?')[0]).sort()).toEqual(Object.keys(FILES_ON_DISK).sort());
    for (const ref of refs) {
      const expected = FILES_ON_DISK[ref.split('?')[0] ?? ''];
      if (!expected) throw new Error(`unexpected asset ${ref}`);
      const res = await fetch(`${base}${ref}`);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('content-type'), ref).toBe(expected.contentType);
      expect(res.headers.get('cache-control'), ref).toBe('public, max-age=86400');
      expect(res.headers.get('x-content-type-options'), ref).toBe('nosniff');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length, ref).toBeGreaterThan(5_000);
      expect(body.equals(readFileSync(expected.path)), `${ref} is ${expected.path} byte for byte`).toBe(true);
      expect(res.headers.get('content-length'), ref).toBe(String(body.length));
    }
  });

  test('is served with a CSP that allows only this origin\'s scripts plus the inline bootstrap, by hash', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    const csp = res.headers.get('content-security-policy') ?? '';
    const html = await res.text();
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    const scriptHash = `'sha256-${createHash('sha256').update(inlineScript(html)).digest('base64')}'`;
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'", scriptHash]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('vary')).toBe('Accept');
  });

  test('shows fleetgraph\'s default query unless the caller passes one', async () => {
    const config = runBootstrap(await getPage()).config;
    expect(config.defaultQuery).toBe(DEFAULT_GRAPHIQL_QUERY);
    expect(DEFAULT_GRAPHIQL_QUERY).toContain('clusters {');

    const custom = await pageOf({ endpoint: '/api', defaultQuery: '{ clusters { name } }', title: 'Prod fleet' });
    expect(custom).toContain('<title>Prod fleet</title>');
    expect(runBootstrap(custom).config.defaultQuery).toBe('{ clusters { name } }');
  });

  test('wires the fetcher to the endpoint and subscriptions to ws:// or wss:// on the page\'s own host', async () => {
    const html = await getPage();
    expect(runBootstrap(html, 'http:').fetcherOptions).toEqual({ url: 'http://gw.example:4000/graphql', subscriptionUrl: 'ws://gw.example:4000/graphql' });
    expect(runBootstrap(html, 'https:').fetcherOptions).toEqual({ url: 'https://gw.example:4000/graphql', subscriptionUrl: 'wss://gw.example:4000/graphql' });
    expect(runBootstrap(await pageOf({ endpoint: '/api' })).fetcherOptions).toEqual({ url: 'http://gw.example:4000/api', subscriptionUrl: undefined });
  });

  test('keeps a hostile title or default query inert', async () => {
    const html = await pageOf({ endpoint: '/graphql', title: '</title><script>alert(1)</script>', defaultQuery: '# </script><script>alert(2)</script>\n{ a }' });
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<\/script>/g)).toHaveLength(4);
    expect(runBootstrap(html).config.defaultQuery).toBe('# </script><script>alert(2)</script>\n{ a }');
  });

  test('rejects an endpoint that is not a path on this origin, naming the option and the value', () => {
    expect(() => createGraphiqlHandler({ endpoint: 'graphql' })).toThrow('createGraphiqlHandler: endpoint must be a path on this origin starting with "/" (no scheme, host, query or fragment), got "graphql"');
    expect(() => createGraphiqlHandler({ endpoint: '/graphql', subscriptionEndpoint: 'ws://evil.example/graphql' })).toThrow('subscriptionEndpoint must be a path on this origin starting with "/" (no scheme, host, query or fragment), got "ws://evil.example/graphql"');
  });
});

describe('GraphiQL assets', () => {
  test('answer 304 when If-None-Match names the current ETag, strong or weak, alone or in a list', async () => {
    const first = await fetch(`${base}/graphiql/graphiql.min.css`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    await first.arrayBuffer();
    for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`, '*']) {
      const res = await fetch(`${base}/graphiql/graphiql.min.css`, { headers: { 'if-none-match': ifNoneMatch } });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
    }
    const stale = await fetch(`${base}/graphiql/graphiql.min.css`, { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  test('the page itself answers 304 on a matching ETag too', async () => {
    const first = await fetch(`${base}/`, { headers: { accept: BROWSER_ACCEPT } });
    await first.text();
    const again = await fetch(`${base}/`, { headers: { accept: BROWSER_ACCEPT, 'if-none-match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  test('answer HEAD with the headers and no body', async () => {
    const res = await rawRequest('/graphiql/react.production.min.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(readFileSync(FILES_ON_DISK['/graphiql/react.production.min.js']?.path ?? '').length));
    expect(res.body).toBe('');
  });

  test.each([
    '/graphiql/../package.json',
    '/graphiql/..%2fpackage.json',
    '/graphiql/..%2F..%2F..%2Fetc%2Fpasswd',
    '/graphiql//etc/passwd',
    '/graphiql/graphiql.js',
    '/graphiql/graphiql.min.js.map',
    '/graphiql/',
  ])('answer 404 for %s, which is not one of the four assets', async (path) => {
    const res = await rawRequest(path);
    expect(res.status).toBe(404);
    expect(res.headers['x-answered-by']).toBeUndefined();
    expect(res.body).toBe('Not found\n');
  });
});

/** The page a handler built with `options` renders, through stand-ins for req and res. */
async function pageOf(options: Parameters<typeof createGraphiqlHandler>[0]): Promise<string> {
  const handle = createGraphiqlHandler(options);
  let body = '';
  const res = {
    statusCode: 0,
    setHeader: () => undefined,
    removeHeader: () => undefined,
    end: (chunk?: Buffer) => { body = chunk?.toString('utf8') ?? ''; },
  };
  const req = { method: 'GET', url: '/', headers: { accept: 'text/html' } };
  expect(await handle(req as never, res as never)).toBe(true);
  return body;
}

interface BootstrapRun {
  config: { endpoint: string; subscriptionEndpoint: string | null; defaultQuery: string };
  fetcherOptions: unknown;
}

/** Runs the page's inline script against stand-ins for the browser globals and GraphiQL. */
function runBootstrap(html: string, protocol: 'http:' | 'https:' = 'http:'): BootstrapRun {
  let fetcherOptions: unknown;
  let props: { defaultQuery?: string } = {};
  const root = { textContent: '' };
  const GraphiQL = Object.assign(() => null, {
    createFetcher: (opts: unknown) => { fetcherOptions = opts; return () => undefined; },
  });
  runInNewContext(inlineScript(html), {
    location: { protocol, host: 'gw.example:4000', origin: `${protocol}//gw.example:4000` },
    document: { getElementById: (id: string) => (id === 'graphiql' ? root : null) },
    GraphiQL,
    React: { createElement: (_type: unknown, p: { defaultQuery?: string }) => { props = p; return p; } },
    ReactDOM: { createRoot: () => ({ render: () => undefined }) },
  });
  const script = inlineScript(html);
  const config = JSON.parse(/var config = (.*);/.exec(script)?.[1] ?? 'null') as BootstrapRun['config'];
  expect(props.defaultQuery).toBe(config.defaultQuery);
  expect(root.textContent).toBe('');
  return { config, fetcherOptions };
}
