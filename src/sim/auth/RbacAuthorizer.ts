/**
 * kube-apiserver's authorizer chain for a simulated cluster with `rbac: true`: the privileged
 * group `system:masters` is allowed everything (as kube-apiserver's privileged-group authorizer,
 * ahead of RBAC), then the RBAC authorizer walks ClusterRoleBindings and, for a namespaced
 * request, the RoleBindings of that namespace, allowing the request when one rule of a bound role
 * matches. Roles and bindings are read from the cluster's own store on every decision, so a
 * binding written through the API takes effect on the next request, as in kube (no cache delay).
 * Also answers the rules a user has in a namespace (SelfSubjectRulesReview, and the escalation
 * checks of RBAC writes in ./preventEscalation.ts) and words the 403.
 */
import type { UserInfo } from '../api/ApiContext.ts';
import { ApiError } from '../api/ApiError.ts';
import { matchesLabelSelector } from '../api/labelSelector.ts';
import type { Registry } from '../registry/Registry.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { findResource } from '../resources.ts';
import type { KObject, LabelSelector } from '../types.ts';
import { ruleAllows, subjectApplies, type PolicyRule, type RequestAttributes, type Subject } from './rbacRules.ts';

const RBAC = 'rbac.authorization.k8s.io';
const TYPES = {
  roles: findResource(RBAC, 'v1', 'roles')!,
  clusterroles: findResource(RBAC, 'v1', 'clusterroles')!,
  rolebindings: findResource(RBAC, 'v1', 'rolebindings')!,
  clusterrolebindings: findResource(RBAC, 'v1', 'clusterrolebindings')!,
};

/** The group kube-apiserver treats as superuser whatever RBAC says. */
export const SYSTEM_MASTERS = 'system:masters';

interface RoleObject extends KObject { rules?: PolicyRule[]; aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } }
interface BindingObject extends KObject { roleRef?: { kind?: string; name?: string }; subjects?: Subject[] }

export interface Decision {
  allowed: boolean;
  /** kube's reason: empty when simply no rule matched, "RBAC: ..." naming bindings whose roles are missing. */
  reason: string;
}

export class RbacAuthorizer {
  constructor(private readonly registry: Registry) {}

  authorize(attrs: RequestAttributes): Decision {
    if (attrs.user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
    const errs: string[] = [];
    const allowed = this.visitRules(attrs.user, attrs.namespace, errs, (rule) => ruleAllows(attrs, rule));
    return { allowed, reason: allowed || errs.length === 0 ? '' : `RBAC: ${aggregate(errs)}` };
  }

  /**
   * Every rule that applies to the user in the namespace ('' for cluster-wide rules only), and the
   * errors met. `registryWording`: name a missing role as the registry's resolver does
   * (`roles.rbac.authorization.k8s.io "x" not found`, what escalation checks report) rather than
   * as the authorizer's informer listers do (`role.rbac...`).
   */
  rulesFor(user: UserInfo, namespace: string, registryWording = false): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errs: string[] = [];
    this.visitRules(user, namespace, errs, (rule) => { rules.push(rule); return false; }, registryWording);
    return { rules, errors: errs };
  }

  /**
   * The rules a binding's roleRef grants in `namespace` ('' for a ClusterRoleBinding), as kube's
   * GetRoleReferenceRules: a ClusterRole's (aggregated ones included) or the namespace's Role's;
   * undefined when the role does not exist.
   */
  roleRefRules(roleRef: { kind?: string; name?: string }, namespace: string): PolicyRule[] | undefined {
    return this.roleRules({ roleRef } as BindingObject, namespace, []);
  }

  /** Walks the user's rules as kube's VisitRulesFor does; stops when `visit` returns true. */
  private visitRules(user: UserInfo, namespace: string, errs: string[], visit: (rule: PolicyRule) => boolean, registryWording = false): boolean {
    for (const b of this.registry.list<BindingObject>(TYPES.clusterrolebindings)) {
      if (!(b.subjects ?? []).some((s) => subjectApplies(user, s, ''))) continue;
      const rules = this.roleRules(b, '', errs, registryWording);
      if (rules?.some(visit)) return true;
    }
    if (namespace === '') return false;
    for (const b of this.registry.list<BindingObject>(TYPES.rolebindings, namespace)) {
      if (!(b.subjects ?? []).some((s) => subjectApplies(user, s, namespace))) continue;
      const rules = this.roleRules(b, namespace, errs, registryWording);
      if (rules?.some(visit)) return true;
    }
    return false;
  }

  private roleRules(binding: BindingObject, namespace: string, errs: string[], registryWording = false): PolicyRule[] | undefined {
    const name = binding.roleRef?.name ?? '';
    const s = registryWording ? 's' : '';
    if (binding.roleRef?.kind === 'ClusterRole') {
      const role = this.registry.get<RoleObject>(TYPES.clusterroles, '', name);
      if (!role) errs.push(`clusterrole${s}.rbac.authorization.k8s.io "${name}" not found`);
      return role ? this.clusterRoleRules(role, new Set()) : undefined;
    }
    if (binding.roleRef?.kind === 'Role' && namespace !== '') {
      const role = this.registry.get<RoleObject>(TYPES.roles, namespace, name);
      if (!role) errs.push(`role${s}.rbac.authorization.k8s.io "${name}" not found`);
      return role ? role.rules ?? [] : undefined;
    }
    return undefined;
  }

  /**
   * A ClusterRole's rules; for an aggregated one (`aggregationRule`, as `view`, `edit`, `admin`),
   * the rules of every ClusterRole its selectors match, computed now where kube's
   * clusterrole-aggregation controller writes them into `.rules` shortly after any change (so a
   * GET of an aggregated role shows the rules it was created with, not the aggregate). As that
   * controller: the matched roles taken in name order, a rule already gathered not repeated (the
   * order shows in the rules an escalation refusal lists).
   */
  private clusterRoleRules(role: RoleObject, seen: Set<string>): PolicyRule[] {
    const selectors = role.aggregationRule?.clusterRoleSelectors;
    if (!selectors) return role.rules ?? [];
    seen.add(role.metadata.name);
    const rules: PolicyRule[] = [];
    const matched = this.registry.list<RoleObject>(TYPES.clusterroles)
      .filter((other) => !seen.has(other.metadata.name) && selectors.some((sel) => matchesLabelSelector(sel, other.metadata.labels)))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
    for (const other of matched) {
      for (const rule of this.clusterRoleRules(other, seen)) if (!rules.some((r) => stableEqual(r, rule))) rules.push(rule);
    }
    return rules;
  }
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several in brackets. */
function aggregate(messages: string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

/**
 * The 403 kube-apiserver answers (responsewriters.Forbidden + apierrors.NewForbidden):
 * `pods "web-1" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"`.
 */
export function forbiddenError(attrs: RequestAttributes, reason: string): ApiError {
  const user = attrs.user.username;
  let msg: string;
  if (!attrs.resourceRequest) {
    msg = `User "${user}" cannot ${attrs.verb} path "${attrs.path}"`;
  } else {
    const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
    msg = `User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.apiGroup}" ${scope}`;
  }
  if (reason) msg = `${msg}: ${reason}`;
  if (!attrs.resourceRequest) return new ApiError(403, 'Forbidden', `forbidden: ${msg}`, {});
  const qualified = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  const subject = attrs.name ? `${qualified} "${attrs.name}"` : qualified;
  // Go's omitempty: an empty name or group is left out of the details.
  const details = { ...(attrs.name ? { name: attrs.name } : {}), ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}), kind: attrs.resource };
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${msg}`, details);
}
