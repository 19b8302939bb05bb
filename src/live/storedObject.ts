/**
 * What the read cache's store keeps of an object: for the kinds held by the thousand (pods), only
 * the fields the read graph reads (resolvers/Pod.ts, src/loaders/FleetReader.ts), as small
 * frozen objects that share what repeats. The full object (lean: no managedFields, no Secret
 * values) still goes to subscribers with each change; only the store's copy is projected. Other
 * kinds are kept lean: there are few of them.
 *
 * What is shared, and why nothing leaks or bleeds between objects:
 * - Pods of one owner (a ReplicaSet's, a StatefulSet's) mostly carry equal labels, owner
 *   references and creation second: a new pod takes those parts from a pod already stored under
 *   the same owner (the store's owner index) when they are equal, and pods on one node share a
 *   `spec`. Shared parts live exactly as long as some stored pod holds them: no table to clean.
 * - Repeated strings (namespace, label values, node name, owner fields, phase) are V8's own
 *   single copy (internString.ts), which is dropped when no object holds it.
 * - Every part of a stored pod is frozen: a change arrives as a new object, is projected anew and
 *   replaces the old one whole, so a shared part is never changed through one pod into another.
 *   Code that writes into a stored pod throws instead (strict mode).
 *
 * A field the graph starts reading from pods must be added here, or cached reads will not see it
 * (test/integration/live/cachedPodFields.test.ts compares cached answers with live ones).
 */
import type { IndexedStore } from './IndexedStore.ts';
import { internString } from './internString.ts';
import type { LiveObject } from './leanObject.ts';

interface OwnerRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

type Labels = Readonly<Record<string, string>>;

interface PodLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Labels;
    ownerReferences?: readonly OwnerRef[];
  };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: ReadonlyArray<{ type?: string; status?: string }>;
    containerStatuses?: ReadonlyArray<{ restartCount?: number }>;
  };
}

const freeze = Object.freeze;

/** The Ready condition as the store keeps it (the only condition the graph reads). */
const READY = new Map(['True', 'False', 'Unknown'].map((status) => [status, freeze([freeze({ type: 'Ready', status })])]));
const NO_CONDITIONS = freeze([]);
const NO_SPEC = freeze({});
/** Container statuses of pods that never restarted, by container count (most pods). */
const NO_RESTARTS = Array.from({ length: 9 }, (_, n) => freeze(Array.from({ length: n }, () => freeze({ restartCount: 0 }))));

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}

function labelsOf(labels: Labels | undefined, like: Labels | undefined): Labels | undefined {
  if (!labels) return undefined;
  if (like && sameLabels(labels, like)) return like;
  // Keys are property names, so V8 already keeps one copy of each; values are interned.
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels)) out[k] = internString(labels[k]!);
  return freeze(out);
}

function sameRefs(a: readonly OwnerRef[], b: readonly OwnerRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.apiVersion !== y.apiVersion || x.kind !== y.kind || x.name !== y.name || x.uid !== y.uid || x.controller !== y.controller) return false;
  }
  return true;
}

function ownerRef(r: OwnerRef): OwnerRef {
  // Keys only for the fields the reference has, as the API server sent it.
  const out: OwnerRef = {};
  if (r.apiVersion !== undefined) out.apiVersion = internString(r.apiVersion);
  if (r.kind !== undefined) out.kind = internString(r.kind);
  if (r.name !== undefined) out.name = internString(r.name);
  if (r.uid !== undefined) out.uid = internString(r.uid);
  if (r.controller !== undefined) out.controller = r.controller;
  return freeze(out);
}

function ownersOf(refs: readonly OwnerRef[] | undefined, like: readonly OwnerRef[] | undefined): readonly OwnerRef[] | undefined {
  if (!refs) return undefined;
  if (like && sameRefs(refs, like)) return like;
  return freeze(refs.map(ownerRef));
}

function conditionsOf(conditions: ReadonlyArray<{ type?: string; status?: string }> | undefined): ReadonlyArray<{ type?: string; status?: string }> | undefined {
  if (!conditions) return undefined;
  const ready = conditions.find((c) => c.type === 'Ready');
  if (!ready) return NO_CONDITIONS;
  const status = ready.status;
  return (status !== undefined && READY.get(status)) || freeze([freeze(status === undefined ? { type: 'Ready' } : { type: 'Ready', status: internString(status) })]);
}

function restartsOf(statuses: ReadonlyArray<{ restartCount?: number }> | undefined, like: ReadonlyArray<{ restartCount?: number }> | undefined): ReadonlyArray<{ restartCount?: number }> | undefined {
  if (!statuses) return undefined;
  const same = (other: ReadonlyArray<{ restartCount?: number }>) =>
    other.length === statuses.length && statuses.every((s, i) => s.restartCount === other[i]!.restartCount);
  if (like && same(like)) return like;
  const none = NO_RESTARTS[statuses.length];
  if (none && same(none)) return none;
  return freeze(statuses.map((s) => freeze(s.restartCount === undefined ? {} : { restartCount: s.restartCount })));
}

/** A stored pod already filed under one of this pod's owners, whose parts it may share. */
function siblingOf(refs: readonly OwnerRef[] | undefined, store: IndexedStore | undefined): PodLike | undefined {
  const uid = refs?.[0]?.uid;
  return uid && store ? store.lookup({ by: 'owner', uid })[0] as PodLike | undefined : undefined;
}

function specOf(spec: { nodeName?: string } | undefined, store: IndexedStore | undefined): { nodeName?: string } | undefined {
  if (!spec) return undefined;
  const node = spec.nodeName;
  if (node === undefined) return NO_SPEC;
  const onNode = store?.lookup({ by: 'node', node })[0] as PodLike | undefined;
  if (onNode?.spec?.nodeName === node) return onNode.spec;
  return freeze({ nodeName: internString(node) });
}

function pod(object: PodLike, store: IndexedStore | undefined): LiveObject {
  const m = object.metadata ?? {};
  const s = object.status;
  const sibling = siblingOf(m.ownerReferences, store);
  const like = sibling?.metadata;
  const created = m.creationTimestamp !== undefined && m.creationTimestamp === like?.creationTimestamp ? like.creationTimestamp : m.creationTimestamp;
  // Object literals with every key (some perhaps undefined) keep V8's compact in-object layout;
  // deleting keys would turn each object into a hash table several times its size.
  return freeze({
    apiVersion: internString(object.apiVersion),
    kind: internString(object.kind),
    metadata: freeze(m.deletionTimestamp === undefined ? {
      name: m.name,
      namespace: internString(m.namespace),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: created,
      labels: labelsOf(m.labels, like?.labels),
      ownerReferences: ownersOf(m.ownerReferences, like?.ownerReferences),
    } : {
      name: m.name,
      namespace: internString(m.namespace),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: created,
      deletionTimestamp: m.deletionTimestamp,
      labels: labelsOf(m.labels, like?.labels),
      ownerReferences: ownersOf(m.ownerReferences, like?.ownerReferences),
    }),
    spec: specOf(object.spec, store),
    status: s ? freeze({
      phase: internString(s.phase),
      podIP: s.podIP,
      conditions: conditionsOf(s.conditions),
      containerStatuses: restartsOf(s.containerStatuses, sibling?.status?.containerStatuses),
    }) : undefined,
  });
}

/**
 * The store's copy of a (lean) object of this kind. `store`: the store it is going into, whose
 * objects it may share parts with (pods only); without it nothing is shared between objects.
 */
export function storedObject(object: LiveObject, kind: string, store?: IndexedStore): LiveObject {
  return kind === 'Pod' ? pod(object as PodLike, store) : object;
}
