/**
 * RBAC escalation prevention for a simulated cluster with `rbac: true`, as kube-apiserver's
 * policy-based RBAC storage (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased
 * and escalation_check.go) does it.
 *
 * Why: the right to write Roles and bindings must not be a right to everything. Without this
 * check a user allowed to create RoleBindings in a namespace could bind himself `admin` or
 * `cluster-admin`, or write a Role granting what he does not hold and bind it; a gateway acting
 * as its callers would then let any caller with that right become anyone, and tests of the
 * gateway would not see it.
 *
 * Mechanism: a create, update, patch or server-side apply of a Role or ClusterRole is allowed
 * when the requester (after impersonation) already holds every rule in it (in the request's
 * namespace for a Role, cluster-wide for a ClusterRole), or may `escalate` that resource (the
 * request's own name and namespace: a create has no name, so an `escalate` limited by
 * resourceNames allows updates only). Setting or changing a ClusterRole's `aggregationRule` also
 * needs full authority (`*` on everything), whatever the rules. A RoleBinding or
 * ClusterRoleBinding is allowed when the requester may `bind` the referenced role (its name,
 * in the binding's namespace or cluster-wide) or holds every rule of that role there (an
 * aggregated ClusterRole as the aggregation makes it). `system:masters` skips all of it. A refusal
 * is kube's 403, naming the missing rules as kube compacts and sorts them; a binding to a role
 * that does not exist (and may not be bound by name) is kube's 404. Updates that change only
 * ownerReferences or finalizers (what the garbage collector writes) are not checked. The check
 * runs before validation, on the object the write would store, so dry runs are refused alike.
 *
 * Out of scope: a roleRef of an unknown kind (or a ClusterRoleBinding naming a Role), which kube
 * answers with a 500 from the resolver before validation; here validation answers it (422).
 */
import type { UserInfo } from '../api/ApiContext.ts';
import { ApiError, errors } from '../api/ApiError.ts';
import { goQuote } from '../api/validation/goLiteral.ts';
import type { WriteGuard } from '../registry/Registry.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { findResource } from '../resources.ts';
import type { KObject } from '../types.ts';
import { SYSTEM_MASTERS, type RbacAuthorizer } from './RbacAuthorizer.ts';
import type { PolicyRule, RequestAttributes } from './rbacRules.ts';
import { describeMissing, uncoveredRules } from './ruleCoverage.ts';

const RBAC = 'rbac.authorization.k8s.io';
const WRITES = new Set(['create', 'update', 'patch']);
/** What using an aggregationRule takes: it can gather anything. */
const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

interface RoleRef { apiGroup?: string; kind?: string; name?: string }

/**
 * The check a write of an RBAC object needs (for the Registry's `guard` write option), or
 * undefined when the request writes no Role or binding, or its requester may escalate.
 */
export function escalationGuard(authorizer: RbacAuthorizer, attrs: RequestAttributes): WriteGuard | undefined {
  if (!attrs.resourceRequest || attrs.apiGroup !== RBAC || attrs.subresource !== '' || !WRITES.has(attrs.verb)) return undefined;
  // kube's EscalationAllowed: the privileged group (also what the apiserver's loopback client uses).
  if (attrs.user.groups.includes(SYSTEM_MASTERS)) return undefined;
  const resource = attrs.resource;
  if (resource === 'roles' || resource === 'clusterroles') {
    // RoleEscalationAuthorized: the `escalate` verb on the request's own resource, name and namespace.
    if (authorizer.authorize({ ...attrs, verb: 'escalate', apiVersion: '*' }).allowed) return undefined;
    return (next, old) => {
      if (old && onlyGcFields(next, old)) return;
      const name = next.metadata.name ?? '';
      const namespace = resource === 'roles' ? attrs.namespace || (next.metadata.namespace ?? '') : '';
      confirmNoEscalation(authorizer, attrs.user, namespace, rulesOf(next), resource, name);
      if (resource === 'clusterroles' && (hasAggregationRule(next) || (old !== undefined && hasAggregationRule(old)))) {
        if (!holds(authorizer, attrs.user, '', FULL_AUTHORITY).covered) {
          throw forbidden(resource, name, 'must have cluster-admin privileges to use the aggregationRule');
        }
      }
    };
  }
  if (resource === 'rolebindings' || resource === 'clusterrolebindings') {
    const namespace = resource === 'rolebindings' ? attrs.namespace : '';
    return (next, old) => {
      if (old && onlyGcFields(next, old)) return;
      const ref = ((next as { roleRef?: unknown }).roleRef ?? {}) as RoleRef;
      const ns = namespace || (resource === 'rolebindings' ? next.metadata.namespace ?? '' : '');
      // What kube's resolver cannot look up fails there; validation refuses it here (see above).
      if (!(ref.kind === 'ClusterRole' || (ref.kind === 'Role' && ns !== ''))) return;
      if (bindingAuthorized(authorizer, attrs.user, ref, ns)) return;
      const rules = authorizer.roleRefRules(ref, ns);
      if (!rules) throw errors.notFound(findResource(RBAC, 'v1', ref.kind === 'Role' ? 'roles' : 'clusterroles')!, ref.name ?? '');
      confirmNoEscalation(authorizer, attrs.user, ns, rules, resource, next.metadata.name ?? '');
    };
  }
  return undefined;
}

