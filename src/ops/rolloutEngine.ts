/**
 * Rollouts in waves as long-running operations: `start` checks the input (rolloutPlan), keeps a
 * PENDING record in the OperationStore and returns it at once, while the run goes on in the
 * background (rolloutRunner); `get`, `list`, `cancel` and `watch` read and steer it through the
 * store only, so a shared store lets any gateway answer for any operation. Knows nothing of
 * GraphQL.
 *
 * With a shared store (a LeasedOperationStore: Redis) each run holds a lease on its operation,
 * its input and caller are stored with it, a cancel made on another replica reaches the run
 * through the store's watch, shutdown hands runs over instead of cancelling them, and this
 * replica resumes operations whose lease nobody holds (docs/replicated-operations.md).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Fleet } from '../fleet/Fleet.ts';
import type { Identity } from '../auth/Identity.ts';
import { InputError } from '../loaders/InputError.ts';
import { PolicyForbidden } from '../fleet/PolicyForbidden.ts';
import { MemoryOperationStore } from '../store/MemoryOperationStore.ts';
import { FINAL_STATES, type OperationRecord, type OperationState, type OperationStore } from '../store/OperationStore.ts';
import type { AuditRecord } from './AuditRecord.ts';
import { DEFAULT_FIELD_MANAGER } from './applyToClusters.ts';
import type { ManifestLimits } from './parseManifests.ts';
import type { RestMapper } from './RestMapper.ts';
import { planRollout, type RolloutApplyInput, type RolloutPlan } from './rolloutPlan.ts';
import { realTimer, runRollout, RunStopped, type RolloutTimer } from './rolloutRunner.ts';
import { isLeased, LeaseLost, type OperationLease } from '../store/LeasedOperationStore.ts';
import { StoreUnavailable } from '../store/StoreUnavailable.ts';
import { endAbandoned, keepLease, resumePlan } from './resumeRollout.ts';

export interface RolloutOptions {
  /** Where operations are kept. @default a MemoryOperationStore (this process only) */
  store?: OperationStore;
  /** Time between two status polls of a wave's workloads. @default 2000 */
  pollIntervalMs?: number;
  /** @default real time */
  timer?: RolloutTimer;
  /** Rollouts running at once on this gateway; one more is refused (BAD_USER_INPUT, nothing written). @default 50 */
  maxRunning?: number;
  /** How long `cancel` waits for the runner to stop (it finishes a wave's writes in flight first). @default 30000 */
  cancelWaitMs?: number;
  /** Shared store only: how long a run's lease lasts unless renewed (renewed every third of it). @default 15000 */
  leaseTtlMs?: number;
  /** Shared store only: how often this replica looks for operations nobody holds (their replica died) to resume. @default 5000 */
  resumeIntervalMs?: number;
  /** Shared store only: the fleet a resumed rollout runs through, as its caller (the gateway passes callerFleet's). @default fleet.as(actor) */
  fleetFor?: (actor: Identity) => Fleet;
}

export interface RolloutEngineDeps {
  fleet: Fleet;
  mapper: RestMapper;
  limits?: ManifestLimits;
  audit?: (record: AuditRecord) => void;
  onUnexpected?: (cluster: string, error: unknown) => void;
}

/** Who starts a rollout: it is planned on and runs to the end through their fleet (FleetOps.as), audited as them. */
export interface RolloutCaller {
  fleet: Fleet;
  actor: Identity;
}

export interface RolloutEngine {
  readonly store: OperationStore;
  /** Check everything (InputError, nothing written), keep the operation, start it; answers the PENDING record. */
  start(input: RolloutApplyInput, caller?: RolloutCaller): Promise<OperationRecord>;
  get(id: string): Promise<OperationRecord | undefined>;
  list(state?: OperationState | null): Promise<OperationRecord[]>;
  /** Stop before the next write; answers the final record (the current one for a finished operation), undefined for an unknown id. */
  cancel(id: string): Promise<OperationRecord | undefined>;
  watch(id: string, signal?: AbortSignal): AsyncIterable<OperationRecord>;
  /** Gateway shutdown: stop this process's runs (each ends CANCELLED before its next write) and wait for them. */
  close(): Promise<void>;
}

