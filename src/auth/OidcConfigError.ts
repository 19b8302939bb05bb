/**
 * OIDC settings the gateway cannot start with, found when they are loaded (a JWKS file that is
 * missing, malformed or holds private or symmetric keys). The CLI prints the message and exits 2.
 */
export class OidcConfigError extends Error {
  override name = 'OidcConfigError';
}
