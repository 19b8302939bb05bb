/**
 * What a gateway policy (src/auth/policy) lets one caller do with each cluster, as the fleet and
 * the write path ask it: a caller's fleet (Fleet.as) holds only the clusters they may read and
 * remembers the others as withheld; mutations and secret values ask mayWrite and maySeeSecrets.
 * It sits on top of cluster RBAC (the cluster still decides, as the caller, through
 * impersonation): the policy can only take away.
 */
export interface PolicyCluster {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ClusterAccess {
  /** Who the decisions are for, as messages name them: `user "alice"`. */
  readonly caller: string;
  mayRead(cluster: PolicyCluster): boolean;
  /** Write implies read. */
  mayWrite(cluster: PolicyCluster): boolean;
  /** Secret values (export's includeSecrets, copy of Secrets), still subject to the cluster's own `get`. */
  maySeeSecrets(cluster: PolicyCluster): boolean;
}
