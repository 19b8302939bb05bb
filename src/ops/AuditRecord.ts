/**
 * One mutation as the audit log records it: one structured log line per mutation, written
 * whether it ran or was refused, so "what did automation change where, and when" has one
 * answer, including who asked.
 */
import type { Identity } from '../auth/Identity.ts';

export interface AuditRecord {
  /**
   * Who asked: the authenticated caller (user, uid, groups) the mutation ran as in every cluster;
   * null (or absent, from an engine used without a caller) when authentication is off: loopback
   * only, and the gateway's own identity was used.
   */
  actor?: Identity | null;
  /** The mutation ('apply', 'scale', 'restart', 'rollback'). */
  operation: string;
  /** apply's options. */
  dryRun?: boolean;
  force?: boolean;
  fieldManager?: string;
  /** Other mutations' options (replicas, toRevision). */
  options?: Record<string, unknown>;
  /** The target clusters, once they were chosen (empty when the targets themselves were refused). */
  targets: string[];
  /**
   * 'done': it ran (per-cluster results below, failures included); 'rejected': bad input,
   * nothing was written; 'forbidden': the gateway policy refused it (docs/policy.md), nothing was
   * written; 'failed': a read it needed first failed (copy's source), nothing was written.
   */
  outcome: 'done' | 'rejected' | 'forbidden' | 'failed';
  /** Why it was rejected or failed (the error message, capped). */
  error?: string;
  /** Per target: the cluster-level error code, if any, and how many objects ended in each action or error code. */
  clusters: Array<{ cluster: string; error: string | null } & Record<string, unknown>>;
  /** The objects of the manifests (the first 100), and how many there were. */
  objects: Array<{ kind: string; namespace: string | null; name: string }>;
  objectCount: number;
  durationMs: number;
  /** A rollout in waves (audited when it ends): its operation id, final state and error. */
  rollout?: { id: string; state: string; error: string | null };
}
