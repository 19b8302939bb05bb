/**
 * kube-controller-manager's garbage collector: ownerReferences cascade. A dependent whose owners
 * are all gone (deleted, or replaced by a same-named object with another uid) is deleted; one
 * that keeps a live owner just loses the dangling references. An owner deleted in the foreground
 * (finalizer `foregroundDeletion`) first has its dependents deleted, and goes once no dependent
 * with blockOwnerDeletion is left; an owner deleted with `orphan` releases its dependents (their
 * ownerReference to it is removed) and then goes.
 */
import { ApiError } from '../api/ApiError.ts';
import { RESOURCE_TYPES, findKind, storeKey } from '../resources.ts';
import type { KObject, OwnerReference } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { parseRefKey, refKey, type ObjectRef } from './OwnerIndex.ts';

const MANAGER = 'generic-garbage-collector';
const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';
/** Queue keys: a dependent to check, or an owner whose deletion finalizer to process. */
const DEPENDENT = 'd:';
const OWNER = 'o:';

function ignoreNotFound(e: unknown): void {
  if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
}

export function createGarbageCollector({ ctx, queue, owners }: ControllerDeps): Controller {
  const { registry } = ctx;
  const store = registry.store;

  const getRef = (ref: ObjectRef): KObject | undefined => store.get(storeKey(ref.type), ref.namespace, ref.name)?.object;

  /** Where the owner an ownerReference names lives (owners are in the dependent's namespace or cluster-scoped). */
  function ownerAddress(r: OwnerReference, dependentNs: string): ObjectRef | undefined {
    const type = findKind(r.apiVersion, r.kind);
    if (!type || !type.stored) return undefined;
    return { type, namespace: type.namespaced ? dependentNs : '', name: r.name };
  }

  function deleting(o: KObject, finalizer: string): boolean {
    return o.metadata.deletionTimestamp !== undefined && (o.metadata.finalizers ?? []).includes(finalizer);
  }

  function removeFinalizer(ref: ObjectRef, finalizer: string): void {
    registry.mutate(ref.type, ref.namespace, ref.name, (draft) => {
      draft.metadata.finalizers = (draft.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    }, { fieldManager: MANAGER });
  }

  function checkDependent(ref: ObjectRef): void {
    const obj = getRef(ref);
    const refs = obj?.metadata.ownerReferences ?? [];
    if (!obj || refs.length === 0 || obj.metadata.deletionTimestamp) return;
    const dangling: string[] = [];
    let solid = 0;
    let waiting = 0;
    for (const r of refs) {
      const at = ownerAddress(r, ref.namespace);
      const owner = at && getRef(at);
      if (!at) solid++; // an owner kind this cluster does not store: leave it be
      else if (!owner || owner.metadata.uid !== r.uid) dangling.push(r.uid);
      else if (deleting(owner, FOREGROUND)) waiting++;
      else solid++;
    }
    if (solid > 0) {
      if (dangling.length > 0) {
        registry.mutate(ref.type, ref.namespace, ref.name, (draft) => {
          draft.metadata.ownerReferences = (draft.metadata.ownerReferences ?? []).filter((r) => !dangling.includes(r.uid));
        }, { fieldManager: MANAGER });
      }
      return;
    }
    // No live owner: the dependent goes, in the foreground when an owner waits on it.
    try {
      registry.delete(ref.type, ref.namespace, ref.name, {
        propagationPolicy: waiting > 0 && owners.dependentsOf(obj.metadata.uid).length > 0 ? 'Foreground' : 'Background',
        preconditions: { uid: obj.metadata.uid },
      });
    } catch (e) {
      ignoreNotFound(e);
    }
  }

  function processOwner(ref: ObjectRef): void {
    const obj = getRef(ref);
    if (!obj?.metadata.deletionTimestamp) return;
    const uid = obj.metadata.uid;
    if (deleting(obj, ORPHAN)) {
      for (const dep of owners.dependentsOf(uid)) {
        registry.mutate(dep.type, dep.namespace, dep.name, (draft) => {
          draft.metadata.ownerReferences = (draft.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        }, { fieldManager: MANAGER });
      }
      removeFinalizer(ref, ORPHAN);
      return;
    }
    if (!deleting(obj, FOREGROUND)) return;
    let blocking = 0;
    for (const dep of owners.dependentsOf(uid)) {
      const d = getRef(dep);
      if (!d) continue;
      if (d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion)) blocking++;
      if (!d.metadata.deletionTimestamp) queue.add(DEPENDENT + refKey(storeKey(dep.type), dep.namespace, dep.name));
    }
    if (blocking === 0) removeFinalizer(ref, FOREGROUND);
  }

  const enqueueOwnersOf = (obj: KObject, namespace: string): void => {
    for (const r of obj.metadata.ownerReferences ?? []) {
      const at = ownerAddress(r, namespace);
      if (at) queue.add(OWNER + refKey(storeKey(at.type), at.namespace, at.name));
    }
  };

  return {
    name: 'garbage-collector',
    onChange(change) {
      const obj = change.current.object;
      if (change.type === 'DELETED') {
        for (const dep of owners.dependentsOf(obj.metadata.uid)) queue.add(DEPENDENT + refKey(storeKey(dep.type), dep.namespace, dep.name));
        // A foreground-deleting owner may have been waiting for this one.
        enqueueOwnersOf(obj, change.namespace);
        return;
      }
      const self = refKey(change.resource, change.namespace, change.name);
      const refs = obj.metadata.ownerReferences ?? [];
      const prevRefs = change.previous?.object.metadata.ownerReferences ?? [];
      if (refs.length > 0 && (change.type === 'ADDED' || JSON.stringify(refs) !== JSON.stringify(prevRefs))) queue.add(DEPENDENT + self);
      if (obj.metadata.deletionTimestamp && (deleting(obj, FOREGROUND) || deleting(obj, ORPHAN))) queue.add(OWNER + self);
      // A dependent of a foreground deletion now being deleted may unblock its owner later; its
      // disappearance (DELETED above) is what matters.
    },
    start() {
      for (const t of RESOURCE_TYPES.filter((x) => x.stored).map(storeKey)) {
        for (const s of store.list(t)) {
          const o = s.object;
          const ns = o.metadata.namespace ?? '';
          if (o.metadata.ownerReferences?.length) queue.add(DEPENDENT + refKey(t, ns, o.metadata.name));
          if (deleting(o, FOREGROUND) || deleting(o, ORPHAN)) queue.add(OWNER + refKey(t, ns, o.metadata.name));
        }
      }
    },
    reconcile(key) {
      const ref = parseRefKey(key.slice(2));
      if (!ref) return;
      if (key.startsWith(OWNER)) processOwner(ref);
      else checkDependent(ref);
    },
  };
}
