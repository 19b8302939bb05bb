/**
 * Authentication: who a request comes from (docs/security.md). Authorization (impersonation in
 * each cluster) builds on the Identity carried in the request context.
 */
export type { Authenticator } from './Authenticator.ts';
export type { Identity } from './Identity.ts';
export { authenticateBearer, type Authentication } from './authenticateBearer.ts';
export { TokenFile } from './TokenFile.ts';
export { TokenFileError } from './TokenFileError.ts';
export { unauthenticatedBindRefusal } from './unauthenticatedBindRefusal.ts';
export { refuseHttp, UNAUTHORIZED_CLOSE } from './refusals.ts';
export { connectionParamsAuthorization } from './connectionParamsAuthorization.ts';
