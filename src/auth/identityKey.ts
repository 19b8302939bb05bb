/**
 * One string per identity, for keys that must tell callers apart (access-review answers, shared
 * subscription executions): user, uid and groups, JSON-encoded so no user or group name can make
 * two identities' keys equal. Groups are sorted: RBAC reads them as a set. '' means no identity
 * (authentication off), which no identity's key can be.
 */
import type { Identity } from './Identity.ts';

const keys = new WeakMap<Identity, string>();

export function identityKey(identity: Identity | undefined): string {
  if (!identity) return '';
  let key = keys.get(identity);
  if (key === undefined) {
    key = JSON.stringify([identity.user, identity.uid ?? null, [...identity.groups].sort()]);
    keys.set(identity, key);
  }
  return key;
}
