/**
 * The watch hub: one upstream list+watch per (cluster, resource, namespace scope) and one status
 * probe per cluster, however many subscribers and cached readers use them. A stream starts on
 * first use and stops a grace period after its last user leaves, so a client that reconnects at
 * once finds it still running (and its cursor still valid).
 *
 * A cluster's streams watch all namespaces, unless the cluster has a namespace scope
 * (namespaceScope.ts): then each namespaced resource is one stream per namespace of the scope,
 * shared by every subscriber and cached reader of that namespace; a subscriber without a
 * namespace reads all of them (each a stream of its own in its cursor). A namespace filter never
 * opens a stream of its own on a cluster watched cluster-wide: it filters that cluster's stream.
 *
 * Every change goes through the stream's EventLog (`createLog`, an in-memory ring by default);
 * subscribers read the logs, never the upstream. The engine API is plain async iterables
 * (`resourceChanges`, `clusterStatus`): no GraphQL, no WebSocket here.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { ErrorCode } from '../kube/errorCodes.ts';
import { RESOURCES, type ResourceName } from '../kube/resources.ts';
import { CursorError, type EventLog } from './EventLog.ts';
import { IndexedStore } from './IndexedStore.ts';
import { ListWatch, type ChangeType, type ListWatchOptions } from './ListWatch.ts';
import { outOfScope } from './namespaceScope.ts';
import { withProblems, type HubDelivery } from './withProblems.ts';
import type { LiveObject } from './leanObject.ts';
import { LogDispatcher } from './LogDispatcher.ts';
import { DEFAULT_LIVE_LIMITS } from './liveDefaults.ts';
import { MemoryEventLog } from './MemoryEventLog.ts';
import type { SharedStreams } from './SharedStreams.ts';
import type { WatchedStore } from './WatchedStore.ts';
import { readStreams, type Delivery, type StreamToRead } from './readStreams.ts';
import { StatusProbe } from './StatusProbe.ts';
import { decodeStreamCursor, type StreamPositions } from './StreamCursor.ts';

/** A change to one object in one cluster, as the logs hold it. */
export interface ResourceChangeEntry {
  type: ChangeType;
  cluster: string;
  resource: ResourceName;
  object: LiveObject;
  /** When the hub saw it (ISO 8601). */
  at: string;
}

export type ClusterState = 'REACHABLE' | 'UNREACHABLE' | 'RECOVERED';

/** A cluster's reachability changed (or was first seen, as REACHABLE or UNREACHABLE). */
export interface ClusterStatusEntry {
  cluster: string;
  state: ClusterState;
  reachable: boolean;
  error: { code: ErrorCode; message: string } | undefined;
  at: string;
}

export interface WatchHubOptions {
  /** The clusters the hub may watch, by name. */
  clients: readonly ClusterClient[];
  /** How long a stream outlives its last user. @default 30000 */
  graceMs?: number;
  /** Entries each stream's in-memory log holds (resume window). @default 1000 */
  logCapacity?: number;
  /** The log of each stream: the seam for a shared log. @default an in-memory ring of logCapacity */
  createLog?: <T>(streamId: string) => EventLog<T>;
  /** How often a watched cluster's reachability is probed (GET /version). @default 10000 */
  statusIntervalMs?: number;
  /**
   * Share resource streams with other replicas (src/replicas, `--redis`): one replica at a time
   * owns a stream and runs its list+watch, every replica reads its shared log (and the read cache
   * reads a mirror of it). @default none: every stream is this process's own
   */
  shared?: SharedStreams;
  /** Settings passed to every ListWatch (page size, watchdog, backoff). */
  listWatch?: Partial<Omit<ListWatchOptions, 'client' | 'type' | 'namespace' | 'onChange' | 'onError' | 'onRecovered' | 'seed' | 'onSynced' | 'onListed'>>;
  /** Told of upstream failures (logging). */
  onError?: (error: ClusterError) => void;
}

export interface ResourceChangesOptions {
  clusters: readonly string[];
  resource: ResourceName;
  /**
   * The subscriber's namespace, if its filter has one: on a cluster with a namespace scope only
   * that namespace's stream is read (one outside the scope is a FORBIDDEN problem for that
   * cluster, or the error thrown when every cluster is so). Elsewhere it changes nothing: the
   * cluster-wide stream is read and `filter` picks the namespace.
   */
  namespace?: string | null;
  /** A cursor from an earlier delivery (validated when called: CursorError). */
  after?: string | null;
  /** Applied to each entry before it is delivered. */
  filter?: (entry: ResourceChangeEntry) => boolean;
  signal?: AbortSignal;
}

export interface ClusterStatusOptions {
  clusters: readonly string[];
  after?: string | null;
  signal?: AbortSignal;
}

