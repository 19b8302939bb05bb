/**
 * The live benchmarks' fleet and its writer, in the orchestrating process: N clusters (no
 * controllers, so every change is the writer's), each with `streams` streams of changes. A
 * stream is one ConfigMap (labelled `stream=<id>`) or one Event about such a ConfigMap, rewritten
 * once a second with a sequence number and the wall-clock time of the write, so that a
 * subscriber can tell latency (receipt time minus write time) and loss (a sequence number never
 * received) from the delivery alone. The writer spreads its writes evenly over each second.
 */
import { SimFleet } from '../src/sim/index.ts';
import { R } from '../src/sim/resources.ts';

export interface Stream {
  /** Index into the fleet's streams; also the label value `s<id>`. */
  id: number;
  cluster: string;
  namespace: string;
  kind: 'ConfigMap' | 'Event' | 'Pod';
  /** The ConfigMap's name (the Event's involved object), or the pod's. */
  target: string;
  /** A Pod stream's label selector (its Deployment's pods). */
  selector?: string;
  eventType: 'Normal' | 'Warning';
  seq: number;
}

export const NAMESPACES = ['team-a', 'team-b', 'team-c', 'team-d', 'team-e'];

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export async function startLiveFleet(clusters: number, streamsPerCluster: number): Promise<{ fleet: SimFleet; streams: Stream[] }> {
  const fleet = await SimFleet.start({ clusters, nodes: 1, pods: 0, namePrefix: 'live', clusterDefaults: { controllers: false } });
  const streams: Stream[] = [];
  for (const c of fleet.clusters) {
    for (const ns of NAMESPACES) c.registry.create(R.namespaces, { metadata: { name: ns } });
    for (let k = 0; k < streamsPerCluster; k++) {
      const id = streams.length;
      const s: Stream = {
        id, cluster: c.name, namespace: NAMESPACES[k % NAMESPACES.length]!, kind: k % 2 === 0 ? 'ConfigMap' : 'Event',
        target: `cm-${id}`, eventType: k % 4 === 3 ? 'Warning' : 'Normal', seq: 0,
      };
      c.registry.create(R.configmaps, { metadata: { name: s.target, namespace: s.namespace, labels: { stream: `s${id}` } }, data: { seq: '0', t: '0' } });
      if (s.kind === 'Event') {
        c.registry.create(R.events, {
          metadata: { name: `${s.target}.bench`, namespace: s.namespace },
          involvedObject: { kind: 'ConfigMap', name: s.target, namespace: s.namespace, apiVersion: 'v1' },
          type: s.eventType, reason: 'Bench', message: 'seq=0 t=0', count: 1, source: { component: 'bench' },
        });
      }
      streams.push(s);
    }
  }
  return { fleet, streams };
}

/**
 * A settled fleet (SimFleet's `settled`: Deployments rolled out, pods Running) of `pods` pods per
 * cluster, and `streamsPerCluster` pod streams per cluster: one pod of each of as many
 * Deployments, followed by its Deployment's label selector.
 */
export async function startPodFleet(clusters: number, pods: number, streamsPerCluster: number): Promise<{ fleet: SimFleet; streams: Stream[] }> {
  const fleet = await SimFleet.start({ clusters, pods, nodes: Math.max(1, Math.ceil(pods / 100)), settled: true, namePrefix: 'fresh' });
  const streams: Stream[] = [];
  for (const c of fleet.clusters) {
    const byApp = new Map<string, { namespace: string; name: string }>();
    for (const p of c.registry.list(R.pods)) {
      const app = p.metadata.labels?.app;
      if (app && p.metadata.namespace !== 'kube-system' && !byApp.has(app)) byApp.set(app, { namespace: p.metadata.namespace ?? '', name: p.metadata.name });
    }
    const picked = [...byApp.entries()].slice(0, streamsPerCluster);
    if (picked.length < streamsPerCluster) throw new Error(`startPodFleet: ${c.name} has ${picked.length} Deployments, fewer than ${streamsPerCluster} streams`);
    for (const [app, pod] of picked) {
      streams.push({ id: streams.length, cluster: c.name, namespace: pod.namespace, kind: 'Pod', target: pod.name, selector: `app=${app}`, eventType: 'Normal', seq: 0 });
    }
  }
  return { fleet, streams };
}

