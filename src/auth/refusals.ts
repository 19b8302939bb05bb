/**
 * How a refused caller is answered on each transport. HTTP: 401 with `WWW-Authenticate: Bearer`
 * (RFC 6750; `error="invalid_token"` when a credential was sent but not accepted) and a body that
 * says only that authentication is needed: no data, no hint of clusters or users, nor of which
 * check a token failed. graphql-ws: close code 4401, graphql-ws's own CloseCode.Unauthorized.
 *
 * A credential that cannot be checked now (an OIDC issuer's keys unreachable) is not called
 * invalid: HTTP 503 with Retry-After, WebSocket close 1013 (Try Again Later, which graphql-ws
 * clients retry). A 401 would tell a frontend to throw away a good token and send its user to sign
 * in again, in a loop for as long as the IdP is down; the 503 says only that the gateway cannot
 * check tokens at the moment, nothing about the token.
 */
import type { ServerResponse } from 'node:http';
import { CloseCode } from 'graphql-ws';
import type { Refusal } from './authenticateBearer.ts';

export const UNAUTHORIZED_CLOSE = CloseCode.Unauthorized;
/** RFC 6455's "Try Again Later": graphql-ws clients retry on it. */
export const TRY_AGAIN_LATER_CLOSE = 1013;
/** Seconds a client is asked to wait when tokens cannot be checked. */
export const UNAVAILABLE_RETRY_AFTER_S = 10;

export function refuseHttp(res: ServerResponse, reason: Refusal): void {
  if (reason === 'unavailable') {
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'retry-after': String(UNAVAILABLE_RETRY_AFTER_S) });
    res.end(JSON.stringify({ errors: [{ message: 'the bearer token cannot be checked at the moment; retry shortly', extensions: { code: 'UNAVAILABLE' } }] }));
    return;
  }
  const message = reason === 'missing'
    ? 'authentication required: send Authorization: Bearer <token>'
    : 'the bearer token was not accepted';
  res.writeHead(401, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'www-authenticate': reason === 'missing' ? 'Bearer realm="fleetgraph"' : 'Bearer realm="fleetgraph", error="invalid_token"',
  });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }));
}

/** The WebSocket close code and reason for a refused connection. */
export function wsRefusal(reason: Refusal): [code: number, reason: string] {
  return reason === 'unavailable' ? [TRY_AGAIN_LATER_CLOSE, 'Try Again Later'] : [UNAUTHORIZED_CLOSE, 'Unauthorized'];
}
