/**
 * The metrics.k8s.io API (what metrics-server serves to `kubectl top`): NodeMetrics and
 * PodMetrics computed on the fly, never stored. Usage derives from each container's requests
 * (or a small default without them), a stable per-container share, and noise that changes only
 * every 15 s of cluster time, so the same seed and clock give the same numbers and readings
 * drift slowly like real scrapes. Only Running pods report; a node reports its system overhead
 * plus its pods.
 */
import type { SimClock } from '../clock.ts';
import { unitHash } from '../controllers/templateHash.ts';
import type { Registry } from '../registry/Registry.ts';
import { R } from '../resources.ts';
import type { Container, KObject, Node, Pod } from '../types.ts';
import { bytesOf, cpuMillis, formatKibibytes, formatNanoCores } from './quantity.ts';

export interface MetricsContext {
  registry: Registry;
  clock: SimClock;
  seed: number;
}

/** metrics-server's scrape period: readings (and their noise) change at this pace. */
const SCRAPE_MS = 15_000;
const NODE_WINDOW = '10.062s';
const POD_WINDOW = '14.897s';

interface Usage {
  nanocores: number;
  bytes: number;
}

function scrapeTime(clock: SimClock): { bucket: number; timestamp: string } {
  const bucket = Math.floor(clock.now() / SCRAPE_MS);
  return { bucket, timestamp: new Date(bucket * SCRAPE_MS).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

function containerUsage(seed: number, pod: Pod, c: Container, bucket: number): Usage {
  const id = `${seed}|${pod.metadata.uid}|${c.name}`;
  const req = c.resources?.requests ?? {};
  const cpuReq = cpuMillis(req.cpu ?? c.resources?.limits?.cpu);
  const memReq = bytesOf(req.memory ?? c.resources?.limits?.memory);
  // A stable share of the request per container, and a slow drift around it.
  const cpuBase = cpuReq > 0 ? cpuReq * (0.05 + 0.6 * unitHash(`${id}|cpu`)) : 1 + 7 * unitHash(`${id}|cpu`);
  const memBase = memReq > 0 ? memReq * (0.3 + 0.55 * unitHash(`${id}|mem`)) : (8 + 56 * unitHash(`${id}|mem`)) * 1024 * 1024;
  const cpuNoise = 0.8 + 0.4 * unitHash(`${id}|cpu|${bucket}`);
  const memNoise = 0.97 + 0.06 * unitHash(`${id}|mem|${bucket}`);
  return { nanocores: Math.round(cpuBase * cpuNoise * 1e6), bytes: Math.round(memBase * memNoise) };
}

function isRunning(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && pod.metadata.deletionTimestamp === undefined;
}

function podContainers(ctx: MetricsContext, pod: Pod, bucket: number): { name: string; usage: Usage }[] {
  return pod.spec.containers.map((c) => ({ name: c.name, usage: containerUsage(ctx.seed, pod, c, bucket) }));
}

function usageJson(u: Usage): Record<string, string> {
  return { cpu: formatNanoCores(u.nanocores), memory: formatKibibytes(u.bytes) };
}

export function nodeMetrics(ctx: MetricsContext): KObject[] {
  const { bucket, timestamp } = scrapeTime(ctx.clock);
  const perNode = new Map<string, Usage>();
  for (const pod of ctx.registry.list<Pod>(R.pods)) {
    const node = pod.spec.nodeName;
    if (!node || !isRunning(pod)) continue;
    const total = perNode.get(node) ?? { nanocores: 0, bytes: 0 };
    for (const c of podContainers(ctx, pod, bucket)) {
      total.nanocores += c.usage.nanocores;
      total.bytes += c.usage.bytes;
    }
    perNode.set(node, total);
  }
  const created = ctx.clock.timestamp();
  return ctx.registry.list<Node>(R.nodes).map((node) => {
    const name = node.metadata.name;
    const id = `${ctx.seed}|node|${name}`;
    // The kubelet, container runtime and system daemons.
    const overheadCpu = (80 + 120 * unitHash(`${id}|cpu`)) * (0.85 + 0.3 * unitHash(`${id}|cpu|${bucket}`)) * 1e6;
    const overheadMem = (700 + 400 * unitHash(`${id}|mem`)) * 1024 * 1024 * (0.98 + 0.04 * unitHash(`${id}|mem|${bucket}`));
    const pods = perNode.get(name) ?? { nanocores: 0, bytes: 0 };
    return {
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name, creationTimestamp: created, labels: { ...(node.metadata.labels ?? {}) } } as KObject['metadata'],
      timestamp,
      window: NODE_WINDOW,
      usage: usageJson({ nanocores: pods.nanocores + overheadCpu, bytes: pods.bytes + overheadMem }),
    };
  });
}

export function podMetrics(ctx: MetricsContext, namespace?: string): KObject[] {
  const { bucket, timestamp } = scrapeTime(ctx.clock);
  const created = ctx.clock.timestamp();
  return ctx.registry.list<Pod>(R.pods, namespace || undefined).filter(isRunning).map((pod) => ({
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: created, labels: { ...(pod.metadata.labels ?? {}) } } as KObject['metadata'],
    timestamp,
    window: POD_WINDOW,
    containers: podContainers(ctx, pod, bucket).map((c) => ({ name: c.name, usage: usageJson(c.usage) })),
  }));
}
