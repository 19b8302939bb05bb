/**
 * The deployment controller's strategies, after kube's rolling.go, recreate.go and sync.go:
 * RollingUpdate (grow the new ReplicaSet within maxSurge, shrink the old ones within
 * maxUnavailable, unhealthy replicas first), Recreate (old pods all gone before new ones), and
 * plain or proportional scaling when a deployment is paused or only its replica count changed.
 * They act through RolloutOps, the controller's writes and status updates.
 */
import type { Deployment, Pod, ReplicaSet } from '../types.ts';
import {
  DESIRED_REPLICAS, byCreation, desiredReplicas, isComplete, isRollingUpdate, maxSurge, maxUnavailable, newRSNewReplicas,
  proportion, specReplicas, sumSpecReplicas,
} from './deploymentUtil.ts';

/** A deployment's ReplicaSets as one sync sees them: the one of the current template, and the rest. */
export interface ReplicaSets {
  d: Deployment;
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

/** What the strategies need from the controller. */
export interface RolloutOps {
  /** getAllReplicaSetsAndSyncRevision: find (or, with `create`, create) the current template's ReplicaSet. */
  replicaSets(d: Deployment, rsList: ReplicaSet[], create: boolean): ReplicaSets;
  /** Resize a ReplicaSet (and record ScalingReplicaSet); returns it as stored. */
  scale(rs: ReplicaSet, size: number, d: Deployment): ReplicaSet;
  syncRolloutStatus(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined): void;
  syncStatus(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined): void;
  /** Delete old ReplicaSets beyond revisionHistoryLimit. */
  cleanup(d: Deployment, oldRSs: ReplicaSet[]): void;
  podsOf(rs: ReplicaSet): Pod[];
}

/** rolloutRolling: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable. */
export function rolloutRolling(ops: RolloutOps, d0: Deployment, rsList: ReplicaSet[]): void {
  const { d, newRS: created, oldRSs } = ops.replicaSets(d0, rsList, true);
  if (!created) return;
  let newRS = created;
  const all = (): ReplicaSet[] => [...oldRSs, newRS];
  const n = desiredReplicas(d);
  // reconcileNewReplicaSet
  if (specReplicas(newRS) !== n) {
    const size = specReplicas(newRS) > n ? n : newRSNewReplicas(d, all(), newRS);
    if (size !== specReplicas(newRS)) {
      newRS = ops.scale(newRS, size, d);
      return ops.syncRolloutStatus(d, all(), newRS);
    }
  }
  if (reconcileOldReplicaSets(ops, d, oldRSs, newRS)) return ops.syncRolloutStatus(d, all(), newRS);
  if (isComplete(d, d.status ?? {})) ops.cleanup(d, oldRSs);
  ops.syncRolloutStatus(d, all(), newRS);
}

/** reconcileOldReplicaSets: shrink old ReplicaSets as far as maxUnavailable allows. Mutates `oldRSs`. */
function reconcileOldReplicaSets(ops: RolloutOps, d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const allPods = sumSpecReplicas(oldRSs) + specReplicas(newRS);
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const order = oldRSs.map((rs, i) => ({ rs, i })).sort((a, b) => byCreation(a.rs, b.rs));
  // Unhealthy old replicas first: removing them costs no availability.
  let cleaned = 0;
  for (const { rs, i } of order) {
    if (cleaned >= maxScaledDown) break;
    const cur = oldRSs[i] ?? rs;
    const unhealthy = specReplicas(cur) - (cur.status?.availableReplicas ?? 0);
    if (specReplicas(cur) === 0 || unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    oldRSs[i] = ops.scale(cur, specReplicas(cur) - down, d);
    cleaned += down;
  }
  // Then available ones, down to minAvailable.
  const availableNow = [...oldRSs, newRS].reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
  let scaled = 0;
  if (availableNow > minAvailable) {
    const total = availableNow - minAvailable;
    for (const { i } of order) {
      const cur = oldRSs[i];
      if (!cur || scaled >= total) break;
      if (specReplicas(cur) === 0) continue;
      const down = Math.min(specReplicas(cur), total - scaled);
      oldRSs[i] = ops.scale(cur, specReplicas(cur) - down, d);
      scaled += down;
    }
  }
  return cleaned + scaled > 0;
}

/** rolloutRecreate: every old pod gone before the new ReplicaSet grows. */
export function rolloutRecreate(ops: RolloutOps, d0: Deployment, rsList: ReplicaSet[]): void {
  let { d, newRS, oldRSs } = ops.replicaSets(d0, rsList, false);
  let scaledDown = false;
  oldRSs = oldRSs.map((rs) => {
    if (specReplicas(rs) === 0) return rs;
    scaledDown = true;
    return ops.scale(rs, 0, d);
  });
  const all = (): ReplicaSet[] => (newRS ? [...oldRSs, newRS] : oldRSs);
  if (scaledDown || oldPodsRunning(ops, oldRSs)) return ops.syncRolloutStatus(d, all(), newRS);
  if (!newRS) ({ d, newRS, oldRSs } = ops.replicaSets(d, rsList, true));
  if (newRS) newRS = ops.scale(newRS, desiredReplicas(d), d);
  if (isComplete(d, d.status ?? {})) ops.cleanup(d, oldRSs);
  ops.syncRolloutStatus(d, all(), newRS);
}

function oldPodsRunning(ops: RolloutOps, oldRSs: ReplicaSet[]): boolean {
  if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
  return oldRSs.some((rs) => ops.podsOf(rs).some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'));
}

/** sync: scale without rolling out (paused deployments, scaling events), proportionally during a rollout. */
export function scaleWithoutRollout(ops: RolloutOps, d0: Deployment, rsList: ReplicaSet[]): void {
  const { d, newRS: found, oldRSs } = ops.replicaSets(d0, rsList, false);
  let newRS = found;
  const n = desiredReplicas(d);
  const active = [...oldRSs, ...(newRS ? [newRS] : [])].filter((rs) => specReplicas(rs) > 0);
  const replace = (rs: ReplicaSet, updated: ReplicaSet): void => {
    if (rs === newRS) newRS = updated;
    const i = oldRSs.indexOf(rs);
    if (i >= 0) oldRSs[i] = updated;
  };
  if (active.length <= 1) {
    const target = active[0] ?? newRS ?? [...oldRSs].sort(byCreation).pop();
    if (target && specReplicas(target) !== n) replace(target, ops.scale(target, n, d));
  } else if (newRS && specReplicas(newRS) === n && newRS.metadata.annotations?.[DESIRED_REPLICAS] === String(n) && (newRS.status?.availableReplicas ?? 0) === n) {
    for (const rs of active) if (rs !== newRS) replace(rs, ops.scale(rs, 0, d));
  } else if (isRollingUpdate(d)) {
    const allowed = n > 0 ? n + maxSurge(d) : 0;
    const toAdd = allowed - sumSpecReplicas(active);
    // Grow the newest first, shrink the oldest first; leftovers go to the first.
    const sorted = [...active].sort((a, b) => (toAdd > 0 ? specReplicas(b) - specReplicas(a) || byCreation(b, a) : specReplicas(b) - specReplicas(a) || byCreation(a, b)));
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of sorted) {
      const p = toAdd !== 0 ? proportion(rs, d, toAdd, added) : 0;
      sizes.set(rs, specReplicas(rs) + p);
      added += p;
    }
    sorted.forEach((rs, i) => {
      let size = sizes.get(rs) ?? specReplicas(rs);
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      replace(rs, ops.scale(rs, size, d));
    });
  }
  if (d.spec.paused) ops.cleanup(d, oldRSs);
  ops.syncStatus(d, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
}
