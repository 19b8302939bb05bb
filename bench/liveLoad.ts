/**
 * The live benchmarks' subscribers, in a process of their own: one graphql-ws client (one
 * WebSocket) per subscriber, connected in batches, each subscribed to one stream of the fleet
 * through one of four filter shapes (resourceChanges by label selector, with or without a
 * namespace; events by involved object, with namespace and kind or with event type). Every
 * delivery carries its write time and sequence number: latency is receipt minus write (wall
 * clock, same machine), loss is a sequence number never received.
 *
 * With several `urls` (replicas), subscriber k connects to urls[floor(k / streams) mod urls]: each
 * stream's subscribers spread evenly over the replicas once there are urls × streams of them. A
 * subscriber whose connection closes resumes with its last cursor: on the next URL when its
 * replica is the one a `failover` request says was killed, else on the same one. After that
 * request it also notes per stream when the first change written after the kill reached a
 * subscriber that never was on the killed replica (a survivor).
 *
 *   node --import tsx bench/liveLoad.ts CONFIG_JSON   (forked by bench/live.ts)
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { cpuMs } from './fanoutTypes.ts';
import type { Stream } from './liveFleet.ts';
import { wallMs } from './liveFleet.ts';

export interface LiveLoadConfig {
  url: string;
  /** Several gateways (replicas) sharing the subscribers instead of `url` alone. */
  urls?: string[];
  subscribers: number;
  streams: Omit<Stream, 'seq'>[];
  /** Connections opened at once. */
  connectBatch: number;
}

export type LiveLoadRequest =
  | { type: 'measure'; on: boolean }
  | { type: 'finish'; fromSeq: number[]; finalSeq: number[] }
  /** From now on, note per stream the first receipt, by a subscriber that never was on urls[killed], of a change written after `at` (wall ms). */
  | { type: 'failover'; at: number; killed: number };

export interface LatencySummary { n: number; p50: number; p99: number; max: number }
export type LiveLoadMessage =
  | { type: 'connected'; seconds: number }
  | { type: 'result'; latency: LatencySummary; drainSeconds: number; deliveries: number; lost: number; lostSubscribers: number; duplicates: number; gaps: number; errors: string[]; closed: number; resumed: number; closeCodes: Record<string, number>; cpuMs: number; rss: number; firstAfterFailover: Array<number | null>; moved: number; lostSamples: string[] }
  | { type: 'error'; message: string };

const CM_BY_LABEL = 'subscription S($c: [String!], $l: String, $a: String) { resourceChanges(kind: "ConfigMap", clusterNames: $c, labelSelector: $l, after: $a) { cursor type name object gap { cluster missed } } }';
const CM_BY_NS_LABEL = 'subscription S($c: [String!], $n: String, $l: String, $a: String) { resourceChanges(kind: "ConfigMap", clusterNames: $c, namespace: $n, labelSelector: $l, after: $a) { cursor type name object gap { cluster missed } } }';
const POD_BY_LABEL = 'subscription S($c: [String!], $n: String, $l: String, $a: String) { resourceChanges(kind: "Pod", clusterNames: $c, namespace: $n, labelSelector: $l, after: $a) { cursor type name object gap { cluster missed } } }';
const EV_BY_OBJECT = 'subscription S($c: [String!], $n: String, $o: String, $a: String) { events(clusterNames: $c, namespace: $n, involvedKind: "ConfigMap", involvedName: $o, after: $a) { cursor event { message } gap { cluster missed } } }';
const EV_BY_TYPE = 'subscription S($c: [String!], $t: EventType, $o: String, $a: String) { events(clusterNames: $c, type: $t, involvedName: $o, after: $a) { cursor event { message } gap { cluster missed } } }';

interface Subscriber {
  stream: number;
  variant: number;
  /** Index into the URLs: where it is connected now, and where it was first. */
  url: number;
  home: number;
  /** The last delivery's cursor: where a resumed subscription starts. */
  cursor: string | undefined;
  client: Client | undefined;
  done: boolean;
  seen: Set<number>;
  duplicates: number;
}

/** Deliveries are over when none came for this long after the last write... */
const DRAIN_QUIET_MS = 3000;
/** ...or this long after it, whichever first. */
const DRAIN_MAX_MS = 120_000;

