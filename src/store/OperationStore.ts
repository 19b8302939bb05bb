/**
 * Where long-running operations (rollouts in waves) are kept, behind one small interface: in
 * memory now (MemoryOperationStore), a shared store (Redis) once the gateway scales out. Why an
 * interface and plain JSON records: any gateway replica must be able to answer `operation(id)`
 * and `cancelOperation(id)` for an operation another replica runs, so nothing may rely on the
 * record living in this process (no class instances, no Error objects, no callbacks inside).
 */

export type OperationState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type WaveState = 'PENDING' | 'APPLYING' | 'WAITING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
export type StepState = 'PENDING' | 'APPLYING' | 'WAITING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
export type FailureReason = 'APPLY_FAILED' | 'ROLLOUT_FAILED' | 'TIMED_OUT' | 'INTERNAL';

export const FINAL_STATES: ReadonlySet<OperationState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** A cluster failure as data: one of the closed error codes and a message safe for clients. */
export interface ErrorData {
  code: string;
  message: string;
}

export interface ObjectKey {
  kind: string;
  namespace: string | null;
  name: string;
}

/** One object of a wave's apply on one cluster. */
export interface OperationObjectRecord extends ObjectKey {
  apiVersion: string;
  action: 'CREATED' | 'CONFIGURED' | 'UNCHANGED' | null;
  conflicts: Array<{ field: string; manager: string }> | null;
  error: ErrorData | null;
}

/** One applied Deployment, StatefulSet or DaemonSet, as `kubectl rollout status` would describe it. */
export interface WorkloadRolloutRecord extends ObjectKey {
  done: boolean;
  /** kubectl's words: "Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...". */
  message: string;
}

export interface ClusterProgress {
  cluster: string;
  state: StepState;
  objects: OperationObjectRecord[];
  rollouts: WorkloadRolloutRecord[];
  error: ErrorData | null;
}

export interface WaveProgress {
  /** 1-based. */
  number: number;
  state: WaveState;
  startedAt: string | null;
  finishedAt: string | null;
  clusters: ClusterProgress[];
}

/** Why an operation failed: the wave, cluster and object where it stopped, and the reason. */
export interface OperationFailure {
  reason: FailureReason;
  message: string;
  wave: number | null;
  cluster: string | null;
  object: ObjectKey | null;
  /** The cluster error code, when a cluster answered with one. */
  code: string | null;
}

export interface OperationRecord {
  id: string;
  /** What the operation does: 'apply' (a rollout of manifests in waves). */
  kind: 'apply';
  state: OperationState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: OperationFailure | null;
  /** Set only by `requestCancel`; `update` never clears it (the runner may not have seen it yet). */
  cancelRequested: boolean;
  fieldManager: string;
  waitTimeoutSeconds: number;
  pauseSeconds: number;
  waves: WaveProgress[];
}

/**
 * All methods are asynchronous and copy records in and out: a caller never holds the stored
 * record, as it never could with a shared store.
 */
export interface OperationStore {
  /** Keep a new record; throws if the id is taken. */
  create(record: OperationRecord): Promise<void>;
  get(id: string): Promise<OperationRecord | undefined>;
  /** Newest first, optionally only those in one state. */
  list(filter?: { state?: OperationState }): Promise<OperationRecord[]>;
  /** Replace the record with the runner's newer one (keeping `cancelRequested`) and publish it to watchers. */
  update(record: OperationRecord): Promise<void>;
  /** Ask the runner to stop before its next write; a finished operation is left as it is. Undefined for an unknown id. */
  requestCancel(id: string): Promise<OperationRecord | undefined>;
  /**
   * The record now, then every published change, ending after a final state (or when `signal`
   * aborts, or at once for an unknown id). For live-update subscriptions and for waiters.
   */
  watch(id: string, signal?: AbortSignal): AsyncIterable<OperationRecord>;
}
