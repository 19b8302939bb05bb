/**
 * An in-process simulated cluster for controller tests: store, registry, bootstrap and
 * controllers on a ManualClock, no HTTP. `advance(ms)` moves cluster time and waits until the
 * controllers are idle.
 */
import { bootstrapCluster, type BootstrapOptions } from '../../../../src/sim/bootstrap/bootstrapCluster.ts';
import { ManualClock } from '../../../../src/sim/clock.ts';
import { DEFAULT_TIMINGS, startControllers, type ClusterTimings, type ControllerContext, type ControllerManager } from '../../../../src/sim/controllers/ControllerManager.ts';
import { EventRecorder } from '../../../../src/sim/controllers/EventRecorder.ts';
import { Registry } from '../../../../src/sim/registry/Registry.ts';
import { SeededRandom } from '../../../../src/sim/registry/SeededRandom.ts';
import { R } from '../../../../src/sim/resources.ts';
import { ObjectStore } from '../../../../src/sim/store/ObjectStore.ts';
import type { CoreEvent, Deployment, KObjectInput, Pod } from '../../../../src/sim/types.ts';

export interface TestCluster {
  store: ObjectStore;
  clock: ManualClock;
  registry: Registry;
  ctx: ControllerContext;
  manager: ControllerManager;
  /** Advance cluster time and let the controllers finish what that made due. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
  pods(namespace?: string, filter?: (p: Pod) => boolean): Pod[];
  events(filter?: (e: CoreEvent) => boolean): CoreEvent[];
  stop(): void;
}

export interface TestClusterOptions extends Partial<Omit<BootstrapOptions, 'clusterName'>> {
  name?: string;
  seed?: number;
  timings?: Partial<ClusterTimings>;
  disable?: string[];
}

export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const store = new ObjectStore();
  const clock = new ManualClock();
  const random = new SeededRandom(opts.seed ?? 1);
  const registry = new Registry(store, clock, random);
  const name = opts.name ?? 'sim-a';
  bootstrapCluster(registry, {
    clusterName: name, nodes: opts.nodes ?? 3,
    ...(opts.nodeCpu ? { nodeCpu: opts.nodeCpu } : {}),
    ...(opts.nodeMemory ? { nodeMemory: opts.nodeMemory } : {}),
    ...(opts.maxPodsPerNode ? { maxPodsPerNode: opts.maxPodsPerNode } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
  });
  const ctx: ControllerContext = {
    registry, clock, random, clusterName: name,
    timings: { ...DEFAULT_TIMINGS, ...(opts.timings ?? {}) },
    events: new EventRecorder(registry, clock, random),
  };
  const manager = startControllers(ctx, { disable: opts.disable ?? ['node-controller'] });
  const settle = (): Promise<void> => manager.settle();
  await settle();
  return {
    store, clock, registry, ctx, manager, settle,
    async advance(ms) {
      await clock.advance(ms);
      await settle();
    },
    pods(namespace, filter = () => true) {
      return registry.list<Pod>(R.pods, namespace).filter(filter);
    },
    events(filter = () => true) {
      return registry.list<CoreEvent>(R.events).filter(filter);
    },
    stop() {
      manager.stop();
    },
  };
}

export function deploymentBody(name: string, opts: { replicas?: number; image?: string; namespace?: string; strategy?: Deployment['spec']['strategy']; cpu?: string; minReadySeconds?: number; progressDeadlineSeconds?: number } = {}): KObjectInput {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(opts.minReadySeconds ? { minReadySeconds: opts.minReadySeconds } : {}),
      ...(opts.progressDeadlineSeconds ? { progressDeadlineSeconds: opts.progressDeadlineSeconds } : {}),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{
            name,
            image: opts.image ?? 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 80 }],
            ...(opts.cpu ? { resources: { requests: { cpu: opts.cpu } } } : {}),
          }],
        },
      },
    },
  };
}

export function isReadyPod(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** Pods counted by kube's controllers: not finished and not being deleted. */
export function isLivePod(p: Pod): boolean {
  return !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

/** What `kubectl rollout status deployment/<name>` would print right now. */
export function rolloutStatus(d: Deployment): string {
  const s = d.status ?? {};
  const name = d.metadata.name;
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return 'Waiting for deployment spec update to be observed...';
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return `error: deployment "${name}" exceeded its progress deadline`;
  const want = d.spec.replicas ?? 1;
  if ((s.updatedReplicas ?? 0) < want) return `Waiting for deployment "${name}" rollout to finish: ${s.updatedReplicas ?? 0} out of ${want} new replicas have been updated...`;
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - (s.updatedReplicas ?? 0)} old replicas are pending termination...`;
  if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) return `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${s.updatedReplicas ?? 0} updated replicas are available...`;
  return `deployment "${name}" successfully rolled out`;
}
