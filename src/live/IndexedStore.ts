/**
 * One (cluster, resource) store of the watch hub: the current objects keyed `namespace/name`,
 * kept in the API server's LIST order (namespace, then name) and indexed so the read cache and
 * the graph's joins answer without scanning or sorting:
 *
 * - by namespace (a namespaced LIST),
 * - by label `key=value` (equality selectors; set-based ones scan and filter),
 * - by owner (ownerReference uid → children),
 * - by node (`spec.nodeName` → pods).
 *
 * Every bucket is itself a sorted array, so any answer taken from one is already in LIST order.
 * set/delete keep all indexes in step; each costs a binary search and an array splice per bucket.
 */
import type { LiveObject } from './leanObject.ts';

export function keyOf(object: LiveObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** Objects sorted by key, with binary-search insert and remove. */
export class SortedBucket {
  readonly items: LiveObject[] = [];
  private readonly keys: string[] = [];

  private find(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(key: string, object: LiveObject): void {
    const i = this.find(key);
    if (this.keys[i] === key) this.items[i] = object;
    else {
      this.keys.splice(i, 0, key);
      this.items.splice(i, 0, object);
    }
  }

  delete(key: string): void {
    const i = this.find(key);
    if (this.keys[i] !== key) return;
    this.keys.splice(i, 1);
    this.items.splice(i, 1);
  }

  get size(): number {
    return this.items.length;
  }
}

/** What one object is filed under (besides its key); compared on change to move it between buckets. */
interface Filing {
  namespace: string;
  labels: string[];
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
  private readonly byKey = new Map<string, LiveObject>();
  private readonly all = new SortedBucket();
  private readonly namespaces = new Map<string, SortedBucket>();
  private readonly labels = new Map<string, SortedBucket>();
  private readonly owners = new Map<string, SortedBucket>();
  private readonly nodes = new Map<string, SortedBucket>();

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): LiveObject | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Every object in LIST order (namespace, then name). Do not change the array. */
  sorted(): readonly LiveObject[] {
    return this.all.items;
  }

  values(): IterableIterator<LiveObject> {
    return this.byKey.values();
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, LiveObject]> {
    return this.byKey[Symbol.iterator]();
  }

  /** The objects of one index bucket, in LIST order. Do not change the array. */
  lookup(query: IndexQuery): readonly LiveObject[] {
    switch (query.by) {
      case 'namespace': return this.namespaces.get(query.namespace)?.items ?? EMPTY;
      case 'label': return this.labels.get(labelKey(query.key, query.value))?.items ?? EMPTY;
      case 'owner': return this.owners.get(query.uid)?.items ?? EMPTY;
      case 'node': return this.nodes.get(query.node)?.items ?? EMPTY;
      case 'name': {
        const object = this.byKey.get(`${query.namespace}/${query.name}`);
        return object ? [object] : EMPTY;
      }
    }
  }

  set(key: string, object: LiveObject): this {
    // What the old version was filed under is recomputed from it rather than kept (memory).
    const old = this.byKey.get(key);
    const after = filingOf(object);
    this.byKey.set(key, object);
    this.all.set(key, object);
    if (old) this.unfile(key, filingOf(old), after);
    this.file(key, object, after);
    return this;
  }

  delete(key: string): boolean {
    const old = this.byKey.get(key);
    if (!old) return false;
    this.byKey.delete(key);
    this.all.delete(key);
    this.unfile(key, filingOf(old), undefined);
    return true;
  }

  clear(): void {
    for (const key of [...this.byKey.keys()]) this.delete(key);
  }

  /** Files the object in every bucket of `f` (replacing the old object where it stays). */
  private file(key: string, object: LiveObject, f: Filing): void {
    add(this.namespaces, f.namespace, key, object);
    for (const l of f.labels) add(this.labels, l, key, object);
    for (const o of f.owners) add(this.owners, o, key, object);
    if (f.node !== undefined) add(this.nodes, f.node, key, object);
  }

  /** Takes the object out of the buckets of `before` it is no longer in under `after`. */
  private unfile(key: string, before: Filing, after: Filing | undefined): void {
    if (before.namespace !== after?.namespace) remove(this.namespaces, before.namespace, key);
    for (const l of before.labels) if (!after?.labels.includes(l)) remove(this.labels, l, key);
    for (const o of before.owners) if (!after?.owners.includes(o)) remove(this.owners, o, key);
    if (before.node !== undefined && before.node !== after?.node) remove(this.nodes, before.node, key);
  }
}

function labelKey(key: string, value: string): string {
  // '=' cannot appear in a label key, so key=value is unambiguous.
  return `${key}=${value}`;
}

function filingOf(object: LiveObject): Filing {
  const metadata = object.metadata ?? {};
  const labels = metadata['labels'] as Record<string, string> | undefined;
  const refs = metadata['ownerReferences'] as Array<{ uid?: string }> | undefined;
  const spec = object['spec'] as { nodeName?: string } | undefined;
  return {
    namespace: metadata.namespace ?? '',
    labels: labels ? Object.entries(labels).map(([k, v]) => labelKey(k, v)) : [],
    owners: refs ? refs.flatMap((r) => (r.uid ? [r.uid] : [])) : [],
    node: object.kind === 'Pod' && spec?.nodeName ? spec.nodeName : undefined,
  };
}

function add(index: Map<string, SortedBucket>, bucket: string, key: string, object: LiveObject): void {
  let b = index.get(bucket);
  if (!b) index.set(bucket, (b = new SortedBucket()));
  b.set(key, object);
}

function remove(index: Map<string, SortedBucket>, bucket: string, key: string): void {
  const b = index.get(bucket);
  if (!b) return;
  b.delete(key);
  if (b.size === 0) index.delete(bucket);
}
