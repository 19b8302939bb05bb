/**
 * Thrown by an authenticator that cannot decide now: the credential may well be good, but what is
 * needed to check it (an OIDC issuer's keys) cannot be had. authenticateBearer turns it into the
 * `unavailable` refusal: HTTP 503 with Retry-After, WebSocket close 1013 (docs/authentication.md).
 * The message is for the log and never holds the credential.
 */
export class AuthenticationUnavailable extends Error {
  override name = 'AuthenticationUnavailable';
}
