/**
 * One simulated cluster's storage: what etcd plus the apiserver's watch cache are to a real
 * cluster. It holds every stored object under (resource, namespace, name), stamps each write
 * with the next value of one cluster-wide resourceVersion counter, keeps a bounded history of
 * changes so watches can resume from a resourceVersion, and answers 410 Expired for anything
 * older than that window (or older than a forced compaction).
 *
 * Objects are deep-frozen on the way in and handed out by reference; each entry caches its JSON
 * text so that a LIST of thousands of objects is string concatenation, not serialization.
 */
import type { KObject } from '../types.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class StoredObject {
  private cachedJson: string | undefined;
  constructor(readonly object: KObject, readonly rv: number) {}
  get json(): string {
    if (this.cachedJson === undefined) this.cachedJson = JSON.stringify(this.object);
    return this.cachedJson;
  }
}

export interface ChangeRecord {
  rv: number;
  type: WatchEventType;
  resource: string; // store key, "/pods"
  namespace: string; // '' for cluster-scoped
  name: string;
  current: StoredObject; // for DELETED: the object as deleted, stamped with the deletion's rv
  previous: StoredObject | undefined;
}

export type StoreErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'TooLargeResourceVersion';

export class StoreError extends Error {
  constructor(readonly reason: StoreErrorReason, message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export type ChangeListener = (change: ChangeRecord) => void;

export interface WatchHandle {
  stop(): void;
}

interface Table {
  objects: Map<string, StoredObject>;
  /** Keys in etcd order; changes only on create and delete. */
  sortedKeys: string[] | undefined;
  /** The current objects in key order; any write (update too) invalidates it. */
  sorted: StoredObject[] | undefined;
}

export interface ObjectStoreOptions {
  /**
   * How many changes the store remembers for watch resumption and reads at older versions
   * (paginated LISTs); older resourceVersions get 410. Each retained change pins the object
   * versions it names, so this is most of an idle cluster's memory beyond its live objects.
   * @default 5000
   */
  historySize?: number;
  /** The first resourceVersion handed out is one more than this. @default 1000 */
  initialResourceVersion?: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function objectKey(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

export class ObjectStore {
  private rv: number;
  private readonly tables = new Map<string, Table>();
  private readonly history: ChangeRecord[] = [];
  private readonly historySize: number;
  /** Oldest rv a watch may resume from: changes after it are all still in `history`. */
  private compactedRv: number;
  private readonly listeners = new Set<ChangeListener>();
  private readonly watchers = new Map<string, Set<ChangeListener>>();

  constructor(options: ObjectStoreOptions = {}) {
    this.historySize = options.historySize ?? 5_000;
    this.rv = options.initialResourceVersion ?? 1000;
    this.compactedRv = this.rv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion from which a watch can still resume. */
  get oldestResumableVersion(): number {
    return this.compactedRv;
  }

  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.tables.get(resource)?.objects.get(objectKey(namespace, name));
  }

  /** Objects of one resource in etcd key order (namespace, then name), optionally one namespace. */
  list(resource: string, namespace?: string): StoredObject[] {
    const table = this.tables.get(resource);
    if (!table) return [];
    if (!table.sorted) {
      table.sortedKeys ??= [...table.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      table.sorted = table.sortedKeys.map((k) => table.objects.get(k)!);
    }
    if (namespace === undefined || namespace === '') return table.sorted;
    return table.sorted.filter((o) => o.object.metadata.namespace === namespace);
  }

  /**
   * Objects of one resource as they were at resourceVersion `rv` (etcd's read at a revision),
   * rebuilt from the current state by undoing the retained changes after `rv`. Throws Expired
   * when changes after `rv` are no longer all retained (compacted).
   */
  listAt(resource: string, rv: number, namespace?: string): StoredObject[] {
    if (rv >= this.rv) return this.list(resource, namespace);
    if (rv < this.compactedRv) throw new StoreError('Expired', `too old resource version: ${rv} (${this.compactedRv})`);
    const later = [...this.changesSince(rv)].filter((c) => c.resource === resource);
    if (later.length === 0) return this.list(resource, namespace);
    const objects = new Map(this.tables.get(resource)?.objects ?? []);
    for (let i = later.length - 1; i >= 0; i--) {
      const c = later[i]!;
      const key = objectKey(c.namespace, c.name);
      if (c.type === 'ADDED' || c.previous === undefined) objects.delete(key);
      else objects.set(key, c.previous);
    }
    return [...objects.entries()]
      .filter(([, o]) => namespace === undefined || namespace === '' || o.object.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
  }

  count(resource: string): number {
    return this.tables.get(resource)?.objects.size ?? 0;
  }

  create(resource: string, object: KObject): StoredObject {
    const ns = object.metadata.namespace ?? '';
    const key = objectKey(ns, object.metadata.name);
    const table = this.table(resource);
    if (table.objects.has(key)) {
      throw new StoreError('AlreadyExists', `${resource} ${key} already exists`);
    }
    const stored = this.stamp(object);
    table.objects.set(key, stored);
    table.sorted = undefined;
    table.sortedKeys = undefined;
    this.record({ rv: stored.rv, type: 'ADDED', resource, namespace: ns, name: object.metadata.name, current: stored, previous: undefined });
    return stored;
  }

  /**
   * Replace an object. With `expectedRv`, the write happens only if the stored object still has
   * that resourceVersion (optimistic concurrency); otherwise Conflict.
   */
  update(resource: string, object: KObject, expectedRv?: number): StoredObject {
    const ns = object.metadata.namespace ?? '';
    const key = objectKey(ns, object.metadata.name);
    const table = this.table(resource);
    const previous = table.objects.get(key);
    if (!previous) throw new StoreError('NotFound', `${resource} ${key} not found`);
    if (expectedRv !== undefined && previous.rv !== expectedRv) {
      throw new StoreError('Conflict', `${resource} ${key}: resourceVersion ${expectedRv} is stale, current is ${previous.rv}`);
    }
    const stored = this.stamp(object);
    table.objects.set(key, stored);
    table.sorted = undefined; // it holds the replaced object
    this.record({ rv: stored.rv, type: 'MODIFIED', resource, namespace: ns, name: object.metadata.name, current: stored, previous });
    return stored;
  }

  delete(resource: string, namespace: string, name: string, expectedRv?: number): StoredObject {
    const key = objectKey(namespace, name);
    const table = this.table(resource);
    const previous = table.objects.get(key);
    if (!previous) throw new StoreError('NotFound', `${resource} ${key} not found`);
    if (expectedRv !== undefined && previous.rv !== expectedRv) {
      throw new StoreError('Conflict', `${resource} ${key}: resourceVersion ${expectedRv} is stale, current is ${previous.rv}`);
    }
    table.objects.delete(key);
    table.sorted = undefined;
    table.sortedKeys = undefined;
    // A DELETED watch event carries the object stamped with the deletion's resourceVersion.
    const gone = this.stamp(previous.object);
    this.record({ rv: gone.rv, type: 'DELETED', resource, namespace, name, current: gone, previous });
    return gone;
  }

  /**
   * Changes to `resource` after `fromRv`, then live ones, delivered synchronously in order.
   * Throws Expired when changes after `fromRv` are no longer all retained.
   */
  watch(resource: string, fromRv: number, listener: ChangeListener): WatchHandle {
    if (fromRv < this.compactedRv) {
      throw new StoreError('Expired', `too old resource version: ${fromRv} (${this.compactedRv})`);
    }
    if (fromRv > this.rv) {
      throw new StoreError('TooLargeResourceVersion', `Too large resource version: ${fromRv}, current: ${this.rv}`);
    }
    for (const change of this.changesSince(fromRv)) {
      if (change.resource === resource) listener(change);
    }
    let set = this.watchers.get(resource);
    if (!set) this.watchers.set(resource, (set = new Set()));
    set.add(listener);
    return { stop: () => { set.delete(listener); } };
  }

  /** Every change of every resource, for the cluster's controllers. */
  onChange(listener: ChangeListener): WatchHandle {
    this.listeners.add(listener);
    return { stop: () => { this.listeners.delete(listener); } };
  }

  /** Forget all history: every watch or continue token from before now gets 410 Expired. */
  compact(): void {
    this.history.length = 0;
    this.compactedRv = this.rv;
  }

  /** Number of open watch listeners (tests assert that clients close what they open). */
  get watcherCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  private *changesSince(fromRv: number): Iterable<ChangeRecord> {
    // History is ordered by rv; find the first record after fromRv by binary search.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.rv <= fromRv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.history.length; i++) yield this.history[i]!;
  }

  private table(resource: string): Table {
    let table = this.tables.get(resource);
    if (!table) this.tables.set(resource, (table = { objects: new Map(), sortedKeys: undefined, sorted: undefined }));
    return table;
  }

  private stamp(object: KObject): StoredObject {
    const rv = ++this.rv;
    const stamped: KObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    return new StoredObject(deepFreeze(stamped), rv);
  }

  private record(change: ChangeRecord): void {
    this.history.push(change);
    // Trim a tenth at a time so a full history costs amortized O(1) per write, not a shift of
    // the whole array; the window stays between 90% and 100% of historySize.
    if (this.history.length > this.historySize) {
      const dropped = this.history.splice(0, Math.max(1, Math.floor(this.historySize / 10)));
      this.compactedRv = dropped[dropped.length - 1]!.rv;
    }
    const watchers = this.watchers.get(change.resource);
    if (watchers) for (const w of [...watchers]) w(change);
    for (const l of [...this.listeners]) l(change);
  }
}
