/**
 * The seam every way of authenticating plugs into: the static token file (TokenFile.ts) and
 * OIDC/JWT (OidcAuthenticator.ts), several at once through AuthenticatorUnion.ts. Given the bearer
 * credential a client sent (without the `Bearer ` prefix), an authenticator answers with the
 * caller's identity, or null when it does not accept it. It never throws for a bad credential;
 * it throws AuthenticationUnavailable when it cannot decide now (an IdP's keys unreachable).
 * Nothing it returns, throws or logs contains the credential.
 */
import type { Identity } from './Identity.ts';

export interface Authenticator {
  /** Asynchronous because verifiers such as OIDC fetch keys; the token file answers at once. */
  authenticate(bearer: string): Promise<Identity | null>;
  /** One line for the start-up message, e.g. `bearer tokens from FILE (3 tokens)`; never a token. */
  describe(): string;
}
