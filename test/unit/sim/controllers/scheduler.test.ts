import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { Node, Pod } from '../../../../src/sim/types.ts';
import { startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

function createPod(c: TestCluster, name: string, spec: Partial<Pod['spec']> & { cpu?: string; memory?: string } = {}): void {
  const { cpu, memory, ...rest } = spec;
  const requests = { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
  c.registry.create(R.pods, {
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests } }], ...rest },
  });
}

const pod = (c: TestCluster, name: string): Pod => c.registry.get<Pod>(R.pods, 'default', name)!;

describe('scheduler', () => {
  it('marks a pod that fits nowhere Unschedulable with kube\'s FailedScheduling message, and binds it once room appears', async () => {
    const c = (cluster = await startTestCluster({ nodeCpu: '4' }));
    createPod(c, 'huge', { cpu: '6' });
    await c.settle();
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(pod(c, 'huge').spec.nodeName).toBeUndefined();
    expect(pod(c, 'huge').status?.conditions?.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    const failed = c.events((e) => e.reason === 'FailedScheduling');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ type: 'Warning', message, source: { component: 'default-scheduler' }, count: 1 });

    // Retried periodically: the same event counts up.
    await c.advance(5 * 60_000 + 1000);
    expect(c.events((e) => e.reason === 'FailedScheduling')[0]?.count).toBe(2);

    // A bigger node joins: the pod is retried and bound.
    const big = structuredClone(c.registry.get<Node>(R.nodes, '', 'sim-a-node-1')!);
    c.registry.create(R.nodes, {
      metadata: { name: 'sim-a-node-big', labels: { ...big.metadata.labels, 'kubernetes.io/hostname': 'sim-a-node-big' } },
      spec: { podCIDR: '10.244.9.0/24' },
      status: { ...big.status, capacity: { ...big.status!.capacity, cpu: '16' }, allocatable: { ...big.status!.allocatable, cpu: '16' } },
    });
    await c.advance(11_000);
    expect(pod(c, 'huge').spec.nodeName).toBe('sim-a-node-big');
    expect(pod(c, 'huge').status?.conditions?.find((x) => x.type === 'PodScheduled')?.status).toBe('True');
  });

  it('counts every reason a node was rejected, sorted, and says when preemption would not help', async () => {
    const c = (cluster = await startTestCluster({ nodeCpu: '2' }));
    c.registry.mutate<Node>(R.nodes, '', 'sim-a-node-1', (n) => { n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]; });
    c.registry.mutate<Node>(R.nodes, '', 'sim-a-node-2', (n) => { n.spec.unschedulable = true; });
    createPod(c, 'p', { cpu: '3', memory: '64Gi' });
    await c.settle();
    expect(pod(c, 'p').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable. '
      + 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('honours nodeSelector, taints with tolerations, and the pod capacity of nodes', async () => {
    const c = (cluster = await startTestCluster({ maxPodsPerNode: 2 }));
    c.registry.mutate<Node>(R.nodes, '', 'sim-a-node-3', (n) => {
      n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' };
      n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    });
    createPod(c, 'db', { nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] });
    createPod(c, 'picky', { nodeSelector: { disk: 'ssd' } });
    for (let i = 0; i < 5; i++) createPod(c, `filler-${i}`);
    await c.settle();
    expect(pod(c, 'db').spec.nodeName).toBe('sim-a-node-3');
    expect(pod(c, 'picky').spec.nodeName).toBeUndefined();
    const fillers = c.pods('default', (p) => p.metadata.name.startsWith('filler-'));
    expect(fillers.filter((p) => p.spec.nodeName)).toHaveLength(4);
    const counts = new Map<string, number>();
    for (const p of c.pods('default', (x) => !!x.spec.nodeName)) counts.set(p.spec.nodeName!, (counts.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(pod(c, fillers.find((p) => !p.spec.nodeName)!.metadata.name).status?.conditions?.[0]?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('spreads pods with requests over the least requested nodes', async () => {
    const c = (cluster = await startTestCluster({ nodes: 3 }));
    for (let i = 0; i < 9; i++) createPod(c, `p${i}`, { cpu: '500m', memory: '256Mi' });
    await c.settle();
    const counts = new Map<string, number>();
    for (const p of c.pods('default')) counts.set(p.spec.nodeName!, (counts.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });
});
