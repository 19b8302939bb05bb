/**
 * The gateway policy's part of every mutation, asked after the targets are chosen and before
 * anything else (a copy's source read, discovery, any write).
 *
 * Why (security): a caller the policy makes read-only, or read-only on some clusters, must not
 * change them however the mutation names its targets (a selector that happens to match one, a
 * rollout wave, allClusters). Mechanism: every target must be one the caller's ClusterAccess
 * gives `write`; if any is not, the whole mutation is refused with FORBIDDEN naming them, so a
 * multi-cluster write never lands on some clusters and not on others (the write path's rule:
 * bad input writes nothing anywhere). Out of scope: what the caller may write inside a cluster
 * the policy gives them is the cluster's RBAC, asked as the caller through impersonation.
 */
import type { Fleet } from '../fleet/Fleet.ts';
import type { PolicyCluster } from '../fleet/ClusterAccess.ts';
import { clusterList, PolicyForbidden } from '../fleet/PolicyForbidden.ts';

/** Throws PolicyForbidden unless the fleet's policy (if any) gives its caller `write` on every target. */
export function checkWriteAccess(fleet: Fleet, targets: readonly PolicyCluster[], operation: string): void {
  const access = fleet.access;
  if (!access) return;
  const refused = targets.filter((c) => !access.mayWrite(c)).map((c) => c.name);
  if (refused.length === 0) return;
  const readOnly = fleet.clusters.every((c) => !access.mayWrite(c));
  throw new PolicyForbidden(refused, readOnly
    ? `${operation}: the gateway policy gives ${access.caller} read access only, on every cluster: no mutation is allowed; nothing was written`
    : `${operation}: the gateway policy does not let ${access.caller} write to cluster${refused.length === 1 ? '' : 's'} ${clusterList(refused)}; nothing was written anywhere`);
}

