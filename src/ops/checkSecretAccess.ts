/**
 * The gateway policy's part of secret values: `export(includeSecrets: true)` and `copy` of
 * Secrets (which carries values from one cluster to others, where the caller might read them)
 * need the policy's `secrets: true` for the caller on the cluster the values come from.
 *
 * Why (security): reading a Secret's values is the one read that hands out credentials; a
 * policy that gives a group a cluster for dashboards must not also give them its database
 * passwords. Mechanism: refused with FORBIDDEN before any cluster is asked. The cluster's own
 * `get` on those Secrets, as the caller, is checked as well (secretsReadable.ts): both must
 * agree. Out of scope: Secret key names (not values) are metadata every reader of the cluster sees.
 */
import type { Fleet } from '../fleet/Fleet.ts';
import type { PolicyCluster } from '../fleet/ClusterAccess.ts';
import { PolicyForbidden } from '../fleet/PolicyForbidden.ts';

export function checkExportAccess(fleet: Fleet, cluster: PolicyCluster): void {
  const access = fleet.access;
  if (!access || access.maySeeSecrets(cluster)) return;
  throw new PolicyForbidden([cluster.name], `includeSecrets: the gateway policy does not give ${access.caller} secret values on cluster ${JSON.stringify(cluster.name)}; export without includeSecrets (Secrets with their keys and empty values)`);
}

export function checkCopySourceAccess(fleet: Fleet, source: PolicyCluster, kind: string): void {
  const access = fleet.access;
  if (kind !== 'Secret' || !access || access.maySeeSecrets(source)) return;
  throw new PolicyForbidden([source.name], `input.kind: copying Secrets carries their values, and the gateway policy does not give ${access.caller} secret values on cluster ${JSON.stringify(source.name)}; nothing was written`);
}
