/**
 * The seam every way of authenticating plugs into: the static token file now (TokenFile.ts),
 * OIDC/JWT later. Given the bearer credential a client sent (without the `Bearer ` prefix), an
 * authenticator answers with the caller's identity, or null when it does not accept it. It never
 * throws for a bad credential, and nothing it returns or logs contains the credential.
 */
import type { Identity } from './Identity.ts';

export interface Authenticator {
  /** Asynchronous because verifiers such as OIDC fetch keys; the token file answers at once. */
  authenticate(bearer: string): Promise<Identity | null>;
  /** One line for the start-up message, e.g. `bearer tokens from FILE (3 tokens)`; never a token. */
  describe(): string;
}
