/**
 * GraphiQL served from locally installed assets (no CDN: users' networks are often closed).
 * `createGraphiqlHandler` answers a browser's GET of `/` or the GraphQL endpoint with the IDE and
 * serves its assets under `/graphiql/`; every other request is left to the caller (Apollo).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GRAPHIQL_ASSET_PREFIX, loadGraphiqlAssets } from './graphiql/graphiqlAssets.ts';
import { DEFAULT_GRAPHIQL_QUERY, DEFAULT_GRAPHIQL_TITLE, renderGraphiqlPage } from './graphiql/renderGraphiqlPage.ts';
import { sendStaticFile, staticFile } from './graphiql/staticFile.ts';

export { DEFAULT_GRAPHIQL_QUERY } from './graphiql/renderGraphiqlPage.ts';

export interface GraphiqlHandlerOptions {
  /** Path of the GraphQL HTTP endpoint, e.g. `/graphql`. The IDE is also served there to browsers. Must start with `/`. */
  endpoint: string;
  /**
   * Path of the graphql-ws endpoint, e.g. `/graphql`; the page turns it into `ws://` or `wss://`
   * on its own host. GraphiQL 3's fetcher rejects subscription operations unless it has one.
   * @default none: subscriptions fail in the IDE with GraphiQL's "not properly configured" message
   */
  subscriptionEndpoint?: string;
  /** @default 'fleetgraph · GraphiQL' */
  title?: string;
  /** Shown in a fresh browser; GraphiQL then keeps the user's last query in localStorage. @default {@link DEFAULT_GRAPHIQL_QUERY} */
  defaultQuery?: string;
}

function requirePath(option: string, value: unknown): void {
  if (typeof value !== 'string' || !/^\/[^?#\s]*$/.test(value)) {
    throw new TypeError(`createGraphiqlHandler: ${option} must be a path on this origin starting with "/" (no scheme, host, query or fragment), got ${JSON.stringify(value)}`);
  }
}

/**
 * Handles GraphiQL's page and assets; returns true when it answered the request, false to let the
 * caller go on (to Apollo). Reads the assets synchronously here and throws if a package is
 * missing or an option is malformed, so a bad setup stops the gateway at start-up.
 */
export function createGraphiqlHandler(options: GraphiqlHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  requirePath('endpoint', options.endpoint);
  if (options.subscriptionEndpoint !== undefined) requirePath('subscriptionEndpoint', options.subscriptionEndpoint);
  const assets = loadGraphiqlAssets();
  const page = renderGraphiqlPage({
    endpoint: options.endpoint,
    ...(options.subscriptionEndpoint === undefined ? {} : { subscriptionEndpoint: options.subscriptionEndpoint }),
    title: options.title ?? DEFAULT_GRAPHIQL_TITLE,
    defaultQuery: options.defaultQuery ?? DEFAULT_GRAPHIQL_QUERY,
  }, assets);
  const pageFile = staticFile(page.html, {
    'Content-Type': 'text/html; charset=utf-8',
    // Revalidate every time (cheap, ETag): the page names the current assets' versions.
    'Cache-Control': 'no-cache',
    // The endpoint's URL also answers JSON to non-browsers: caches must key on Accept.
    'Vary': 'Accept',
    'Content-Security-Policy': page.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  const pagePaths = new Set(['/', options.endpoint]);

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);

    if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) {
      const asset = assets.get(path.slice(GRAPHIQL_ASSET_PREFIX.length));
      if (asset) {
        sendStaticFile(req, res, asset);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
      }
      return true;
    }

    if (!pagePaths.has(path)) return false;
    // `GET /graphql?query=…` goes to the GraphQL handler even from a browser's address bar. It
    // does not run there: an address bar cannot send the header CSRF prevention asks for, so the
    // answer is an error that says which header to send (docs/http.md). Use the IDE instead.
    if (q !== -1 && new URLSearchParams(url.slice(q + 1)).has('query')) return false;
    if (!acceptsHtml(req.headers.accept)) return false;
    sendStaticFile(req, res, pageFile);
    return true;
  };
}

/** True when an Accept header lists text/html (and does not refuse it with q=0). */
function acceptsHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    return type === 'text/html' && !params.some((p) => /^q=0(\.0{0,3})?$/.test(p));
  });
}
