/**
 * What the read cache's store keeps of an object: for the kinds held by the thousand (pods), only
 * the fields the read graph reads (resolvers/Pod.ts, src/loaders/FleetReader.ts), with repeated
 * strings (label keys and values, namespaces, node names, owner kinds) shared. The full object
 * (lean: no managedFields, no Secret values) still goes to subscribers with each change; only
 * the store's copy is projected. Other kinds are kept lean: there are few of them.
 *
 * A field the graph starts reading from pods must be added here, or cached reads will not see it
 * (test/integration/live/cache.test.ts compares cached answers with live ones).
 */
import type { LiveObject } from './leanObject.ts';

/** Repeated strings, shared between stored objects. Bounded: past it, strings are kept as they come. */
const POOL_LIMIT = 200_000;
const pool = new Map<string, string>();

function intern(s: string): string;
function intern(s: string | undefined): string | undefined;
function intern(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const known = pool.get(s);
  if (known !== undefined) return known;
  if (pool.size < POOL_LIMIT) pool.set(s, s);
  return s;
}

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
    labels?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }>;
  };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: Array<{ type?: string; status?: string }>;
    containerStatuses?: Array<{ restartCount?: number }>;
  };
}

/** Drops undefined values so the projection has no keys the object did not have. */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

function labelsOf(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!labels) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) out[intern(k)] = intern(v);
  return out;
}

function pod(object: PodLike): LiveObject {
  const m = object.metadata ?? {};
  const s = object.status;
  const ready = s?.conditions?.find((c) => c.type === 'Ready');
  return defined({
    apiVersion: intern(object.apiVersion),
    kind: intern(object.kind),
    metadata: defined({
      name: m.name,
      namespace: intern(m.namespace),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
      deletionTimestamp: m.deletionTimestamp,
      labels: labelsOf(m.labels),
      ownerReferences: m.ownerReferences?.map((r) => defined({
        apiVersion: intern(r.apiVersion), kind: intern(r.kind), name: intern(r.name), uid: intern(r.uid), controller: r.controller,
      })),
    }),
    spec: object.spec ? defined({ nodeName: intern(object.spec.nodeName) }) : undefined,
    status: s ? defined({
      phase: intern(s.phase),
      podIP: s.podIP,
      conditions: ready ? [{ type: 'Ready', status: intern(ready.status) }] : s.conditions ? [] : undefined,
      containerStatuses: s.containerStatuses?.map((c) => defined({ restartCount: c.restartCount })),
    }) : undefined,
  });
}

/** The store's copy of a (lean) object of this kind. */
export function storedObject(object: LiveObject, kind: string): LiveObject {
  return kind === 'Pod' ? pod(object as PodLike) : object;
}
