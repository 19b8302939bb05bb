/**
 * The fleet graph against a simulated fleet over real HTTP(S): one dashboard-style query
 * touching clusters, nodes, workloads, pods (with node and owner), services, events and usage.
 * The data must equal the simulator's ground truth, and the gateway must send exactly one LIST
 * per (cluster, resource, namespace, selector), counted both by the gateway and by the clusters.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import type { SimCluster } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { DASHBOARD } from '../../support/queries.ts';

const CLUSTERS = [
  { name: 'alpha', labels: { env: 'prod', region: 'eu' } },
  { name: 'beta', labels: { env: 'prod', region: 'us' } },
  { name: 'gamma', labels: { env: 'dev', region: 'eu' }, metricsApi: false },
];

type Obj = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> }; spec?: Record<string, unknown>; status?: Record<string, unknown> };

function truth(c: SimCluster, key: string): Obj[] {
  return c.store.list(key).map((s) => s.object as unknown as Obj);
}

let fg: FleetGateway;
const clock = new ManualClock();

beforeAll(async () => {
  // Cluster labels come from the fleet file (a kubeconfig has none).
  const fleetFile = `clusters:\n${CLUSTERS.map((c) => `  ${c.name}:\n    labels: ${JSON.stringify(c.labels)}\n`).join('')}`;
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS, nodes: 2, pods: 12, clock }, fleetFile });
  // A Deployment no node can take: FailedScheduling warnings in alpha.
  const kc = new KubeConfig();
  kc.loadFromFile(fg.kubeconfigPath);
  kc.setCurrentContext('alpha');
  await kc.makeApiClient(CoreV1Api).createNamespacedPod({
    namespace: 'frontend',
    body: { metadata: { name: 'stuck' }, spec: { nodeSelector: { disk: 'none-has-this' }, containers: [{ name: 'c', image: 'nginx:1.27.3' }] } },
  });
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

/** Sum of upstream requests the clusters saw, by (verb, resource). */
function clusterSideCount(filter: { verb?: string; resource?: string }): number {
  return fg.sim.clusters.reduce((n, c) => n + c.requests.count(filter), 0);
}


interface DashboardData {
  clusters: Array<{
    name: string;
    labels: Array<{ key: string; value: string }>;
    nodes: Array<{ name: string; ready: boolean; capacity: { cpu: string; memory: string; pods: number }; usage: { cpuMillicores: number; memoryBytes: number } | null; pods: Array<{ name: string }> }>;
    workloads: Array<{ __typename: string; kind: string; namespace: string; name: string; replicas: number; readyReplicas: number; pods: Array<{ name: string }> }>;
    pods: Array<{ namespace: string; name: string; phase: string; ready: boolean; restarts: number; node: { name: string } | null; owner: { kind: string; name: string } | null }>;
    services: Array<{ namespace: string; name: string; pods: Array<{ name: string }> }>;
    events: Array<{ reason: string; involvedObject: { kind: string; name: string }; count: number }>;
    usage: { cpuMillicores: number; memoryBytes: number } | null;
  }>;
}