const config = JSON.parse(process.argv[2] ?? '{}') as LiveLoadConfig;
const send = (m: LiveLoadMessage) => process.send?.(m);
let recording = false;
const latencies: number[] = [];
let deliveries = 0;
let lastDeliveryAt = 0;
let gaps = 0;
let closed = 0;
let resumed = 0;
const closeCodes: Record<string, number> = {};
const errors: string[] = [];
const subscribers: Subscriber[] = [];
const clients: Client[] = [];
const urls = config.urls?.length ? config.urls : [config.url];
let failover: { at: number; killed: number } | undefined;
const firstAfterFailover: Array<number | null> = config.streams.map(() => null);
let moved = 0;

function note(error: unknown): void {
  if (errors.length < 20) errors.push(error instanceof Error ? error.message : JSON.stringify(error).slice(0, 500));
}

function request(s: Omit<Stream, 'seq'>, variant: number): { query: string; variables: Record<string, unknown> } {
  if (s.kind === 'Pod') return { query: POD_BY_LABEL, variables: { c: [s.cluster], n: s.namespace, l: s.selector } };
  if (s.kind === 'ConfigMap') {
    return variant === 0
      ? { query: CM_BY_LABEL, variables: { c: [s.cluster], l: `stream=s${s.id}` } }
      : { query: CM_BY_NS_LABEL, variables: { c: [s.cluster], n: s.namespace, l: `stream=s${s.id}` } };
  }
  return variant === 0
    ? { query: EV_BY_OBJECT, variables: { c: [s.cluster], n: s.namespace, o: s.target } }
    : { query: EV_BY_TYPE, variables: { c: [s.cluster], t: s.eventType === 'Warning' ? 'WARNING' : 'NORMAL', o: s.target } };
}

interface Delivery {
  resourceChanges?: { cursor?: string; name?: string | null; object?: { data?: { seq?: string; t?: string }; metadata?: { annotations?: Record<string, string> } } | null; gap?: unknown };
  events?: { cursor?: string; event?: { message: string } | null; gap?: unknown };
}

function receive(sub: Subscriber, data: Delivery): void {
  const now = wallMs();
  deliveries++;
  lastDeliveryAt = now;
  const d = data.resourceChanges ?? data.events;
  if (d && 'cursor' in d) sub.cursor = (d as { cursor: string }).cursor;
  if (d?.gap) { gaps++; return; }
  let seq: number;
  let t: number;
  if (data.resourceChanges) {
    const o = data.resourceChanges.object;
    const fromPod = o?.metadata?.annotations?.['bench/seq'] !== undefined;
    // A pod stream's selector matches its Deployment's other pods too: only the written one counts.
    if (o?.metadata && !o.data && !fromPod) return;
    seq = Number(fromPod ? o?.metadata?.annotations?.['bench/seq'] : o?.data?.seq);
    t = Number(fromPod ? o?.metadata?.annotations?.['bench/t'] : o?.data?.t);
  } else {
    const m = /^seq=(\d+) t=([\d.]+)$/.exec(data.events?.event?.message ?? '');
    seq = Number(m?.[1]);
    t = Number(m?.[2]);
  }
  if (!Number.isFinite(seq) || seq === 0) return; // the object as first written, before the run
  if (sub.seen.has(seq)) sub.duplicates++;
  else sub.seen.add(seq);
  if (failover && t > failover.at && sub.home !== failover.killed && firstAfterFailover[sub.stream] === null) firstAfterFailover[sub.stream] = now;
  if (recording) latencies.push(now - t);
}

function subscribe(i: number): Promise<void> {
  const streamIndex = i % config.streams.length;
  const url = Math.floor(i / config.streams.length) % urls.length;
  const sub: Subscriber = { stream: streamIndex, variant: Math.floor(i / config.streams.length) % 2, url, home: url, seen: new Set(), duplicates: 0, cursor: undefined, client: undefined, done: false };
  subscribers.push(sub);
  return open(sub);
}

/**
 * One connection for one subscription. When the gateway closes it (a slow consumer's send
 * buffer overflowing closes with 4413), the subscriber does what tooling is told to: it
 * reconnects and resumes after its last cursor, so only what the gateway never delivers is lost.
 */
