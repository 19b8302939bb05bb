/**
 * What a shared OperationStore adds so that an operation outlives the replica running it: a
 * lease per running operation (held by one replica, renewed while it runs, with a fencing token
 * that rises on every new holder), the run's input kept beside the record (so another replica
 * can rebuild the plan and act as the same caller), and the operations nobody holds a lease on.
 * RedisOperationStore implements it; the in-memory store does not need it (one process).
 */
import type { Identity } from '../auth/Identity.ts';
import type { OperationRecord, OperationStore } from './OperationStore.ts';

/** One replica's hold on one operation. `token` rises with every new holder (fencing). */
export interface OperationLease {
  id: string;
  owner: string;
  token: number;
}

/** What a rollout needs besides its record to be run by another replica: its input, and as whom. */
export interface StoredRun {
  /** The `apply` input as the caller gave it (manifests, namespace, force, fieldManager, strategy). */
  input: {
    manifests: string;
    namespace?: string | null;
    force?: boolean | null;
  };
  /** The caller it runs as (impersonated on every cluster); null: the gateway itself (authentication off). */
  actor: Identity | null;
}

export interface LeasedOperationStore extends OperationStore {
  readonly shared: true;
  /**
   * Keep a new operation in one atomic step: its lease (taken by `owner`), its run input and its
   * record. Throws if the id is taken; throws StoreUnavailable when Redis cannot be reached (with
   * `sent`: the outcome is unknown, and the operation may exist: see `reclaim`).
   */
  begin(record: OperationRecord, run: StoredRun, owner: string, ttlMs: number): Promise<OperationLease>;
  /**
   * The lease of an operation `owner` may have begun without hearing back: taken when free, kept
   * when already `owner`'s. 'absent': no such operation; 'held': another replica runs it.
   */
  reclaim(id: string, owner: string, ttlMs: number): Promise<OperationLease | 'absent' | 'held'>;
  /** Take the lease if nobody holds it; undefined when held. */
  acquire(id: string, owner: string, ttlMs: number): Promise<OperationLease | undefined>;
  /** Extend it; false when this holder has lost it (expired and taken, or released). */
  renew(lease: OperationLease, ttlMs: number): Promise<boolean>;
  release(lease: OperationLease): Promise<void>;
  /**
   * `update` by the lease holder, refused with LeaseLost unless `lease` is still held: its token is
   * the operation's latest and its lease has not lapsed (a replica that missed its renewals stops
   * writing even before another takes the operation over).
   */
  updateFenced(record: OperationRecord, lease: OperationLease): Promise<void>;
  loadRun(id: string): Promise<StoredRun | undefined>;
  /** Ids of PENDING and RUNNING operations whose lease nobody holds. */
  unleased(): Promise<string[]>;
  close(): void;
}

/**
 * A replica wrote to an operation whose lease another replica has taken over since (its fencing
 * token is stale): the write was refused, and that replica must stop running the operation.
 */
export class LeaseLost extends Error {
  constructor(readonly operationId: string) {
    super(`operation ${operationId} is run by another replica now (its lease was taken over); this replica stopped running it`);
    this.name = 'LeaseLost';
  }
}

export function isLeased(store: OperationStore): store is LeasedOperationStore {
  return (store as Partial<LeasedOperationStore>).shared === true;
}