/**
 * How the writer changes a stream: `rewrite` its one object (a watch may fold several rewrites of
 * one object into its final state, e.g. across a relist), or `create` a new object per change (a
 * ConfigMap labelled like the stream's, or an Event about its ConfigMap), so that every change is
 * its own object and must reach each subscriber exactly once even across a relist.
 */
export type WriteMode = 'rewrite' | 'create';

/** One write to a stream: the next sequence number and the time of the write, in the object. */
export function writeStream(fleet: SimFleet, s: Stream, mode: WriteMode = 'rewrite'): void {
  const c = fleet.cluster(s.cluster);
  s.seq++;
  const t = wallMs().toFixed(3);
  if (mode === 'create') {
    if (s.kind === 'Pod') throw new Error('writeStream: create mode has no pod streams');
    if (s.kind === 'ConfigMap') {
      c.registry.create(R.configmaps, { metadata: { name: `${s.target}-${s.seq}`, namespace: s.namespace, labels: { stream: `s${s.id}` } }, data: { seq: String(s.seq), t } });
    } else {
      c.registry.create(R.events, {
        metadata: { name: `${s.target}.bench-${s.seq}`, namespace: s.namespace },
        involvedObject: { kind: 'ConfigMap', name: s.target, namespace: s.namespace, apiVersion: 'v1' },
        type: s.eventType, reason: 'Bench', message: `seq=${s.seq} t=${t}`, count: 1, source: { component: 'bench' },
      });
    }
  } else if (s.kind === 'Pod') {
    c.registry.mutate(R.pods, s.namespace, s.target, (d) => {
      d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'bench/seq': String(s.seq), 'bench/t': t };
    });
  } else if (s.kind === 'ConfigMap') {
    c.registry.mutate(R.configmaps, s.namespace, s.target, (d) => { (d as { data?: Record<string, string> }).data = { seq: String(s.seq), t }; });
  } else {
    c.registry.mutate(R.events, s.namespace, `${s.target}.bench`, (d) => {
      const e = d as unknown as { message: string; count: number; lastTimestamp?: string };
      e.message = `seq=${s.seq} t=${t}`;
      e.count = s.seq + 1;
    });
  }
}

export interface Writer {
  /** Writes made so far. */
  readonly writes: number;
  /** Stop; resolves after the last write. */
  stop(): Promise<void>;
  /** Writes that started late by more than 50 ms (the writer's own lag; the figures exclude nothing). */
  readonly lateTicks: number;
}

/**
 * Write `perSecond` changes a second, round-robin over `streams` (each stream perSecond /
 * streams.length times a second), in ticks of `tickMs`, each a `mode` write.
 */
export function startWriter(fleet: SimFleet, streams: Stream[], perSecond: number, tickMs = 10, mode: WriteMode = 'rewrite'): Writer {
  let writes = 0;
  let next = 0;
  let lateTicks = 0;
  let stopped = false;
  const t0 = performance.now();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => { resolveDone = r; });
  const tick = (): void => {
    if (stopped) { resolveDone(); return; }
    const elapsed = performance.now() - t0;
    const due = Math.floor((elapsed / 1000) * perSecond);
    if (due - writes > perSecond * 0.05) lateTicks++;
    while (writes < due) {
      writeStream(fleet, streams[next]!, mode);
      next = (next + 1) % streams.length;
      writes++;
    }
    setTimeout(tick, tickMs);
  };
  setTimeout(tick, tickMs);
  return {
    get writes() { return writes; },
    get lateTicks() { return lateTicks; },
    async stop() { stopped = true; await done; },
  };
}
