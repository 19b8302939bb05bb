/**
 * The authorization step of a simulated cluster with `rbac: true`, between authentication and
 * dispatch, as kube-apiserver's WithImpersonation and WithAuthorization filters run it.
 *
 * Why: a cluster whose RBAC is the source of truth for who may see and do what must refuse every
 * request its bindings do not allow, lists and watches included, or a gateway acting as its
 * callers could leak one caller's view to another unnoticed in tests. Mechanism: impersonation
 * first (./impersonate.ts), then the request's attributes (verb, API group, resource,
 * subresource, namespace, name; or the path of a non-resource request) are decided by the
 * RbacAuthorizer, and a refusal is kube's 403 Status. Writes of Roles, ClusterRoles and their
 * bindings are checked once more, for escalation, where the registry has the object they would
 * store (./preventEscalation.ts; the attributes returned here say who asks). Out of scope: the
 * Node and Webhook authorizers, and authorizing paths the simulator does not serve (they 404
 * before this step, where kube would 403 a caller without rights).
 */
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../api/ApiContext.ts';
import type { RouteInfo } from '../api/requestInfo.ts';
import { REVIEW_GROUP } from './accessReviews.ts';
import { forbiddenError, type RbacAuthorizer } from './RbacAuthorizer.ts';
import type { RequestAttributes } from './rbacRules.ts';

/** The self-review a path creates (`selfsubjectaccessreviews`, `selfsubjectrulesreviews`, `selfsubjectreviews`), else undefined. */
export function reviewResource(pathname: string): string | undefined {
  const m = /^\/apis\/(?:authorization\.k8s\.io\/v1\/(selfsubjectaccessreviews|selfsubjectrulesreviews)|authentication\.k8s\.io\/v1\/(selfsubjectreviews))\/?$/.exec(pathname);
  return m?.[1] ?? m?.[2];
}

function nameFromFieldSelector(query: URLSearchParams): string {
  // As RequestInfoFactory: a list or watch narrowed to `metadata.name=X` is authorized as one on X.
  for (const term of (query.get('fieldSelector') ?? '').split(',')) {
    const m = /^metadata\.name==?(.*)$/.exec(term.trim());
    if (m) return m[1]!;
  }
  return '';
}

export function attributesOf(method: string, pathname: string, route: RouteInfo | { route: 'review'; resource: string }, user: UserInfo): RequestAttributes {
  const base = { user, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: '' };
  if (route.route === 'review') {
    const apiGroup = route.resource === 'selfsubjectreviews' ? 'authentication.k8s.io' : REVIEW_GROUP;
    return { ...base, verb: 'create', resourceRequest: true, apiGroup, apiVersion: 'v1', resource: route.resource };
  }
  if (route.route !== 'resource') return { ...base, verb: method.toLowerCase(), resourceRequest: false, path: pathname };
  const rr = route.request;
  let name = rr.name;
  if (name === '' && (rr.verb === 'list' || rr.verb === 'watch')) name = nameFromFieldSelector(rr.query);
  // kube authorizes a request on a namespace object inside that namespace, so a RoleBinding there can allow it.
  const namespace = rr.type.resource === 'namespaces' && rr.type.group === '' ? name : rr.namespace;
  return {
    ...base, verb: rr.verb, resourceRequest: true, apiGroup: rr.type.group, apiVersion: rr.version,
    resource: rr.type.resource, subresource: rr.subresource, namespace, name,
  };
}

/** Throws kube's 403 unless the authorizer allows the request; returns the attributes it decided on. */
export function authorizeRequest(req: IncomingMessage, pathname: string, route: RouteInfo | { route: 'review'; resource: string }, user: UserInfo, authorizer: RbacAuthorizer): RequestAttributes {
  const attrs = attributesOf(req.method ?? 'GET', pathname, route, user);
  const decision = authorizer.authorize(attrs);
  if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
  return attrs;
}
