/**
 * `kubectl top`: kubectl reads metrics.k8s.io (NodeMetrics, PodMetrics) and the nodes'
 * allocatable capacity, and prints usage in millicores and MiB with percentages.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, rows, type KubeList, type KubeObject, type Pod } from './harness.ts';

const run = kubectlAvailable();

interface Metrics extends KubeObject {
  usage?: { cpu: string; memory: string };
  containers?: { name: string; usage: { cpu: string; memory: string } }[];
}

const CPU = /^\d+m$/;
const MEMORY = /^\d+Mi$/;

describe.skipIf(!run)('kubectl top', () => {
  let k: Conformance;
  let webPods: Pod[];

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: batch\n---\n${deploymentYaml('web', { replicas: 3 })}---\n${deploymentYaml('worker', { namespace: 'batch', replicas: 2 })}`);
    webPods = await k.runningPods('app=web', 3);
    await k.runningPods('app=worker', 2, 'batch');
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('top nodes prints CPU and memory usage of every node with percentages of allocatable', async () => {
    const table = await eventually(async () => {
      const r = await k.run(['top', 'nodes']);
      return r.code === 0 ? rows(r.stdout) : undefined;
    });
    expect(Object.keys(table[0]!)).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(table.map((r) => r['NAME'])).toEqual([`${k.context}-node-1`, `${k.context}-node-2`, `${k.context}-node-3`]);
    for (const r of table) {
      expect(r['CPU(cores)']).toMatch(CPU);
      expect(r['MEMORY(bytes)']).toMatch(MEMORY);
      // 4 cores and 16Gi per node: the percentages follow from the numbers.
      const cpuPct = Math.floor(parseInt(r['CPU(cores)']!, 10) / 4000 * 100);
      expect(Number(r['CPU(%)']!.replace('%', ''))).toBeGreaterThanOrEqual(cpuPct - 1);
      expect(Number(r['CPU(%)']!.replace('%', ''))).toBeLessThanOrEqual(cpuPct + 1);
      expect(r['MEMORY(%)']).toMatch(/^\d+%$/);
      expect(parseInt(r['CPU(cores)']!, 10)).toBeGreaterThan(0);
    }
    const metrics = JSON.parse(await k.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes'])) as KubeList<Metrics>;
    expect(metrics.kind).toBe('NodeMetricsList');
    expect(metrics.items.map((m) => m.metadata.name).sort()).toEqual(table.map((r) => r['NAME']).sort());
    expect(metrics.items.every((m) => /^\d+n$/.test(m.usage!.cpu) && /^\d+Ki$/.test(m.usage!.memory))).toBe(true);
  });

  test('top pods prints usage of the namespace\'s pods', async () => {
    const table = await eventually(async () => {
      const r = await k.run(['top', 'pods']);
      const t = r.code === 0 ? rows(r.stdout) : [];
      return t.length === 3 ? t : undefined;
    });
    expect(Object.keys(table[0]!)).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(table.map((r) => r['NAME']).sort()).toEqual(webPods.map((p) => p.metadata.name).sort());
    for (const r of table) {
      expect(r['CPU(cores)']).toMatch(CPU);
      expect(r['MEMORY(bytes)']).toMatch(MEMORY);
      expect(parseInt(r['MEMORY(bytes)']!, 10)).toBeGreaterThan(0);
    }
    // The same numbers the metrics API serves.
    const raw = JSON.parse(await k.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods'])) as KubeList<Metrics>;
    expect(raw.kind).toBe('PodMetricsList');
    expect(raw.items.map((m) => m.metadata.name).sort()).toEqual(table.map((r) => r['NAME']).sort());
  });

  test('top pods -A adds the namespace column and covers every namespace', async () => {
    const table = rows(await k.ok(['top', 'pods', '-A']));
    expect(Object.keys(table[0]!)).toEqual(['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const namespaces = new Set(table.map((r) => r['NAMESPACE']));
    expect(namespaces).toContain('default');
    expect(namespaces).toContain('batch');
    expect(table.filter((r) => r['NAMESPACE'] === 'batch')).toHaveLength(2);
    for (const r of table) expect(r['CPU(cores)']).toMatch(CPU);
  });

  test('top pod --containers and -l narrow the output to the selected pods\' containers', async () => {
    const table = rows(await k.ok(['top', 'pods', '-l', 'app=web', '--containers']));
    expect(Object.keys(table[0]!)).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(table.map((r) => r['POD']).sort()).toEqual(webPods.map((p) => p.metadata.name).sort());
    expect(table.every((r) => r['NAME'] === 'web')).toBe(true);

    const sorted = rows(await k.ok(['top', 'pods', '-A', '--sort-by=memory']));
    const mem = sorted.map((r) => parseInt(r['MEMORY(bytes)']!, 10));
    expect(mem).toEqual([...mem].sort((a, b) => b - a));
  });

  test('top of a missing pod or node gives the NotFound of the object itself, as metrics-server does', async () => {
    const pod = await k.run(['top', 'pod', 'nope']);
    expect(pod.code).toBe(1);
    expect(pod.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
    const node = await k.run(['top', 'node', 'nope']);
    expect(node.code).toBe(1);
    expect(node.stderr.trim()).toBe('Error from server (NotFound): nodes "nope" not found');
  });

  test('top of a pod that is not running says its metrics are not found', async () => {
    await k.ok(['run', 'stuck', '--image=registry.example/doesnotexist:1']);
    const r = await k.run(['top', 'pod', 'stuck']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/stuck" not found');
    expect(rows(await k.ok(['top', 'pods'])).map((x) => x['NAME'])).not.toContain('stuck');
  });
});
