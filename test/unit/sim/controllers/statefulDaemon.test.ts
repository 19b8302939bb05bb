import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { DaemonSet, KObjectInput, Node, Pod, StatefulSet } from '../../../../src/sim/types.ts';
import { isReadyPod, startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

function statefulSet(name: string, replicas: number, extra: Partial<StatefulSet['spec']> = {}): KObjectInput {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      replicas, serviceName: name, selector: { matchLabels: { app: name } }, ...extra,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'postgres:17.2' }] } },
    },
  };
}

function daemonSet(name: string, extra: Partial<DaemonSet['spec']['template']['spec']> = {}): KObjectInput {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'quay.io/prometheus/node-exporter:v1.8.2' }], ...extra } },
    },
  };
}

const sts = (c: TestCluster, name = 'web'): StatefulSet => c.registry.get<StatefulSet>(R.statefulsets, 'default', name)!;
const ds = (c: TestCluster, name = 'exporter'): DaemonSet => c.registry.get<DaemonSet>(R.daemonsets, 'default', name)!;
const names = (pods: Pod[]): string[] => pods.map((p) => p.metadata.name).sort();

describe('statefulset controller', () => {
  it('creates web-0 before web-1, each only once the previous is Running and Ready, with the StatefulSet labels', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.statefulsets, statefulSet('web', 3));
    await c.settle();
    expect(names(c.pods('default'))).toEqual(['web-0']);
    await c.advance(1000);
    expect(names(c.pods('default'))).toEqual(['web-0']);
    await c.advance(600);
    expect(names(c.pods('default'))).toEqual(['web-0', 'web-1']);
    await c.advance(1600);
    await c.advance(1600);
    const pods = c.pods('default');
    expect(names(pods)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(pods.every(isReadyPod)).toBe(true);
    const rev = sts(c).status?.updateRevision;
    expect(rev).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);
    const p1 = pods.find((p) => p.metadata.name === 'web-1')!;
    expect(p1.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': rev });
    expect(p1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    expect(sts(c).status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: rev, observedGeneration: 1 });
    expect(c.registry.list(R.controllerrevisions, 'default').map((r) => r.metadata.name)).toEqual([rev]);
    expect(c.events((e) => e.reason === 'SuccessfulCreate').map((e) => e.message)).toEqual([
      'create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful', 'create Pod web-2 in StatefulSet web successful',
    ].sort());
  });

  it('with Parallel management creates every pod at once', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.statefulsets, statefulSet('web', 3, { podManagementPolicy: 'Parallel' }));
    await c.settle();
    expect(names(c.pods('default'))).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('scales down from the highest ordinal, and rolls a new template out from the highest ordinal down', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.statefulsets, statefulSet('web', 3));
    await c.advance(10_000);
    c.registry.mutate<StatefulSet>(R.statefulsets, 'default', 'web', (s) => { s.spec.replicas = 2; });
    await c.settle();
    expect(c.registry.get<Pod>(R.pods, 'default', 'web-2')?.metadata.deletionTimestamp).toBeDefined();
    await c.advance(2000);
    expect(names(c.pods('default'))).toEqual(['web-0', 'web-1']);

    const before = sts(c).status?.currentRevision;
    c.registry.mutate<StatefulSet>(R.statefulsets, 'default', 'web', (s) => { s.spec.template.spec.containers[0]!.image = 'postgres:17.3'; });
    await c.settle();
    const update = sts(c).status?.updateRevision;
    expect(update).not.toBe(before);
    const order: string[] = [];
    for (let t = 0; t < 30_000; t += 250) {
      await c.advance(250);
      for (const p of c.pods('default')) if (p.metadata.deletionTimestamp && !order.includes(p.metadata.name)) order.push(p.metadata.name);
    }
    expect(order).toEqual(['web-1', 'web-0']);
    expect(c.pods('default').every((p) => p.metadata.labels?.['controller-revision-hash'] === update && p.spec.containers[0]!.image === 'postgres:17.3')).toBe(true);
    expect(sts(c).status).toMatchObject({ currentRevision: update, updateRevision: update, updatedReplicas: 2, readyReplicas: 2 });
  });
});

describe('daemonset controller', () => {
  it('runs one pod on every node, pinned by node affinity and bound by the scheduler', async () => {
    const c = (cluster = await startTestCluster({ nodes: 4 }));
    c.registry.create(R.daemonsets, daemonSet('exporter', { hostNetwork: true }));
    await c.advance(2000);
    const pods = c.pods('default');
    expect(pods).toHaveLength(4);
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(4);
    for (const p of pods) {
      const terms = (p.spec.affinity as { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } }).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      expect(terms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
      expect(isReadyPod(p)).toBe(true);
      // hostNetwork pods use the node's address.
      expect(p.status?.podIP).toBe(p.status?.hostIP);
    }
    expect(ds(c).status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, numberAvailable: 4, updatedNumberScheduled: 4, numberMisscheduled: 0, observedGeneration: 1 });
  });

  it('follows nodes: a new node gets a pod, a node outside the nodeSelector loses its pod', async () => {
    const c = (cluster = await startTestCluster({ nodes: 2 }));
    c.registry.create(R.daemonsets, daemonSet('exporter', { nodeSelector: { 'kubernetes.io/os': 'linux' } }));
    await c.advance(2000);
    expect(c.pods('default')).toHaveLength(2);
    const n1 = c.registry.get<Node>(R.nodes, '', 'sim-a-node-1')!;
    c.registry.create(R.nodes, { metadata: { name: 'sim-a-node-3', labels: { ...n1.metadata.labels, 'kubernetes.io/hostname': 'sim-a-node-3' } }, spec: { podCIDR: '10.244.3.0/24' }, status: n1.status });
    await c.advance(2000);
    expect(c.pods('default').map((p) => p.spec.nodeName).sort()).toEqual(['sim-a-node-1', 'sim-a-node-2', 'sim-a-node-3']);
    c.registry.mutate<Node>(R.nodes, '', 'sim-a-node-2', (n) => { n.metadata.labels = { ...n.metadata.labels, 'kubernetes.io/os': 'windows' }; });
    await c.advance(2000);
    expect(c.pods('default').map((p) => p.spec.nodeName).sort()).toEqual(['sim-a-node-1', 'sim-a-node-3']);
    expect(ds(c).status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2 });
  });

  it('rolls a template change out node by node within maxUnavailable', async () => {
    const c = (cluster = await startTestCluster({ nodes: 4 }));
    c.registry.create(R.daemonsets, daemonSet('exporter'));
    await c.advance(2000);
    c.registry.mutate<DaemonSet>(R.daemonsets, 'default', 'exporter', (d) => { d.spec.template.spec.containers[0]!.image = 'quay.io/prometheus/node-exporter:v1.9.0'; });
    for (let t = 0; t < 30_000; t += 250) {
      await c.advance(250);
      const ready = c.pods('default', (p) => !p.metadata.deletionTimestamp && isReadyPod(p));
      expect(ready.length).toBeGreaterThanOrEqual(3);
    }
    const pods = c.pods('default');
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.spec.containers[0]!.image.endsWith('v1.9.0'))).toBe(true);
    expect(ds(c).status).toMatchObject({ updatedNumberScheduled: 4, numberAvailable: 4, observedGeneration: 2 });
  });
});
