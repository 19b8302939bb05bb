/**
 * The seam through which the watch hub shares its resource streams with other replicas
 * (src/replicas implements it over Redis). Without it every stream is this process's own: its
 * ListWatch feeds an in-memory log. With it, a stream's log is shared, one replica at a time owns
 * the stream and runs its list+watch (made by the hub through `makeWatch`, with the hooks the
 * owner needs), and every replica reads the shared log.
 */
import type { ClusterError } from '../kube/ClusterError.ts';
import type { EventLog } from './EventLog.ts';
import type { IndexedStore } from './IndexedStore.ts';
import type { LiveObject } from './leanObject.ts';
import type { Change, ListWatch } from './ListWatch.ts';
import type { ResourceChangeEntry } from './WatchHub.ts';
import type { WatchedStore } from './WatchedStore.ts';

/** What the owner's ListWatch is made with. */
export interface OwnerHooks {
  /** The stream's state as the shared log last recorded it: the watch starts from it and emits what differs. Undefined: the stream is new, its first LIST is silent. */
  seed: readonly LiveObject[] | undefined;
  onChange(change: Change): void;
  /** Called once, synchronously, at the first sync of a watch made without a seed. */
  onSynced(objects: IndexedStore): void;
  /** The owner's watch has a standing failure (the cluster refuses it), or has none any more (undefined): every replica's subscribers are told. */
  onProblem(problem: ClusterError | undefined): void;
}

export interface SharedStreamSpec {
  id: string;
  cluster: string;
  /** The Kubernetes kind of the stream's objects (how a mirror stores them, storedObject.ts). */
  kind: string;
  /** The log entry for a change of this stream. */
  entry(change: Change): ResourceChangeEntry;
  /** A list+watch for this stream, run while this replica owns it. */
  makeWatch(hooks: OwnerHooks): ListWatch;
  /** Tell this stream's subscribers of a failure: the shared log's (it is unreachable), or the stream's standing one. */
  tell(problem: ClusterError): void;
}

export interface SharedStream {
  readonly log: EventLog<ResourceChangeEntry>;
  /** The running list+watch while this replica owns the stream. */
  readonly watch: ListWatch | undefined;
  /** The stream's standing failure, as its owner (on any replica) last recorded it. */
  readonly problem: ClusterError | undefined;
  /** This replica's copy of the stream's objects, fed from the shared log (for the read cache); made and started at the first call. */
  mirror(): WatchedStore;
  stop(): Promise<void>;
}

export interface SharedStreams {
  /** Whether the shared log can be read now; a subscription started while it cannot is refused (UNAVAILABLE). */
  readonly available: boolean;
  open(spec: SharedStreamSpec): SharedStream;
}
