/**
 * A fleet of simulated clusters in one process: the programmatic API tests, benchmarks and the
 * demo use. Start it, read its kubeconfig, reach each cluster's faults, clock and request log,
 * stop it.
 */
import { populateDemo, startDemoActivity, DEMO_CLUSTERS } from './bootstrap/demoFleet.ts';
import { populateWorkloads } from './bootstrap/populate.ts';
import { settleWorkloads } from './bootstrap/settleWorkloads.ts';
import type { SimClock } from './clock.ts';
import { SimCluster, type SimClusterOptions, type SimUser } from './cluster/SimCluster.ts';
import type { FaultSettings } from './cluster/Faults.ts';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfig.ts';
import { makeServerCredentials } from './tls.ts';

export interface FleetOptions {
  /** How many clusters (named `<namePrefix>-1..n`), or each cluster's own options. @default 3 */
  clusters?: number | SimClusterOptions[];
  /** @default 'sim' */
  namePrefix?: string;
  /** Worker nodes per cluster. @default 3 */
  nodes?: number;
  /** Pods per cluster, made by sample Deployments and StatefulSets. @default 0 */
  pods?: number;
  /** Base seed; cluster i gets seed + i. @default 1 */
  seed?: number;
  /** Faults every cluster starts with (latency for benchmarks, for instance). */
  faults?: Partial<FaultSettings>;
  /** One clock for every cluster (a ManualClock lets a test drive the whole fleet). */
  clock?: SimClock;
  /** Speed of the default real clock. @default 1 */
  speed?: number;
  /** Options applied to every cluster (overridden by per-cluster options). */
  clusterDefaults?: Partial<SimClusterOptions>;
  /** The demo fleet of `npm start`: labelled clusters, sample apps, background activity. */
  demo?: boolean;
  /**
   * Write the populated workloads already rolled out (ReplicaSets, Running and Ready pods bound
   * to nodes; Deployments only, no StatefulSets) instead of letting the controllers bring them
   * up: seconds instead of minutes for 100,000 pods. Give the clusters nodes enough. @default false
   */
  settled?: boolean;
  /** Wait until the populated pods exist and the controllers are idle. @default true */
  waitForPods?: boolean;
}

export class SimFleet {
  private readonly activities: { stop(): void }[] = [];

  private constructor(readonly clusters: readonly SimCluster[]) {}

  static async start(options: FleetOptions = {}): Promise<SimFleet> {
    const prefix = options.namePrefix ?? 'sim';
    const seed = options.seed ?? 1;
    const base: Partial<SimClusterOptions> = {
      ...(options.nodes !== undefined ? { nodes: options.nodes } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.speed !== undefined ? { speed: options.speed } : {}),
      ...(options.clusterDefaults ?? {}),
    };
    let specs: SimClusterOptions[];
    if (options.demo) {
      specs = DEMO_CLUSTERS.map((d, i) => ({ ...base, name: d.name, labels: d.labels, nodes: d.nodes, seed: seed + i }));
    } else if (Array.isArray(options.clusters)) {
      specs = options.clusters.map((c, i) => ({ seed: seed + i, ...base, ...c }));
    } else {
      const n = options.clusters ?? 3;
      if (!Number.isInteger(n) || n < 1) throw new Error(`SimFleet: clusters must be a positive whole number, got ${n}`);
      specs = Array.from({ length: n }, (_, i) => ({ ...base, name: `${prefix}-${i + 1}`, seed: seed + i }));
    }
    const names = new Set<string>();
    for (const s of specs) {
      if (names.has(s.name)) throw new Error(`SimFleet: cluster name ${s.name} is used twice`);
      names.add(s.name);
    }
    const clusters: SimCluster[] = [];
    const tls = await makeServerCredentials(prefix);
    try {
      for (const spec of specs) clusters.push(await SimCluster.start({ tls, ...spec }));
    } catch (e) {
      await Promise.all(clusters.map((c) => c.stop()));
      throw e;
    }
    const fleet = new SimFleet(clusters);
    for (const c of clusters) {
      if (options.demo) {
        populateDemo(c.registry, { name: c.name, labels: c.labels });
      } else if (options.pods) {
        populateWorkloads(c.registry, { pods: options.pods, seed: c.seed, ...(options.settled ? { statefulSets: false } : {}) });
        if (options.settled) settleWorkloads(c.registry);
      }
    }
    if (options.waitForPods !== false) await fleet.settle();
    return fleet;
  }

  cluster(name: string): SimCluster {
    const c = this.clusters.find((x) => x.name === name);
    if (!c) throw new Error(`SimFleet: no cluster named ${name} (have ${this.clusters.map((x) => x.name).join(', ')})`);
    return c;
  }

  /** Let every cluster accept this token for this user (see SimCluster.addUser; RBAC needs `rbac: true`). */
  addUser(user: SimUser): void {
    for (const c of this.clusters) c.addUser(user);
  }

  /** Kubeconfig YAML with one context per cluster. */
  kubeconfig(): string {
    return kubeconfigYaml(this.clusters);
  }

  async writeKubeconfig(path: string): Promise<void> {
    await writeKubeconfig(path, this.clusters);
  }

  /** Start the demo's steady background activity (scaling, rollouts, pod churn) on every cluster. */
  startActivity(): void {
    for (const c of this.clusters) this.activities.push(c.startDemoActivity(startDemoActivity));
  }

  /** Clusters whose controllers had reconciles fail, with the count and the last error. */
  controllerErrors(): { cluster: string; count: number; last: string }[] {
    return this.clusters.map((c) => ({ cluster: c.name, ...c.controllerErrors })).filter((e) => e.count > 0);
  }

  async settle(): Promise<void> {
    // Controllers of one cluster can wake others' only through time, so settle each until quiet.
    await Promise.all(this.clusters.map((c) => c.settle()));
  }

  async stop(): Promise<void> {
    for (const a of this.activities) a.stop();
    await Promise.all(this.clusters.map((c) => c.stop()));
  }
}