describe('a dashboard query across the fleet', () => {
  let answer: Awaited<ReturnType<FleetGateway['query']>> & { data: DashboardData | null | undefined };
  let gatewayCounts: Map<string, number>;
  let clusterCounts: { lists: number; all: number };

  beforeAll(async () => {
    const before = { lists: clusterSideCount({ verb: 'list' }), all: fg.sim.clusters.reduce((n, c) => n + c.requests.count({}), 0), gw: fg.gateway.upstream.count() };
    answer = await fg.query<DashboardData>(DASHBOARD);
    clusterCounts = {
      lists: clusterSideCount({ verb: 'list' }) - before.lists,
      all: fg.sim.clusters.reduce((n, c) => n + c.requests.count({}), 0) - before.all,
    };
    gatewayCounts = new Map(fg.gateway.upstream.table().map((r) => [`${r.cluster} ${r.resource} ${r.verb}`, r.count]));
    expect(fg.gateway.upstream.count() - before.gw).toBe(clusterCounts.all);
  });

  test('answers every cluster with data and, for the cluster without a metrics API, one METRICS_UNAVAILABLE error', () => {
    expect(answer.status).toBe(200);
    expect(answer.data?.clusters.map((c) => c.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(answer.errors?.map((e) => ({ code: e.extensions?.code, cluster: e.extensions?.cluster }))).toEqual([{ code: 'METRICS_UNAVAILABLE', cluster: 'gamma' }]);
    expect(answer.data?.clusters.find((c) => c.name === 'gamma')?.usage).toBeNull();
  });

  test('does not count a missing metrics API as the cluster\'s last error', async () => {
    const a = await fg.query<{ cluster: { status: { reachable: boolean; lastError: unknown } } }>('{ cluster(name: "gamma") { status { reachable lastError { code } } } }');
    expect(a.data?.cluster.status).toEqual({ reachable: true, lastError: null });
  });

  test('returns the labels, nodes, pods, workloads and services the clusters hold', () => {
    for (const cluster of fg.sim.clusters) {
      const got = answer.data!.clusters.find((c) => c.name === cluster.name)!;
      expect(got.labels).toEqual(Object.entries(cluster.labels).sort().map(([key, value]) => ({ key, value })));
      const nodes = truth(cluster, '/nodes');
      expect(got.nodes.map((n) => n.name)).toEqual(nodes.map((n) => n.metadata.name));
      const pods = truth(cluster, '/pods');
      expect(got.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      for (const p of got.pods) {
        const t = pods.find((x) => x.metadata.namespace === p.namespace && x.metadata.name === p.name)!;
        expect(p.phase).toBe(t.status?.phase);
        expect(p.node?.name ?? null).toBe((t.spec?.nodeName as string | undefined) ?? null);
      }
      for (const n of got.nodes) {
        expect(n.pods.map((p) => p.name).sort()).toEqual(pods.filter((p) => p.spec?.nodeName === n.name).map((p) => p.metadata.name).sort());
        expect(n.ready).toBe(true);
      }
      const deployments = truth(cluster, 'apps/deployments');
      const statefulsets = truth(cluster, 'apps/statefulsets');
      const daemonsets = truth(cluster, 'apps/daemonsets');
      expect(got.workloads.map((w) => `${w.__typename} ${w.namespace}/${w.name}`)).toEqual([
        ...deployments.map((d) => `Deployment ${d.metadata.namespace}/${d.metadata.name}`),
        ...statefulsets.map((d) => `StatefulSet ${d.metadata.namespace}/${d.metadata.name}`),
        ...daemonsets.map((d) => `DaemonSet ${d.metadata.namespace}/${d.metadata.name}`),
      ]);
      const services = truth(cluster, '/services');
      expect(got.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
    }
  });

  test('joins each pod to its owning workload through its ReplicaSet', () => {
    for (const cluster of fg.sim.clusters) {
      const got = answer.data!.clusters.find((c) => c.name === cluster.name)!;
      const replicasets = truth(cluster, 'apps/replicasets');
      let owned = 0;
      for (const p of got.pods) {
        const t = truth(cluster, '/pods').find((x) => x.metadata.namespace === p.namespace && x.metadata.name === p.name)!;
        const ref = t.metadata.ownerReferences?.find((r) => r.controller);
        if (!ref) {
          expect(p.owner).toBeNull();
          continue;
        }
        const expected = ref.kind === 'ReplicaSet'
          ? replicasets.find((r) => r.metadata.namespace === p.namespace && r.metadata.name === ref.name)!.metadata.ownerReferences!.find((r) => r.controller)!
          : ref;
        expect(p.owner).toEqual({ kind: expected.kind.toUpperCase(), name: expected.name });
        owned++;
      }
      expect(owned).toBeGreaterThan(0);
      for (const w of got.workloads) {
        const mine = got.pods.filter((p) => p.owner?.name === w.name && p.owner.kind === w.kind && p.namespace === w.namespace).map((p) => p.name).sort();
        expect(w.pods.map((p) => p.name).sort()).toEqual(mine);
      }
    }
  });

  test('returns the warning events, including FailedScheduling for the pod no node can take', () => {
    const alpha = answer.data!.clusters.find((c) => c.name === 'alpha')!;
    expect(alpha.events.some((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === 'stuck')).toBe(true);
    for (const cluster of fg.sim.clusters) {
      const warnings = truth(cluster, '/events').filter((e) => (e as unknown as { type: string }).type === 'Warning');
      expect(answer.data!.clusters.find((c) => c.name === cluster.name)!.events.length).toBe(warnings.length);
    }
  });

  test('reports node and cluster usage from metrics.k8s.io where it is served', async () => {
    const alpha = answer.data!.clusters.find((c) => c.name === 'alpha')!;
    for (const n of alpha.nodes) expect(n.usage?.cpuMillicores).toBeGreaterThan(0);
    const sum = alpha.nodes.reduce((s, n) => s + n.usage!.memoryBytes, 0);
    expect(alpha.usage?.memoryBytes).toBe(sum);
    const gamma = answer.data!.clusters.find((c) => c.name === 'gamma')!;
    expect(gamma.nodes.every((n) => n.usage === null)).toBe(true);
  });

  test('sends exactly one LIST per (cluster, resource), however many objects come back', () => {
    const resources = ['nodes', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'services', 'events', 'nodes.metrics.k8s.io'];
    for (const c of CLUSTERS) {
      for (const r of resources) expect(gatewayCounts.get(`${c.name} ${r} list`), `${c.name} ${r}`).toBe(1);
    }
    // The clusters saw the same: 3 clusters × 9 LISTs (gamma's metrics LIST is refused with a 404).
    expect(clusterCounts.lists).toBe(3 * 8 + 2);
    expect(clusterCounts.all).toBe(3 * 9);
  });
});

describe('round trips', () => {
  /** The latest LIST of a resource; `pods.metrics.k8s.io` style names pick the metrics API's. */
  function lastList(c: SimCluster, name: string) {
    const metrics = name.endsWith('.metrics.k8s.io');
    const resource = metrics ? name.slice(0, name.indexOf('.')) : name;
    return c.requests.find({ verb: 'list', resource }).filter((r) => r.path.includes('/metrics.k8s.io/') === metrics).at(-1);
  }

  test('starts the LISTs a pod\'s owner and node need while the pods LIST is still on its way', async () => {
    const beta = fg.sim.cluster('beta');
    await beta.setFaults({ latencyMs: 100 });
    try {
      const before = beta.requests.count({});
      const a = await fg.query<{ cluster: { pods: Array<{ owner: { name: string } | null; node: { name: string } | null }> } }>(
        '{ cluster(name: "beta") { pods { owner { name } node { name } } } }');
      expect(a.errors).toBeUndefined();
      expect(a.data!.cluster.pods.some((p) => p.owner !== null)).toBe(true);
      // pods, replicasets, deployments, nodes: one LIST each (the StatefulSet-owned pods add statefulsets).
      expect(beta.requests.count({}) - before).toBe(5);
      const pods = lastList(beta, 'pods')!;
      for (const r of ['replicasets', 'deployments', 'nodes']) {
        expect(lastList(beta, r)!.arrivedAt, `${r} LIST arrived before the pods LIST was answered`).toBeLessThan(pods.answeredAt);
      }
    } finally {
      await beta.setFaults({ latencyMs: 0 });
    }
  });

  test.each([
    { parent: 'services', children: ['pods'], query: '{ cluster(name: "beta") { services { pods { name } } } }' },
    { parent: 'nodes', children: ['pods', 'nodes.metrics.k8s.io'], query: '{ cluster(name: "beta") { nodes { usage { cpu } pods { name } } } }' },
    { parent: 'deployments', children: ['pods', 'events'], query: '{ cluster(name: "beta") { workloads(kinds: [DEPLOYMENT]) { pods { name } events { reason } } } }' },
    { parent: 'pods', children: ['pods.metrics.k8s.io', 'events'], query: '{ pods(clusterNames: ["beta"]) { edges { node { usage { cpu } events { reason } } } } }' },
  ])('starts the LISTs that $parent\'s selected joins need with the $parent LIST', async ({ parent, children, query }) => {
    const beta = fg.sim.cluster('beta');
    await beta.setFaults({ latencyMs: 100 });
    try {
      const before = beta.requests.count({});
      const a = await fg.query(query);
      expect(a.errors).toBeUndefined();
      expect(beta.requests.count({}) - before).toBe(1 + children.length);
      const p = lastList(beta, parent)!;
      for (const r of children) {
        const child = lastList(beta, r)!;
        expect(child.arrivedAt, `${r} LIST arrived before the ${parent} LIST was answered`).toBeLessThan(p.answeredAt);
      }
    } finally {
      await beta.setFaults({ latencyMs: 0 });
    }
  });

  test('reports the status check\'s measured round trip as the cluster\'s latency', async () => {
    const beta = fg.sim.cluster('beta');
    await beta.setFaults({ latencyMs: 120 });
    try {
      const a = await fg.query<{ cluster: { status: { reachable: boolean; version: string; latencyMs: number } } }>('{ cluster(name: "beta") { status { reachable version latencyMs } } }');
      expect(a.data?.cluster.status).toMatchObject({ reachable: true, version: 'v1.32.4' });
      expect(a.data!.cluster.status.latencyMs).toBeGreaterThanOrEqual(120);
      expect(beta.requests.find({}).at(-1)?.path).toBe('/version');
    } finally {
      await beta.setFaults({ latencyMs: 0 });
    }
  });

  test('sends nothing for joins the query does not select, and nothing at all for cluster names', async () => {
    const before = fg.sim.clusters.map((c) => c.requests.count({}));
    await fg.query('{ clusters { name labels { key value } server } }');
    expect(fg.sim.clusters.map((c) => c.requests.count({}))).toEqual(before);
    const beta = fg.sim.cluster('beta');
    const rs = beta.requests.count({ resource: 'replicasets' });
    await fg.query('{ cluster(name: "beta") { pods { name } } }');
    expect(beta.requests.count({ resource: 'replicasets' })).toBe(rs);
  });
});