interface StreamRef {
  id: string;
  cluster: string;
  /** The namespace a watch stream covers; null: all namespaces (and status streams). */
  namespace?: string | null;
}

/** Failures the cluster goes on answering until someone changes its configuration: told to subscribers (withProblems.ts). */
const STANDING: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

interface Source<T> {
  id: string;
  cluster: string;
  log: EventLog<T>;
  users: number;
  idle: NodeJS.Timeout | undefined;
  stop(): Promise<void>;
  watch?: ListWatch;
  /** A shared stream's mirror for the read cache (made at the first use). */
  store?: () => WatchedStore;
  /** The log's one reader for its caught-up subscribers. */
  dispatcher: LogDispatcher<T>;
  /** The standing failure of the watch now (STANDING codes), and who is told of a new one. */
  problem?: ClusterError | undefined;
  onProblem?: Set<(problem: ClusterError) => void>;
}

export class WatchHub {
  private readonly clients: ReadonlyMap<string, ClusterClient>;
  private readonly sources = new Map<string, Source<unknown>>();
  /** Streams held for the read cache (one use each, never released). */
  private readonly held = new Set<string>();
  private readonly options: WatchHubOptions;
  private stopped = false;

  constructor(options: WatchHubOptions) {
    this.options = options;
    this.clients = new Map(options.clients.map((c) => [c.name, c]));
  }

  /**
   * Changes of one resource across clusters, from now or after a cursor; a stream's standing
   * failure (a refused watch, a namespace outside a cluster's scope) is a delivery of its own.
   */
  resourceChanges(options: ResourceChangesOptions): AsyncIterableIterator<HubDelivery<ResourceChangeEntry>> {
    const { resource } = options;
    const streams: StreamRef[] = [];
    const outside: ClusterError[] = [];
    for (const cluster of options.clusters) {
      const client = this.client(cluster);
      const namespaces = this.namespacesOf(cluster, resource);
      if (namespaces[0] === null || !options.namespace) {
        for (const namespace of namespaces) streams.push({ id: watchId(cluster, resource, namespace), cluster, namespace });
      } else if (namespaces.includes(options.namespace)) {
        streams.push({ id: watchId(cluster, resource, options.namespace), cluster, namespace: options.namespace });
      } else outside.push(outOfScope(client, resource, options.namespace));
    }
    // Nothing to stream at all: the subscription itself is refused with the (first) reason.
    if (streams.length === 0 && outside.length > 0) throw outside[0]!;
    // Where to start cannot be known without the shared log: refused now, rather than failing later.
    if (this.options.shared?.available === false && streams.length > 0) {
      const { cluster } = streams[0]!;
      throw new ClusterError(cluster, 'UNAVAILABLE', `cluster "${cluster}": the shared event log (Redis) is unreachable: subscribe again when it is back (/readyz says when)`, resource);
    }
    const after = this.positions(options.after, streams);
    let held: Source<ResourceChangeEntry>[] = [];
    const changes = this.read(streams, after, options.filter, options.signal,
      (ref) => this.watchSource(ref.id, ref.cluster, resource, ref.namespace ?? null), (sources) => {
        held = sources;
      });
    const standing = held.flatMap((s) => (s.problem ? [s.problem] : []));
    return withProblems(changes, [...outside, ...standing], (tell) => {
      for (const s of held) s.onProblem?.add(tell);
      return () => held.forEach((s) => s.onProblem?.delete(tell));
    });
  }

  /** Reachability changes of clusters, from now (each probe's first answer included) or after a cursor. */
  clusterStatus(options: ClusterStatusOptions): AsyncIterableIterator<Delivery<ClusterStatusEntry>> {
    const streams = options.clusters.map((cluster) => ({ id: statusId(cluster), cluster }));
    const after = this.positions(options.after, streams);
    return this.read(streams, after, undefined, options.signal, (ref) => this.statusSource(ref.id, ref.cluster));
  }

  /**
   * The namespaces the hub watches a resource of a cluster in, one stream each, in LIST order:
   * the cluster's namespace scope for a namespaced resource, else `[null]` (one stream, all namespaces).
   */
  namespacesOf(cluster: string, resource: ResourceName): ReadonlyArray<string | null> {
    const scope = this.client(cluster).namespaces;
    return scope && RESOURCES[resource].namespaced ? scope : [null];
  }

  /** The running list+watch of a (cluster, resource[, namespace of its scope]), if any (status, tests, the read cache). */
  watch(cluster: string, resource: ResourceName, namespace: string | null = null): ListWatch | undefined {
    return this.sources.get(watchId(cluster, resource, namespace))?.watch;
  }

