/**
 * Who owns what: an index of every stored object by the uids in its ownerReferences, plus the
 * objects of each kind that have no controller, kept current from the store's change feed. The
 * garbage collector finds dependents through it and workload controllers find their pods and
 * ReplicaSets without scanning whole namespaces (what informers' indexers do in kube).
 */
import { RESOURCE_TYPES, storeKey, type ResourceType } from '../resources.ts';
import type { ChangeRecord, ObjectStore } from '../store/ObjectStore.ts';
import type { KObject, OwnerReference } from '../types.ts';

/** A stored object's address. */
export interface ObjectRef {
  type: ResourceType;
  namespace: string;
  name: string;
}

/** Kinds whose controller-less objects a controller may adopt (bare pods, orphaned ReplicaSets). */
const ADOPTABLE = new Set(['/pods', 'apps/replicasets']);

const typesByStoreKey = new Map<string, ResourceType>(RESOURCE_TYPES.filter((t) => t.stored).map((t) => [storeKey(t), t]));

export function typeOfStoreKey(key: string): ResourceType | undefined {
  return typesByStoreKey.get(key);
}

/** `storeKey \0 namespace \0 name`: one string per object, for queues and sets. */
export function refKey(resource: string, namespace: string, name: string): string {
  return `${resource}\u0000${namespace}\u0000${name}`;
}

export function parseRefKey(key: string): ObjectRef | undefined {
  const [resource = '', namespace = '', name = ''] = key.split('\u0000');
  const type = typesByStoreKey.get(resource);
  return type ? { type, namespace, name } : undefined;
}

/** The ownerReference with `controller: true`, if any. */
export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** An ownerReference naming `owner` as the controller of a dependent. */
export function ownerRefTo(owner: KObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function ownerUids(obj: KObject | undefined): string[] {
  return (obj?.metadata.ownerReferences ?? []).map((r) => r.uid);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export class OwnerIndex {
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly ownersOf = new Map<string, string[]>();
  /** storeKey → namespace → names of objects without a controller. */
  private readonly orphans = new Map<string, Map<string, Set<string>>>();

  /** Index what the store already holds. */
  constructor(store: ObjectStore) {
    for (const key of typesByStoreKey.keys()) {
      for (const s of store.list(key)) {
        const o = s.object;
        this.apply(key, o.metadata.namespace ?? '', o.metadata.name, undefined, o);
      }
    }
  }

  /** Keep the index current; call for every change before controllers see it. */
  update(change: ChangeRecord): void {
    const current = change.type === 'DELETED' ? undefined : change.current.object;
    this.apply(change.resource, change.namespace, change.name, change.previous?.object, current);
  }

  /** Objects that list `uid` among their owners. */
  dependentsOf(uid: string): ObjectRef[] {
    const set = this.byOwner.get(uid);
    if (!set) return [];
    const out: ObjectRef[] = [];
    for (const k of set) {
      const ref = parseRefKey(k);
      if (ref) out.push(ref);
    }
    return out;
  }

  /** Stored objects of `type` that list `uid` among their owners. */
  ownedBy<T extends KObject>(store: ObjectStore, type: ResourceType, uid: string): T[] {
    const set = this.byOwner.get(uid);
    if (!set) return [];
    const key = storeKey(type);
    const out: T[] = [];
    for (const k of set) {
      const [resource, namespace = '', name = ''] = k.split('\u0000');
      if (resource !== key) continue;
      const o = store.get(key, namespace, name)?.object;
      if (o) out.push(o as T);
    }
    return out;
  }

  /** Stored objects of `type` in `namespace` that no controller owns. */
  orphansIn<T extends KObject>(store: ObjectStore, type: ResourceType, namespace: string): T[] {
    const names = this.orphans.get(storeKey(type))?.get(namespace);
    if (!names) return [];
    const out: T[] = [];
    for (const n of names) {
      const o = store.get(storeKey(type), namespace, n)?.object;
      if (o) out.push(o as T);
    }
    return out;
  }

  private apply(resource: string, namespace: string, name: string, previous: KObject | undefined, current: KObject | undefined): void {
    const key = refKey(resource, namespace, name);
    const before = this.ownersOf.get(key) ?? [];
    const after = ownerUids(current);
    if (!sameList(before, after)) {
      for (const uid of before) {
        const set = this.byOwner.get(uid);
        set?.delete(key);
        if (set?.size === 0) this.byOwner.delete(uid);
      }
      for (const uid of after) {
        let set = this.byOwner.get(uid);
        if (!set) this.byOwner.set(uid, (set = new Set()));
        set.add(key);
      }
      if (after.length > 0) this.ownersOf.set(key, after);
      else this.ownersOf.delete(key);
    }
    if (!ADOPTABLE.has(resource)) return;
    const wasOrphan = previous !== undefined && !controllerRef(previous);
    const isOrphan = current !== undefined && !controllerRef(current);
    if (wasOrphan === isOrphan && previous !== undefined) return;
    let byNs = this.orphans.get(resource);
    if (!byNs) this.orphans.set(resource, (byNs = new Map()));
    let names = byNs.get(namespace);
    if (!names) byNs.set(namespace, (names = new Set()));
    if (isOrphan) names.add(name);
    else names.delete(name);
  }
}
