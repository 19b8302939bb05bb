/**
 * One round of the replicas bench (bench/replicas.ts): a fresh Redis when the round uses one, N
 * gateway processes (bench/liveGatewayServer.ts, each a replica of that Redis or on its own),
 * subscribers spread evenly over them from one load process (bench/liveLoad.ts), the writer in
 * this process; then, for a failover round, the replica owning the most streams is SIGKILLed while
 * the writer goes on. Everything the round started is stopped when it ends, failed or not.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import type { SimFleet } from '../src/sim/index.ts';
import { startRedisServer, type RedisServer } from '../test/support/redisServer.ts';
import { child, next, sleep } from './live.ts';
import { startWriter, wallMs, type Stream, type WriteMode } from './liveFleet.ts';
import type { LiveGatewayConfig, LiveGatewayMessage, LiveGatewayRequest } from './liveGatewayServer.ts';
import type { LiveLoadConfig, LiveLoadMessage, LiveLoadRequest } from './liveLoad.ts';
import { followLeases, leaseHolders, serverCpuMs, streamFigures, usedMemory, waitSynced, type LeaseChanges, type StreamFigures } from './replicasRedis.ts';

export type Stats = Extract<LiveGatewayMessage, { type: 'stats' }>;
type Result = Extract<LiveLoadMessage, { type: 'result' }>;

export interface RoundSpec {
  label: string;
  replicas: number;
  redis: boolean;
  /** Lease TTL and renewal (ms) with Redis; absent: the gateway's defaults (10000/3000). */
  leases?: { ttlMs: number; renewMs: number };
  /** Kill the replica owning the most streams after the measured seconds, then write this long. */
  failoverSeconds?: number;
  mode: WriteMode;
}

export interface RoundSizes { subscribers: number; rate: number; seconds: number; warmup: number; batch: number; streamHistory: number }

export interface Failover {
  /** The killed replica's index, and the (cluster, resource) streams it owned. */
  killed: number;
  owned: string[];
  /** Streams per replica just before the kill. */
  ownedPerReplica: number[];
  /** Per stream owned by the killed replica: ms from the kill until its lease was held by a survivor (seen by polling Redis every 50 ms). */
  takeoverMs: Record<string, number | null>;
  /** Per (cluster, resource): ms from the kill until a change written after it reached a survivor's subscriber. */
  nextDeliveryMs: Record<string, number | null>;
  /** Subscribers that were on the killed replica and resumed on a survivor. */
  moved: number;
}

export interface RedisFigures { usedBefore: number; usedAfter: number; streams: StreamFigures[]; /** Redis's CPU time over the writes. */ cpuMs: number }

export interface ReplicaRound {
  spec: RoundSpec;
  sizes: RoundSizes;
  uptimeStart: string;
  uptimeEnd: string;
  connectSeconds: number;
  /** Per replica: before any subscriber, with all held, at the end (the killed one: its last before the kill). */
  before: Stats[];
  held: Stats[];
  end: Stats[];
  result: Result;
  writes: number;
  measuredSeconds: number;
  /** Seconds from the writer's start to its stop (CPU per replica is over this). */
  writingSeconds: number;
  writerLateTicks: number;
  /** `cluster resource` → watch requests in the simulator's logs over the round. */
  watchRequests: Record<string, number>;
  openWatches: number;
  redis?: RedisFigures;
  /** With Redis: ms from the subscribers held until every shared stream had its first LIST recorded (the writer waited). */
  syncedAfterMs?: number;
  /** Lease hand-overs and lapses seen over the writes (the failover's own included). */
  leases?: LeaseChanges;
  failover?: Failover;
}

/**
 * What is running now, each with its stop and its rank: the load first, then the gateways (a
 * gateway stopping cleanly releases its leases in Redis), then Redis. Stopped by `stopAll` at the
 * end of every round, failed or not, and on SIGINT/SIGTERM (bench/replicas.ts).
 */
const running = new Map<() => Promise<void>, number>();

export async function stopAll(): Promise<void> {
  for (const rank of [0, 1, 2]) {
    const stops = [...running].filter(([, r]) => r === rank).map(([stop]) => stop);
    await Promise.all(stops.map((stop) => stop().catch(() => undefined)));
  }
}

function resourceOf(s: Stream): string {
  return s.kind === 'ConfigMap' ? 'configmaps' : s.kind === 'Event' ? 'events' : 'pods';
}

/** The hub's stream id of a (cluster, resource): `w:<resource>:*:<cluster>`. */
const pairId = (cluster: string, resource: string) => `w:${resource}:*:${cluster}`;

interface GatewayHandle { proc: ChildProcess; url: string; dead: boolean }