  /**
   * The store the read cache reads of a (cluster, resource[, namespace of its scope]), once held:
   * the list+watch's own, or with shared streams the replica's mirror of the shared stream.
   */
  store(cluster: string, resource: ResourceName, namespace: string | null = null): WatchedStore | undefined {
    const id = watchId(cluster, resource, namespace);
    const source = this.sources.get(id);
    // A shared stream has a mirror only once the cache holds it (subscribers read the log).
    if (source?.store) return this.held.has(id) ? source.store() : undefined;
    return source?.watch;
  }

  /**
   * Keep the list+watch of a (cluster, resource[, namespace of its scope]) running until the hub
   * stops, and return it (the read cache's use: its store is read on every request, so it has no
   * "last user").
   */
  hold(cluster: string, resource: ResourceName, namespace: string | null = null): WatchedStore {
    this.client(cluster);
    // A read still in flight while the gateway stops: read live; a watch started now nobody would stop.
    if (this.stopped) return { objects: new IndexedStore(), synced: false, lastChangeAt: undefined, whenSynced: () => Promise.resolve() };
    const id = watchId(cluster, resource, namespace);
    const held = this.held.has(id) ? this.sources.get(id) : undefined;
    const store = held?.store?.() ?? held?.watch;
    if (store) return store;
    this.held.add(id);
    const source = this.acquire(id, () => this.watchSource(id, cluster, resource, namespace));
    return source.store?.() ?? source.watch!;
  }

  /** Readers of a (cluster, resource[, namespace of its scope]) stream now (subscribers, the cache). */
  users(cluster: string, resource: ResourceName, namespace: string | null = null): number {
    return this.sources.get(watchId(cluster, resource, namespace))?.users ?? 0;
  }

  /** Upstream list+watch loops running now. */
  get upstreamWatches(): number {
    let n = 0;
    for (const s of this.sources.values()) if (s.watch) n++;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.all(all.map((s) => {
      clearTimeout(s.idle);
      return s.stop();
    }));
  }

  private positions(after: string | null | undefined, streams: readonly StreamRef[]): StreamPositions | undefined {
    if (after === undefined || after === null) return undefined;
    const positions = decodeStreamCursor(after);
    if (!streams.some((s) => positions.has(s.id))) {
      throw new CursorError('the cursor is from a subscription to other streams (another kind or other clusters)');
    }
    return positions;
  }

  private read<T>(refs: readonly StreamRef[], after: StreamPositions | undefined, filter: ((v: T) => boolean) | undefined,
    signal: AbortSignal | undefined, make: (ref: StreamRef) => Source<T>, onHeld?: (sources: Source<T>[]) => void): AsyncIterableIterator<Delivery<T>> {
    if (this.stopped) throw new Error('the watch hub has stopped');
    for (const { cluster } of refs) this.client(cluster);
    const held = refs.map((ref) => this.acquire(ref.id, () => make(ref)));
    onHeld?.(held);
    const streams: StreamToRead<T>[] = held.map((s) => ({ id: s.id, cluster: s.cluster, log: s.log, dispatcher: s.dispatcher }));
    return readStreams<T>({ streams, after, filter, signal, onEnd: () => held.forEach((s) => this.release(s)) });
  }

  private acquire<T>(id: string, make: () => Source<T>): Source<T> {
    let source = this.sources.get(id) as Source<T> | undefined;
    if (!source) {
      source = make();
      this.sources.set(id, source as Source<unknown>);
    }
    clearTimeout(source.idle);
    source.idle = undefined;
    source.users++;
    return source;
  }

  private release<T>(source: Source<T>): void {
    source.users--;
    if (source.users > 0 || this.stopped) return;
    source.idle = setTimeout(() => {
      if (source.users > 0 || this.sources.get(source.id) !== source) return;
      this.sources.delete(source.id);
      void source.stop();
    }, this.options.graceMs ?? DEFAULT_LIVE_LIMITS.graceMs);
    source.idle.unref();
  }

  private client(cluster: string): ClusterClient {
    const client = this.clients.get(cluster);
    if (!client) throw new Error(`WatchHub: no cluster named ${cluster}`);
    return client;
  }

  private createLog<T>(id: string): EventLog<T> {
    return this.options.createLog?.<T>(id) ?? new MemoryEventLog<T>(this.options.logCapacity ?? DEFAULT_LIVE_LIMITS.logCapacity);
  }

