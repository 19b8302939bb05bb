/**
 * kube-controller-manager's statefulset controller: pods `<name>-0 .. <name>-(n-1)` with stable
 * names and hostnames, created in order (OrderedReady: the next only once the previous is
 * Running and Ready; Parallel: all at once) and removed from the highest ordinal down. Each pod
 * carries its template revision (`controller-revision-hash`, a ControllerRevision); a changed
 * template rolls out from the highest ordinal down, one pod at a time, above the partition.
 */
import { ApiError } from '../api/ApiError.ts';
import { R } from '../resources.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { cloneObject, type KObjectInput, type Pod, type PodTemplateSpec, type StatefulSet } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { pruneRevisions, revisionTemplate, syncRevisions, type ControllerRevision } from './controllerRevisions.ts';
import { controllerRef, ownerRefTo } from './OwnerIndex.ts';
import { isAvailable, isReady, isRunningAndReady, isTerminal, isTerminating, msUntilAvailable, podChangeMattersToOwner } from './podState.ts';

const COMPONENT = 'statefulset-controller';
const MANAGER = 'kube-controller-manager';
const REVISION_LABEL = 'controller-revision-hash';

type StsStatus = NonNullable<StatefulSet['status']>;

export function createStatefulSetController(deps: ControllerDeps): Controller {
  const { ctx, queue, owners } = deps;
  const { registry, clock, events } = ctx;
  const store = registry.store;

  function ordinalOf(sts: StatefulSet, pod: Pod): number | undefined {
    const prefix = `${sts.metadata.name}-`;
    const rest = pod.metadata.name.startsWith(prefix) ? pod.metadata.name.slice(prefix.length) : '';
    return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
  }

  function createPod(sts: StatefulSet, ordinal: number, rev: ControllerRevision, template: PodTemplateSpec): void {
    const name = `${sts.metadata.name}-${ordinal}`;
    const body: KObjectInput = {
      metadata: {
        name,
        namespace: sts.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          'apps.kubernetes.io/pod-index': String(ordinal),
          [REVISION_LABEL]: rev.metadata.name,
          'statefulset.kubernetes.io/pod-name': name,
        },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRefTo(sts)],
      },
      spec: { ...cloneObject(template.spec), hostname: name, ...(sts.spec.serviceName ? { subdomain: sts.spec.serviceName } : {}) },
    };
    try {
      registry.create(R.pods, body, { fieldManager: MANAGER });
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'AlreadyExists') return;
      events.record(sts, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${(e as Error).message}`, COMPONENT);
      throw e;
    }
    events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
  }

  function deletePod(sts: StatefulSet, pod: Pod): void {
    try {
      registry.delete(R.pods, pod.metadata.namespace ?? '', pod.metadata.name, { preconditions: { uid: pod.metadata.uid } });
      events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
    } catch (e) {
      if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
    }
  }

  function updateStatus(sts: StatefulSet, pods: Pod[], updateRevision: string | undefined, currentRevision: string | undefined): void {
    const now = clock.now();
    const minReady = (sts.spec as { minReadySeconds?: number }).minReadySeconds ?? 0;
    const live = pods.filter((p) => !isTerminating(p) && !isTerminal(p));
    const replicas = sts.spec.replicas ?? 1;
    const ready = live.filter((p) => isRunningAndReady(p)).length;
    const updated = updateRevision ? live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length : 0;
    let current = currentRevision ? live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length : 0;
    let currentRev = currentRevision;
    // The rolling update is complete: the update revision becomes the current one.
    if (updateRevision && updated === replicas && ready === replicas && live.length === replicas) {
      currentRev = updateRevision;
      current = updated;
    }
    const status: StsStatus = { replicas: live.length, availableReplicas: live.filter((p) => isAvailable(p, minReady, now)).length };
    if (sts.metadata.generation) status.observedGeneration = sts.metadata.generation;
    if (ready) status.readyReplicas = ready;
    if (current) status.currentReplicas = current;
    if (updated) status.updatedReplicas = updated;
    if (currentRev) status.currentRevision = currentRev;
    if (updateRevision) status.updateRevision = updateRevision;
    status.collisionCount = sts.status?.collisionCount ?? 0;
    if (!stableEqual(sts.status ?? {}, status)) {
      registry.mutate<StatefulSet>(R.statefulsets, sts.metadata.namespace ?? '', sts.metadata.name, (draft) => {
        draft.status = status;
      }, { subresource: 'status', fieldManager: MANAGER });
    }
    if (minReady > 0) {
      const waits = live.map((p) => msUntilAvailable(p, minReady, now)).filter((ms) => ms > 0);
      if (waits.length) queue.addAfter(`${sts.metadata.namespace}/${sts.metadata.name}`, Math.min(...waits) + 1);
    }
  }

  function sync(sts: StatefulSet): void {
    const owned = owners.ownedBy<Pod>(store, R.pods, sts.metadata.uid).filter((p) => controllerRef(p)?.uid === sts.metadata.uid);
    if (sts.metadata.deletionTimestamp) return updateStatus(sts, owned, sts.status?.updateRevision, sts.status?.currentRevision);
    const { update, all } = syncRevisions(deps, sts, sts.spec.template, { hashLabel: 'controller.kubernetes.io/hash' });
    const current = all.find((r) => r.metadata.name === sts.status?.currentRevision) ?? update;
    const replicas = sts.spec.replicas ?? 1;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const rolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const partition = rolling ? sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0 : 0;
    const byOrdinal = new Map<number, Pod>();
    for (const p of owned) {
      const ord = ordinalOf(sts, p);
      if (ord !== undefined) byOrdinal.set(ord, p);
    }
    // Failed pods are replaced.
    for (const p of byOrdinal.values()) if (isTerminal(p) && !isTerminating(p)) deletePod(sts, p);

    // OrderedReady stops at the first pod that is missing, terminating or not yet Running and Ready.
    let blocked = false;
    for (let i = 0; i < replicas && !blocked; i++) {
      const p = byOrdinal.get(i);
      if (!p) {
        const rev = i < partition ? current : update;
        createPod(sts, i, rev, revisionTemplate(rev) ?? sts.spec.template);
        if (!parallel) blocked = true;
      } else if (!parallel && (isTerminating(p) || isTerminal(p) || !isRunningAndReady(p))) {
        blocked = true;
      }
    }
    // Scale down from the highest ordinal; OrderedReady one at a time.
    const condemned = [...byOrdinal].filter(([ord]) => ord >= replicas).sort(([a], [b]) => b - a);
    for (const [, p] of condemned) {
      if (blocked) break;
      if (!isTerminating(p)) deletePod(sts, p);
      if (!parallel) blocked = true;
    }
    // Rolling update: with every pod in place and ready, replace the highest outdated one.
    const settled = [...Array(replicas).keys()].every((i) => {
      const p = byOrdinal.get(i);
      return p && !isTerminating(p) && isRunningAndReady(p);
    });
    if (rolling && !blocked && settled && condemned.length === 0) {
      for (let i = replicas - 1; i >= partition; i--) {
        const p = byOrdinal.get(i);
        if (p && p.metadata.labels?.[REVISION_LABEL] !== update.metadata.name) {
          deletePod(sts, p);
          break;
        }
      }
    }
    const pods = owners.ownedBy<Pod>(store, R.pods, sts.metadata.uid).filter((p) => controllerRef(p)?.uid === sts.metadata.uid);
    updateStatus(sts, pods, update.metadata.name, current.metadata.name);
    const live = new Set([update.metadata.name, current.metadata.name]);
    for (const p of pods) {
      const rev = p.metadata.labels?.[REVISION_LABEL];
      if (rev) live.add(rev);
    }
    pruneRevisions(deps, all, live, sts.spec.revisionHistoryLimit ?? 10);
  }

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource === 'apps/statefulsets') {
        queue.add(`${change.namespace}/${change.name}`);
      } else if (change.resource === '/pods') {
        const pod = change.current.object as Pod;
        if (!podChangeMattersToOwner(change.type, pod, change.previous?.object as Pod | undefined)) return;
        const ref = controllerRef(pod);
        if (ref?.kind === 'StatefulSet') queue.add(`${change.namespace}/${ref.name}`);
      }
    },
    start() {
      for (const s of registry.list<StatefulSet>(R.statefulsets)) queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const sts = registry.get<StatefulSet>(R.statefulsets, ns, name);
      if (sts) sync(sts);
    },
  };
}
