/**
 * The one check both transports make: HTTP passes its `Authorization` header, graphql-ws the
 * `authorization` value of its connectionParams, each of the form `Bearer <token>`. The answer is
 * the caller's identity or why not (no credential, one not accepted, or one that cannot be checked
 * now because an OIDC issuer's keys are unreachable); the reason is for the status line only and
 * holds nothing of the credential.
 */
import { AuthenticationUnavailable } from './AuthenticationUnavailable.ts';
import type { Authenticator } from './Authenticator.ts';
import type { Identity } from './Identity.ts';

export type Refusal = 'missing' | 'invalid' | 'unavailable';
export type Authentication = { identity: Identity } | { refused: Refusal };

/** RFC 7235: the scheme is case-insensitive, then one or more spaces, then the token. */
const BEARER = /^bearer +(\S+) *$/i;

/** The token of an `Authorization: Bearer <token>` value; undefined for anything else. */
export function bearerToken(authorization: unknown): string | undefined {
  return typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
}

export async function authenticateBearer(authenticator: Authenticator, authorization: unknown): Promise<Authentication> {
  if (typeof authorization !== 'string' || authorization.trim() === '') return { refused: 'missing' };
  const token = bearerToken(authorization);
  if (token === undefined) return { refused: 'invalid' };
  try {
    const identity = await authenticator.authenticate(token);
    return identity ? { identity } : { refused: 'invalid' };
  } catch (e) {
    if (e instanceof AuthenticationUnavailable) return { refused: 'unavailable' };
    throw e;
  }
}
