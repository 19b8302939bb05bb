/**
 * Authentication: who a request comes from (docs/authentication.md, docs/security.md).
 * Authorization (impersonation in each cluster) builds on the Identity carried in the request context.
 */
export type { Authenticator } from './Authenticator.ts';
export type { Identity } from './Identity.ts';
export type { OidcSettings } from './OidcSettings.ts';
export { authenticateBearer, type Authentication, type Refusal } from './authenticateBearer.ts';
export { AuthenticationUnavailable } from './AuthenticationUnavailable.ts';
export { AuthenticatorUnion } from './AuthenticatorUnion.ts';
export { authenticationConfigured, createAuthenticator, type AuthenticationSettings } from './createAuthenticator.ts';
export { OidcAuthenticator, OIDC_ALGORITHMS, CLOCK_TOLERANCE_S } from './OidcAuthenticator.ts';
export { OidcConfigError } from './OidcConfigError.ts';
export { TokenFile } from './TokenFile.ts';
export { TokenFileError } from './TokenFileError.ts';
export { unauthenticatedBindRefusal } from './unauthenticatedBindRefusal.ts';
export { refuseHttp, wsRefusal, UNAUTHORIZED_CLOSE } from './refusals.ts';
export { connectionParamsAuthorization } from './connectionParamsAuthorization.ts';
