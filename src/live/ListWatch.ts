/**
 * Our own list+watch loop for one (cluster, resource, namespace scope), with the current objects
 * kept in memory (only what the graph reads, see storedObject.ts). client-node 1.4's informer lists without pages and
 * stops for good on most errors; this one never gives up while it is running:
 *
 * - the initial LIST is read in pages (`limit` / `continue`, restarted if its token expires);
 * - the watch starts at the list's resourceVersion and, when a stream ends or drops, resumes at
 *   the last version seen (an event's or a bookmark's) so nothing is missed or repeated;
 * - failures back off exponentially with jitter; a stream that delivered something resumes at once;
 * - 410 Gone (the version was compacted away) relists and emits the differences from the store
 *   as ADDED / MODIFIED / DELETED, so subscribers see every object's final state exactly once;
 * - a watchdog reconnects a stream that has said nothing (not even a bookmark) for `silenceMs`.
 *
 * The initial list fills the store silently: `onChange` reports changes after the first sync.
 */
import { ClusterError } from '../kube/ClusterError.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { collectionPath, type ResourceType } from '../kube/resources.ts';
import { WatchGone, watchStream } from '../kube/watchStream.ts';
import { IndexedStore, keyOf } from './IndexedStore.ts';
import { allNamespacesForbidden } from './namespaceScope.ts';
import { leanObject, type LiveObject } from './leanObject.ts';
import { storedObject } from './storedObject.ts';
import { outsideOperations } from '../telemetry/operationScope.ts';

export { keyOf };

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  /**
   * The object after the change, lean (leanObject.ts) but whole: the store keeps less of it
   * (storedObject.ts). For DELETED: as the deletion event carried it, or, for a deletion found by
   * a relist, the store's copy (the whole object was never kept).
   */
  object: LiveObject;
}

export interface ListWatchOptions {
  client: ClusterClient;
  type: ResourceType;
  /** One namespace, or every namespace (null / undefined). */
  namespace?: string | null;
  /** Called for every change after the first sync, in the cluster's order. */
  onChange: (change: Change) => void;
  /** Called when a LIST or a watch fails (the loop carries on). */
  onError?: (error: ClusterError) => void;
  /** Called when the loop works again after failures (see `failing`). */
  onRecovered?: () => void;
  /**
   * Objects the store starts with, as if listed before (a shared stream's recorded state, see
   * SharedStreams.ts): the watch counts as synced, and its first LIST emits what differs.
   */
  seed?: readonly LiveObject[];
  /** Called after every LIST that succeeded (the store equals the cluster again). */
  onListed?: () => void;
  /** Called once, synchronously, when the first LIST of a watch without a seed has filled the store. */
  onSynced?: (objects: IndexedStore) => void;
  /** Items per LIST page. @default 500 */
  pageSize?: number;
  /** Each watch request asks the server to end it cleanly after this long. @default 300 */
  watchTimeoutSeconds?: number;
  /** Reconnect a stream silent (no event, no bookmark) for this long. @default 120000 */
  silenceMs?: number;
  /** First retry delay after a failure, doubled per failure in a row. @default 250 */
  backoffInitialMs?: number;
  /** @default 30000 */
  backoffMaxMs?: number;
  /** Source of jitter (tests pass a fixed one). @default Math.random */
  random?: () => number;
}

/** How the loop has fared, for Cluster.status and tests. */
export interface ListWatchStats {
  lists: number;
  watches: number;
  /** Relists after 410 Gone. */
  relists: number;
  /** Streams the watchdog cut for silence. */
  watchdogResets: number;
  errors: number;
}

interface KubeList {
  items?: LiveObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** A list whose continue token expires this often in a row is given up (and retried after a backoff). */
const MAX_LIST_RESTARTS = 3;

export class ListWatch {
  /** The current objects, keyed `namespace/name`, in LIST order and indexed (IndexedStore.ts). */
  readonly objects = new IndexedStore();
  readonly stats: ListWatchStats = { lists: 0, watches: 0, relists: 0, watchdogResets: 0, errors: 0 };
  /** The version the next watch starts from ('' before the first list). */
  resourceVersion = '';
  synced = false;
  lastChangeAt: Date | undefined;
  lastError: ClusterError | undefined;
  /** The failure the loop is retrying now; cleared by a LIST that succeeds or a watch that delivers. */
  failing: ClusterError | undefined;