export function createRolloutEngine(deps: RolloutEngineDeps, options: RolloutOptions = {}): RolloutEngine {
  const store = options.store ?? new MemoryOperationStore();
  const timer = options.timer ?? realTimer;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const maxRunning = options.maxRunning ?? 50;
  /** This process's runs: a local cancel wakes its runner at once. */
  const running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  let closing = false;
  const leases = isLeased(store) ? store : undefined;
  const leaseTtlMs = options.leaseTtlMs ?? 15_000;
  /** This replica, as the lease holder. */
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const auditAs = (actor: Identity | null | undefined) => (deps.audit && actor ? (r: AuditRecord) => deps.audit!({ ...r, actor }) : deps.audit);

  async function start(input: RolloutApplyInput, caller?: RolloutCaller): Promise<OperationRecord> {
    const started = performance.now();
    const audit = auditAs(caller?.actor);
    let plan;
    try {
      if (closing) throw new InputError('input', 'the gateway is shutting down; nothing was written');
      // Why a cap: each running rollout polls its clusters until it ends (up to a day per wave),
      // so an automation loop starting rollouts without waiting for them would load every cluster
      // it names; a client that needs more at once should wait for or cancel some first.
      if (running.size >= maxRunning) {
        throw new InputError('input', `${running.size} rollouts are running on this gateway already (at most ${maxRunning}); wait for one to end or cancel one; nothing was written`);
      }
      plan = planRollout(caller?.fleet ?? deps.fleet, input, deps.limits);
    } catch (e) {
      if (e instanceof InputError || e instanceof PolicyForbidden) {
        audit?.({
          operation: 'apply', dryRun: input.dryRun === true, force: input.force === true, fieldManager: input.fieldManager ?? DEFAULT_FIELD_MANAGER,
          targets: [], outcome: e instanceof PolicyForbidden ? 'forbidden' : 'rejected', error: e.message.slice(0, 500), clusters: [], objects: [], objectCount: 0,
          durationMs: Math.round(performance.now() - started),
        });
      }
      throw e;
    }
    const record: OperationRecord = {
      id: randomUUID(), kind: 'apply', state: 'PENDING', createdAt: new Date(timer.now()).toISOString(), startedAt: null, finishedAt: null,
      error: null, cancelRequested: false, fieldManager: plan.fieldManager, waitTimeoutSeconds: plan.waitTimeoutSeconds, pauseSeconds: plan.pauseSeconds,
      waves: plan.waves.map((clients, i) => ({
        number: i + 1, state: 'PENDING', startedAt: null, finishedAt: null,
        clusters: clients.map((c) => ({ cluster: c.name, state: 'PENDING', objects: [], rollouts: [], error: null })),
      })),
    };
    let lease: OperationLease | undefined;
    try {
      if (leases) {
        // Lease, input and record in one step: no other replica can see it unheld or without its input.
        lease = await leases.begin(record, {
          input: { manifests: input.manifests, namespace: input.namespace ?? null, force: input.force ?? null }, actor: caller?.actor ?? null,
        }, owner, leaseTtlMs);
      } else {
        await store.create(record);
      }
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) throw e;
      // A rollout that cannot be recorded does not start: no replica could answer for it or resume it.
      // When Redis may have kept it all the same (its answer lost), it is ended here before anyone runs it.
      if (e.sent && leases) abandoned.add(record.id);
      audit?.({
        operation: 'apply', dryRun: false, force: input.force === true, fieldManager: plan.fieldManager, targets: plan.waves.flat().map((c) => c.name),
        outcome: 'failed', error: e.message.slice(0, 500), clusters: [], objects: [], objectCount: 0, durationMs: Math.round(performance.now() - started),
      });
      throw e.withConsequence('the rollout was not started and nothing was written to any cluster');
    }
    launch(record, plan, audit, started, lease);
    return record;
  }

  /** Run `record` in the background (a new operation, or one resumed from the store under `lease`). */
  function launch(record: OperationRecord, plan: RolloutPlan, audit: RolloutEngineDeps['audit'], started: number, lease?: OperationLease): void {
    const abort = new AbortController();
    const fenced: OperationStore = leases && lease ? { ...bind(store), update: (r) => leases.updateFenced(r, lease) } : store;
    const stopKeeping = leases && lease
      ? keepLease(leases, lease, leaseTtlMs, () => abort.abort(new RunStopped('its lease lapsed or was taken over by another replica')))
      : undefined;
    // A cancel made on another replica is in the store: wake the run at once rather than at its next poll.
    const watching = new AbortController();
    if (leases) {
      void (async () => {
        for await (const r of store.watch(record.id, watching.signal)) {
          if (r.cancelRequested) return abort.abort();
        }
      })().catch(() => undefined);
    }
    const run = (async () => {
      // The mutation answers before the first write: the run starts on a later turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const final = await runRollout({
        store: fenced, mapper: deps.mapper, timer, pollIntervalMs, signal: abort.signal,
        ...(deps.onUnexpected ? { onUnexpected: deps.onUnexpected } : {}),
      }, structuredClone(record), plan);
      audit?.(auditOf(final, plan, Math.round(performance.now() - started)));
    })().catch(async (e: unknown) => {
      // Handed over (shutdown) or taken over (lease lost): the operation goes on elsewhere, untouched here.
      if (e instanceof RunStopped || e instanceof LeaseLost) return;
      deps.onUnexpected?.('(rollout)', e);
      // The store failed (Redis unreachable): stopped before the next cluster write; resumed from its record once Redis is back.
      if (e instanceof StoreUnavailable) return;
      try {
        const now = await store.get(record.id);
        if (now && !FINAL_STATES.has(now.state)) {
          await fenced.update({
            ...now, state: 'FAILED', finishedAt: new Date(timer.now()).toISOString(),
            error: { reason: 'INTERNAL', message: 'an internal error stopped the operation (details in the gateway log)', wave: null, cluster: null, object: null, code: 'INTERNAL_SERVER_ERROR' },
          });
        }
      } catch {
        // The store itself failed (Redis unreachable): with a shared store the lease lapses and the run is resumed.
      }
    }).finally(async () => {
      watching.abort();
      stopKeeping?.();
      running.delete(record.id);
      if (leases && lease) await leases.release(lease).catch(() => undefined);
    });
    running.set(record.id, { abort, done: run });
  }

  /**
   * Operations whose start failed after Redis may have kept them (`begin`'s answer lost): the
   * caller was told they did not start, so they must never run. Ended FAILED here (under their
   * lease, which `begin` gave this replica) at the next look that reaches Redis.
   */
  const abandoned = new Set<string>();

  /** Take over the operations nobody holds a lease on (their replica stopped or died), up to `maxRunning`. */
  async function resumeUnleased(): Promise<void> {
    if (!leases) return;
    await endAbandoned(leases, abandoned, owner, leaseTtlMs, timer.now(), (id) => deps.onUnexpected?.('(rollout)',
      new Error(`operation ${id}, whose start was answered with UNAVAILABLE, was resumed by another replica before this one could end it`)));
    for (const id of await leases.unleased()) {
      if (closing || running.size >= maxRunning) return;
      if (running.has(id) || abandoned.has(id)) continue;
      const lease = await leases.acquire(id, owner, leaseTtlMs);
      if (!lease) continue;
      const [record, run] = await Promise.all([store.get(id), leases.loadRun(id)]);
      if (!record || FINAL_STATES.has(record.state) || closing) {
        await leases.release(lease);
        continue;
      }
      let plan: RolloutPlan;
      try {
        if (!run) throw new Error('its input was not kept with it');
        plan = resumePlan(run.actor ? (options.fleetFor ?? ((a) => deps.fleet.as(a)))(run.actor) : deps.fleet, record, run, deps.limits);
      } catch (e) {
        await leases.updateFenced({
          ...record, state: 'FAILED', finishedAt: new Date(timer.now()).toISOString(),
          error: { reason: 'INTERNAL', message: `its gateway replica stopped and the operation could not be resumed: ${e instanceof Error ? e.message : String(e)}`, wave: null, cluster: null, object: null, code: 'INTERNAL_SERVER_ERROR' },
        }, lease).catch(() => undefined);
        await leases.release(lease).catch(() => undefined);
        continue;
      }
      launch(record, plan, auditAs(run.actor), performance.now(), lease);
    }
  }

  let resumer: NodeJS.Timeout | undefined;
  if (leases) {
    // Reported once per outage (Redis unreachable), not at every look.
    let failing = false;
    // One look at a time: with Redis away, the client queues commands, and looks would pile up.
    let looking = false;
    const look = () => {
      if (looking) return;
      looking = true;
      resumeUnleased().then(() => { failing = false; }, (e: unknown) => {
        if (!failing) deps.onUnexpected?.('(rollout resume)', e);
        failing = true;
      }).finally(() => { looking = false; });
    };
    setImmediate(look);
    resumer = setInterval(look, options.resumeIntervalMs ?? 5000);
    resumer.unref();
  }

  async function cancel(id: string): Promise<OperationRecord | undefined> {
    const asked = await store.requestCancel(id);
    if (!asked || FINAL_STATES.has(asked.state)) return asked;
    running.get(id)?.abort.abort();
    const gaveUp = new AbortController();
    const timeout = setTimeout(() => gaveUp.abort(), options.cancelWaitMs ?? 30_000);
    let last: OperationRecord = asked;
    try {
      for await (const r of store.watch(id, gaveUp.signal)) last = r;
    } finally {
      clearTimeout(timeout);
    }
    return last;
  }

  return {
    store,
    start,
    get: (id) => store.get(id),
    list: (state) => store.list(state ? { state } : {}),
    cancel,
    watch: (id, signal) => store.watch(id, signal),
    async close() {
      closing = true;
      clearInterval(resumer);
      // With a shared store the runs are handed over (lease released, resumed by another replica), not cancelled.
      for (const r of running.values()) r.abort.abort(leases ? new RunStopped('this gateway replica is shutting down') : undefined);
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

/** The store's methods bound to it, so an object spread of them keeps working. */
function bind(store: OperationStore): OperationStore {
  return {
    create: (r) => store.create(r), get: (id) => store.get(id), list: (f) => store.list(f), update: (r) => store.update(r),
    requestCancel: (id) => store.requestCancel(id), watch: (id, signal) => store.watch(id, signal),
  };
}

function auditOf(op: OperationRecord, plan: RolloutPlan, durationMs: number): AuditRecord {
  const objects = plan.objects;
  const clusters = op.waves.flatMap((w) => w.clusters);
  return {
    operation: 'apply', dryRun: false, force: plan.force, fieldManager: op.fieldManager,
    targets: clusters.map((c) => c.cluster), outcome: 'done',
    clusters: clusters.filter((c) => c.state !== 'SKIPPED').map((c) => ({
      cluster: c.cluster, error: c.error?.code ?? null,
      actions: countBy(c.objects.map((o) => o.action ?? o.error?.code ?? 'NOT_ATTEMPTED')),
    })),
    objects: objects.slice(0, 100).map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })),
    objectCount: objects.length,
    durationMs,
    rollout: { id: op.id, state: op.state, error: op.error?.message ?? null },
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
