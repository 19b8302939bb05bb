/**
 * What the gateway needs to accept OIDC/JWT bearer tokens (`--oidc-*` flags, docs/authentication.md):
 * which issuer and audience to trust, where its signing keys are, and how a token's claims become
 * the Kubernetes user name, uid and groups of the caller. parseConfig makes it; OidcAuthenticator
 * uses it.
 */
export interface OidcSettings {
  /** `--oidc-issuer`: the exact `iss` a token must carry; also where discovery looks (`ISSUER/.well-known/openid-configuration`). */
  issuer: string;
  /** `--oidc-audience`: a token's `aud` (a string or an array) must contain it: usually the frontend's client id. */
  audience: string;
  /** `--oidc-jwks-file`, absolute: the issuer's public keys from this JWKS file instead of discovery. */
  jwksFile?: string;
  /** `--oidc-user-claim`: the claim that names the user. @default 'sub' */
  userClaim: string;
  /**
   * `--oidc-user-prefix`, resolved as kube-apiserver resolves `--oidc-username-prefix`: put before
   * every user name; '' for none. @default `${issuer}#` unless the user claim is `email`, then ''
   */
  userPrefix: string;
  /** `--oidc-groups-claim`: the claim holding the groups, an array of strings or one string. @default 'groups' */
  groupsClaim: string;
  /** `--oidc-groups-prefix`: put before every group name; '' for none. @default '' */
  groupsPrefix: string;
  /** `--oidc-uid-claim`: the claim holding the user's uid (Impersonate-Uid); required in tokens when set. Absent: no uid. */
  uidClaim?: string;
}
