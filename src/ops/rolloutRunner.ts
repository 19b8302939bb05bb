/**
 * Runs one rollout in waves to its end, keeping its record in the OperationStore current: wave
 * by wave, apply (applyToClusters, the plain apply's engine), then wait until every
 * Deployment, StatefulSet and DaemonSet it applied there has rolled out (rolloutStatus, read
 * with one GET per workload still pending per poll), then pause, then the next wave. A failed
 * apply, a failed rollout (ProgressDeadlineExceeded) or a wait past `waitTimeoutSeconds` halts
 * it: later waves are never written. A cancel is seen before every write and during every wait.
 *
 * It can also continue an operation from its record (another replica resuming it, see
 * docs/replicated-operations.md): waves already SUCCEEDED are skipped and the current one is
 * applied again, which is safe because applies are server-side applies (idempotent: the same
 * manifests under the same field manager leave an object as it is).
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type {
  ClusterProgress, ErrorData, FailureReason, ObjectKey, OperationFailure, OperationRecord, OperationStore, WaveProgress,
} from '../store/OperationStore.ts';
import { applyToClusters, type ClusterApplyOutcome } from './applyToClusters.ts';
import type { RestMapper } from './RestMapper.ts';
import type { RolloutPlan } from './rolloutPlan.ts';
import { ROLLOUT_KINDS, rolloutStatus } from './rolloutStatus.ts';

/** The runner's sense of time: real by default; tests may drive it. */
export interface RolloutTimer {
  now(): number;
  /** Resolve after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realTimer: RolloutTimer = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  }),
};

export interface RunContext {
  store: OperationStore;
  mapper: RestMapper;
  timer: RolloutTimer;
  /** Time between two status polls of a wave's workloads (and between two looks at the store for a cancel while pausing). */
  pollIntervalMs: number;
  /**
   * Aborted by a cancel (made here, or seen in the store); aborted with a RunStopped reason, the
   * run stops before its next write without finishing the operation (another replica resumes it).
   */
  signal: AbortSignal;
  onUnexpected?: (cluster: string, error: unknown) => void;
}

/** Why a run stopped without finishing its operation: this replica handed it over (shutdown) or lost its lease. */
export class RunStopped extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'RunStopped';
  }
}

