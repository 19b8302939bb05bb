/**
 * What controllers ask of a pod: is it active, ready, available, terminating; what does it
 * request; on which node does it (or will it) run. The same predicates kube's controller
 * utilities use, so that every controller counts pods the same way.
 */
import { bytesOf, cpuMillis } from '../metrics/quantity.ts';
import type { Container, Pod, PodCondition } from '../types.ts';

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !isTerminating(pod);
}

export function isReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Whether a change to a pod can matter to the workload controller that owns it: a new or deleted
 * pod, or a change of phase, readiness or deletion state. Status churn that changes none of
 * these (restart counts, heartbeats) does not wake the owner.
 */
export function podChangeMattersToOwner(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod, prev: Pod | undefined): boolean {
  if (type !== 'MODIFIED' || !prev) return true;
  return prev.status?.phase !== pod.status?.phase || isReady(prev) !== isReady(pod)
    || prev.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp;
}

export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isReady(pod);
}

/** podutil.IsPodAvailable: ready for at least `minReadySeconds`. */
export function isAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** How long until a ready pod becomes available (0 when it already is or never will by waiting). */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True' || minReadySeconds <= 0 || !ready.lastTransitionTime) return 0;
  return Math.max(0, Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000 - nowMs);
}

export interface PodRequests {
  cpuMillis: number;
  memoryBytes: number;
}

function containerRequests(c: Container): PodRequests {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  return { cpuMillis: cpuMillis(req.cpu ?? lim.cpu), memoryBytes: bytesOf(req.memory ?? lim.memory) };
}

/** The pod's effective requests: the sum over containers, at least the largest init container. */
export function podRequests(pod: Pod): PodRequests {
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec.containers ?? []) {
    const r = containerRequests(c);
    cpu += r.cpuMillis;
    mem += r.memoryBytes;
  }
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(c);
    cpu = Math.max(cpu, r.cpuMillis);
    mem = Math.max(mem, r.memoryBytes);
  }
  return { cpuMillis: cpu, memoryBytes: mem };
}

interface NodeSelectorRequirement { key: string; operator: string; values?: string[] }
interface NodeSelectorTerm { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }

/** The required node-affinity terms of a pod spec, if any. */
export function requiredNodeTerms(spec: Pod['spec']): NodeSelectorTerm[] | undefined {
  const affinity = spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } } | undefined;
  return affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
}

/** The node a pod runs on, or the one its affinity pins it to (DaemonSet pods before binding). */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  for (const term of requiredNodeTerms(pod.spec) ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(values[0]);
    default: return false;
  }
}

/** Whether a node satisfies the pod's nodeSelector and required node affinity. */
export function matchesNodeSelection(spec: Pod['spec'], nodeName: string, nodeLabels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (nodeLabels[k] !== v) return false;
  const terms = requiredNodeTerms(spec);
  if (!terms || terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((r) => requirementMatches(r, nodeLabels[r.key]))
    && (t.matchFields ?? []).every((r) => requirementMatches(r, r.key === 'metadata.name' ? nodeName : undefined))
    && ((t.matchExpressions?.length ?? 0) + (t.matchFields?.length ?? 0) > 0));
}

export interface Taint { key: string; value?: string; effect: string }
type Toleration = NonNullable<Pod['spec']['tolerations']>[number];

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** The first NoSchedule/NoExecute taint the pod does not tolerate. */
export function untoleratedTaint(tolerations: Toleration[] | undefined, taints: Taint[] | undefined): Taint | undefined {
  return (taints ?? []).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
}
