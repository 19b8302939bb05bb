/**
 * The in-memory join the two hand-written contenders (kubectl loop, client-node script) do
 * after fetching one cluster's lists: nodes, workloads, pods with their node and owning
 * workload (pod → ReplicaSet → Deployment), warning events. Typed structurally so that both
 * kubectl's JSON and @kubernetes/client-node's model objects fit.
 */
import type { DashboardCluster, WorkloadKind } from './fanoutTypes.ts';

interface OwnerRef { kind: string; name: string; controller?: boolean }
interface Meta { name?: string; namespace?: string; ownerReferences?: OwnerRef[] }
interface Condition { type: string; status: string }

export interface NodeLike { metadata?: Meta; status?: { capacity?: Record<string, string>; conditions?: Condition[] } }
export interface ScalableLike { metadata?: Meta; spec?: { replicas?: number }; status?: { readyReplicas?: number } }
export interface DaemonSetLike { metadata?: Meta; status?: { desiredNumberScheduled?: number; numberReady?: number } }
export interface PodLike {
  metadata?: Meta;
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: Condition[]; containerStatuses?: { restartCount?: number }[] };
}
export interface EventLike {
  reason?: string; message?: string; count?: number;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: Date | string | null;
}

export interface ClusterLists {
  nodes: readonly NodeLike[];
  deployments: readonly ScalableLike[];
  statefulSets: readonly ScalableLike[];
  daemonSets: readonly DaemonSetLike[];
  replicaSets: readonly { metadata?: Meta }[];
  pods: readonly PodLike[];
  warnings: readonly EventLike[];
}

const key = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;
const controllerOf = (m: Meta | undefined) => m?.ownerReferences?.find((o) => o.controller);
const isTrue = (conditions: Condition[] | undefined, type: string) => conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

export function joinCluster(name: string, l: ClusterLists): DashboardCluster {
  const nodeNames = new Set(l.nodes.map((n) => n.metadata?.name ?? ''));
  // ReplicaSet → its owning Deployment, so a pod's owner is the workload a person thinks of.
  const rsOwner = new Map<string, string>();
  for (const rs of l.replicaSets) {
    const o = controllerOf(rs.metadata);
    if (o?.kind === 'Deployment') rsOwner.set(key(rs.metadata?.namespace, rs.metadata?.name), o.name);
  }
  const workloadKeys = new Set<string>();
  const workloads: DashboardCluster['workloads'] = [];
  const addScalable = (kind: WorkloadKind, list: readonly ScalableLike[]) => {
    for (const w of list) {
      workloadKeys.add(`${kind} ${key(w.metadata?.namespace, w.metadata?.name)}`);
      workloads.push({ kind, namespace: w.metadata?.namespace ?? '', name: w.metadata?.name ?? '', replicas: w.spec?.replicas ?? 0, readyReplicas: w.status?.readyReplicas ?? 0 });
    }
  };
  addScalable('DEPLOYMENT', l.deployments);
  addScalable('STATEFULSET', l.statefulSets);
  for (const d of l.daemonSets) {
    workloadKeys.add(`DAEMONSET ${key(d.metadata?.namespace, d.metadata?.name)}`);
    workloads.push({ kind: 'DAEMONSET', namespace: d.metadata?.namespace ?? '', name: d.metadata?.name ?? '', replicas: d.status?.desiredNumberScheduled ?? 0, readyReplicas: d.status?.numberReady ?? 0 });
  }
  const ownerOf = (p: PodLike): { kind: WorkloadKind; name: string } | null => {
    const o = controllerOf(p.metadata);
    if (!o) return null;
    const ns = p.metadata?.namespace;
    let owner: { kind: WorkloadKind; name: string } | null = null;
    if (o.kind === 'ReplicaSet') {
      const deployment = rsOwner.get(key(ns, o.name));
      if (deployment !== undefined) owner = { kind: 'DEPLOYMENT', name: deployment };
    } else if (o.kind === 'StatefulSet') owner = { kind: 'STATEFULSET', name: o.name };
    else if (o.kind === 'DaemonSet') owner = { kind: 'DAEMONSET', name: o.name };
    return owner && workloadKeys.has(`${owner.kind} ${key(ns, owner.name)}`) ? owner : null;
  };
  return {
    name,
    nodes: l.nodes.map((n) => ({
      name: n.metadata?.name ?? '',
      ready: isTrue(n.status?.conditions, 'Ready'),
      capacity: { cpu: n.status?.capacity?.['cpu'] ?? '', memory: n.status?.capacity?.['memory'] ?? '' },
    })),
    workloads,
    pods: l.pods.map((p) => {
      const nodeName = p.spec?.nodeName;
      return {
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
        phase: p.status?.phase ?? 'Unknown',
        ready: isTrue(p.status?.conditions, 'Ready'),
        restarts: (p.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0),
        node: nodeName && nodeNames.has(nodeName) ? { name: nodeName } : null,
        owner: ownerOf(p),
      };
    }),
    events: l.warnings.map((e) => ({
      reason: e.reason ?? '',
      message: e.message ?? '',
      involvedObject: { kind: e.involvedObject?.kind ?? '', name: e.involvedObject?.name ?? '' },
      count: e.count ?? 1,
      lastTimestamp: e.lastTimestamp instanceof Date ? e.lastTimestamp.toISOString() : e.lastTimestamp ?? null,
    })),
  };
}
