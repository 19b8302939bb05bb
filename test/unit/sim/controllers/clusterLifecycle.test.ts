import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLUSTERS, populateDemo, startDemoActivity, UNSCHEDULABLE_IN } from '../../../../src/sim/bootstrap/demoFleet.ts';
import { populateWorkloads } from '../../../../src/sim/bootstrap/populate.ts';
import { R } from '../../../../src/sim/resources.ts';
import type { CoreEvent, Deployment, KObject, Node, StatefulSet } from '../../../../src/sim/types.ts';
import { deploymentBody, isReadyPod, startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

describe('bootstrap, namespaces and populations', () => {
  it('bootstraps system namespaces, Ready nodes with a kubelet\'s status, and the kubernetes service', async () => {
    const c = (cluster = await startTestCluster({ nodes: 2, labels: { env: 'prod', region: 'eu-west-1' } }));
    expect(c.registry.list(R.namespaces).map((n) => n.metadata.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const nodes = c.registry.list<Node>(R.nodes);
    expect(nodes.map((n) => n.metadata.name)).toEqual(['sim-a-node-1', 'sim-a-node-2']);
    const n = nodes[0]!;
    expect(n.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'sim-a-node-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/region': 'eu-west-1', 'topology.kubernetes.io/zone': 'eu-west-1-a' });
    expect(n.status?.capacity).toMatchObject({ cpu: '4', memory: '16777216Ki', pods: '110' });
    expect(n.status?.allocatable).toMatchObject({ cpu: '4', pods: '110' });
    expect(n.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
    expect(n.status?.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.7.24', architecture: 'amd64', operatingSystem: 'linux' });
    expect(n.status?.addresses).toEqual([{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'sim-a-node-1' }]);
    expect(c.registry.get(R.services, 'default', 'kubernetes')?.spec).toMatchObject({ clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] });
    expect(c.registry.get(R.leases, 'kube-node-lease', 'sim-a-node-1')).toBeDefined();
    for (const ns of ['default', 'kube-system']) expect(c.registry.get(R.serviceaccounts, ns, 'default')).toBeDefined();
  });

  it('renews node heartbeats and leases every 40 seconds of cluster time', async () => {
    const c = (cluster = await startTestCluster({ nodes: 2, disable: [] }));
    const heartbeat = (): string | undefined => c.registry.get<Node>(R.nodes, '', 'sim-a-node-1')?.status?.conditions?.find((x) => x.type === 'Ready')?.lastHeartbeatTime;
    const renewed = (): unknown => (c.registry.get(R.leases, 'kube-node-lease', 'sim-a-node-1')?.spec as { renewTime?: string } | undefined)?.renewTime;
    const lease = renewed();
    const seen: string[] = [];
    for (let t = 0; t < 200_000; t += 1000) {
      await c.advance(1000);
      const h = heartbeat();
      if (h && h !== seen.at(-1)) seen.push(h);
    }
    // The bootstrap's timestamp, then one heartbeat per 40 s (staggered per node).
    const times = seen.slice(1).map((x) => Date.parse(x));
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual(times.slice(1).map(() => 40_000));
    expect(renewed()).not.toBe(lease);
    // Heartbeats do not wake the scheduler or the daemonset controller into writing anything else.
    const rv = c.store.resourceVersion;
    await c.advance(40_000);
    expect(c.store.resourceVersion - rv).toBe(4);
  });

  it('gives a new namespace its default ServiceAccount and root CA, and empties a deleted one before it goes', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.namespaces, { metadata: { name: 'team' } });
    await c.settle();
    expect(c.registry.get(R.serviceaccounts, 'team', 'default')).toBeDefined();
    expect(c.registry.get(R.configmaps, 'team', 'kube-root-ca.crt')).toBeDefined();
    c.registry.create(R.deployments, deploymentBody('web', { namespace: 'team', replicas: 2 }));
    await c.advance(2000);
    expect(c.pods('team', isReadyPod)).toHaveLength(2);

    c.registry.delete(R.namespaces, '', 'team');
    await c.settle();
    const ns = c.registry.get<KObject & { status?: { phase?: string; conditions?: { type: string; status: string; message: string }[] } }>(R.namespaces, '', 'team');
    expect(ns?.status?.phase).toBe('Terminating');
    expect(ns?.status?.conditions?.find((x) => x.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'True', message: 'Some resources are remaining: pods. has 2 resource instances' });
    await c.advance(2000);
    expect(c.registry.get(R.namespaces, '', 'team')).toBeUndefined();
    expect(c.pods('team')).toHaveLength(0);
    expect(c.registry.list(R.configmaps, 'team')).toHaveLength(0);
  });

  it('populates workloads whose pods add up to exactly the number asked for, quickly', async () => {
    const c = (cluster = await startTestCluster({ nodes: 20 }));
    const started = Date.now();
    const result = populateWorkloads(c.registry, { pods: 2000, seed: 42 });
    await c.advance(2000);
    const elapsed = Date.now() - started;
    expect(result.statefulSets).toBeGreaterThanOrEqual(1);
    const deployments = c.registry.list<Deployment>(R.deployments);
    const statefulSets = c.registry.list<StatefulSet>(R.statefulsets);
    const wanted = [...deployments, ...statefulSets].reduce((n, w) => n + (w.spec.replicas ?? 1), 0);
    expect(wanted).toBe(2000);
    expect(new Set(deployments.map((d) => d.metadata.namespace)).size).toBe(3);
    // Deployment pods all run within one start delay; StatefulSets start theirs one by one.
    await c.advance(10_000);
    expect(c.pods(undefined, (p) => !!p.metadata.namespace && p.metadata.namespace !== 'default')).toHaveLength(2000);
    expect(c.pods(undefined, (p) => p.status?.phase === 'Running')).toHaveLength(2000);
    expect(c.manager.errorCount).toBe(0);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('builds the demo cluster with its sample apps, a crash loop and, in one cluster, an unschedulable pod', async () => {
    const spec = DEMO_CLUSTERS.find((d) => d.name === UNSCHEDULABLE_IN)!;
    const c = (cluster = await startTestCluster({ name: spec.name, nodes: spec.nodes, labels: spec.labels }));
    populateDemo(c.registry, { name: spec.name, labels: spec.labels });
    await c.advance(30_000);
    expect(c.registry.list(R.daemonsets, 'monitoring')).toHaveLength(1);
    expect(c.pods('monitoring', (p) => p.metadata.labels?.app === 'node-exporter' && isReadyPod(p))).toHaveLength(spec.nodes);
    expect(c.pods('payments', (p) => p.metadata.name.startsWith('postgres-') && isReadyPod(p))).toHaveLength(3);
    const warnings = c.events((e) => e.type === 'Warning').map((e: CoreEvent) => e.reason);
    expect(warnings).toEqual(expect.arrayContaining(['BackOff', 'FailedScheduling']));
    const lb = c.registry.get(R.services, 'shop', 'storefront') as KObject & { status?: { loadBalancer?: { ingress?: unknown[] } } };
    expect(lb.status?.loadBalancer?.ingress).toHaveLength(1);

    // Background activity keeps changing things, through the controllers.
    const before = c.store.resourceVersion;
    const activity = startDemoActivity(c.ctx);
    await c.advance(60_000);
    activity.stop();
    expect(c.store.resourceVersion).toBeGreaterThan(before + 20);
    expect(c.manager.errorCount).toBe(0);
  });
});