function open(sub: Subscriber): Promise<void> {
  const stream = config.streams[sub.stream]!;
  const req = request(stream, sub.variant);
  req.variables.a = sub.cursor ?? null;
  return new Promise((resolve) => {
    const client = createClient({ url: urls[sub.url]!, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, keepAlive: 0 });
    sub.client = client;
    clients.push(client);
    client.on('connected', () => resolve());
    client.on('closed', (event) => {
      resolve();
      if (sub.done) return;
      closed++;
      const e = event as { code?: number; reason?: string };
      const key = `${e.code ?? '?'} ${e.reason ?? ''}`.trim();
      closeCodes[key] = (closeCodes[key] ?? 0) + 1;
      resumed++;
      // Its replica was killed: resume on the next one. (A gateway that closes a slow consumer
      // can also end as 1006, when its close frame waits behind a full send buffer too long:
      // that subscriber resumes where it was, as with 4413.)
      if (failover && sub.url === failover.killed) {
        sub.url = (sub.url + 1) % urls.length;
        moved++;
      }
      setTimeout(() => void open(sub), 50);
    });
    client.subscribe<Delivery>(req, {
      next: (v) => {
        if (v.errors) note(v.errors);
        else if (v.data) receive(sub, v.data);
      },
      error: (e) => { if (!(e && typeof e === 'object' && 'code' in e)) note(e); },
      complete: () => undefined,
    });
  });
}

function summarize(samples: number[]): LatencySummary {
  const s = Float64Array.from(samples).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { n: s.length, p50: at(50), p99: at(99), max: s[s.length - 1] ?? NaN };
}

async function main(): Promise<void> {
  // An orchestrator that died leaves no load behind.
  process.on('disconnect', () => process.exit(1));
  const t0 = performance.now();
  for (let i = 0; i < config.subscribers; i += config.connectBatch) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(config.subscribers, i + config.connectBatch); j++) batch.push(subscribe(j));
    await Promise.all(batch);
  }
  send({ type: 'connected', seconds: (performance.now() - t0) / 1000 });
  process.on('message', (m: LiveLoadRequest) => {
    if (m.type === 'measure') { recording = m.on; return; }
    if (m.type === 'failover') { failover = { at: m.at, killed: m.killed }; return; }
    void finish(m);
  });
}

/** Once deliveries have stopped (a backlog drained: late is not lost), count what never came. */
async function finish(m: Extract<LiveLoadRequest, { type: 'finish' }>): Promise<void> {
  const t0 = wallMs();
  while (wallMs() - lastDeliveryAt < DRAIN_QUIET_MS && wallMs() - t0 < DRAIN_MAX_MS) await new Promise((r) => setTimeout(r, 200));
  {
    const cpu = cpuMs();
    let lost = 0;
    let lostSubscribers = 0;
    const lostSamples: string[] = [];
    let duplicates = 0;
    for (const sub of subscribers) {
      const want = m.finalSeq[sub.stream] ?? 0;
      let missing = 0;
      for (let q = (m.fromSeq[sub.stream] ?? 0) + 1; q <= want; q++) {
        if (sub.seen.has(q)) continue;
        missing++;
        if (lostSamples.length < 10) lostSamples.push(`stream ${sub.stream} seq ${q} of ${m.fromSeq[sub.stream] ?? 0}+1..${want} (subscriber on URL ${sub.url}, first ${sub.home}, variant ${sub.variant})`);
      }
      lost += missing;
      if (missing) lostSubscribers++;
      duplicates += sub.duplicates;
    }
    send({ type: 'result', latency: summarize(latencies), drainSeconds: (wallMs() - t0) / 1000, deliveries, lost, lostSubscribers, duplicates, gaps, errors, closed, resumed, closeCodes, cpuMs: cpu, rss: process.memoryUsage().rss, firstAfterFailover, moved, lostSamples });
    for (const sub of subscribers) sub.done = true;
    void Promise.all(clients.map((c) => c.dispose())).finally(() => setTimeout(() => process.exit(0), 200));
  }
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exit(1);
});
