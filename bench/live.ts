/**
 * Subscriptions: 1,000 and 10,000 concurrent graphql-ws subscribers (a separate load process,
 * one WebSocket each, four filter shapes) against the gateway (its own process) over a simulated
 * fleet (this process) whose writer changes ~1,000 objects a second, each subscriber's filter
 * matching one of them once a second. Figures: delivery latency from the simulator's write to
 * the client's receipt, upstream watches (from the simulator's request logs), gateway memory
 * per subscriber, changes lost.
 *
 *   npm run bench -- live [--subscribers 1000,10000] [--clusters 10] [--streams 100]
 *     [--rate 1000] [--seconds 30] [--warmup 5] [--batch 200] [--cpu-prof DIR]
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimFleet } from '../src/sim/index.ts';
import { startLiveFleet, startWriter, type Stream } from './liveFleet.ts';
import type { LiveGatewayMessage, LiveGatewayRequest } from './liveGatewayServer.ts';
import type { LiveLoadConfig, LiveLoadMessage, LiveLoadRequest } from './liveLoad.ts';
import { machine, writeSection } from './report.ts';
import { cpuMs } from './fanoutTypes.ts';

type Stats = Extract<LiveGatewayMessage, { type: 'stats' }>;
type Result = Extract<LiveLoadMessage, { type: 'result' }>;

export interface Round {
  subscribers: number;
  connectSeconds: number;
  memBefore: Stats;
  memAfter: Stats;
  /** The gateway's stats when the writes stopped (deliveries executed and shared so far). */
  memEnd: Stats;
  result: Result;
  writes: number;
  writerLateTicks: number;
  measuredSeconds: number;
  watchRequests: Record<string, number>;
  openWatches: number;
  gatewayCpuMs: number;
  simCpuMs: number;
  uptime: string;
}

