/**
 * What the read cache reads of a watched (cluster, resource) stream: its current objects, and
 * whether they are complete. A ListWatch is one (this process's own watch); with replicas, a
 * MirrorStore (src/replicas) fed from the shared stream is another.
 */
import type { IndexedStore } from './IndexedStore.ts';

export interface WatchedStore {
  /** The current objects, keyed `namespace/name`, in LIST order and indexed. */
  readonly objects: IndexedStore;
  /** True once `objects` holds the whole stream (and, for a shared stream, while it follows it). */
  readonly synced: boolean;
  readonly lastChangeAt: Date | undefined;
  /** Resolves once synced (or when the store stops). */
  whenSynced(): Promise<void>;
}
