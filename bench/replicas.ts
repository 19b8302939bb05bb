/**
 * Replicas sharing one Redis (issue 11): each figure beside its baseline, in one run. Rounds, each
 * with fresh gateway processes (and a fresh Redis when it uses one) over one simulated fleet:
 *
 * - `embedded`: 1 replica without Redis (today's default), the baseline for the cost of Redis;
 * - `redis1`: 1 replica with Redis; `redis3`: 3 replicas sharing one Redis, the same subscribers
 *   spread evenly over them: subscribers held, delivery p50/p99, upstream watches (must not grow);
 * - `naive3`: 3 replicas without Redis, each with its own watches (~3x): the naive baseline;
 * - `failover`: 3 replicas with a short lease; the replica owning the most streams is SIGKILLed
 *   while the writer creates objects; time until a change written after the kill reaches a
 *   survivor's subscriber, beside the bound (TTL + renew) and the steady p99 of the same round;
 *   every change delivered exactly once (the killed replica's subscribers resume elsewhere);
 * - `failover-default`: the same with the default leases (10000/3000 ms).
 *
 *   npm run bench -- replicas [--subscribers 3600] [--clusters 4] [--streams 30] [--rate 240]
 *     [--seconds 20] [--warmup 5] [--batch 200] [--replicas 3] [--stream-history 1000]
 *     [--lease-ttl-ms 2000] [--lease-renew-ms 500] [--failover-seconds N] [--failover-steady-seconds 10]
 *     [--rounds embedded,redis1,redis3,naive3,failover,failover-default]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveFleet } from './liveFleet.ts';
import { machine, writeSection } from './report.ts';
import { replicaRound, stopAll, type ReplicaRound, type RoundSizes, type RoundSpec } from './replicasRound.ts';
import { replicasReport } from './replicasReport.ts';

const ALL = ['embedded', 'redis1', 'redis3', 'naive3', 'failover', 'failover-default'];

function positive(args: Record<string, string>, key: string, fallback: number): number {
  const raw = args[key];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`bench replicas: --${key} ${raw}: expected a positive integer`);
  return v;
}

export async function replicas(args: Record<string, string>): Promise<void> {
  const subscribers = positive(args, 'subscribers', 3600);
  const clusters = positive(args, 'clusters', 4);
  const streamsPerCluster = positive(args, 'streams', 30);
  const rate = positive(args, 'rate', 240);
  const seconds = positive(args, 'seconds', 20);
  const warmup = positive(args, 'warmup', 5);
  const batch = positive(args, 'batch', 200);
  const n = positive(args, 'replicas', 3);
  const streamHistory = positive(args, 'stream-history', 1000);
  const ttlMs = positive(args, 'lease-ttl-ms', 2000);
  const renewMs = positive(args, 'lease-renew-ms', 500);
  if (renewMs >= ttlMs) throw new Error(`bench replicas: --lease-renew-ms ${renewMs} must be less than --lease-ttl-ms ${ttlMs}`);
  const steadySeconds = positive(args, 'failover-steady-seconds', Math.min(seconds, 10));
  const rounds = (args.rounds ?? ALL.join(',')).split(',');
  const unknown = rounds.filter((r) => !ALL.includes(r));
  if (unknown.length) throw new Error(`bench replicas: --rounds ${unknown.join(',')}: unknown; have ${ALL.join(', ')}`);
  // Writes go on after the kill for the bound plus 5 s (the next change must arrive within it).
  const after = (ttl: number, renew: number) => positive(args, 'failover-seconds', Math.max(8, Math.ceil((ttl + renew) / 1000) + 5));

  const specs: Record<string, RoundSpec> = {
    embedded: { label: '1 replica, no Redis (embedded, the default)', replicas: 1, redis: false, mode: 'rewrite' },
    redis1: { label: '1 replica + Redis', replicas: 1, redis: true, mode: 'rewrite' },
    redis3: { label: `${n} replicas + one Redis`, replicas: n, redis: true, mode: 'rewrite' },
    naive3: { label: `${n} replicas, no Redis (naive)`, replicas: n, redis: false, mode: 'rewrite' },
    failover: { label: `failover: ${n} replicas + Redis, lease ${ttlMs}/${renewMs} ms`, replicas: n, redis: true, leases: { ttlMs, renewMs }, failoverSeconds: after(ttlMs, renewMs), mode: 'create' },
    'failover-default': { label: `failover: ${n} replicas + Redis, default lease 10000/3000 ms`, replicas: n, redis: true, leases: { ttlMs: 10_000, renewMs: 3000 }, failoverSeconds: after(10_000, 3000), mode: 'create' },
  };

  const started = new Date();
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping everything started`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { fleet, streams } = await startLiveFleet(clusters, streamsPerCluster);
  const dir = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const results: ReplicaRound[] = [];
  try {
    await fleet.writeKubeconfig(kubeconfig);
    for (const name of rounds) {
      const spec = specs[name]!;
      const sizes: RoundSizes = { subscribers, rate, seconds: spec.failoverSeconds === undefined ? seconds : steadySeconds, warmup, batch, streamHistory };
      results.push(await replicaRound(fleet, streams, kubeconfig, spec, sizes, log));
    }
  } finally {
    await stopAll();
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const command = `npm run bench -- replicas${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
  const body = replicasReport({ date: started.toISOString().slice(0, 16).replace('T', ' '), machine: machine(), command, rounds: results, clusters, streams: streams.length, rate, warmup, replicas: n });
  writeSection('replicas', body);
  process.stdout.write(`${body}\n`);
}

function log(line: string): void {
  process.stderr.write(`[replicas ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
