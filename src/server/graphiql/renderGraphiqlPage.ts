/**
 * The GraphiQL HTML page and the Content-Security-Policy it is served with. The page is rendered
 * once per handler: its options are fixed, so the inline bootstrap script (and its CSP hash) are
 * too.
 */
import { createHash } from 'node:crypto';
import { GRAPHIQL_ASSET_PREFIX } from './graphiqlAssets.ts';
import type { GraphiqlAssets } from './graphiqlAssets.ts';

export interface GraphiqlPageOptions {
  /** Path of the GraphQL HTTP endpoint on this origin, e.g. `/graphql`. */
  endpoint: string;
  /** Path of the graphql-ws endpoint on this origin; the page turns it into a ws(s):// URL. */
  subscriptionEndpoint?: string;
  title: string;
  defaultQuery: string;
}

export interface GraphiqlPage {
  html: string;
  contentSecurityPolicy: string;
}

export const DEFAULT_GRAPHIQL_TITLE = 'fleetgraph · GraphiQL';

/** A small fleet dashboard a first-time user can run as is (lines fit GraphiQL's editor at 1280 px). */
export const DEFAULT_GRAPHIQL_QUERY = `# fleetgraph: one query, every cluster.
# Run it with the pink button (Ctrl-Enter).
# A cluster that fails adds an entry to
# "errors" (extensions.code, .cluster);
# the others' data still comes back.
query Fleet {
  clusters {
    name
    labels { key value }
    status { reachable version latencyMs }
    usage { cpu memory }
    nodes {
      name
      ready
      usage { cpu memory }
    }
    workloads {
      kind
      namespace
      name
      readyReplicas
      replicas
    }
  }
  events(type: WARNING, first: 10) {
    cluster { name }
    namespace
    reason
    message
    involvedObject { kind name }
    lastTimestamp
  }
}
`;

// GraphiQL fills its container; the container has to fill the window.
const PAGE_STYLE = 'html, body { height: 100%; margin: 0; overflow: hidden; } #graphiql { height: 100vh; }';

export function renderGraphiqlPage(options: GraphiqlPageOptions, assets: GraphiqlAssets): GraphiqlPage {
  const config = {
    endpoint: options.endpoint,
    subscriptionEndpoint: options.subscriptionEndpoint ?? null,
    defaultQuery: options.defaultQuery,
  };
  // URLs are built from the page's own location so the page works behind any host name and,
  // for subscriptions, under http (ws://) and https (wss://) alike.
  const bootstrap = `(function () {
  'use strict';
  var config = ${scriptJson(config)};
  var root = document.getElementById('graphiql');
  if (typeof GraphiQL === 'undefined' || typeof React === 'undefined' || typeof ReactDOM === 'undefined') {
    root.textContent = 'GraphiQL could not load its scripts from ${GRAPHIQL_ASSET_PREFIX}: reload the page, or check the gateway log.';
    return;
  }
  var fetcher = GraphiQL.createFetcher({
    url: location.origin + config.endpoint,
    subscriptionUrl: config.subscriptionEndpoint === null ? undefined
      : (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + config.subscriptionEndpoint
  });
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: config.defaultQuery }));
})();`;

  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${assets.url('graphiql.min.css')}">
<style>${PAGE_STYLE}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript.</noscript>
<script src="${assets.url('react.production.min.js')}"></script>
<script src="${assets.url('react-dom.production.min.js')}"></script>
<script src="${assets.url('graphiql.min.js')}"></script>
<script>${bootstrap}</script>
</body>
</html>
`;

  /*
   * Threat: script injected into the IDE's origin (a crafted default query, a schema description
   * rendered as HTML, a compromised asset URL) runs with the user's access to the gateway. The
   * policy allows scripts and styles from this origin plus exactly the inline bootstrap and page
   * style above, by hash; no 'unsafe-inline', and no 'unsafe-eval': graphiql 3.8.3's bundle
   * never evaluates strings (its only `new Function` is webpack's globalThis fallback, unreached
   * in browsers that have globalThis). font-src/img-src allow data: because graphiql.min.css
   * inlines its fonts and a few images as data: URIs. connect-src 'self' covers fetch to the
   * endpoint and, per CSP Level 3, ws:/wss: to the same host and port. Out of scope: the
   * gateway's own authentication; remote images in schema descriptions are blocked by design.
   * Known cost, checked in Chromium: opening a dialog (settings, shortcuts) makes Radix's
   * scroll lock (react-remove-scroll-bar) inject an unhashed <style>; it is refused and logged as
   * a CSP violation. Harmless: the dialog works, and the page style above already sets
   * `overflow: hidden` on body, which is all that <style> would do.
   */
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src 'self' '${sha256(bootstrap)}'`,
    `style-src 'self' '${sha256(PAGE_STYLE)}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

  return { html, contentSecurityPolicy };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** JSON safe inside <script>: no `</script>` or `<!--` can close or confuse the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