/** kube's BindingAuthorized: the `bind` verb on the referenced role, by name, where the binding is. */
function bindingAuthorized(authorizer: RbacAuthorizer, user: UserInfo, ref: RoleRef, namespace: string): boolean {
  return authorizer.authorize({
    user, verb: 'bind', resourceRequest: true, apiGroup: ref.apiGroup ?? '', apiVersion: '',
    resource: ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles', subresource: '', namespace, name: ref.name ?? '', path: '',
  }).allowed;
}

function holds(authorizer: RbacAuthorizer, user: UserInfo, namespace: string, wanted: PolicyRule[]): { covered: boolean; missing: PolicyRule[]; errors: string[] } {
  const { rules, errors: errs } = authorizer.rulesFor(user, namespace, true);
  const missing = uncoveredRules(rules, wanted);
  return { covered: missing.length === 0, missing, errors: errs };
}

/** kube's ConfirmNoEscalation, refusing with NewForbidden as the policy-based storage does. */
function confirmNoEscalation(authorizer: RbacAuthorizer, user: UserInfo, namespace: string, wanted: PolicyRule[], resource: string, name: string): void {
  const { covered, missing, errors: errs } = holds(authorizer, user, namespace, wanted);
  if (covered) return;
  let msg = `user ${goQuote(user.username)} (groups=[${user.groups.map(goQuote).join(' ')}]) is attempting to grant RBAC permissions not currently held:\n${describeMissing(missing).join('\n')}`;
  // `%v` of a []error holding one utilerrors aggregate.
  if (errs.length > 0) msg += `; resolution errors: [${aggregate(errs)}]`;
  throw forbidden(resource, name, msg);
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several (deduplicated) in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/** apierrors.NewForbidden for an rbac.authorization.k8s.io resource (an empty name is left out). */
function forbidden(resource: string, name: string, why: string): ApiError {
  const subject = name ? `${resource}.${RBAC} ${goQuote(name)}` : `${resource}.${RBAC}`;
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, { ...(name ? { name } : {}), group: RBAC, kind: resource });
}

function rulesOf(o: KObject): PolicyRule[] {
  const rules = (o as { rules?: unknown }).rules;
  return Array.isArray(rules) ? (rules as PolicyRule[]) : [];
}

function hasAggregationRule(o: KObject): boolean {
  const rule = (o as { aggregationRule?: { clusterRoleSelectors?: unknown } }).aggregationRule;
  return Array.isArray(rule?.clusterRoleSelectors) && rule.clusterRoleSelectors.length > 0;
}

/** kube's IsOnlyMutatingGCFields: the write changes nothing but ownerReferences and finalizers. */
function onlyGcFields(next: KObject, old: KObject): boolean {
  const strip = (o: KObject, from: KObject) => {
    const { managedFields: _mf, resourceVersion: _rv, ownerReferences: _or, finalizers: _f, ...meta } = o.metadata;
    const { ownerReferences, finalizers } = from.metadata;
    return { ...o, metadata: { ...meta, ownerReferences, finalizers } };
  };
  return stableEqual(strip(next, old), strip(old, old));
}
