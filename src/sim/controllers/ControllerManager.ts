/**
 * The behaviour of a simulated cluster: what kube-controller-manager, kube-scheduler and the
 * kubelets do, as level-triggered controllers written against the cluster's Registry. Each
 * controller has a deduplicating work queue fed from the store's change feed; queues are drained
 * in setImmediate batches, so an HTTP write answers before controllers react, while the order of
 * work stays deterministic (same seed, same clock, same cluster). A failing reconcile is counted
 * and retried with back-off on the cluster clock; it never takes the process down.
 */
import { ManualClock, type SimClock } from '../clock.ts';
import type { Registry } from '../registry/Registry.ts';
import type { SeededRandom } from '../registry/SeededRandom.ts';
import type { ChangeRecord, WatchHandle } from '../store/ObjectStore.ts';
import { createDaemonSetController } from './daemonSetController.ts';
import { createDeploymentController } from './deploymentController.ts';
import { createDisruptionController } from './disruptionController.ts';
import { createEndpointsController } from './endpointsController.ts';
import { createEventPruner } from './eventPruner.ts';
import type { EventRecorder } from './EventRecorder.ts';
import { createGarbageCollector } from './garbageCollector.ts';
import { createKubelet } from './kubelet.ts';
import { createNamespaceController } from './namespaceController.ts';
import { createNodeController } from './nodeController.ts';
import { OwnerIndex } from './OwnerIndex.ts';
import { createReplicaSetController } from './replicaSetController.ts';
import { createScheduler } from './scheduler.ts';
import { createServiceController } from './serviceController.ts';
import { createStatefulSetController } from './statefulSetController.ts';
import { WorkQueue, type Queue } from './WorkQueue.ts';

/** Delays of the simulated cluster, in cluster milliseconds. */
export interface ClusterTimings {
  /** Scheduled → Running: image pull plus container start. */
  podStartMs: number;
  /** How long a crashing container runs before it exits. */
  crashLoopRunMs: number;
  /** Kubelet restart back-off base; it doubles per crash, capped at 300000. */
  crashBackoffBaseMs: number;
  /** Graceful stop time of a deleted pod (never more than its grace period). */
  podTerminationMs: number;
  /** Provisioning time of a LoadBalancer service's ingress. */
  loadBalancerMs: number;
  /** Running → Ready: how long a started container takes to pass its readiness check. @default 0 */
  minReadyMs?: number;
}

export const DEFAULT_TIMINGS: ClusterTimings = {
  podStartMs: 1500,
  crashLoopRunMs: 3000,
  crashBackoffBaseMs: 10_000,
  podTerminationMs: 1000,
  loadBalancerMs: 2000,
};

export interface ControllerContext {
  registry: Registry;
  clock: SimClock;
  random: SeededRandom;
  clusterName: string;
  timings: ClusterTimings;
  events: EventRecorder;
}

/** One controller: it names the keys a change makes due and brings each key's object to its desired state. */
export interface Controller {
  readonly name: string;
  /**
   * Sees every store change, synchronously inside the write: it may only look and enqueue
   * (and keep its own caches), never write.
   */
  onChange(change: ChangeRecord): void;
  /** Enqueue what already exists when the controller starts (an informer's initial list). */
  start(): void;
  reconcile(key: string): void;
  stop?(): void;
}

export interface ControllerDeps {
  ctx: ControllerContext;
  queue: Queue;
  owners: OwnerIndex;
}

export type ControllerFactory = (deps: ControllerDeps) => Controller;

export interface ControllerManager {
  /** Resolves when no reconcile work is queued or running (timers on the clock do not count). */
  settle(): Promise<void>;
  stop(): void;
  readonly reconcileCount: number;
  /** Reconciles that threw (each is retried with back-off). */
  readonly errorCount: number;
  readonly lastError: unknown;
}

export interface StartOptions {
  /** Controller names to leave out (`node-controller` for no heartbeats, ...). */
  disable?: string[];
  /**
   * Reconciles per setImmediate batch. @default 500 on a real clock (HTTP stays responsive
   * while thousands of pods start); unlimited on a ManualClock, whose `advance` lets the cluster
   * settle only briefly between timers: all work a timer causes must happen at that timer's time.
   */
  batch?: number;
}

/** In the order their queues are served: owners before what they own, the kubelet last. */
const FACTORIES: ControllerFactory[] = [
  createNamespaceController,
  createGarbageCollector,
  createDeploymentController,
  createReplicaSetController,
  createStatefulSetController,
  createDaemonSetController,
  createScheduler,
  createKubelet,
  createEndpointsController,
  createServiceController,
  createDisruptionController,
  createNodeController,
  createEventPruner,
];

const REAL_TIME_BATCH = 500;

interface Running {
  controller: Controller;
  queue: WorkQueue;
}

export function startControllers(ctx: ControllerContext, options: StartOptions = {}): ControllerManager {
  const disabled = new Set(options.disable ?? []);
  const batch = options.batch ?? (ctx.clock instanceof ManualClock ? Number.POSITIVE_INFINITY : REAL_TIME_BATCH);
  const owners = new OwnerIndex(ctx.registry.store);
  const running: Running[] = [];
  let scheduled = false;
  let stopped = false;
  let reconcileCount = 0;
  let errorCount = 0;
  let lastError: unknown;

  const wake = (): void => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(tick);
  };

  function tick(): void {
    scheduled = false;
    if (stopped) return;
    let budget = batch;
    // Each controller in turn drains what was due when its turn came (up to the budget): work
    // piles up behind it meanwhile, so many pod changes make one ReplicaSet sync, not many.
    while (budget > 0) {
      let any = false;
      for (const r of running) {
        for (let n = Math.min(r.queue.size, budget); n > 0; n--) {
          const key = r.queue.pop();
          if (key === undefined) break;
          any = true;
          budget--;
          reconcileCount++;
          try {
            r.controller.reconcile(key);
            r.queue.forget(key);
          } catch (e) {
            errorCount++;
            lastError = e;
            r.queue.retry(key);
          }
        }
      }
      if (!any) break;
    }
    if (running.some((r) => r.queue.size > 0)) wake();
  }

  for (const factory of FACTORIES) {
    const queue = new WorkQueue(ctx.clock, wake);
    const controller = factory({ ctx, queue, owners });
    if (disabled.has(controller.name)) continue;
    running.push({ controller, queue });
  }

  const onChange = (change: ChangeRecord): void => {
    owners.update(change);
    for (const r of running) {
      try {
        r.controller.onChange(change);
      } catch (e) {
        // A listener runs inside someone else's write: its failure must not fail that write.
        errorCount++;
        lastError = e;
      }
    }
  };
  const handle: WatchHandle = ctx.registry.store.onChange(onChange);
  for (const r of running) {
    try {
      r.controller.start();
    } catch (e) {
      errorCount++;
      lastError = e;
    }
  }

  const busy = (): boolean => scheduled || running.some((r) => r.queue.size > 0);

  return {
    async settle(): Promise<void> {
      // Two quiet turns in a row: work woken by the last batch's writes gets its chance first.
      for (let quiet = 0; quiet < 2;) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        quiet = busy() && !stopped ? 0 : quiet + 1;
      }
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      handle.stop();
      for (const r of running) {
        r.queue.stop();
        r.controller.stop?.();
      }
    },
    get reconcileCount() { return reconcileCount; },
    get errorCount() { return errorCount; },
    get lastError() { return lastError; },
  };
}
