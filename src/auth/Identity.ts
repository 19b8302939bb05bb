/**
 * Who a request comes from, once authenticated: the Kubernetes user info (name, uid, groups) that
 * will later reach each cluster through impersonation (Impersonate-User, -Uid, -Group).
 */
export interface Identity {
  /** The user name, as Kubernetes RBAC subjects name users. */
  readonly user: string;
  /** A stable id for the user, when the credential gives one. */
  readonly uid?: string;
  /** Group names, as RBAC subjects name groups; empty when none. */
  readonly groups: readonly string[];
  /**
   * When the credential stops being accepted (epoch ms), for credentials that expire: an OIDC
   * token's `exp` plus the clock tolerance. A WebSocket connection opened with it is closed then
   * (src/auth/closeAtExpiry.ts). Absent: the credential does not expire (static tokens). Not part of
   * who the caller is: identityKey and impersonation ignore it.
   */
  readonly expiresAt?: number;
}
