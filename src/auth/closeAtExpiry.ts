/**
 * Ends a long-lived connection when the credential it was opened with expires.
 *
 * Why (security): a WebSocket connection is authenticated once, at `connection_init`, and may then
 * stream for hours. Without this, a short-lived OIDC token (minutes, so that a stolen or revoked
 * one is worth little) would keep a subscription streaming long after the token stopped being
 * accepted anywhere else: the credential's lifetime would become the connection's, unbounded.
 * Mechanism: when the identity carries `expiresAt` (OidcAuthenticator sets it to `exp` plus the
 * clock tolerance, the moment a new request with the token is refused), `expire` is called then;
 * graphqlWs.ts closes the socket with 4403, which ends every subscription on it, and the client
 * reconnects with a fresh token and resumes each subscription from its last cursor. Out of scope:
 * revocation before expiry (OIDC has none the gateway could see; the access reviews behind
 * per-caller filtering still follow RBAC changes within their TTL), and static tokens, which do
 * not expire (the token file is read at start-up).
 */
import type { Identity } from './Identity.ts';

/** setTimeout's longest delay (about 24.8 days); a later expiry is reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Calls `expire` once when `identity`'s credential expires (at once if it has); returns the cancel function. No expiry: never. */
export function closeAtExpiry(identity: Identity, expire: () => void, now: () => number = Date.now): () => void {
  const at = identity.expiresAt;
  if (at === undefined) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const delay = at - now();
    if (delay <= 0) {
      timer = undefined;
      expire();
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_DELAY_MS));
    // A pending expiry never keeps the process alive on its own.
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
