/**
 * kube-controller-manager's deployment controller: a Deployment owns ReplicaSets named
 * `<deployment>-<pod-template-hash>`, one per pod template it has had. The one matching the
 * current template is grown and the others shrunk, as the strategy allows (RollingUpdate within
 * maxSurge/maxUnavailable, or Recreate), and the Deployment's status and conditions are kept
 * the way `kubectl rollout status` reads them. Paused deployments only scale. Going back to an
 * earlier template (`kubectl rollout undo`) reuses its ReplicaSet under a new revision number.
 */
import { ApiError } from '../api/ApiError.ts';
import { matchesLabelSelector } from '../api/labelSelector.ts';
import { R } from '../resources.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { cloneObject, type Deployment, type KObjectInput, type Pod, type ReplicaSet } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import {
  DESIRED_REPLICAS, HASH_LABEL, MAX_REPLICAS, REVISION, REVISION_HISTORY, byCreation, calculateStatus, copiedAnnotations,
  desiredReplicas, getCondition, hasProgressDeadline, isComplete, isProgressing, isTimedOut, maxSurge,
  msUntilDeadline, newCondition, newRSNewReplicas, removeCondition, revisionOf, setCondition, specReplicas, type DeploymentStatus,
} from './deploymentUtil.ts';
import { rolloutRecreate, rolloutRolling, scaleWithoutRollout, type ReplicaSets, type RolloutOps } from './deploymentRollout.ts';
import { controllerRef, ownerRefTo } from './OwnerIndex.ts';
import { computeHash } from './templateHash.ts';

const COMPONENT = 'deployment-controller';
const MANAGER = 'kube-controller-manager';