async function startGateway(config: LiveGatewayConfig): Promise<GatewayHandle> {
  const proc = child('./liveGatewayServer.ts', config, ['--expose-gc']);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const g: GatewayHandle = { proc, url: '', dead: false };
  const stop = async () => {
    running.delete(stop);
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    if (proc.connected) proc.send({ type: 'stop' } satisfies LiveGatewayRequest);
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  running.set(stop, 1);
  const { url } = await next<{ type: 'listening'; url: string }>(proc, 'listening', 120_000);
  g.url = url;
  return g;
}

async function stats(g: GatewayHandle): Promise<Stats> {
  const a = next<Stats>(g.proc, 'stats', 60_000);
  g.proc.send({ type: 'stats' } satisfies LiveGatewayRequest);
  return a;
}

const heldBy = (s: Stats) => Object.values(s.users).reduce((a, b) => a + b, 0);

export async function replicaRound(fleet: SimFleet, streams: Stream[], kubeconfig: string, spec: RoundSpec, sizes: RoundSizes, log: (line: string) => void): Promise<ReplicaRound> {
  const n = sizes.subscribers;
  const uptimeStart = execFileSync('uptime', { encoding: 'utf8' }).trim();
  log(`${spec.label}: ${uptimeStart}`);
  let redis: RedisServer | undefined;
  let admin: Redis | undefined;
  const gateways: GatewayHandle[] = [];
  let load: ChildProcess | undefined;
  let writer: ReturnType<typeof startWriter> | undefined;
  let leases: ReturnType<typeof followLeases> | undefined;
  const stopLoad = async () => {
    running.delete(stopLoad);
    if (!load || load.exitCode !== null || load.signalCode !== null) return;
    const exited = new Promise<void>((r) => load!.once('exit', () => r()));
    load.kill('SIGKILL');
    await exited;
  };
  const stopRedis = async () => { running.delete(stopRedis); await redis?.dispose(); };
  try {
    if (spec.redis) {
      redis = await startRedisServer();
      running.set(stopRedis, 2);
      admin = redis.client();
    }
    const usedBefore = admin ? await usedMemory(admin) : 0;
    for (const c of fleet.clusters) c.requests.clear();
    const names = fleet.clusters.map((c) => c.name);
    const config: LiveGatewayConfig = {
      kubeconfig, clusters: names, logCapacity: sizes.streamHistory,
      ...(redis ? { replicas: { url: redis.url, ...(spec.leases ? { leaseTtlMs: spec.leases.ttlMs, renewMs: spec.leases.renewMs } : {}) } } : {}),
    };
    gateways.push(...await Promise.all(Array.from({ length: spec.replicas }, () => startGateway(config))));
    const before = await Promise.all(gateways.map(stats));
    const urls = gateways.map((g) => g.url.replace(/^http/, 'ws'));
    const loadConfig: LiveLoadConfig = { url: urls[0]!, urls, subscribers: n, streams: streams.map(({ seq: _seq, ...s }) => s), connectBatch: sizes.batch };
    load = child('./liveLoad.ts', loadConfig, []);
    running.set(stopLoad, 0);
    const loadExited = new Promise<void>((r) => load!.once('exit', () => r()));
    const connected = await next<Extract<LiveLoadMessage, { type: 'connected' }>>(load, 'connected');
    let held = await Promise.all(gateways.map(stats));
    for (let i = 0; i < 600 && held.reduce((a, s) => a + heldBy(s), 0) < n; i++) {
      await sleep(500);
      held = await Promise.all(gateways.map(stats));
    }
    const total = held.reduce((a, s) => a + heldBy(s), 0);
    if (total < n) throw new Error(`${spec.label}: the replicas hold ${total} of ${n} subscriptions`);
    log(`${spec.label}: ${n} subscribers connected in ${connected.seconds.toFixed(1)} s, held ${held.map(heldBy).join(' + ')}`);
    // The writer starts once every shared stream has its first owner's LIST recorded: a change made
    // before that folds into that silent first LIST and reaches no subscriber (start-up, not steady state).
    const syncedAfterMs = admin ? await waitSynced(admin, [...new Set(streams.map((s) => pairId(s.cluster, resourceOf(s))))]) : undefined;
    if (syncedAfterMs !== undefined) log(`${spec.label}: every shared stream recorded its first LIST ${syncedAfterMs.toFixed(0)} ms after the subscribers were held`);

    const fromSeq = streams.map((s) => s.seq);
    leases = admin ? followLeases(admin) : undefined;
    const redisCpu0 = admin ? await serverCpuMs(admin) : 0;
    writer = startWriter(fleet, streams, sizes.rate, 10, spec.mode);
    const w0 = performance.now();
    await sleep(sizes.warmup * 1000);
    load.send({ type: 'measure', on: true } satisfies LiveLoadRequest);
    const writes0 = writer.writes;
    const m0 = performance.now();
    await sleep(sizes.seconds * 1000);
    load.send({ type: 'measure', on: false } satisfies LiveLoadRequest);
    const measuredSeconds = (performance.now() - m0) / 1000;
    const writes = writer.writes - writes0;
    const end: Stats[] = [];
    let failover: FailoverWithWall | undefined;
    if (spec.failoverSeconds !== undefined && admin) {
      failover = await kill(admin, gateways, load, spec.failoverSeconds, end, log, spec.label);
    }
    await writer.stop();
    const leaseChanges = await leases?.stop();
    const writingSeconds = (performance.now() - w0) / 1000;
    for (const [i, g] of gateways.entries()) if (!g.dead) end[i] = await stats(g);
    const redisFigures = admin ? { usedBefore, usedAfter: await usedMemory(admin), streams: await streamFigures(admin), cpuMs: await serverCpuMs(admin) - redisCpu0 } : undefined;
    const resultP = next<Result>(load, 'result');
    load.send({ type: 'finish', fromSeq, finalSeq: streams.map((s) => s.seq) } satisfies LiveLoadRequest);
    const result = await resultP;
    await loadExited;
    const watchRequests: Record<string, number> = {};
    let openWatches = 0;
    for (const c of fleet.clusters) {
      for (const rec of c.requests.all()) if (rec.verb === 'watch') watchRequests[`${c.name} ${rec.resource}`] = (watchRequests[`${c.name} ${rec.resource}`] ?? 0) + 1;
      openWatches += c.openWatchCount;
    }
    if (failover) {
      for (const [stream, at] of result.firstAfterFailover.entries()) {
        const s = streams[stream]!;
        const id = pairId(s.cluster, resourceOf(s));
        if (at === null) { failover.nextDeliveryMs[id] ??= null; continue; }
        const ms = at - failover.atWall;
        const was = failover.nextDeliveryMs[id];
        failover.nextDeliveryMs[id] = was === undefined || was === null ? ms : Math.min(was, ms);
      }
      failover.moved = result.moved;
    }
    const round: ReplicaRound = {
      spec, sizes, uptimeStart, uptimeEnd: execFileSync('uptime', { encoding: 'utf8' }).trim(), connectSeconds: connected.seconds,
      before, held, end, result, writes, measuredSeconds, writingSeconds, writerLateTicks: writer.lateTicks, watchRequests, openWatches,
      ...(redisFigures ? { redis: redisFigures } : {}), ...(leaseChanges ? { leases: leaseChanges } : {}), ...(syncedAfterMs !== undefined ? { syncedAfterMs } : {}), ...(failover ? { failover: stripWall(failover) } : {}),
    };
    const r = result;
    if (r.lostSamples.length) log(`${spec.label}: lost, for instance: ${r.lostSamples.join('; ')}`);
    log(`${spec.label}: p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, lost ${r.lost}, duplicates ${r.duplicates}, gaps ${r.gaps}, errors ${r.errors.length}, watch requests ${Object.values(watchRequests).reduce((a, b) => a + b, 0)}, open ${openWatches}`);
    return round;
  } finally {
    await writer?.stop();
    await leases?.stop();
    await stopAll();
  }
}

type FailoverWithWall = Failover & { atWall: number };

function stripWall(f: FailoverWithWall): Failover {
  const { atWall: _atWall, ...rest } = f;
  return rest;
}

/**
 * Kill (SIGKILL) the replica owning the most streams, with the writer going on; note when each of
 * its streams' leases is held by a survivor; write on for `seconds`. Fills `end` with the killed
 * replica's last stats (taken just before the kill).
 */
async function kill(admin: Redis, gateways: GatewayHandle[], load: ChildProcess, seconds: number, end: Stats[], log: (line: string) => void, label: string): Promise<FailoverWithWall> {
  const holders = await leaseHolders(admin);
  const pids = gateways.map((g) => g.proc.pid);
  const ownedPerReplica = pids.map((pid) => [...holders.values()].filter((p) => p === pid).length);
  const killed = ownedPerReplica.indexOf(Math.max(...ownedPerReplica));
  const victim = gateways[killed]!;
  const owned = [...holders.entries()].filter(([, pid]) => pid === victim.proc.pid).map(([id]) => id);
  if (owned.length === 0) throw new Error(`${label}: no replica owns a stream (leases: ${JSON.stringify([...holders])})`);
  end[killed] = await stats(victim);
  const atWall = wallMs();
  load.send({ type: 'failover', at: atWall, killed } satisfies LiveLoadRequest);
  const t0 = performance.now();
  victim.dead = true;
  victim.proc.kill('SIGKILL');
  log(`${label}: killed replica ${killed} (pid ${victim.proc.pid}), owner of ${owned.length} of ${holders.size} streams (${ownedPerReplica.join('/')})`);
  const takeoverMs: Record<string, number | null> = Object.fromEntries(owned.map((id) => [id, null]));
  const deadline = t0 + seconds * 1000;
  // Bounded: until the writes stop, polling every 50 ms.
  while (performance.now() < deadline) {
    if (owned.some((id) => takeoverMs[id] === null)) {
      const now = await leaseHolders(admin);
      const at = performance.now() - t0;
      for (const id of owned) {
        const pid = now.get(id);
        if (takeoverMs[id] === null && pid !== undefined && pid !== victim.proc.pid) takeoverMs[id] = at;
      }
    }
    await sleep(50);
  }
  return { killed, owned, ownedPerReplica, takeoverMs, nextDeliveryMs: {}, moved: 0, atWall };
}
