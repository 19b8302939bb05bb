/**
 * CORS for the GraphQL endpoint: which other web origins may call the gateway from a browser.
 *
 * Why (security): a browser lets a page on one origin read answers from another only when the
 * answer says so (Access-Control-Allow-Origin). The fleet graph reads every cluster the gateway's
 * credentials can read, and a loopback gateway has no authentication of its own, so saying so to
 * the wrong page hands it the fleet. Hence:
 * - exact origins only (`--cors-origin https://app.example.com`, repeatable): no wildcards, no
 *   patterns and no reflecting whatever Origin arrives, because a suffix or regex match is the
 *   classic way to let `app.example.com.attacker.example` in;
 * - default none: a gateway nobody configured answers no cross-origin page (same-origin pages,
 *   GraphiQL, curl and server-side clients need no CORS at all);
 * - never `Access-Control-Allow-Credentials`: the gateway uses no cookies, and credentials plus a
 *   reflected origin would let any allowed page act with a user's ambient cookies. Clients that
 *   must authenticate to a proxy in front send `authorization`, which is an allowed header.
 * Out of scope: CORS is not authentication; non-browser clients ignore it. CSRF prevention
 * (Apollo's, kept on) and the Host check (hostGuard.ts) are separate lines of defence.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** What GraphQL clients send: JSON bodies, Apollo's CSRF header, operation names, a bearer token. */
export const CORS_ALLOWED_HEADERS = 'content-type, accept, apollo-require-preflight, x-apollo-operation-name, authorization';
/** Browsers cache a preflight for at most this long (Chromium caps it at 2 h). */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Returns a handler for one request to the GraphQL endpoint: it sets the CORS headers when the
 * request's Origin is allowed, and answers a preflight (OPTIONS) itself. Returns true when it
 * has answered the request.
 */
export function corsPolicy(allowedOrigins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(allowedOrigins);
  return (req, res) => {
    const origin = req.headers.origin;
    const allow = origin !== undefined && allowed.has(origin);
    // Caches must not serve one origin's answer (with or without the header) to another.
    if (allowed.size > 0) res.setHeader('Vary', 'Origin');
    if (allow) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') {
      // A page must be able to read when to retry a 429 (rate limit) or 503 (identity provider
      // down): CORS hides every response header that is not safelisted unless it is exposed.
      if (allow) res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      return false;
    }
    // A preflight from an origin that is not allowed gets no CORS headers: the browser then
    // refuses to send the real request. Anyone else asking OPTIONS learns the methods.
    const headers: Record<string, string> = { Allow: CORS_ALLOWED_METHODS };
    if (allow) {
      headers['Access-Control-Allow-Methods'] = CORS_ALLOWED_METHODS;
      headers['Access-Control-Allow-Headers'] = CORS_ALLOWED_HEADERS;
      headers['Access-Control-Max-Age'] = PREFLIGHT_MAX_AGE_SECONDS;
    }
    res.writeHead(204, headers);
    res.end();
    return true;
  };
}
