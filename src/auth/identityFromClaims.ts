/**
 * A verified token's claims → the caller's Kubernetes identity, the way kube-apiserver's OIDC
 * authenticator maps them (`--oidc-username-claim`, `--oidc-groups-claim`, their prefixes): the
 * user claim must be a non-empty string; groups may be an array of strings or a single string, or
 * absent; with `email` as the user claim, an `email_verified` claim other than `true` refuses the
 * token. Claim names are top-level names (no paths). The answer is an identity, or why not: the
 * reason is for the log only and names claims, never the token.
 */
import type { Identity } from './Identity.ts';
import type { OidcSettings } from './OidcSettings.ts';

export type ClaimMapping = Pick<OidcSettings, 'userClaim' | 'userPrefix' | 'groupsClaim' | 'groupsPrefix' | 'uidClaim'>;

export type MappedIdentity = { identity: Identity } | { refused: string };

/** Names Kubernetes reserves for itself: `system:masters`, `system:nodes`, `system:serviceaccount:...`. */
const RESERVED = 'system:';

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export function identityFromClaims(claims: Readonly<Record<string, unknown>>, m: ClaimMapping): MappedIdentity {
  const user = claims[m.userClaim];
  if (user === undefined) return { refused: `the user claim "${m.userClaim}" is missing` };
  if (typeof user !== 'string' || user === '') return { refused: `the user claim "${m.userClaim}" is ${typeof user === 'string' ? 'empty' : typeOf(user)}, not a non-empty string` };
  // As kube-apiserver: an address the IdP says it has not verified names nobody in particular.
  if (m.userClaim === 'email' && 'email_verified' in claims && claims.email_verified !== true) {
    return { refused: 'the email claim is not verified (email_verified is not true)' };
  }

  const raw = claims[m.groupsClaim];
  let groups: string[];
  if (raw === undefined || raw === null) groups = [];
  else if (typeof raw === 'string') groups = [raw];
  else if (Array.isArray(raw) && raw.every((g) => typeof g === 'string')) groups = [...(raw as string[])];
  else return { refused: `the groups claim "${m.groupsClaim}" is ${typeOf(raw)}${Array.isArray(raw) ? ' with non-string members' : ''}, not an array of strings or a string` };
  if (groups.some((g) => g === '')) return { refused: `the groups claim "${m.groupsClaim}" holds an empty group name` };

  let uid: string | undefined;
  if (m.uidClaim !== undefined) {
    const v = claims[m.uidClaim];
    if (typeof v !== 'string' || v === '') return { refused: `the uid claim "${m.uidClaim}" is ${v === undefined ? 'missing' : typeof v === 'string' ? 'empty' : typeOf(v)}, not a non-empty string` };
    uid = v;
  }

  const name = m.userPrefix + user;
  const groupNames = groups.map((g) => m.groupsPrefix + g);
  // Why (security): the gateway acts in every cluster as the caller, through Impersonate-User and
  // Impersonate-Group, and its own identity may impersonate anyone. The IdP's claims are written
  // by whoever administers the IdP (or by users themselves, for some claims such as a display
  // name): a token whose groups claim says `system:masters` would make the gateway act as a
  // superuser in every cluster, and a user named `system:kube-controller-manager` or
  // `system:serviceaccount:kube-system:...` would borrow a control-plane identity. Mechanism: after
  // prefixing, a user name or any group starting with `system:` refuses the whole token (kube's
  // structured AuthenticationConfiguration documents the same check as userValidationRules).
  // Out of scope: other privileged names an operator has bound (e.g. a group bound to
  // cluster-admin): choose prefixes (--oidc-groups-prefix oidc:) so IdP names cannot collide.
  if (name.startsWith(RESERVED)) return { refused: `the mapped user name ${JSON.stringify(name)} starts with the reserved "system:"` };
  const reserved = groupNames.find((g) => g.startsWith(RESERVED));
  if (reserved !== undefined) return { refused: `the mapped group ${JSON.stringify(reserved)} starts with the reserved "system:"` };

  return { identity: Object.freeze({ user: name, ...(uid === undefined ? {} : { uid }), groups: Object.freeze(groupNames) }) };
}
