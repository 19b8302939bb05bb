/**
 * The arithmetic of Deployment rollouts, after kube's pkg/controller/deployment/util: surge and
 * unavailability fenceposts (surge rounds up, unavailable rounds down), revisions, conditions,
 * the status `kubectl rollout status` reads, and proportional scaling of ReplicaSets.
 */
import { stableEqual } from '../registry/stableEqual.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet, WorkloadCondition } from '../types.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';

/** Deployment annotations that are the controller's own, never copied onto ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export type DeploymentStatus = NonNullable<Deployment['status']>;

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function desiredReplicas(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** ResolveFenceposts: at least one of surge and unavailable is positive. */
export function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate;
  const n = desiredReplicas(d);
  const surge = scaledValue(ru?.maxSurge ?? '25%', n, true);
  let unavailable = scaledValue(ru?.maxUnavailable ?? '25%', n, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

export function maxUnavailable(d: Deployment): number {
  const n = desiredReplicas(d);
  if (!isRollingUpdate(d) || n === 0) return 0;
  return Math.min(fenceposts(d).unavailable, n);
}

export function revisionOf(rs: ReplicaSet | Deployment): number {
  const v = Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10);
  return Number.isNaN(v) ? 0 : v;
}

export function specReplicas(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 0;
}

export function sumSpecReplicas(list: ReplicaSet[]): number {
  return list.reduce((n, rs) => n + specReplicas(rs), 0);
}

export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp;
  const tb = b.metadata.creationTimestamp;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function withoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  const metadata = { ...(t.metadata ?? {}), labels };
  if (Object.keys(labels).length === 0) delete (metadata as { labels?: unknown }).labels;
  return { ...t, metadata };
}

/** EqualIgnoreHash: the same pod template apart from the pod-template-hash label. */
export function sameTemplate(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return stableEqual(withoutHash(a), withoutHash(b));
}

/** The deployment annotations a ReplicaSet carries along. */
export function copiedAnnotations(d: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) out[k] = v;
  return out;
}

export function getCondition(status: DeploymentStatus | undefined, type: string): WorkloadCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(type: string, status: WorkloadCondition['status'], reason: string, message: string, now: string): WorkloadCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** SetDeploymentCondition: no change for the same status and reason; the transition time survives a same-status update. */
export function setCondition(status: DeploymentStatus, c: WorkloadCondition): void {
  const current = getCondition(status, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return;
  if (current && current.status === c.status) c.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((x) => x.type !== type);
}

/** The replica counts of a deployment from its ReplicaSets, plus the Available condition. */
export function calculateStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined, now: string): DeploymentStatus {
  const sum = (f: (rs: ReplicaSet) => number | undefined): number => allRSs.reduce((n, rs) => n + (f(rs) ?? 0), 0);
  const available = sum((rs) => rs.status?.availableReplicas);
  const status: DeploymentStatus = {};
  // The v1 status fields are all omitempty: zero counts are absent, as on a real cluster.
  const put = (k: 'observedGeneration' | 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas' | 'collisionCount', v: number | undefined): void => {
    if (v) status[k] = v;
  };
  put('observedGeneration', d.metadata.generation);
  put('replicas', sum((rs) => rs.status?.replicas));
  put('updatedReplicas', newRS?.status?.replicas);
  put('readyReplicas', sum((rs) => rs.status?.readyReplicas));
  put('availableReplicas', available);
  put('unavailableReplicas', Math.max(0, desiredReplicas(d) - available));
  put('collisionCount', d.status?.collisionCount);
  if (d.status?.conditions) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** DeploymentComplete: every desired replica updated and available, and the spec observed. */
export function isComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = desiredReplicas(d);
  return (s.updatedReplicas ?? 0) === n && (s.replicas ?? 0) === n && (s.availableReplicas ?? 0) === n
    && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than last time. */
export function isProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld
    || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec.progressDeadlineSeconds;
  return p !== undefined && p !== 2147483647;
}

/** Milliseconds until the Progressing condition runs out of its deadline (negative: it has). */
export function msUntilDeadline(d: Deployment, s: DeploymentStatus, nowMs: number): number | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === 'NewReplicaSetAvailable' || c.reason === 'ProgressDeadlineExceeded' || !c.lastUpdateTime) return undefined;
  return Date.parse(c.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 600) * 1000 - nowMs;
}

/** DeploymentTimedOut. */
export function isTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  const left = msUntilDeadline(d, s, nowMs);
  return left !== undefined && left < 0;
}

/** NewRSNewReplicas for a rolling update: grow the new ReplicaSet as far as the surge allows. */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): number {
  const n = desiredReplicas(d);
  if (!isRollingUpdate(d)) return n;
  const current = newRS ? specReplicas(newRS) : 0;
  const total = sumSpecReplicas(allRSs) + (newRS && !allRSs.includes(newRS) ? current : 0);
  const maxTotal = n + maxSurge(d);
  if (total >= maxTotal) return current;
  return current + Math.max(0, Math.min(maxTotal - total, n - current));
}

/** getReplicaSetFraction / GetProportion: a ReplicaSet's share of a scaling of the whole deployment. */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (desiredReplicas(d) === 0) {
    fraction = -specReplicas(rs);
  } else {
    const deploymentReplicas = desiredReplicas(d) + maxSurge(d);
    const annotated = Number.parseInt(rs.metadata.annotations?.[MAX_REPLICAS] ?? '', 10);
    const base = Number.isNaN(annotated) ? (d.status?.replicas ?? 0) : annotated;
    fraction = base === 0 ? 0 : Math.round((specReplicas(rs) * deploymentReplicas) / base) - specReplicas(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
