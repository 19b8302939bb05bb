import { afterEach, describe, expect, it } from 'vitest';
import { cpuMillis, bytesOf } from '../../../../src/sim/metrics/quantity.ts';
import { nodeMetrics, podMetrics } from '../../../../src/sim/metrics/metricsFor.ts';
import type { KObject } from '../../../../src/sim/types.ts';
import { R } from '../../../../src/sim/resources.ts';
import { deploymentBody, startTestCluster, type TestCluster } from './harness.ts';

const clusters: TestCluster[] = [];
afterEach(() => { for (const c of clusters.splice(0)) c.stop(); });

type Usage = { cpu: string; memory: string };

async function cluster(seed: number): Promise<TestCluster> {
  const c = await startTestCluster({ seed });
  clusters.push(c);
  c.registry.create(R.deployments, deploymentBody('web', { replicas: 4, cpu: '200m' }));
  c.registry.create(R.deployments, deploymentBody('idle', { replicas: 2 }));
  c.registry.create(R.deployments, deploymentBody('broken', { replicas: 1, image: 'nginx:doesnotexist' }));
  await c.advance(2000);
  return c;
}

const summary = (list: KObject[]): string[] => list.map((m) => `${m.metadata.name}:${JSON.stringify(m.usage ?? m.containers)}`).sort();

describe('metrics', () => {
  it('reports metrics-server style usage for Running pods and every node, the same for the same seed and time', async () => {
    const a = await cluster(7);
    const b = await cluster(7);
    const ctxA = { registry: a.registry, clock: a.clock, seed: 7 };
    const ctxB = { registry: b.registry, clock: b.clock, seed: 7 };
    expect(summary(podMetrics(ctxA))).toEqual(summary(podMetrics(ctxB)));
    expect(summary(nodeMetrics(ctxA))).toEqual(summary(nodeMetrics(ctxB)));
    expect(summary(nodeMetrics({ ...ctxA, seed: 8 }))).not.toEqual(summary(nodeMetrics(ctxA)));

    const pods = podMetrics(ctxA, 'default');
    expect(pods).toHaveLength(6); // the pod that cannot pull its image is not Running
    const web = pods.find((p) => p.metadata.name.startsWith('web-'))!;
    expect(web).toMatchObject({ kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { namespace: 'default', labels: { app: 'web' } }, timestamp: '2026-01-01T00:00:00Z' });
    const usage = (web.containers as { name: string; usage: Usage }[])[0]!.usage;
    expect(usage.cpu).toMatch(/^\d+n$/);
    expect(usage.memory).toMatch(/^\d+Ki$/);
    expect(cpuMillis(usage.cpu)).toBeGreaterThan(0);
    expect(cpuMillis(usage.cpu)).toBeLessThanOrEqual(200);

    const nodes = nodeMetrics(ctxA);
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(['sim-a-node-1', 'sim-a-node-2', 'sim-a-node-3']);
    expect(nodes[0]).toMatchObject({ kind: 'NodeMetrics', window: '10.062s', metadata: { labels: { 'kubernetes.io/os': 'linux' } } });
    // A node's usage is its system overhead plus its pods.
    for (const n of nodes) {
      const onNode = a.pods('default', (p) => p.spec.nodeName === n.metadata.name && p.status?.phase === 'Running').map((p) => p.metadata.name);
      const podCpu = pods.filter((p) => onNode.includes(p.metadata.name))
        .reduce((s, p) => s + (p.containers as { usage: Usage }[]).reduce((t, x) => t + Number(x.usage.cpu.slice(0, -1)), 0), 0);
      const nodeCpu = Number((n.usage as Usage).cpu.slice(0, -1));
      expect(nodeCpu - podCpu).toBeGreaterThan(50e6);
      expect(nodeCpu - podCpu).toBeLessThan(300e6);
      expect(bytesOf((n.usage as Usage).memory)).toBeGreaterThan(600 * 1024 * 1024);
    }
  });

  it('changes readings only every 15 seconds of cluster time', async () => {
    const c = await cluster(3);
    const ctx = { registry: c.registry, clock: c.clock, seed: 3 };
    const first = summary(podMetrics(ctx));
    await c.advance(5000);
    expect(summary(podMetrics(ctx))).toEqual(first);
    await c.advance(15_000);
    expect(summary(podMetrics(ctx))).not.toEqual(first);
  });
});
