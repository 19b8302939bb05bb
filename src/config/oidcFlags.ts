/**
 * The OIDC/JWT authentication flags (docs/authentication.md): their help lines and how their
 * values become the gateway's OidcSettings. Named after kube-apiserver's `--oidc-*` flags, whose
 * defaults and prefix rules they follow, so an IdP set up for a cluster maps users the same way here.
 */
import { resolve } from 'node:path';
import { checkIssuerUrl } from '../auth/checkIssuerUrl.ts';
import type { OidcSettings } from '../auth/OidcSettings.ts';
import { ConfigError } from './ConfigError.ts';
import type { FlagSpec } from './flags.ts';

export const OIDC_FLAGS: readonly FlagSpec[] = [
  { name: 'oidc-issuer', type: 'string', placeholder: 'URL', help: 'accept OIDC/JWT bearer tokens from this issuer (the exact iss; https://, or http:// on loopback only); needs --oidc-audience; with or without --tokens, see docs/authentication.md (default: none)' },
  { name: 'oidc-audience', type: 'string', placeholder: 'AUD', help: 'the audience a token\'s aud must contain, usually the frontend\'s OIDC client id (default: none, required with --oidc-issuer)' },
  { name: 'oidc-jwks-file', type: 'string', placeholder: 'FILE', help: 'the issuer\'s public keys from this JWKS file, read at start-up (default: discovered from ISSUER/.well-known/openid-configuration, refetched on key rotation)' },
  { name: 'oidc-user-claim', type: 'string', placeholder: 'CLAIM', help: 'the claim naming the user (default: sub)' },
  { name: 'oidc-user-prefix', type: 'string', placeholder: 'PREFIX', help: 'put before every user name, - for none (default: ISSUER# unless the user claim is email, as kube-apiserver)' },
  { name: 'oidc-groups-claim', type: 'string', placeholder: 'CLAIM', help: 'the claim holding the groups, an array of strings or a string (default: groups)' },
  { name: 'oidc-groups-prefix', type: 'string', placeholder: 'PREFIX', help: 'put before every group name, e.g. oidc: (default: none)' },
  { name: 'oidc-uid-claim', type: 'string', placeholder: 'CLAIM', help: 'the claim holding the user\'s uid, sent as Impersonate-Uid; tokens without it are refused (default: none, no uid)' },
];

const q = (s: string): string => JSON.stringify(s);

/** A claim name: a top-level JSON member name (no paths). */
function claim(raw: string, flag: string): string {
  if (raw.trim() === '' || raw !== raw.trim()) throw new ConfigError(`--${flag}: expected a claim name (e.g. sub, email, groups), got ${q(raw)}`);
  return raw;
}

/** A prefix: `-` stands for none (kube-apiserver's spelling); a `system:` prefix would make every name reserved. */
function prefix(raw: string, flag: string): string {
  if (raw === '') throw new ConfigError(`--${flag}: expected a prefix such as oidc:, or - for none, got ""`);
  if (raw === '-') return '';
  if (raw.startsWith('system:')) throw new ConfigError(`--${flag}: ${q(raw)} starts with "system:", which Kubernetes reserves for its own users and groups; every such name is refused (docs/authentication.md)`);
  return raw;
}

/** The OIDC settings from the flags given, or undefined without --oidc-issuer; a ConfigError names a bad or lonely flag. */
export function readOidcFlags(flag: (name: string) => string | undefined): OidcSettings | undefined {
  const issuer = flag('oidc-issuer');
  if (issuer === undefined) {
    const lonely = OIDC_FLAGS.find((f) => flag(f.name) !== undefined);
    if (lonely !== undefined) throw new ConfigError(`--${lonely.name} needs --oidc-issuer URL: it configures OIDC authentication, which is off without an issuer`);
    return undefined;
  }
  const problem = checkIssuerUrl(issuer);
  if (problem !== undefined) throw new ConfigError(`--oidc-issuer ${issuer}: ${problem} (the issuer's exact URL, as in its tokens' iss, e.g. https://accounts.example.com)`);
  const audience = flag('oidc-audience');
  if (audience === undefined) throw new ConfigError(`--oidc-issuer needs --oidc-audience AUD: without an audience, any token the issuer signed for any application would be accepted (usually the frontend's OIDC client id)`);
  if (audience.trim() === '') throw new ConfigError(`--oidc-audience: expected the audience tokens are issued for (e.g. the frontend's OIDC client id), got ${q(audience)}`);
  const jwksFile = flag('oidc-jwks-file');
  if (jwksFile !== undefined && jwksFile.trim() === '') throw new ConfigError(`--oidc-jwks-file: expected a file path, got ${q(jwksFile)}`);
  const userClaim = claim(flag('oidc-user-claim') ?? 'sub', 'oidc-user-claim');
  const userPrefix = flag('oidc-user-prefix');
  const uidClaim = flag('oidc-uid-claim');
  return {
    issuer,
    audience,
    ...(jwksFile === undefined ? {} : { jwksFile: resolve(jwksFile) }),
    userClaim,
    // kube-apiserver's rule: without a prefix, user names from any claim but email get the issuer's
    // URL and "#" in front, so an IdP's "admin" is not the cluster's "admin".
    userPrefix: userPrefix !== undefined ? prefix(userPrefix, 'oidc-user-prefix') : userClaim === 'email' ? '' : `${issuer}#`,
    groupsClaim: claim(flag('oidc-groups-claim') ?? 'groups', 'oidc-groups-claim'),
    groupsPrefix: prefix(flag('oidc-groups-prefix') ?? '-', 'oidc-groups-prefix'),
    ...(uidClaim === undefined ? {} : { uidClaim: claim(uidClaim, 'oidc-uid-claim') }),
  };
}
