/**
 * kube-controller-manager's replicaset controller: a ReplicaSet keeps `spec.replicas` active
 * pods, named `<replicaset>-<5 characters>`, created from its template and owned by it; surplus
 * pods go in kube's order of preference (unscheduled, pending, not ready, most recently ready,
 * most restarted, newest first). Its status counts them (available honouring minReadySeconds).
 */
import { ApiError } from '../api/ApiError.ts';
import { matchesLabelSelector } from '../api/labelSelector.ts';
import { R } from '../resources.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { cloneObject, type KObject, type KObjectInput, type Pod, type ReplicaSet } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { controllerRef, ownerRefTo } from './OwnerIndex.ts';
import { isActive, isAvailable, isReady, msUntilAvailable, podCondition } from './podState.ts';

const COMPONENT = 'replicaset-controller';
const MANAGER = 'kube-controller-manager';
/** kube's burstReplicas: at most this many creations or deletions per sync. */
const BURST = 500;

type RsStatus = NonNullable<ReplicaSet['status']>;

/** What about a pod its ReplicaSet's status and decisions depend on. */
function relevance(pod: Pod): string {
  const ready = podCondition(pod, 'Ready');
  return `${pod.status?.phase}|${ready?.status}|${ready?.lastTransitionTime}|${pod.metadata.deletionTimestamp ?? ''}|${pod.spec.nodeName ?? ''}|${JSON.stringify(pod.metadata.labels ?? {})}`;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => Math.max(n, c.restartCount), 0);
}

/** controller.ActivePods ordering: the pods to delete first sort first. */
export function deletionOrder(a: Pod, b: Pod): number {
  const assigned = (p: Pod): number => (p.spec.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: Pod): number => PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: Pod): number => (isReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (isReady(a) && isReady(b)) {
    const ta = podCondition(a, 'Ready')?.lastTransitionTime ?? '';
    const tb = podCondition(b, 'Ready')?.lastTransitionTime ?? '';
    if (ta !== tb) return ta > tb ? -1 : 1;
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ca = a.metadata.creationTimestamp;
  const cb = b.metadata.creationTimestamp;
  if (ca !== cb) return ca > cb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? 1 : -1;
}

export function createReplicaSetController({ ctx, queue, owners }: ControllerDeps): Controller {
  const { registry, clock, events } = ctx;
  const store = registry.store;

  const enqueueOwnerOf = (pod: KObject): void => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'ReplicaSet') queue.add(`${pod.metadata.namespace}/${ref.name}`);
  };

  function ownedPods(rs: ReplicaSet): Pod[] {
    return owners.ownedBy<Pod>(store, R.pods, rs.metadata.uid).filter((p) => controllerRef(p)?.uid === rs.metadata.uid);
  }

  function adoptOrphans(rs: ReplicaSet): void {
    const sel = rs.spec.selector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)) return;
    for (const pod of owners.orphansIn<Pod>(store, R.pods, rs.metadata.namespace ?? '')) {
      if (!isActive(pod) || !matchesLabelSelector(sel, pod.metadata.labels)) continue;
      registry.mutate<Pod>(R.pods, rs.metadata.namespace ?? '', pod.metadata.name, (draft) => {
        if (controllerRef(draft)) return;
        draft.metadata.ownerReferences = [...(draft.metadata.ownerReferences ?? []), ownerRefTo(rs)];
      }, { fieldManager: MANAGER });
    }
  }

  function createPod(rs: ReplicaSet): void {
    const t = rs.spec.template;
    const body: KObjectInput = {
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ownerReferences: [ownerRefTo(rs)],
      },
      spec: cloneObject(t.spec),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const pod = registry.create<Pod>(R.pods, body, { fieldManager: MANAGER });
        events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
        return;
      } catch (e) {
        // A generated name that is taken: generate another, as the apiserver's client would retry.
        if (e instanceof ApiError && e.reason === 'AlreadyExists' && attempt < 3) continue;
        throw e;
      }
    }
  }

  function manage(rs: ReplicaSet, active: Pod[]): void {
    const diff = active.length - (rs.spec.replicas ?? 1);
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST); i++) createPod(rs);
    } else if (diff > 0) {
      for (const pod of [...active].sort(deletionOrder).slice(0, Math.min(diff, BURST))) {
        try {
          registry.delete(R.pods, pod.metadata.namespace ?? '', pod.metadata.name, { preconditions: { uid: pod.metadata.uid } });
          events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
        } catch (e) {
          if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
        }
      }
    }
  }

  function updateStatus(rs: ReplicaSet, pods: Pod[]): void {
    const now = clock.now();
    const active = pods.filter(isActive);
    const minReady = rs.spec.minReadySeconds ?? 0;
    const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
    const fully = active.filter((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)).length;
    const ready = active.filter(isReady).length;
    const available = active.filter((p) => isAvailable(p, minReady, now)).length;
    // Only `replicas` is always present; the rest are omitempty, as on the wire from a real cluster.
    const status: RsStatus = { replicas: active.length };
    if (fully) status.fullyLabeledReplicas = fully;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
    if (rs.status?.conditions?.length) status.conditions = rs.status.conditions;
    if (!stableEqual(rs.status ?? {}, status)) {
      registry.mutate<ReplicaSet>(R.replicasets, rs.metadata.namespace ?? '', rs.metadata.name, (draft) => {
        draft.status = status;
      }, { subresource: 'status', fieldManager: MANAGER });
    }
    if (minReady > 0) {
      const waits = active.map((p) => msUntilAvailable(p, minReady, now)).filter((ms) => ms > 0);
      if (waits.length) queue.addAfter(`${rs.metadata.namespace}/${rs.metadata.name}`, Math.min(...waits) + 1);
    }
  }

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource === 'apps/replicasets') {
        queue.add(`${change.namespace}/${change.name}`);
        return;
      }
      if (change.resource !== '/pods') return;
      const pod = change.current.object as Pod;
      const prev = change.previous?.object as Pod | undefined;
      if (change.type === 'MODIFIED' && prev && relevance(prev) === relevance(pod) && controllerRef(prev)?.uid === controllerRef(pod)?.uid) return;
      enqueueOwnerOf(pod);
      if (prev && controllerRef(prev)?.uid !== controllerRef(pod)?.uid) enqueueOwnerOf(prev);
      if (change.type !== 'DELETED' && !controllerRef(pod) && isActive(pod)) {
        for (const rs of registry.list<ReplicaSet>(R.replicasets, change.namespace)) {
          if (matchesLabelSelector(rs.spec.selector, pod.metadata.labels)) queue.add(`${change.namespace}/${rs.metadata.name}`);
        }
      }
    },
    start() {
      for (const rs of registry.list<ReplicaSet>(R.replicasets)) queue.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const rs = registry.get<ReplicaSet>(R.replicasets, ns, name);
      if (!rs) return;
      if (!rs.metadata.deletionTimestamp) {
        adoptOrphans(rs);
        manage(rs, ownedPods(rs).filter(isActive));
      }
      updateStatus(rs, ownedPods(rs));
    },
  };
}
