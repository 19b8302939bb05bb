/**
 * kube-controller-manager's daemonset controller: one pod per node that should run it (matching
 * the template's nodeSelector and node affinity, with every NoSchedule/NoExecute taint
 * tolerated, counting the tolerations DaemonSet pods get automatically). Pods are pinned to
 * their node through required node affinity on `metadata.name`, as kube does, and bound by the
 * scheduler. A changed template rolls out node by node within maxUnavailable.
 */
import { ApiError } from '../api/ApiError.ts';
import { R } from '../resources.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { cloneObject, type DaemonSet, type KObjectInput, type Node, type Pod } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { pruneRevisions, syncRevisions } from './controllerRevisions.ts';
import { scaledValue } from './deploymentUtil.ts';
import { controllerRef, ownerRefTo } from './OwnerIndex.ts';
import { isAvailable, isReady, isTerminal, isTerminating, matchesNodeSelection, podChangeMattersToOwner, targetNode, type Taint, untoleratedTaint } from './podState.ts';

const COMPONENT = 'daemonset-controller';
const MANAGER = 'kube-controller-manager';
const HASH_LABEL = 'controller-revision-hash';

type Toleration = NonNullable<Pod['spec']['tolerations']>[number];
type DsStatus = NonNullable<DaemonSet['status']>;

/** The tolerations the daemonset controller adds to every daemon pod. */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

function withTolerations(existing: Toleration[] | undefined, added: Toleration[]): Toleration[] {
  const out = [...(existing ?? [])];
  for (const t of added) if (!out.some((x) => x.key === t.key && x.effect === t.effect)) out.push(t);
  return out;
}

function shouldRun(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec.template.spec;
  if (!matchesNodeSelection(spec, node.metadata.name, node.metadata.labels ?? {})) return false;
  const tolerations = withTolerations(spec.tolerations, daemonTolerations(spec.hostNetwork === true));
  return untoleratedTaint(tolerations, node.spec.taints as Taint[] | undefined) === undefined;
}

function byAge(a: Pod, b: Pod): number {
  const ca = a.metadata.creationTimestamp;
  const cb = b.metadata.creationTimestamp;
  return ca < cb ? -1 : ca > cb ? 1 : a.metadata.name < b.metadata.name ? -1 : 1;
}

