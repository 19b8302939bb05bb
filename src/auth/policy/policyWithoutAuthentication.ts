/**
 * Why `--policy` without authentication is a start-up error: a policy decides per caller, and
 * without authentication there is no caller to decide for (every request would be the gateway
 * itself, which no rule names), so it would either refuse everything or be silently ignored.
 */
export function policyWithoutAuthentication(path: string): string {
  return `--policy ${path} needs authentication: the policy decides per caller, and without --tokens (or --oidc-issuer) no request has a caller; add --tokens FILE, or leave out --policy`;
}
