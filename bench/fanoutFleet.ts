/**
 * The simulated fleet the fan-out benchmark measures against: N clusters of 3 nodes and 40 pods
 * each (sample Deployments and a StatefulSet from the simulator's populate, plus a node-exporter
 * DaemonSet, a crash-looping Deployment and an unschedulable one, so that every cluster has
 * warning events), brought to a steady state, then 20 ms of latency on every request.
 * Also: the simulator's own view of the dashboard (the truth the contenders are checked
 * against) and the count of requests that reached the clusters.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, type V1DaemonSet, type V1Deployment } from '@kubernetes/client-node';
import { RealClock, SimFleet, type SimCluster } from '../src/sim/index.ts';
import { joinCluster, type ClusterLists, type EventLike } from './fanoutJoin.ts';
import { tally, type DashboardTally } from './fanoutTypes.ts';

export interface FleetShape {
  clusters: number;
  nodes: number;
  /** Pods per cluster, the broken and DaemonSet ones included (at least 10). */
  pods: number;
  seed: number;
  latencyMs: number;
}

/** Pods the extra workloads add per cluster, beyond the simulator's sample apps. */
const extraPods = (nodes: number) => nodes + 2;

function deployment(namespace: string, name: string, image: string, extra: { nodeSelector?: Record<string, string> } = {}): V1Deployment {
  const labels = { app: name };
  return {
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { ...extra, containers: [{ name, image, resources: { requests: { cpu: '50m', memory: '64Mi' } } }] },
      },
    },
  };
}

const nodeExporter: V1DaemonSet = {
  metadata: { name: 'node-exporter', namespace: 'monitoring', labels: { app: 'node-exporter' } },
  spec: {
    selector: { matchLabels: { app: 'node-exporter' } },
    template: {
      metadata: { labels: { app: 'node-exporter' } },
      spec: { containers: [{ name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', resources: { requests: { cpu: '10m', memory: '32Mi' } } }] },
    },
  },
};

/** Through the API, as an operator would: the workloads that make warnings. */
async function addExtras(fleet: SimFleet): Promise<void> {
  const yaml = fleet.kubeconfig();
  await Promise.all(fleet.clusters.map(async (c) => {
    // One KubeConfig per cluster: its API clients read the current context on every request.
    const kc = new KubeConfig();
    kc.loadFromString(yaml);
    kc.setCurrentContext(c.name);
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'monitoring' } } });
    await apps.createNamespacedDaemonSet({ namespace: 'monitoring', body: nodeExporter });
    // Crash-loops (BackOff warnings) and cannot be scheduled (FailedScheduling warnings).
    await apps.createNamespacedDeployment({ namespace: 'backend', body: deployment('backend', 'fraud-scorer', 'ghcr.io/fleetgraph/fraud-scorer:0.9.1-crashloop') });
    await apps.createNamespacedDeployment({ namespace: 'frontend', body: deployment('frontend', 'gpu-renderer', 'ghcr.io/fleetgraph/renderer:2.0.0', { nodeSelector: { accelerator: 'nvidia-h100' } }) });
  }));
}

interface PodView { metadata: { name: string }; spec?: { nodeName?: string }; status?: { phase?: string } }

/** Whether a cluster has all its pods, all Running but the two broken ones, and both kinds of warning. */
function steady(c: SimCluster, pods: number): boolean {
  const list = c.store.list('/pods').map((o) => o.object as unknown as PodView);
  if (list.length !== pods) return false;
  const broken = (p: PodView) => p.metadata.name.startsWith('fraud-scorer-') || p.metadata.name.startsWith('gpu-renderer-');
  if (!list.every((p) => broken(p) || p.status?.phase === 'Running')) return false;
  const reasons = new Set(c.store.list('/events').map((o) => o.object as { type?: string; reason?: string }).filter((e) => e.type === 'Warning').map((e) => e.reason));
  return reasons.has('BackOff') && reasons.has('FailedScheduling');
}

export async function startFleet(shape: FleetShape): Promise<SimFleet> {
  const extra = extraPods(shape.nodes);
  if (shape.pods < extra + 6) throw new Error(`fan-out fleet: at least ${extra + 6} pods per cluster, got ${shape.pods}`);
  // Populate at 20x cluster time (pod start-up, crash-loop back-off), then measure at 1x.
  const fleet = await SimFleet.start({ clusters: shape.clusters, nodes: shape.nodes, pods: shape.pods - extra, seed: shape.seed, speed: 20 });
  await addExtras(fleet);
  const t0 = performance.now();
  while (!fleet.clusters.every((c) => steady(c, shape.pods))) {
    if (performance.now() - t0 > 5 * 60_000) {
      const bad = fleet.clusters.filter((c) => !steady(c, shape.pods)).map((c) => c.name);
      throw new Error(`fan-out fleet: not steady after 5 minutes: ${bad.join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await fleet.settle();
  for (const c of fleet.clusters) if (c.clock instanceof RealClock) c.clock.setSpeed(1);
  await Promise.all(fleet.clusters.map((c) => c.setFaults({ latencyMs: shape.latencyMs })));
  const errors = fleet.controllerErrors();
  if (errors.length) throw new Error(`fan-out fleet: controller errors ${JSON.stringify(errors)}`);
  return fleet;
}

/** The dashboard as the simulator's stores hold it right now. */
export function truth(fleet: SimFleet): DashboardTally {
  const of = <T>(c: SimCluster, key: string) => c.store.list(key).map((o) => o.object as unknown as T);
  const clusters = fleet.clusters.map((c) => {
    const lists: ClusterLists = {
      nodes: of(c, '/nodes'), deployments: of(c, 'apps/deployments'), statefulSets: of(c, 'apps/statefulsets'),
      daemonSets: of(c, 'apps/daemonsets'), replicaSets: of(c, 'apps/replicasets'), pods: of(c, '/pods'),
      warnings: of<EventLike & { type?: string }>(c, '/events').filter((e) => e.type === 'Warning'),
    };
    return joinCluster(c.name, lists);
  });
  const t = tally(clusters);
  const stored = fleet.clusters.reduce((n, c) => n + c.store.count('/pods'), 0);
  if (stored !== t.pods) throw new Error(`fan-out truth: ${t.pods} pods listed, ${stored} counted`);
  return t;
}

export interface UpstreamCount {
  total: number;
  list: number;
  get: number;
  /** Watches: a contender answering from a watch-fed cache rather than live LISTs shows here. */
  watch: number;
  /** GET /version (the gateway's cluster status; gcloud's kubectl dispatcher before each run). */
  version: number;
  /** Other non-resource paths (discovery, OpenAPI) and other verbs. */
  other: number;
}

export function clearRequests(fleet: SimFleet): void {
  for (const c of fleet.clusters) c.requests.clear();
}

export function countRequests(fleet: SimFleet): UpstreamCount {
  const n: UpstreamCount = { total: 0, list: 0, get: 0, watch: 0, version: 0, other: 0 };
  for (const c of fleet.clusters) {
    const total = c.requests.count();
    const list = c.requests.count({ verb: 'list' });
    const get = c.requests.count({ verb: 'get' });
    const watch = c.requests.count({ verb: 'watch' });
    const version = c.requests.all().filter((r) => r.path === '/version').length;
    if (c.requests.all().length >= 10_000) throw new Error(`fan-out: ${c.name}'s request log is full; counts would be capped`);
    n.total += total; n.list += list; n.get += get; n.watch += watch; n.version += version; n.other += total - list - get - watch - version;
  }
  return n;
}