export function createDaemonSetController(deps: ControllerDeps): Controller {
  const { ctx, queue, owners } = deps;
  const { registry, clock, events } = ctx;
  const store = registry.store;

  function createPod(ds: DaemonSet, node: string, hash: string): void {
    const t = ds.spec.template;
    const spec = cloneObject(t.spec);
    // kube pins the pod with node affinity (the scheduler binds it), not with nodeName.
    spec.affinity = {
      ...((spec.affinity as object | undefined) ?? {}),
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
        },
      },
    };
    spec.tolerations = withTolerations(spec.tolerations, daemonTolerations(spec.hostNetwork === true));
    const body: KObjectInput = {
      metadata: {
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), [HASH_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ownerReferences: [ownerRefTo(ds)],
      },
      spec,
    };
    const pod = registry.create<Pod>(R.pods, body, { fieldManager: MANAGER });
    events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
  }

  function deletePod(ds: DaemonSet, pod: Pod): void {
    try {
      registry.delete(R.pods, pod.metadata.namespace ?? '', pod.metadata.name, { preconditions: { uid: pod.metadata.uid } });
      events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
    } catch (e) {
      if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
    }
  }

  function podsByNode(ds: DaemonSet): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>();
    for (const p of owners.ownedBy<Pod>(store, R.pods, ds.metadata.uid)) {
      if (controllerRef(p)?.uid !== ds.metadata.uid) continue;
      const node = targetNode(p) ?? '';
      map.set(node, [...(map.get(node) ?? []), p]);
    }
    return map;
  }

  function sync(ds: DaemonSet): void {
    const nodes = registry.list<Node>(R.nodes);
    const now = clock.now();
    const minReady = (ds.spec as { minReadySeconds?: number }).minReadySeconds ?? 0;
    const revisions = ds.metadata.deletionTimestamp ? undefined : syncRevisions(deps, ds, ds.spec.template, { hashLabel: HASH_LABEL });
    const hash = revisions?.hash;
    const eligible = new Set(nodes.filter((n) => shouldRun(ds, n)).map((n) => n.metadata.name));
    if (hash) {
      const pods = podsByNode(ds);
      // Pods on nodes that should not run them, or whose node is gone.
      for (const [node, list] of pods) {
        if (!eligible.has(node)) for (const p of list) if (!isTerminating(p)) deletePod(ds, p);
      }
      const rolling = (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
      const maxUnavailable = Math.max(1, scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, eligible.size, true));
      let unavailable = 0;
      const outdated: Pod[] = [];
      for (const node of eligible) {
        const live = (pods.get(node) ?? []).filter((p) => !isTerminating(p)).sort(byAge);
        const failed = live.filter(isTerminal);
        for (const p of failed) deletePod(ds, p);
        const running = live.filter((p) => !isTerminal(p));
        if (running.length === 0) {
          createPod(ds, node, hash);
          unavailable++;
          continue;
        }
        for (const extra of running.slice(1)) deletePod(ds, extra);
        const p = running[0];
        if (!p) continue;
        if (!isAvailable(p, minReady, now)) unavailable++;
        if (rolling && p.metadata.labels?.[HASH_LABEL] !== hash) outdated.push(p);
      }
      // Rolling update: outdated pods that are not available go freely, the rest within budget.
      for (const p of outdated.sort((a, b) => Number(isAvailable(a, minReady, now)) - Number(isAvailable(b, minReady, now)))) {
        if (!isAvailable(p, minReady, now)) deletePod(ds, p);
        else if (unavailable < maxUnavailable) {
          deletePod(ds, p);
          unavailable++;
        }
      }
      const live = new Set([revisions.update.metadata.name]);
      for (const list of pods.values()) for (const p of list) {
        const h = p.metadata.labels?.[HASH_LABEL];
        const rev = h && revisions.all.find((r) => r.metadata.labels?.[HASH_LABEL] === h);
        if (rev) live.add(rev.metadata.name);
      }
      pruneRevisions(deps, revisions.all, live, ds.spec.revisionHistoryLimit ?? 10);
    }
    updateStatus(ds, eligible, hash, minReady);
  }

  function updateStatus(ds: DaemonSet, eligible: Set<string>, hash: string | undefined, minReady: number): void {
    const now = clock.now();
    let current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    for (const [node, list] of podsByNode(ds)) {
      const live = list.filter((p) => !isTerminating(p) && !isTerminal(p));
      if (live.length === 0) continue;
      if (!eligible.has(node)) {
        misscheduled++;
        continue;
      }
      current++;
      if (live.some(isReady)) ready++;
      if (live.some((p) => isAvailable(p, minReady, now))) available++;
      if (hash && live.some((p) => p.metadata.labels?.[HASH_LABEL] === hash)) updated++;
    }
    const status: DsStatus = { currentNumberScheduled: current, numberMisscheduled: misscheduled, desiredNumberScheduled: eligible.size, numberReady: ready };
    if (ds.metadata.generation) status.observedGeneration = ds.metadata.generation;
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (eligible.size - available > 0) status.numberUnavailable = eligible.size - available;
    if (!stableEqual(ds.status ?? {}, status)) {
      registry.mutate<DaemonSet>(R.daemonsets, ds.metadata.namespace ?? '', ds.metadata.name, (draft) => {
        draft.status = status;
      }, { subresource: 'status', fieldManager: MANAGER });
    }
  }

  const enqueueAll = (): void => {
    for (const ds of registry.list<DaemonSet>(R.daemonsets)) queue.add(`${ds.metadata.namespace}/${ds.metadata.name}`);
  };

  /** What about a node decides which daemons it runs. */
  const nodeFingerprint = (n: Node): string => JSON.stringify([n.metadata.labels, n.spec.taints, n.spec.unschedulable]);

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource === 'apps/daemonsets') {
        queue.add(`${change.namespace}/${change.name}`);
      } else if (change.resource === '/pods') {
        const pod = change.current.object as Pod;
        if (!podChangeMattersToOwner(change.type, pod, change.previous?.object as Pod | undefined)) return;
        const ref = controllerRef(pod);
        if (ref?.kind === 'DaemonSet') queue.add(`${change.namespace}/${ref.name}`);
      } else if (change.resource === '/nodes') {
        const prev = change.previous?.object as Node | undefined;
        if (change.type !== 'MODIFIED' || !prev || nodeFingerprint(prev) !== nodeFingerprint(change.current.object as Node)) enqueueAll();
      }
    },
    start: enqueueAll,
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const ds = registry.get<DaemonSet>(R.daemonsets, ns, name);
      if (ds) sync(ds);
    },
  };
}
