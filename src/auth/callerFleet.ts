/**
 * The fleet and write engine one request works with: the caller's own when authenticated, so
 * every read, write, rollout and export goes to each cluster as them (Impersonate-* headers,
 * ClusterClient.as), and the gateway's when authentication is off (loopback only).
 *
 * Why: a fleet gateway that serves callers with its own credentials lets anyone who reaches it do
 * whatever the gateway may, in every cluster. Mechanism: the identity comes only from the
 * authenticator (a token checked by src/auth), never from a client header; each cluster's RBAC
 * then decides as it would for `kubectl --as`. Out of scope here: the watch-backed cache and
 * subscriptions, which are filled under the gateway's identity and filtered per caller elsewhere.
 */
import type { Fleet } from '../fleet/Fleet.ts';
import type { ClusterAccess } from '../fleet/ClusterAccess.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { FleetOps } from '../ops/FleetOps.ts';
import type { Identity } from './Identity.ts';

export interface CallerFleet {
  fleet: Fleet;
  ops: FleetOps;
}

/** `only`: the clusters a gateway policy gives this caller (all when absent), or its whole ClusterAccess for them (Policy.accessFor). */
export function callerFleet(fleet: Fleet, ops: FleetOps, identity: Identity | undefined, only?: ((cluster: ClusterClient) => boolean) | ClusterAccess): CallerFleet {
  if (!identity) return { fleet, ops };
  const theirs = fleet.as(identity, only);
  return { fleet: theirs, ops: ops.as(theirs, identity) };
}
