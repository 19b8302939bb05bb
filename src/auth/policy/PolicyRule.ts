/**
 * One rule of a gateway policy, checked: whom it is for (users, groups), which clusters it
 * covers (a label selector over cluster labels and/or exact names; neither: every cluster), and
 * what it gives there (read, or write which implies read; secret values or not).
 */
import type { PolicyCluster } from '../../fleet/ClusterAccess.ts';
import type { LabelSelector } from '../../fleet/labelSelector.ts';
import type { Identity } from '../Identity.ts';

/** The group every authenticated caller is in, as in Kubernetes: a rule for it is a rule for everyone. */
export const EVERY_CALLER_GROUP = 'system:authenticated';

export type PolicyAccessLevel = 'read' | 'write';

export interface PolicyRule {
  /** 1-based line of the rule in the file, for messages and the start-up summary. */
  readonly line: number;
  /** An optional name, for people reading the file and the log. */
  readonly name?: string;
  readonly users: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
  readonly selector?: LabelSelector;
  /** Exact cluster names, each with the line it is written on (checked against the fleet when it loads). */
  readonly clusterNames?: ReadonlyMap<string, number>;
  readonly access: PolicyAccessLevel;
  readonly secrets: boolean;
}

export function ruleMatchesCaller(rule: PolicyRule, identity: Identity): boolean {
  return rule.users.has(identity.user) || rule.groups.has(EVERY_CALLER_GROUP) || identity.groups.some((g) => rule.groups.has(g));
}

/** `clusters` and `clusterNames` both given: their intersection, as in the API's own arguments. */
export function ruleCoversCluster(rule: PolicyRule, cluster: PolicyCluster): boolean {
  return (rule.clusterNames === undefined || rule.clusterNames.has(cluster.name)) && (rule.selector === undefined || rule.selector.matches(cluster.labels));
}