  private readonly options: ListWatchOptions;
  private readonly stopping = new AbortController();
  private stream: AbortController | undefined;
  private lastHeard = 0;
  private running: Promise<void> | undefined;
  private syncWaiters: Array<() => void> = [];

  constructor(options: ListWatchOptions) {
    this.options = options;
    if (options.seed) {
      for (const object of options.seed) this.objects.set(keyOf(object), storedObject(object, options.type.kind, this.objects));
      this.synced = true;
    }
  }

  start(): void {
    // The loop outlives whichever request started it: its calls are nobody's children (tracing).
    this.running ??= outsideOperations(() => this.run());
  }

  /** Stop the loop and close its stream; resolves when it has ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.stream?.abort();
    for (const wake of this.syncWaiters) wake();
    await this.running;
  }

  /** Resolves at the first sync (or at stop). */
  whenSynced(): Promise<void> {
    if (this.synced || this.stopping.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(): Promise<void> {
    const silenceMs = this.options.silenceMs ?? 120_000;
    const watchdog = setInterval(() => {
      if (this.stream && Date.now() - this.lastHeard > silenceMs) {
        this.stats.watchdogResets++;
        this.stream.abort();
      }
    }, Math.max(10, Math.floor(silenceMs / 4)));
    watchdog.unref();
    let failures = 0;
    let needList = true;
    try {
      while (!this.stopped) {
        try {
          if (needList) {
            await this.relist();
            needList = false;
            failures = 0;
            this.recovered();
            this.options.onListed?.();
          }
          const heard = await this.watchOnce();
          // A stream that delivered anything resumes at once; one that ended empty counts as a failure.
          failures = heard > 0 ? 0 : failures + 1;
        } catch (e) {
          if (this.stopped) break;
          if (e instanceof WatchGone) {
            needList = true;
            this.stats.relists++;
            failures++;
            // The first relist after a Gone goes at once; a Gone right after a relist backs off.
            if (failures === 1) continue;
          } else {
            failures++;
            this.stats.errors++;
            const error = this.explain(e);
            this.lastError = error;
            this.failing = error;
            this.options.onError?.(error);
          }
        }
        if (failures > 0) await this.sleep(this.backoff(failures));
      }
    } finally {
      clearInterval(watchdog);
    }
  }

  /** A failure as a ClusterError; a 403 across all namespaces says what to do about it (namespaceScope.ts). */
  private explain(e: unknown): ClusterError {
    const { client, type, namespace } = this.options;
    if (!(e instanceof ClusterError)) {
      return new ClusterError(client.name, 'UPSTREAM_ERROR', `cluster "${client.name}": ${type.name}: watch failed`, type.name);
    }
    if (e.code !== 'FORBIDDEN' || !type.namespaced || namespace) return e;
    const explained = allNamespacesForbidden(client.name, type, e);
    // Cluster.status shows the cluster's last error: this one, with its way out, not the bare 403.
    client.health.failed(explained);
    return explained;
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = undefined;
    this.options.onRecovered?.();
  }

  /** Equal jitter: half the exponential delay fixed, half random, so many streams do not retry in step. */
  private backoff(failures: number): number {
    const initial = this.options.backoffInitialMs ?? 250;
    const max = this.options.backoffMaxMs ?? 30_000;
    const base = Math.min(max, initial * 2 ** Math.min(failures - 1, 20));
    return base / 2 + (this.options.random ?? Math.random)() * (base / 2);
  }

  private sleep(ms: number): Promise<void> {
    // An abort listener added after the abort never fires: stopped already, do not wait.
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  /** One watch stream from `resourceVersion` until it ends; returns how many events (bookmarks included) it brought. */
  private async watchOnce(): Promise<number> {
    const { client, type } = this.options;
    const stream = new AbortController();
    this.stream = stream;
    // Stopped while listing (a LIST cannot be aborted): stop() aborted no stream then, and a watch
    // opened now would keep stop() waiting for its whole timeout.
    if (this.stopped) return 0;
    this.lastHeard = Date.now();
    this.stats.watches++;
    let heard = 0;
    try {
      for await (const event of watchStream<LiveObject>(client, type, {
        namespace: this.options.namespace, resourceVersion: this.resourceVersion,
        timeoutSeconds: this.options.watchTimeoutSeconds ?? 300, signal: stream.signal,
      })) {
        if (heard++ === 0) this.recovered();
        this.lastHeard = Date.now();
        if (event.type === 'BOOKMARK') {
          this.resourceVersion = event.resourceVersion;
          continue;
        }
        this.apply(event.type, this.lean(event.object));
      }
    } finally {
      if (this.stream === stream) this.stream = undefined;
    }
    return heard;
  }

  /** A watch event into the store; repeats of what the store already holds are dropped. */
  private apply(type: ChangeType, object: LiveObject): void {
    const key = keyOf(object);
    const old = this.objects.get(key);
    const rv = object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (type === 'DELETED') {
      if (!old) return;
      this.objects.delete(key);
    } else {
      if (old && old.metadata?.resourceVersion === rv && old.metadata?.uid === object.metadata?.uid) return;
      this.objects.set(key, storedObject(object, this.options.type.kind, this.objects));
      if (old && type === 'ADDED') type = 'MODIFIED';
      if (!old && type === 'MODIFIED') type = 'ADDED';
    }
    this.emit({ type, object });
  }

  /** LIST (in pages) and make the store equal to it, emitting the differences once synced before. */
  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.listAll();
    const seen = new Set<string>();
    for (const raw of items) {
      const object = this.lean(raw);
      const key = keyOf(object);
      seen.add(key);
      const old = this.objects.get(key);
      this.objects.set(key, storedObject(object, this.options.type.kind, this.objects));
      if (!this.synced) continue;
      if (!old) this.emit({ type: 'ADDED', object });
      else if (old.metadata?.uid !== object.metadata?.uid) {
        // Deleted and made again while we were not watching: two changes, not one.
        this.emit({ type: 'DELETED', object: old });
        this.emit({ type: 'ADDED', object });
      } else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) this.emit({ type: 'MODIFIED', object });
    }
    for (const [key, old] of this.objects) {
      if (seen.has(key)) continue;
      this.objects.delete(key);
      if (this.synced) this.emit({ type: 'DELETED', object: old });
    }
    this.resourceVersion = resourceVersion;
    if (!this.synced) {
      this.synced = true;
      this.options.onSynced?.(this.objects);
      for (const wake of this.syncWaiters.splice(0)) wake();
    }
  }

  private async listAll(): Promise<{ items: LiveObject[]; resourceVersion: string }> {
    const { client, type } = this.options;
    const ctx = { cluster: client.name, resource: type.name, group: type.group };
    const pageSize = this.options.pageSize ?? 500;
    for (let restarts = 0; ; restarts++) {
      const items: LiveObject[] = [];
      let token: string | undefined;
      let resourceVersion = '';
      try {
        do {
          const query = new URLSearchParams();
          if (pageSize > 0) query.set('limit', String(pageSize));
          if (token !== undefined) query.set('continue', token);
          const qs = query.toString();
          this.stats.lists++;
          const page = await client.getJson<KubeList>(collectionPath(type, this.options.namespace) + (qs ? `?${qs}` : ''), ctx, 'list');
          for (const item of page.items ?? []) items.push(item);
          // Every page of one list carries the version the whole list was read at.
          resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
          token = page.metadata?.continue || undefined;
        } while (token !== undefined);
        return { items, resourceVersion };
      } catch (e) {
        // The continue token expired (the cluster compacted between pages): start the list over.
        if (!(e instanceof ClusterError) || e.status !== 410 || token === undefined || restarts >= MAX_LIST_RESTARTS) throw e;
      }
    }
  }

  private lean(object: LiveObject): LiveObject {
    const { type } = this.options;
    // List items come without kind and apiVersion; changes carry them so a consumer need not guess.
    const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
    return leanObject({ apiVersion, kind: type.kind, ...object }, type.kind);
  }

  private emit(change: Change): void {
    this.lastChangeAt = new Date();
    this.options.onChange(change);
  }
}
