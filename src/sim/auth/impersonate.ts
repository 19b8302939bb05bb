/**
 * kube-apiserver's impersonation filter for a simulated cluster with `rbac: true`.
 *
 * Why: impersonation is how a gateway acts as its caller in a cluster, so the cluster must refuse
 * it to anyone not granted the `impersonate` verb, or any authenticated client could become any
 * user. Mechanism (as k8s.io/apiserver endpoints/filters/impersonation.go): `Impersonate-User`,
 * each `Impersonate-Group` header line and `Impersonate-Uid` are each authorized as verb
 * `impersonate` on `users` / `groups` (API group "") / `uids` (authentication.k8s.io), or on
 * `serviceaccounts` in their namespace for a service-account username, with the value as the
 * name; one refusal answers 403 naming it. The request then runs as the impersonated identity,
 * with `system:authenticated` added as kube adds it. Out of scope: `Impersonate-Extra-*` headers
 * (accepted, not authorized or applied) and the constrained-impersonation modes of kube 1.34+.
 */
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../api/ApiContext.ts';
import { errors } from '../api/ApiError.ts';
import { forbiddenError, type RbacAuthorizer } from './RbacAuthorizer.ts';
import type { RequestAttributes } from './rbacRules.ts';

const SA_PREFIX = 'system:serviceaccount:';

/** Every value of a header that may appear on several lines (Node joins most with ", "). */
export function headerLines(req: IncomingMessage, name: string): string[] {
  const out: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
}

/** The identity the request acts as: the requester, or whom it impersonates once allowed. */
export function impersonate(req: IncomingMessage, requester: UserInfo, authorizer: RbacAuthorizer): UserInfo {
  const users = headerLines(req, 'impersonate-user');
  const groups = headerLines(req, 'impersonate-group');
  const uids = headerLines(req, 'impersonate-uid');
  if (users.length === 0) {
    if (groups.length > 0 || uids.length > 0) throw errors.internal('requested impersonation of groups or uid without impersonating a user');
    return requester;
  }
  if (users.length > 1 || uids.length > 1) throw errors.badRequest('only one Impersonate-User and one Impersonate-Uid header may be given');
  const username = users[0]!;
  const check = (resource: string, name: string, apiGroup = '', namespace = '') => {
    const attrs: RequestAttributes = {
      user: requester, verb: 'impersonate', resourceRequest: true, apiGroup, apiVersion: 'v1',
      resource, subresource: '', namespace, name, path: req.url ?? '/',
    };
    const decision = authorizer.authorize(attrs);
    if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
  };
  const resultGroups: string[] = [];
  if (username.startsWith(SA_PREFIX) && username.split(':').length === 4) {
    const [, , ns, name] = username.split(':') as [string, string, string, string];
    check('serviceaccounts', name, '', ns);
    // kube gives an impersonated service account its groups unless groups were asked for.
    if (groups.length === 0) resultGroups.push('system:serviceaccounts', `system:serviceaccounts:${ns}`);
  } else {
    check('users', username);
  }
  for (const g of groups) {
    check('groups', g);
    resultGroups.push(g);
  }
  if (uids[0] !== undefined) check('uids', uids[0], 'authentication.k8s.io');
  if (username !== 'system:anonymous' && !resultGroups.includes('system:authenticated') && !resultGroups.includes('system:unauthenticated')) {
    resultGroups.push('system:authenticated');
  }
  return { username, groups: resultGroups, ...(uids[0] !== undefined ? { uid: uids[0] } : {}) };
}