  /**
   * A stream shared with other replicas (`options.shared`): its log is the shared one, and its
   * list+watch runs only while this replica owns it.
   */
  private sharedSource(id: string, cluster: string, resource: ResourceName, namespace: string | null): Source<ResourceChangeEntry> {
    const capacity = this.options.logCapacity ?? DEFAULT_LIVE_LIMITS.logCapacity;
    const tell = (problem: ClusterError) => {
      for (const t of source.onProblem ?? []) t(problem);
    };
    // The owner's last recorded standing failure (every replica learns it through the shared stream).
    let recorded: ClusterError | undefined;
    const shared = this.options.shared!.open({
      id, cluster, kind: RESOURCES[resource].kind,
      entry: (change) => ({ type: change.type, cluster, resource, object: change.object, at: new Date().toISOString() }),
      makeWatch: (hooks) => {
        recorded = undefined; // each ownership starts afresh from what the stream says (shared.problem)
        return new ListWatch({
          ...this.options.listWatch,
          client: this.client(cluster),
          type: RESOURCES[resource],
          namespace,
          seed: hooks.seed,
          onSynced: hooks.onSynced,
          onChange: hooks.onChange,
          onError: (error) => {
            this.options.onError?.(error);
            // Recorded once per failure that will not pass by itself (as for a stream of one process).
            if (!STANDING.has(error.code) || (recorded?.code === error.code && recorded.message === error.message)) return;
            recorded = error;
            hooks.onProblem(error);
          },
          onRecovered: () => {
            if (!recorded) return;
            recorded = undefined;
            hooks.onProblem(undefined);
          },
          // A new owner whose LIST works clears a failure an earlier owner recorded.
          onListed: () => {
            if (shared.problem && !recorded) hooks.onProblem(undefined);
          },
        });
      },
      tell,
    });
    const dispatcher = new LogDispatcher(shared.log, capacity);
    const source: Source<ResourceChangeEntry> = {
      id, cluster, log: shared.log, users: 0, idle: undefined, dispatcher, onProblem: new Set(),
      get watch() {
        return shared.watch;
      },
      get problem() {
        return shared.problem;
      },
      store: () => shared.mirror(),
      stop: () => {
        dispatcher.stop();
        source.onProblem?.clear();
        return shared.stop();
      },
    };
    return source;
  }

  private watchSource(id: string, cluster: string, resource: ResourceName, namespace: string | null): Source<ResourceChangeEntry> {
    if (this.options.shared) return this.sharedSource(id, cluster, resource, namespace);
    const log = this.createLog<ResourceChangeEntry>(id);
    // Appends are chained so a log that answers asynchronously still holds the cluster's order.
    let tail: Promise<unknown> = Promise.resolve();
    const dispatcher = new LogDispatcher(log, this.options.logCapacity ?? DEFAULT_LIVE_LIMITS.logCapacity);
    const source: Source<ResourceChangeEntry> = {
      id, cluster, log, users: 0, idle: undefined, dispatcher, problem: undefined, onProblem: new Set(),
      stop: () => {
        dispatcher.stop();
        source.onProblem?.clear();
        return watch.stop();
      },
    };
    const watch = new ListWatch({
      ...this.options.listWatch,
      client: this.client(cluster),
      type: RESOURCES[resource],
      namespace,
      onChange: (change) => {
        const entry: ResourceChangeEntry = { type: change.type, cluster, resource, object: change.object, at: new Date().toISOString() };
        tail = tail.then(() => log.append(entry)).catch(() => undefined);
      },
      onError: (error) => {
        this.options.onError?.(error);
        // Subscribers are told once per failure that will not pass by itself, not on every retry.
        if (!STANDING.has(error.code) || (source.problem?.code === error.code && source.problem.message === error.message)) return;
        source.problem = error;
        for (const tell of source.onProblem ?? []) tell(error);
      },
      onRecovered: () => {
        source.problem = undefined;
      },
    });
    source.watch = watch;
    watch.start();
    return source;
  }

  private statusSource(id: string, cluster: string): Source<ClusterStatusEntry> {
    const log = this.createLog<ClusterStatusEntry>(id);
    let tail: Promise<unknown> = Promise.resolve();
    const probe = new StatusProbe(this.clients.get(cluster)!, this.options.statusIntervalMs ?? 10_000, (entry) => {
      tail = tail.then(() => log.append(entry)).catch(() => undefined);
    });
    probe.start();
    const dispatcher = new LogDispatcher(log, this.options.logCapacity ?? DEFAULT_LIVE_LIMITS.logCapacity);
    return { id, cluster, log, users: 0, idle: undefined, dispatcher, stop: () => {
      dispatcher.stop();
      return probe.stop();
    } };
  }
}

// Stream ids appear in cursors; cluster names may hold '/' (EKS ARNs), so the cluster goes last.
// A namespace (a DNS label) holds no ':'; '*' is all namespaces.
function watchId(cluster: string, resource: ResourceName, namespace: string | null): string {
  return `w:${resource}:${namespace ?? '*'}:${cluster}`;
}

function statusId(cluster: string): string {
  return `s:${cluster}`;
}
