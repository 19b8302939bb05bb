/**
 * How a refused caller is answered on each transport. HTTP: 401 with `WWW-Authenticate: Bearer`
 * (RFC 6750; `error="invalid_token"` when a credential was sent but not accepted) and a body that
 * says only that authentication is needed: no data, no hint of clusters or users. graphql-ws:
 * close code 4401, graphql-ws's own CloseCode.Unauthorized.
 */
import type { ServerResponse } from 'node:http';
import { CloseCode } from 'graphql-ws';

export const UNAUTHORIZED_CLOSE = CloseCode.Unauthorized;

export function refuseHttp(res: ServerResponse, reason: 'missing' | 'invalid'): void {
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
