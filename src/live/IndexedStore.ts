/**
 * One (cluster, resource) store of the watch hub: the current objects, kept in the API server's
 * LIST order (by key `namespace/name`) and indexed so the read cache and the graph's joins answer
 * without scanning or sorting:
 *
 * - by namespace (a namespaced LIST): a namespace's objects are one run of the ordered array;
 * - by label `key=value` (equality selectors; set-based ones scan and filter);
 * - by owner (ownerReference uid → children);
 * - by node (`spec.nodeName` → pods);
 * - by key (binary search of the ordered array).
 *
 * Every bucket is itself an array in LIST order, so any answer taken from one is already in LIST
 * order. set/delete keep all indexes in step; each costs a binary search and an array splice per
 * bucket.
 *
 * Memory (issue 9: about 2 KB per cached pod, everything included): the objects themselves hold
 * the order, so no key strings are kept, no per-object map entry and no namespace buckets; a
 * bucket is a bare array, copied to its exact size while small (most are: one ReplicaSet's pods),
 * since a growing array reserves 16 spare slots; bucket names are the objects' own strings.
 */
import type { LiveObject } from './leanObject.ts';

export function keyOf(object: LiveObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/**
 * Orders (namespace, name) pairs as their keys `namespace/name` compare (the API server's order),
 * without building the keys: when the namespaces differ the keys differ within `namespace/`, as
 * '/' cannot appear in a namespace.
 */
export function compareKeys(ns1: string, name1: string, ns2: string, name2: string): number {
  if (ns1 === ns2) return name1 < name2 ? -1 : name1 > name2 ? 1 : 0;
  if (ns1.length < ns2.length && ns2.startsWith(ns1)) return ns2.charCodeAt(ns1.length) > SLASH ? -1 : 1;
  if (ns2.length < ns1.length && ns1.startsWith(ns2)) return ns1.charCodeAt(ns2.length) < SLASH ? -1 : 1;
  return ns1 < ns2 ? -1 : 1;
}

const SLASH = 0x2f;

const nsOf = (o: LiveObject) => o.metadata?.namespace ?? '';
const nameOf = (o: LiveObject) => o.metadata?.name ?? '';

/** The first index in `items` whose key is not below (namespace, name). */
function lowerBound(items: readonly LiveObject[], namespace: string, name: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const o = items[mid]!;
    if (compareKeys(nsOf(o), nameOf(o), namespace, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return slash < 0 ? ['', key] : [key.slice(0, slash), key.slice(slash + 1)];
}

/** Buckets up to this size are copied to their exact length on insert and remove; larger ones grow in place. */
const EXACT_UP_TO = 32;

/** The bucket with `object` put in its place (replacing the object of the same key); may be a new array. */
function put(bucket: LiveObject[], object: LiveObject): LiveObject[] {
  const namespace = nsOf(object);
  const name = nameOf(object);
  const i = lowerBound(bucket, namespace, name);
  const there = bucket[i];
  if (there && nsOf(there) === namespace && nameOf(there) === name) {
    bucket[i] = object;
    return bucket;
  }
  if (bucket.length < EXACT_UP_TO) return bucket.toSpliced(i, 0, object);
  bucket.splice(i, 0, object);
  return bucket;
}

/** The bucket without the object of this key; may be a new array, empty when it held only that. */
function take(bucket: LiveObject[], namespace: string, name: string): LiveObject[] {
  const i = lowerBound(bucket, namespace, name);
  const there = bucket[i];
  if (!there || nsOf(there) !== namespace || nameOf(there) !== name) return bucket;
  if (bucket.length <= EXACT_UP_TO) return bucket.toSpliced(i, 1);
  bucket.splice(i, 1);
  return bucket;
}

/** What one object is filed under (besides its key); compared on change to move it between buckets. */
interface Filing {
  labels: Array<[string, string]>;
  owners: string[];
  node: string | undefined;
}

export type IndexQuery =
  | { by: 'namespace'; namespace: string }
  | { by: 'label'; key: string; value: string }
  | { by: 'owner'; uid: string }
  | { by: 'node'; node: string }
  | { by: 'name'; namespace: string; name: string };

const EMPTY: readonly LiveObject[] = Object.freeze([]);

export class IndexedStore {
  /** Every object in LIST order: the store itself (lookup by key is a binary search of it). */
  private all: LiveObject[] = [];
  /** label key → label value → bucket. */
  private labels = new Map<string, Map<string, LiveObject[]>>();
  private owners = new Map<string, LiveObject[]>();
  private nodes = new Map<string, LiveObject[]>();

  get size(): number {
    return this.all.length;
  }

  get(key: string): LiveObject | undefined {
    const [namespace, name] = splitKey(key);
    return this.at(namespace, name);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Every object in LIST order (namespace, then name). Do not change the array. */
  sorted(): readonly LiveObject[] {
    return this.all;
  }

  /** The objects in LIST order, as they are now (changing the store while iterating is fine). */
  values(): IterableIterator<LiveObject> {
    return this.all.slice().values();
  }

  keys(): IterableIterator<string> {
    return this.all.map(keyOf).values();
  }

  /** [key, object] in LIST order, as they are now (changing the store while iterating is fine). */
  [Symbol.iterator](): IterableIterator<[string, LiveObject]> {
    return this.all.map((o): [string, LiveObject] => [keyOf(o), o]).values();
  }

  /** The objects of one index bucket, in LIST order. Do not change the array. */
  lookup(query: IndexQuery): readonly LiveObject[] {
    switch (query.by) {
      case 'namespace': {
        const from = lowerBound(this.all, query.namespace, '');
        let to = from;
        while (to < this.all.length && nsOf(this.all[to]!) === query.namespace) to++;
        return from === to ? EMPTY : this.all.slice(from, to);
      }
      case 'label': return this.labels.get(query.key)?.get(query.value) ?? EMPTY;
      case 'owner': return this.owners.get(query.uid) ?? EMPTY;
      case 'node': return this.nodes.get(query.node) ?? EMPTY;
      case 'name': {
        const object = this.at(query.namespace, query.name);
        return object ? [object] : EMPTY;
      }
    }
  }

  /** Adds or replaces the object; `key` must be keyOf(object) (the object's own namespace and name place it). */
  set(key: string, object: LiveObject): this {
    const [namespace, name] = splitKey(key);
    const i = lowerBound(this.all, namespace, name);
    const old = this.matches(this.all[i], namespace, name) ? this.all[i] : undefined;
    if (old) this.all[i] = object;
    else this.all.splice(i, 0, object);
    // What the old version was filed under is recomputed from it rather than kept (memory).
    const after = filingOf(object);
    if (old) this.unfile(namespace, name, filingOf(old), after);
    this.file(object, after);
    return this;
  }

  delete(key: string): boolean {
    const [namespace, name] = splitKey(key);
    const i = lowerBound(this.all, namespace, name);
    const old = this.all[i];
    if (!this.matches(old, namespace, name)) return false;
    this.all.splice(i, 1);
    this.unfile(namespace, name, filingOf(old!), undefined);
    return true;
  }

  clear(): void {
    this.all = [];
    this.labels = new Map();
    this.owners = new Map();
    this.nodes = new Map();
  }

  private at(namespace: string, name: string): LiveObject | undefined {
    const o = this.all[lowerBound(this.all, namespace, name)];
    return this.matches(o, namespace, name) ? o : undefined;
  }

  private matches(o: LiveObject | undefined, namespace: string, name: string): boolean {
    return o !== undefined && nsOf(o) === namespace && nameOf(o) === name;
  }

  /** Files the object in every bucket of `f` (replacing the old object where it stays). */
  private file(object: LiveObject, f: Filing): void {
    for (const [k, v] of f.labels) {
      let values = this.labels.get(k);
      if (!values) this.labels.set(k, (values = new Map()));
      add(values, v, object);
    }
    for (const o of f.owners) add(this.owners, o, object);
    if (f.node !== undefined) add(this.nodes, f.node, object);
  }

  /** Takes the object out of the buckets of `before` it is no longer in under `after`. */
  private unfile(namespace: string, name: string, before: Filing, after: Filing | undefined): void {
    for (const [k, v] of before.labels) {
      if (after?.labels.some(([k2, v2]) => k2 === k && v2 === v)) continue;
      const values = this.labels.get(k);
      if (!values) continue;
      remove(values, v, namespace, name);
      if (values.size === 0) this.labels.delete(k);
    }
    for (const o of before.owners) if (!after?.owners.includes(o)) remove(this.owners, o, namespace, name);
    if (before.node !== undefined && before.node !== after?.node) remove(this.nodes, before.node, namespace, name);
  }
}

function filingOf(object: LiveObject): Filing {
  const metadata = object.metadata ?? {};
  const labels = metadata['labels'] as Record<string, string> | undefined;
  const refs = metadata['ownerReferences'] as Array<{ uid?: string }> | undefined;
  const spec = object['spec'] as { nodeName?: string } | undefined;
  return {
    labels: labels ? Object.entries(labels) : [],
    owners: refs ? refs.flatMap((r) => (r.uid ? [r.uid] : [])) : [],
    node: object.kind === 'Pod' && spec?.nodeName ? spec.nodeName : undefined,
  };
}

function add(index: Map<string, LiveObject[]>, bucket: string, object: LiveObject): void {
  const b = index.get(bucket);
  if (!b) index.set(bucket, [object]);
  else {
    const next = put(b, object);
    if (next !== b) index.set(bucket, next);
  }
}

function remove(index: Map<string, LiveObject[]>, bucket: string, namespace: string, name: string): void {
  const b = index.get(bucket);
  if (!b) return;
  const next = take(b, namespace, name);
  if (next.length === 0) index.delete(bucket);
  else if (next !== b) index.set(bucket, next);
}
