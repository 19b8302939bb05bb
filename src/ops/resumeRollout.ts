/**
 * What a replica needs to take over a rollout whose replica stopped or died (shared store only,
 * docs/replicated-operations.md): the plan rebuilt from the operation's record and its stored
 * run input, and the lease kept alive while the run goes on; and how a replica ends, unrun, an
 * operation whose start it answered UNAVAILABLE though Redis may have kept it.
 *
 * The plan is rebuilt from the record's own waves (the cluster names resolved when it started,
 * not the selectors again: a label changed since must not move a cluster into another wave) and
 * the stored manifests; it runs as the stored caller (their fleet: impersonated, and narrowed by
 * the gateway policy as when they started it), and the policy's write access is checked again.
 *
 * Why (security): a resumed rollout impersonates whoever the stored run names, so whoever can
 * write to the gateway's Redis can make the gateway act as anyone its own credentials may
 * impersonate; the stored manifests may hold Secret data. Mechanism: none in the gateway beyond
 * what it does for every caller (cluster RBAC, the policy's write check here): Redis is trusted
 * like the gateway's kubeconfig, and the run input is deleted when the operation finishes. Out of
 * scope: protecting Redis itself (its password, TLS, network policy: docs/replicated-operations.md).
 */
import type { Fleet } from '../fleet/Fleet.ts';
import type { OperationLease, LeasedOperationStore, StoredRun } from '../store/LeasedOperationStore.ts';
import { FINAL_STATES, type OperationRecord } from '../store/OperationStore.ts';
import { checkWriteAccess } from './checkWriteAccess.ts';
import { parseManifests, type ManifestLimits } from './parseManifests.ts';
import type { RolloutPlan } from './rolloutPlan.ts';

/** Throws an Error whose message says why the operation cannot go on (it is then failed with it). */
export function resumePlan(fleet: Fleet, record: OperationRecord, run: StoredRun, limits?: ManifestLimits): RolloutPlan {
  const waves = record.waves.map((w) => w.clusters.map((c) => {
    const client = fleet.get(c.cluster);
    if (!client) throw new Error(`cluster "${c.cluster}" of wave ${w.number} is no longer in the fleet${run.actor ? ` given to ${run.actor.user}` : ''}`);
    return client;
  }));
  checkWriteAccess(fleet, waves.flat(), 'apply');
  return {
    waves,
    objects: parseManifests(run.input.manifests, run.input.namespace, limits),
    fieldManager: record.fieldManager,
    force: run.input.force === true,
    waitTimeoutSeconds: record.waitTimeoutSeconds,
    pauseSeconds: record.pauseSeconds,
  };
}

/**
 * Renew `lease` every third of its TTL while the run goes on; `onLost` when another replica holds
 * it now (this one must stop: its writes would be refused anyway, by the fencing token). A
 * renewal that fails (Redis unreachable) is retried at the next tick: if Redis stays away past
 * the TTL, another replica may take over once it is back, and this one's writes are refused.
 */
export function keepLease(store: LeasedOperationStore, lease: OperationLease, ttlMs: number, onLost: () => void): () => void {
  const timer = setInterval(() => {
    store.renew(lease, ttlMs).then((held) => {
      if (!held) onLost();
    }, () => undefined);
  }, Math.max(10, Math.floor(ttlMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * End the operations in `abandoned`: each one's start was answered UNAVAILABLE after Redis may
 * have kept it all the same (`begin`'s answer lost), so it must never run. Under its lease (still
 * `owner`'s from `begin`, or free) it is ended FAILED with every wave SKIPPED; ids are removed
 * once settled (also when Redis never kept it, or when `onTaken`: another replica got to it first).
 * Throws (StoreUnavailable) with the unsettled ids left in the set, for the next look.
 */
export async function endAbandoned(
  store: LeasedOperationStore, abandoned: Set<string>, owner: string, ttlMs: number, now: number, onTaken: (id: string) => void,
): Promise<void> {
  for (const id of abandoned) {
    const lease = await store.reclaim(id, owner, ttlMs);
    abandoned.delete(id);
    if (lease === 'absent') continue; // Redis never kept it
    if (lease === 'held') {
      onTaken(id);
      continue;
    }
    try {
      const record = await store.get(id);
      if (record && !FINAL_STATES.has(record.state)) await store.updateFenced(notStarted(record, now), lease);
    } catch (e) {
      abandoned.add(id); // Redis away again: the next look tries again
      throw e;
    } finally {
      await store.release(lease).catch(() => undefined);
    }
  }
}

/** An operation whose start was reported failed (Redis unreachable), ended before any write. */
function notStarted(record: OperationRecord, now: number): OperationRecord {
  return {
    ...record, state: 'FAILED', finishedAt: new Date(now).toISOString(),
    error: {
      reason: 'INTERNAL', wave: null, cluster: null, object: null, code: 'UNAVAILABLE',
      message: 'Redis did not answer while this rollout was being started, so its caller was told it was not started (UNAVAILABLE); it was ended without writing to any cluster',
    },
    waves: record.waves.map((w) => ({ ...w, state: 'SKIPPED', clusters: w.clusters.map((c) => ({ ...c, state: 'SKIPPED' })) })),
  };
}