/** Halts the run: the operation ends in `state`, with `failure` when it failed. */
class Halt {
  constructor(readonly state: 'FAILED' | 'CANCELLED', readonly failure: OperationFailure | null) {}
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function runRollout(ctx: RunContext, op: OperationRecord, plan: RolloutPlan): Promise<OperationRecord> {
  let saved = '';
  const save = async () => {
    const text = JSON.stringify(op);
    if (text === saved) return;
    saved = text;
    await ctx.store.update(op);
  };
  const cancelRequested = async () => {
    if (ctx.signal.reason instanceof RunStopped) throw ctx.signal.reason;
    return ctx.signal.aborted || (await ctx.store.get(op.id))?.cancelRequested === true;
  };

  op.state = 'RUNNING';
  op.startedAt ??= iso(ctx.timer.now());
  await save();
  // Resumed from a record: the waves already rolled out are not written again.
  let current = op.waves.findIndex((w) => w.state !== 'SUCCEEDED');
  if (current < 0) current = op.waves.length;
  try {
    for (; current < op.waves.length; current++) {
      const wave = op.waves[current]!;
      if (current > 0 && plan.pauseSeconds > 0) {
        wave.state = 'PAUSED';
        await save();
        await waitUntil(ctx, ctx.timer.now() + plan.pauseSeconds * 1000, cancelRequested);
      }
      // Before every write: a cancel leaves this wave and the later ones untouched.
      if (await cancelRequested()) throw new Halt('CANCELLED', null);
      await runWave(ctx, wave, plan.waves[current]!, plan, save, cancelRequested);
    }
    op.state = 'SUCCEEDED';
  } catch (e) {
    if (!(e instanceof Halt)) throw e;
    op.state = e.state;
    op.error = e.failure;
    for (const wave of op.waves.slice(current)) {
      const touched = wave.state === 'APPLYING' || wave.state === 'WAITING' || wave.state === 'FAILED';
      if (wave.state !== 'FAILED') wave.state = touched ? e.state : 'SKIPPED';
      if (touched) wave.finishedAt ??= iso(ctx.timer.now());
      for (const c of wave.clusters) {
        if (c.state === 'PENDING') c.state = 'SKIPPED';
        // Written but no longer followed: the operation stopped before this cluster's rollout was confirmed.
        else if (c.state === 'APPLYING' || c.state === 'WAITING') c.state = 'CANCELLED';
      }
    }
  }
  op.finishedAt = iso(ctx.timer.now());
  await save();
  return op;
}

async function runWave(
  ctx: RunContext, wave: WaveProgress, clients: readonly ClusterClient[], plan: RolloutPlan,
  save: () => Promise<void>, cancelRequested: () => Promise<boolean>,
): Promise<void> {
  wave.state = 'APPLYING';
  wave.startedAt = iso(ctx.timer.now());
  for (const c of wave.clusters) c.state = 'APPLYING';
  await save();
  const outcomes = await applyToClusters(clients, plan.objects, ctx.mapper, {
    fieldManager: plan.fieldManager, force: plan.force,
    ...(ctx.onUnexpected ? { onUnexpected: ctx.onUnexpected } : {}),
  });
  let failure: OperationFailure | null = null;
  for (const outcome of outcomes) {
    const progress = wave.clusters.find((c) => c.cluster === outcome.cluster)!;
    recordApply(progress, outcome);
    const broken = outcome.error ? null : outcome.objects.find((o) => o.error);
    if (outcome.error || broken) {
      progress.state = 'FAILED';
      failure ??= broken
        ? fail('APPLY_FAILED', wave, outcome.cluster, key(broken), broken.error!.code, `the apply of ${describe(key(broken))} failed: ${broken.error!.message}`)
        : fail('APPLY_FAILED', wave, outcome.cluster, null, outcome.error!.code, `the apply stopped on the cluster: ${outcome.error!.message}`);
    } else {
      progress.state = 'WAITING';
    }
  }
  if (failure) {
    wave.state = 'FAILED';
    wave.finishedAt = iso(ctx.timer.now());
    throw new Halt('FAILED', failure);
  }
  wave.state = 'WAITING';
  await save();
  await waitForRollouts(ctx, wave, clients, plan, save, cancelRequested);
  wave.state = 'SUCCEEDED';
  wave.finishedAt = iso(ctx.timer.now());
  await save();
}

/** Poll until every tracked workload of the wave is rolled out; halts on a failed rollout, the timeout or a cancel. */
async function waitForRollouts(
  ctx: RunContext, wave: WaveProgress, clients: readonly ClusterClient[], plan: RolloutPlan,
  save: () => Promise<void>, cancelRequested: () => Promise<boolean>,
): Promise<void> {
  const deadline = ctx.timer.now() + plan.waitTimeoutSeconds * 1000;
  for (;;) {
    await Promise.all(wave.clusters.map((c) => pollCluster(ctx, c, clients.find((client) => client.name === c.cluster)!, wave)));
    const failed = wave.clusters.find((c) => c.state === 'FAILED');
    if (failed) {
      const r = failed.rollouts.find((x) => !x.done)!;
      wave.state = 'FAILED';
      wave.finishedAt = iso(ctx.timer.now());
      throw new Halt('FAILED', fail('ROLLOUT_FAILED', wave, failed.cluster, key(r), failed.error?.code ?? null, `${describe(key(r))} did not roll out: ${r.message}`));
    }
    if (wave.clusters.every((c) => c.state === 'SUCCEEDED')) return;
    await save();
    if (ctx.timer.now() >= deadline) {
      const waiting = wave.clusters.find((c) => c.state === 'WAITING')!;
      const r = waiting.rollouts.find((x) => !x.done)!;
      waiting.state = 'FAILED';
      wave.state = 'FAILED';
      wave.finishedAt = iso(ctx.timer.now());
      throw new Halt('FAILED', fail('TIMED_OUT', wave, waiting.cluster, key(r), null,
        `${describe(key(r))} had not rolled out after ${plan.waitTimeoutSeconds}s (waitTimeoutSeconds): ${r.message}`));
    }
    if (await cancelRequested()) throw new Halt('CANCELLED', null);
    await ctx.timer.sleep(Math.min(ctx.pollIntervalMs, Math.max(0, deadline - ctx.timer.now())), ctx.signal);
  }
}

/** One GET per workload of this cluster not rolled out yet. A cluster that cannot be read keeps waiting (it may come back) until the timeout. */
async function pollCluster(ctx: RunContext, progress: ClusterProgress, client: ClusterClient, wave: WaveProgress): Promise<void> {
  if (progress.state !== 'WAITING') return;
  for (const r of progress.rollouts) {
    if (r.done) continue;
    const applied = progress.objects.find((o) => o.kind === r.kind && o.namespace === r.namespace && o.name === r.name)!;
    try {
      const type = await ctx.mapper.map(client, applied.apiVersion, r.kind);
      const live = await client.send<unknown>({ verb: 'get', at: { type, namespace: r.namespace, name: r.name } });
      const verdict = rolloutStatus(r.kind, live.body);
      r.done = verdict.done;
      r.message = verdict.message;
      if (verdict.failed) {
        progress.state = 'FAILED';
        return;
      }
    } catch (e) {
      if (!(e instanceof ClusterError)) throw e;
      r.message = `could not read it: ${e.message}`;
      if (e.code === 'NOT_FOUND') {
        r.message = `it was deleted while wave ${wave.number} waited for it`;
        progress.state = 'FAILED';
        progress.error = { code: e.code, message: e.message };
        return;
      }
    }
  }
  if (progress.rollouts.every((r) => r.done)) progress.state = 'SUCCEEDED';
}

/** Sleep until `deadline` in poll-sized steps, so a cancel made on another gateway is seen too. */
async function waitUntil(ctx: RunContext, deadline: number, cancelRequested: () => Promise<boolean>): Promise<void> {
  while (ctx.timer.now() < deadline) {
    if (await cancelRequested()) return;
    await ctx.timer.sleep(Math.min(ctx.pollIntervalMs, deadline - ctx.timer.now()), ctx.signal);
  }
}

function recordApply(progress: ClusterProgress, outcome: ClusterApplyOutcome): void {
  progress.objects = outcome.objects.map((o) => ({
    apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, action: o.action,
    conflicts: o.conflicts ? o.conflicts.map((c) => ({ field: c.field, manager: c.manager })) : null,
    error: errorData(o.error),
  }));
  progress.error = errorData(outcome.error);
  progress.rollouts = outcome.objects
    .filter((o) => o.action !== null && o.apiVersion === 'apps/v1' && ROLLOUT_KINDS.has(o.kind))
    .map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name, done: false, message: 'Waiting for the first status read...' }));
}

function errorData(e: ClusterError | null): ErrorData | null {
  return e && { code: e.code, message: e.message };
}

function key(o: ObjectKey): ObjectKey {
  return { kind: o.kind, namespace: o.namespace, name: o.name };
}

function describe(o: ObjectKey): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function fail(reason: FailureReason, wave: WaveProgress, cluster: string, object: ObjectKey | null, code: string | null, what: string): OperationFailure {
  return { reason, wave: wave.number, cluster, object, code, message: `wave ${wave.number}, cluster "${cluster}": ${what}` };
}