/** A bench process (script next to this one) forked with its JSON config, under tsx, with IPC. */
export function child(script: string, config: unknown, execArgv: string[]): ChildProcess {
  return fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(config)], { execArgv: [...execArgv, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next IPC message of `type` from `proc` (rejects on its `error` message, its exit, or the timeout). */
export function next<T extends { type: string }>(proc: ChildProcess, type: T['type'], timeoutMs = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no ${type} within ${timeoutMs} ms`)); }, timeoutMs);
    const on = (m: T & { message?: string }) => {
      if (m.type === 'error') { cleanup(); reject(new Error(m.message)); }
      else if (m.type === type) { cleanup(); resolve(m); }
    };
    const exit = (code: number | null) => { cleanup(); reject(new Error(`process exited (${code}) before ${type}`)); };
    const cleanup = () => { clearTimeout(timer); proc.off('message', on); proc.off('exit', exit); };
    proc.on('message', on);
    proc.once('exit', exit);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function live(args: Record<string, string>): Promise<void> {
  const sizes = (args.subscribers ?? '1000,10000').split(',').map(Number);
  const clusters = Number(args.clusters ?? 10);
  const streamsPerCluster = Number(args.streams ?? 100);
  const rate = Number(args.rate ?? 1000);
  const seconds = Number(args.seconds ?? 30);
  const warmup = Number(args.warmup ?? 5);
  const batch = Number(args.batch ?? 200);
  const profDir = args['cpu-prof'];
  const started = new Date();
  const { fleet, streams } = await startLiveFleet(clusters, streamsPerCluster);
  const dir = mkdtempSync(join(tmpdir(), 'bench-live-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfig);
  const rounds: Round[] = [];
  try {
    for (const n of sizes) rounds.push(await liveRound(fleet, streams, kubeconfig, { subscribers: n, rate, seconds, warmup, batch, ...(profDir ? { profDir } : {}) }));
  } finally {
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const command = `npm run bench -- live${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
  const body = liveReport({ date: started.toISOString().slice(0, 10), command, rounds, clusters, streams: streams.length, rate, seconds, warmup });
  if (profDir) log('--cpu-prof given: figures printed only, BENCHMARKS.md left as it was');
  else writeSection('live-subscriptions', body);
  process.stdout.write(`${body}\n`);
}

export interface RoundOptions { subscribers: number; rate: number; seconds: number; warmup: number; batch: number; profDir?: string }

/**
 * One round: a fresh gateway process, `subscribers` subscribers connected from a load process,
 * the writer at `rate` for warm-up plus measured time, then the count of what never arrived.
 */
export async function liveRound(fleet: SimFleet, streams: Stream[], kubeconfig: string, o: RoundOptions): Promise<Round> {
  const n = o.subscribers;
  const { rate, seconds, warmup, batch, profDir } = o;
  const names = fleet.clusters.map((c) => c.name);
  const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  log(`${n} subscribers: ${uptime}`);
  const gw = child('./liveGatewayServer.ts', { kubeconfig, clusters: names }, ['--expose-gc', ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', join(profDir, `gateway-${n}`)] : [])]);
  const gwExited = new Promise<void>((r) => gw.once('exit', () => r()));
  const stats = async (): Promise<Stats> => { const a = next<Stats>(gw, 'stats'); gw.send({ type: 'stats' } satisfies LiveGatewayRequest); return a; };
  try {
    const { url } = await next<{ type: 'listening'; url: string }>(gw, 'listening');
    const memBefore = await stats();
    for (const c of fleet.clusters) c.requests.clear();
    const config: LiveLoadConfig = { url: url.replace(/^http/, 'ws'), subscribers: n, streams: streams.map(({ seq: _seq, ...s }) => s), connectBatch: batch };
    const load = child('./liveLoad.ts', config, []);
    const loadExited = new Promise<void>((r) => load.once('exit', () => r()));
    const connected = await next<Extract<LiveLoadMessage, { type: 'connected' }>>(load, 'connected');
    log(`${n} subscribers: connected in ${connected.seconds.toFixed(1)} s; waiting for the hub to hold them all`);
    let memAfter = await stats();
    for (let i = 0; i < 600 && Object.values(memAfter.users).reduce((a, b) => a + b, 0) < n; i++) {
      await sleep(500);
      memAfter = await stats();
    }
    const held = Object.values(memAfter.users).reduce((a, b) => a + b, 0);
    if (held < n) throw new Error(`the gateway holds ${held} of ${n} subscriptions`);
    const fromSeq = streams.map((s) => s.seq);
    const writer = startWriter(fleet, streams, rate);
    const gwCpu0 = memAfter.cpuMs;
    const sim0 = cpuMs();
    await sleep(warmup * 1000);
    load.send({ type: 'measure', on: true } satisfies LiveLoadRequest);
    const w0 = writer.writes;
    const m0 = performance.now();
    await sleep(seconds * 1000);
    load.send({ type: 'measure', on: false } satisfies LiveLoadRequest);
    const measuredSeconds = (performance.now() - m0) / 1000;
    const writes = writer.writes - w0;
    await writer.stop();
    const simCpuMs = cpuMs() - sim0;
    const end = await stats();
    const result = next<Result>(load, 'result');
    load.send({ type: 'finish', fromSeq, finalSeq: streams.map((s) => s.seq) } satisfies LiveLoadRequest);
    const r = await result;
    await loadExited;
    const watchRequests: Record<string, number> = {};
    let openWatches = 0;
    for (const c of fleet.clusters) {
      for (const rec of c.requests.all().filter((x) => x.verb === 'watch')) watchRequests[`${c.name} ${rec.resource}`] = (watchRequests[`${c.name} ${rec.resource}`] ?? 0) + 1;
      openWatches += c.openWatchCount;
    }
    const round: Round = { subscribers: n, connectSeconds: connected.seconds, memBefore, memAfter, memEnd: end, result: r, writes, writerLateTicks: writer.lateTicks, measuredSeconds, watchRequests, openWatches, gatewayCpuMs: end.cpuMs - gwCpu0, simCpuMs, uptime };
    log(`${n} subscribers: p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, lost ${r.lost}, gaps ${r.gaps}, errors ${r.errors.length}, open watches ${openWatches}`);
    return round;
  } finally {
    gw.send({ type: 'stop' } satisfies LiveGatewayRequest);
    const timer = setTimeout(() => gw.kill('SIGKILL'), 15_000);
    await gwExited;
    clearTimeout(timer);
  }
}

interface ReportInput { date: string; command: string; rounds: Round[]; clusters: number; streams: number; rate: number; seconds: number; warmup: number }

function liveReport(i: ReportInput): string {
  const f = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
  const rows = i.rounds.map((r) => {
    const perSub = (r.memAfter.heapUsed - r.memBefore.heapUsed) / r.subscribers;
    const rssPerSub = (r.memAfter.rss - r.memBefore.rss) / r.subscribers;
    const watchValues = Object.values(r.watchRequests);
    return `| ${r.subscribers.toLocaleString('en')} | ${(r.writes / r.measuredSeconds).toFixed(0)} | ${(r.result.latency.n / r.measuredSeconds).toFixed(0)} | ${f(r.result.latency.p50)} | ${f(r.result.latency.p99)} | ${f(r.result.latency.max)} | ${r.openWatches} (${Object.keys(r.watchRequests).length} streams, ${Math.max(0, ...watchValues)} watch request(s) at most per stream) | ${(perSub / 1024).toFixed(1)} KiB heap, ${(rssPerSub / 1024).toFixed(1)} KiB RSS | ${r.result.lost} (${r.result.lostSubscribers} subscribers); gaps ${r.result.gaps}; duplicates ${r.result.duplicates} | ${(r.gatewayCpuMs / 1000 / (r.measuredSeconds + i.warmup) * 100).toFixed(0)}% |`;
  });
  const notes = i.rounds.flatMap((r) => [
    `- ${r.subscribers.toLocaleString('en')} subscribers: load at the start \`${r.uptime}\`; connected in ${r.connectSeconds.toFixed(1)} s; gateway heap ${(r.memBefore.heapUsed / 2 ** 20).toFixed(0)} → ${(r.memAfter.heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(r.memBefore.rss / 2 ** 20).toFixed(0)} → ${(r.memAfter.rss / 2 ** 20).toFixed(0)} MiB; load process CPU ${(r.result.cpuMs / 1000).toFixed(0)} s, RSS ${(r.result.rss / 2 ** 20).toFixed(0)} MiB; simulator CPU over the writes ${(r.simCpuMs / 1000).toFixed(1)} s; writer ticks late by > 5%: ${r.writerLateTicks}${r.result.errors.length ? `; errors: ${r.result.errors.slice(0, 3).join(' | ')}` : ''}; deliveries executed by the gateway ${(r.memEnd.executions - r.memAfter.executions).toLocaleString('en')}, answered from a shared execution ${(r.memEnd.shared - r.memAfter.shared).toLocaleString('en')} (until the writes stopped); connections closed by the gateway ${r.result.closed}${r.result.closed ? ` (${Object.entries(r.result.closeCodes).map(([k, v]) => `${v} × ${k}`).join(', ')}), each resumed with its last cursor` : ''}; deliveries drained ${r.result.drainSeconds.toFixed(1)} s after the last write.`,
  ]);
  const last = i.rounds[i.rounds.length - 1];
  const at10k = i.rounds.find((r) => r.subscribers === 10_000) ?? last;
  // The (cluster, resource) pairs the round's subscribers follow: every pair once subscribers >= streams.
  const pairs = (r: Round) => new Set(Array.from({ length: Math.min(r.subscribers, i.streams) }, (_, k) => `${Math.floor(k / (i.streams / i.clusters))} ${k % 2}`)).size;
  const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');
  const targets = at10k ? [
    `- p99 ≤ 100 ms at ${at10k.subscribers.toLocaleString('en')} subscribers: ${f(at10k.result.latency.p99)} — ${verdict(at10k.result.latency.p99 <= 100)}.`,
    `- One upstream watch per (cluster, resource): ${i.rounds.map((r) => `${r.openWatches} open for ${pairs(r)} (cluster, resource) pairs at ${r.subscribers.toLocaleString('en')}`).join('; ')} — ${verdict(i.rounds.every((r) => r.openWatches === pairs(r) && Object.values(r.watchRequests).every((v) => v === 1)))}.`,
    `- Zero lost: ${i.rounds.map((r) => `${r.result.lost} at ${r.subscribers.toLocaleString('en')}`).join(', ')} — ${verdict(i.rounds.every((r) => r.result.lost === 0 && r.result.gaps === 0))}.`,
  ] : [];
  return `## Subscriptions: 1,000 and 10,000 graphql-ws subscribers (\`npm run bench -- live\`)

Date: ${i.date}. Machine: ${machine()}.
Command: \`${i.command}\`.

${i.clusters} simulated clusters (no controllers) in the orchestrating process, each with ${i.streams / i.clusters} streams:
a ConfigMap (labelled \`stream=s<id>\`) or a Kubernetes Event about one, spread over 5 namespaces.
A writer in the simulator's process rewrites ${i.rate} of them a second, evenly spread, each
stream once a second, putting a sequence number and the wall-clock time of the write in the
object. The gateway (\`startGatewayFromKubeconfig\`, default options) runs in its own process;
the subscribers in a third, one graphql-ws client and WebSocket each, connected in batches, each
following one stream through one of four filters: \`resourceChanges(kind: "ConfigMap",
clusterNames, labelSelector)\`, the same with \`namespace\`, \`events(clusterNames, namespace,
involvedKind, involvedName)\`, \`events(clusterNames, type, involvedName)\`; so each subscriber's
filter matches ~1 change a second (subscriber k follows stream k mod ${i.streams}: at 10,000
subscribers, 10 per stream). Latency: the client's receipt time minus the write time in the object (one
machine, one wall clock), over ${i.seconds} s after ${i.warmup} s of writes. Lost: a sequence
number written during the round and never delivered to a subscriber of its stream, counted once
deliveries have stopped for 3 s after the last write (at most 120 s: a backlog is late, not lost). Upstream watches: watch requests in the simulator's request logs and
watches open at the end of the round. Memory per subscriber: the gateway's heap (after a full
GC) and RSS with every subscription held, minus before the first, divided by the subscribers.

| subscribers | writes/s | deliveries/s measured | p50 | p99 | max | upstream watches open | gateway memory per subscriber | lost | gateway CPU |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

${notes.join('\n')}

Targets:

${targets.join('\n')}
`;
}

function log(line: string): void {
  process.stderr.write(`[live ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