export function createDeploymentController({ ctx, queue, owners }: ControllerDeps): Controller {
  const { registry, clock, events } = ctx;
  const store = registry.store;

  const enqueueOwnerOf = (obj: ReplicaSet | Pod | undefined): void => {
    const ref = obj && controllerRef(obj);
    if (obj && ref?.kind === 'Deployment') queue.add(`${obj.metadata.namespace}/${ref.name}`);
  };

  function replicaSetsFor(d: Deployment): ReplicaSet[] {
    const owned = owners.ownedBy<ReplicaSet>(store, R.replicasets, d.metadata.uid).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid);
    if (!d.metadata.deletionTimestamp) {
      // Adopt controller-less ReplicaSets the selector matches (left behind by an orphaning delete).
      for (const rs of owners.orphansIn<ReplicaSet>(store, R.replicasets, d.metadata.namespace ?? '')) {
        if (rs.metadata.deletionTimestamp || !matchesLabelSelector(d.spec.selector, rs.metadata.labels)) continue;
        const adopted = registry.mutate<ReplicaSet>(R.replicasets, rs.metadata.namespace ?? '', rs.metadata.name, (draft) => {
          if (controllerRef(draft)) return;
          draft.metadata.ownerReferences = [...(draft.metadata.ownerReferences ?? []), ownerRefTo(d)];
        }, { fieldManager: MANAGER });
        if (adopted && controllerRef(adopted)?.uid === d.metadata.uid) owned.push(adopted);
      }
    }
    return owned.sort(byCreation);
  }

  /** Write `status` unless the stored one already says so. */
  function writeStatus(d: Deployment, status: DeploymentStatus): Deployment {
    const ns = d.metadata.namespace ?? '';
    const stored = registry.get<Deployment>(R.deployments, ns, d.metadata.name) ?? d;
    if (stableEqual(stored.status ?? {}, status)) return { ...stored, status };
    return registry.mutate<Deployment>(R.deployments, ns, d.metadata.name, (draft) => {
      draft.status = status;
    }, { subresource: 'status', fieldManager: MANAGER }) ?? d;
  }

  /**
   * A status change kept for the reconcile's final status write: kube writes conditions as it
   * goes, but one write instead of three looks the same to clients and costs a third.
   */
  function withStatus(d: Deployment, status: DeploymentStatus): Deployment {
    return { ...d, status };
  }

  function setRevision(d: Deployment, revision: string): Deployment {
    if (d.metadata.annotations?.[REVISION] === revision) return d;
    const updated = registry.mutate<Deployment>(R.deployments, d.metadata.namespace ?? '', d.metadata.name, (draft) => {
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [REVISION]: revision };
    }, { fieldManager: MANAGER });
    // Keep status changes this reconcile has not written yet.
    return updated ? { ...updated, status: d.status } : d;
  }

  /** scaleReplicaSetAndRecordEvent: new size plus the desired/max annotations. */
  function scale(rs: ReplicaSet, size: number, d: Deployment): ReplicaSet {
    const desired = String(desiredReplicas(d));
    const max = String(desiredReplicas(d) + maxSurge(d));
    const old = specReplicas(rs);
    const ann = rs.metadata.annotations ?? {};
    if (old === size && ann[DESIRED_REPLICAS] === desired && ann[MAX_REPLICAS] === max) return rs;
    const updated = registry.mutate<ReplicaSet>(R.replicasets, rs.metadata.namespace ?? '', rs.metadata.name, (draft) => {
      draft.spec.replicas = size;
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [DESIRED_REPLICAS]: desired, [MAX_REPLICAS]: max };
    }, { fieldManager: MANAGER }) ?? rs;
    if (old !== size) {
      events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${size > old ? 'up' : 'down'} replica set ${rs.metadata.name} from ${old} to ${size}`, COMPONENT);
    }
    return updated;
  }

  /** getAllReplicaSetsAndSyncRevision: find (or create) the ReplicaSet of the current template. */
  function replicaSets(d: Deployment, rsList: ReplicaSet[], create: boolean): ReplicaSets {
    const found = rsList.find((rs) => sameTemplateAs(rs, d));
    const oldRSs = rsList.filter((rs) => rs !== found);
    const newRevision = String(Math.max(0, ...oldRSs.map(revisionOf)) + 1);
    const ns = d.metadata.namespace ?? '';
    if (found) {
      const annotations = { ...(found.metadata.annotations ?? {}), ...copiedAnnotations(d) };
      const oldRevision = found.metadata.annotations?.[REVISION];
      if (revisionOf(found) < Number(newRevision)) {
        annotations[REVISION] = newRevision;
        // Going back to this template: remember the revisions it had before.
        if (oldRevision) annotations[REVISION_HISTORY] = annotations[REVISION_HISTORY] ? `${annotations[REVISION_HISTORY]},${oldRevision}` : oldRevision;
      }
      let newRS = found;
      if (!stableEqual(annotations, found.metadata.annotations ?? {})) {
        newRS = registry.mutate<ReplicaSet>(R.replicasets, ns, found.metadata.name, (draft) => {
          draft.metadata.annotations = annotations;
        }, { fieldManager: MANAGER }) ?? found;
      }
      let next = setRevision(d, newRS.metadata.annotations?.[REVISION] ?? newRevision);
      if (hasProgressDeadline(next) && !getCondition(next.status, 'Progressing')) {
        const status = cloneObject(next.status ?? {});
        setCondition(status, newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`, clock.timestamp()));
        next = withStatus(next, status);
      }
      return { d: next, newRS, oldRSs };
    }
    if (!create) return { d, newRS: undefined, oldRSs };

    const hash = computeHash(d.spec.template, d.status?.collisionCount);
    const name = `${d.metadata.name}-${hash}`;
    const template = cloneObject(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = cloneObject(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const replicas = newRSNewReplicas(d, oldRSs, undefined);
    const body: KObjectInput = {
      metadata: {
        name, namespace: ns,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {
          ...copiedAnnotations(d),
          [DESIRED_REPLICAS]: String(desiredReplicas(d)),
          [MAX_REPLICAS]: String(desiredReplicas(d) + maxSurge(d)),
          [REVISION]: newRevision,
        },
        ownerReferences: [ownerRefTo(d)],
      },
      spec: { replicas, ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}), selector, template },
    };
    let newRS: ReplicaSet;
    try {
      newRS = registry.create<ReplicaSet>(R.replicasets, body, { fieldManager: MANAGER });
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
      const existing = registry.get<ReplicaSet>(R.replicasets, ns, name);
      if (existing && controllerRef(existing)?.uid === d.metadata.uid && sameTemplateAs(existing, d)) return { d, newRS: existing, oldRSs };
      // A hash collision with someone else's ReplicaSet: count it, which changes the next hash.
      const status = cloneObject(d.status ?? {});
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      writeStatus(d, status);
      return { d, newRS: undefined, oldRSs };
    }
    if (replicas > 0) events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, COMPONENT);
    let next = setRevision(d, newRevision);
    if (hasProgressDeadline(next)) {
      const status = cloneObject(next.status ?? {});
      setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${name}"`, clock.timestamp()));
      next = withStatus(next, status);
    }
    return { d: next, newRS, oldRSs };
  }

  function sameTemplateAs(rs: ReplicaSet, d: Deployment): boolean {
    const labels = { ...(rs.spec.template.metadata?.labels ?? {}) };
    delete labels[HASH_LABEL];
    const dLabels = d.spec.template.metadata?.labels ?? {};
    if (!stableEqual(labels, dLabels)) return false;
    const a = { ...rs.spec.template, metadata: { ...(rs.spec.template.metadata ?? {}), labels: undefined } };
    const b = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels: undefined } };
    return stableEqual(a, b);
  }

  function syncStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    writeStatus(d, calculateStatus(d, allRSs, newRS, clock.timestamp()));
  }

  /** syncRolloutStatus: status plus the Progressing condition (progress, completion, deadline). */
  function syncRolloutStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    const now = clock.timestamp();
    const status = calculateStatus(d, allRSs, newRS, now);
    if (hasProgressDeadline(d) && !d.spec.paused) {
      const current = getCondition(status, 'Progressing');
      const what = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
      if (isComplete(d, status)) {
        setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `${what} has successfully progressed.`, now));
      } else if (isProgressing(d, status)) {
        // Progress refreshes lastUpdateTime even under the same reason; that restarts the deadline.
        const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${what} is progressing.`, now);
        if (current?.status === 'True' && current.lastTransitionTime) c.lastTransitionTime = current.lastTransitionTime;
        if (current) removeCondition(status, 'Progressing');
        setCondition(status, c);
      } else if (isTimedOut(d, status, clock.now())) {
        setCondition(status, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', `${what} has timed out progressing.`, now));
      }
    }
    const written = writeStatus(d, status);
    const left = msUntilDeadline(written, written.status ?? {}, clock.now());
    if (left !== undefined && !written.spec.paused) queue.addAfter(`${d.metadata.namespace}/${d.metadata.name}`, Math.max(1000, left + 1000));
  }

  /** cleanupDeployment: keep revisionHistoryLimit old ReplicaSets that are scaled to nothing. */
  function cleanup(d: Deployment, oldRSs: ReplicaSet[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const candidates = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    let excess = candidates.length - limit;
    if (excess <= 0) return;
    for (const rs of [...candidates].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b))) {
      if (excess <= 0) break;
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        registry.delete(R.replicasets, rs.metadata.namespace ?? '', rs.metadata.name);
      } catch (e) {
        if (!(e instanceof ApiError) || e.reason !== 'NotFound') throw e;
      }
      excess--;
    }
  }

  const ops: RolloutOps = {
    replicaSets, scale, syncRolloutStatus, syncStatus, cleanup,
    podsOf: (rs) => owners.ownedBy<Pod>(store, R.pods, rs.metadata.uid),
  };

  /** checkPausedConditions: Progressing Unknown while paused, and once more on resume. */
  function checkPaused(d: Deployment): Deployment {
    if (!hasProgressDeadline(d)) return d;
    const c = getCondition(d.status, 'Progressing');
    if (c?.reason === 'ProgressDeadlineExceeded') return d;
    const pausedShown = c?.reason === 'DeploymentPaused';
    if ((d.spec.paused === true) === pausedShown) return d;
    const status = cloneObject(d.status ?? {});
    const now = clock.timestamp();
    setCondition(status, d.spec.paused
      ? newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now)
      : newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now));
    return withStatus(d, status);
  }

  function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const want = String(desiredReplicas(d));
    return rsList.some((rs) => specReplicas(rs) > 0 && rs.metadata.annotations?.[DESIRED_REPLICAS] !== undefined && rs.metadata.annotations[DESIRED_REPLICAS] !== want);
  }

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource === 'apps/deployments') {
        queue.add(`${change.namespace}/${change.name}`);
      } else if (change.resource === 'apps/replicasets') {
        const rs = change.current.object as ReplicaSet;
        enqueueOwnerOf(rs);
        if (change.previous && controllerRef(change.previous.object)?.uid !== controllerRef(rs)?.uid) enqueueOwnerOf(change.previous.object as ReplicaSet);
        if (change.type !== 'DELETED' && !controllerRef(rs)) {
          for (const d of registry.list<Deployment>(R.deployments, change.namespace)) {
            if (matchesLabelSelector(d.spec.selector, rs.metadata.labels)) queue.add(`${change.namespace}/${d.metadata.name}`);
          }
        }
      } else if (change.resource === '/pods' && change.type === 'DELETED') {
        // Recreate waits for old pods to be gone, which changes no ReplicaSet status.
        const ref = controllerRef(change.current.object);
        if (ref?.kind === 'ReplicaSet') enqueueOwnerOf(registry.get<ReplicaSet>(R.replicasets, change.namespace, ref.name));
      }
    },
    start() {
      for (const d of registry.list<Deployment>(R.deployments)) queue.add(`${d.metadata.namespace}/${d.metadata.name}`);
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const d0 = registry.get<Deployment>(R.deployments, ns, name);
      if (!d0) return;
      const rsList = replicaSetsFor(d0);
      if (d0.metadata.deletionTimestamp) {
        const { d, newRS, oldRSs } = replicaSets(d0, rsList, false);
        return syncStatus(d, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
      }
      const d = checkPaused(d0);
      if (d.spec.paused || isScalingEvent(d, rsList)) return scaleWithoutRollout(ops, d, rsList);
      if (d.spec.strategy?.type === 'Recreate') rolloutRecreate(ops, d, rsList);
      else rolloutRolling(ops, d, rsList);
    },
  };
}
