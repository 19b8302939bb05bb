/**
 * The replicas bench's section of BENCHMARKS.md (bench/replicas.ts): delivery and subscribers held,
 * upstream watches, failover, Redis memory, each configuration beside its baseline from the same
 * run, with the machine's load average at each round.
 */
import { mib, ms, percentile } from './stats.ts';
import type { ReplicaRound, Stats } from './replicasRound.ts';

export interface ReplicasReportInput {
  date: string;
  machine: string;
  command: string;
  rounds: ReplicaRound[];
  clusters: number;
  streams: number;
  rate: number;
  warmup: number;
  replicas: number;
}

const held = (s: Stats) => Object.values(s.users).reduce((a, b) => a + b, 0);
const load = (uptime: string) => /load average: (.*)$/.exec(uptime)?.[1] ?? uptime;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const size = (bytes: number) => (bytes < 2 ** 20 ? kib(bytes) : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');

function spread(values: Array<number | null>): string {
  const got = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const missing = values.length - got.length;
  if (values.length === 0) return '—';
  if (got.length === 0) return `none of ${values.length} arrived`;
  const text = got.length === 1 ? ms(got[0]!) : `${ms(percentile(got, 50))} / ${ms(got[got.length - 1]!)}`;
  return `${text}${missing ? ` (${missing} of ${values.length} never)` : ''}`;
}

function cpu(r: ReplicaRound): string {
  // Over the writes: from the subscribers held to the end (the killed replica: to the kill).
  return r.end.map((e, i) => (e ? `${((e.cpuMs - r.held[i]!.cpuMs) / 1000).toFixed(1)} s` : '?')).join(' + ');
}

function deliveryRow(r: ReplicaRound): string {
  const l = r.result.latency;
  const rss = r.held.map((h, i) => `${mib(h.rss)}→${r.end[i] ? mib(r.end[i]!.rss) : '?'}`).join(', ');
  return `| ${r.spec.label} | ${r.held.map(held).join(' + ')} | ${(r.writes / r.measuredSeconds).toFixed(0)} | ${(l.n / r.measuredSeconds).toFixed(0)} | ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | ${r.result.lost} · ${r.result.duplicates} · ${r.result.gaps} | ${rss} | ${cpu(r)} in ${r.writingSeconds.toFixed(0)} s | ${load(r.uptimeStart)} |`;
}

function watchRow(r: ReplicaRound, pairs: number, base: number | undefined): string {
  const v = Object.values(r.watchRequests);
  const total = sum(v);
  // A failover round's extra requests are the survivors' takeovers, one per stream the killed replica owned.
  const extra = total - pairs - (r.failover?.owned.length ?? 0);
  const vsBase = r.failover ? `${pairs} + ${r.failover.owned.length} taken over after the kill${extra ? ` + ${extra} other` : ''}` : base ? `${(total / base).toFixed(2)}×` : '—';
  const leases = r.leases ? `${r.leases.handovers} · ${r.leases.lapses}` : '—';
  const perReplica = r.end.map((e, k) => (e ? `${e.watches}${r.failover?.killed === k ? ' (killed)' : ''}` : '?')).join(' + ');
  return `| ${r.spec.label} | ${Object.keys(r.watchRequests).length} of ${pairs} | ${total} (${Math.min(...v)}–${Math.max(...v)} per stream) | ${r.openWatches} | ${perReplica} | ${leases} | ${vsBase} |`;
}

function failoverRow(r: ReplicaRound, steadyP99: string): string {
  const f = r.failover!;
  const bound = (r.spec.leases?.ttlMs ?? 10_000) + (r.spec.leases?.renewMs ?? 3000);
  const affected = f.owned;
  const others = Object.keys(f.nextDeliveryMs).filter((id) => !affected.includes(id));
  const res = r.result;
  return `| ${r.spec.leases ? `${r.spec.leases.ttlMs} / ${r.spec.leases.renewMs} ms` : 'defaults'} | ${ms(bound)} | ${affected.length} of ${sum(f.ownedPerReplica)} (${f.ownedPerReplica.join('/')}) | ${spread(affected.map((id) => f.takeoverMs[id] ?? null))} | ${spread(affected.map((id) => f.nextDeliveryMs[id] ?? null))} | ${spread(others.map((id) => f.nextDeliveryMs[id] ?? null))} | ${ms(res.latency.p99)} (this round) · ${steadyP99} | ${res.lost} · ${res.duplicates} · ${res.gaps} (${(res.deliveries).toLocaleString('en')} deliveries) | ${f.moved} |`;
}

function redisRow(r: ReplicaRound): string {
  const x = r.redis!;
  const entries = x.streams.map((s) => s.entries).sort((a, b) => a - b);
  const logBytes = sum(x.streams.map((s) => s.logBytes));
  const stateBytes = sum(x.streams.map((s) => s.stateBytes));
  const objects = sum(x.streams.map((s) => s.objects));
  return `| ${r.spec.label} | ${size(x.usedBefore)} → ${size(x.usedAfter)} | ${x.streams.length} | ${entries[0] ?? 0} / ${percentile(entries, 50)} / ${entries[entries.length - 1] ?? 0} (${sum(entries).toLocaleString('en')}) | ${size(logBytes)} (${kib(logBytes / Math.max(1, sum(entries)))} per entry) | ${objects.toLocaleString('en')} objects, ${size(stateBytes)} | ${r.sizes.streamHistory} | ${(x.cpuMs / 1000).toFixed(2)} s in ${r.writingSeconds.toFixed(0)} s |`;
}

export function replicasReport(i: ReplicasReportInput): string {
  const steady = i.rounds.filter((r) => !r.failover);
  const failovers = i.rounds.filter((r) => r.failover);
  const pairs = 2 * i.clusters;
  const one = i.rounds.find((r) => r.spec.replicas === 1 && r.spec.redis) ?? i.rounds.find((r) => r.spec.replicas === 1);
  const baseWatches = one ? sum(Object.values(one.watchRequests)) : undefined;
  const shared = steady.find((r) => r.spec.replicas > 1 && r.spec.redis);
  const steadyP99 = (shared ?? steady[0]) ? `${ms((shared ?? steady[0])!.result.latency.p99)} (${(shared ?? steady[0])!.spec.label})` : '';
  const s0 = i.rounds[0];
  const notes = i.rounds.map((r) => `- ${r.spec.label}: load \`${load(r.uptimeStart)}\` at the start, \`${load(r.uptimeEnd)}\` at the end; ${r.sizes.subscribers.toLocaleString('en')} subscribers connected in ${r.connectSeconds.toFixed(1)} s${r.syncedAfterMs !== undefined ? `; every shared stream's first LIST recorded ${r.syncedAfterMs.toFixed(0)} ms after all were held (the writer waits for it)` : ''}; heap per replica with all held ${r.held.map((h) => mib(h.heapUsed)).join(', ')} (before any: ${r.before.map((b) => mib(b.heapUsed)).join(', ')}; per subscriber held ${r.held.map((h, k) => kib((h.heapUsed - r.before[k]!.heapUsed) / Math.max(1, held(h)))).join(', ')}); load process CPU ${(r.result.cpuMs / 1000).toFixed(0)} s; writer ticks late by > 5%: ${r.writerLateTicks}; connections closed ${r.result.closed}${r.result.closed ? ` (${Object.entries(r.result.closeCodes).map(([k, v]) => `${v} × ${k}`).join(', ')}), each resumed with its last cursor` : ''}${r.result.lostSamples.length ? `; lost, for instance: ${r.result.lostSamples.slice(0, 3).join('; ')}` : ''}${r.result.errors.length ? `; errors: ${r.result.errors.slice(0, 3).join(' | ')}` : ''}; deliveries drained ${r.result.drainSeconds.toFixed(1)} s after the last write.`);

  const targets: string[] = [];
  const naive = steady.find((r) => r.spec.replicas > 1 && !r.spec.redis);
  if (shared) {
    const v = Object.values(shared.watchRequests);
    targets.push(`- Upstream watches must not grow with replicas: ${sum(v)} watch requests with ${shared.spec.replicas} replicas + Redis (${Math.max(...v)} at most per (cluster, resource)) against ${baseWatches ?? '?'} with 1 replica${naive ? ` and ${sum(Object.values(naive.watchRequests))} for ${naive.spec.replicas} replicas without Redis` : ''} — ${verdict(v.every((x) => x === 1) && Object.keys(shared.watchRequests).length === pairs)}.`);
  }
  for (const r of failovers) {
    const f = r.failover!;
    const bound = (r.spec.leases?.ttlMs ?? 10_000) + (r.spec.leases?.renewMs ?? 3000);
    const worst = Math.max(...f.owned.map((id) => f.nextDeliveryMs[id] ?? Infinity));
    const taken = Math.max(...f.owned.map((id) => f.takeoverMs[id] ?? Infinity));
    const at = (x: number) => (Number.isFinite(x) ? ms(x) : 'never');
    targets.push(`- ${r.spec.label}: every stream of the killed replica taken over within the documented bound (${ms(bound)}): worst ${at(taken)} — ${verdict(taken <= bound)}; its next change delivered on a survivor within the bound plus this round's steady p99 (${ms(bound + r.result.latency.p99)}): worst ${at(worst)} — ${verdict(worst <= bound + r.result.latency.p99)}; every change exactly once (lost ${r.result.lost}, duplicates ${r.result.duplicates}, gaps ${r.result.gaps}) — ${verdict(r.result.lost === 0 && r.result.duplicates === 0 && r.result.gaps === 0)}.`);
  }

  return `## Replicas sharing one Redis (\`npm run bench -- replicas\`)

Date: ${i.date} UTC. Machine: ${i.machine}.
Command: \`${i.command}\`.

${i.clusters} simulated clusters (no controllers) in the orchestrating process, ${i.streams / i.clusters} streams each (the
\`live\` bench's: a labelled ConfigMap or an Event about one), so ${pairs} (cluster, resource) streams upstream. Each
round starts fresh gateway processes (\`startGatewayFromKubeconfig\` as \`npm start\` does, default options, rate limits
off; with Redis: \`--redis URL\` to a fresh \`redis-server\` on a free port, the default leases unless said) and one
load process whose ${s0 ? s0.sizes.subscribers.toLocaleString('en') : ''} graphql-ws subscribers are spread evenly over the replicas
(subscriber k on replica floor(k / ${i.streams}) mod replicas: each stream's subscribers on every replica). A writer rewrites
${i.rate} objects a second (failover rounds: creates ${i.rate} new objects a second, so that no change folds into another across the
relist). Latency: the client's receipt minus the write time in the object, over the measured seconds after ${i.warmup} s of
writes. Lost · duplicates · gaps: sequence numbers written and never delivered to a subscriber of their stream, delivered
twice, and gap deliveries. Upstream watches: watch requests in the simulator's request logs over the round, watches
open at its end, and each replica's own count of the watches it runs; lease hand-overs and lapses: a stream's lease seen
held by another replica, or free, at the next look (every 250 ms over the writes; each hand-over costs the stream a
new owner's watch, and "other" watch requests come from these or from a watch re-opened). Load average (\`uptime\`) at each round's start.
Every process shares this machine's cores (the gateways, the load, the simulator and writer, Redis): 3 replicas here
show what sharing costs (CPU per delivery, latency), not the capacity of three machines.

### Subscribers held and delivery latency

| configuration | subscribers held (per replica) | writes/s | deliveries/s | p50 | p99 | max | lost · dup · gaps | gateway RSS per replica (held → end) | gateway CPU per replica | load average |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${steady.map(deliveryRow).join('\n')}

### Upstream watches per (cluster, resource)

| configuration | streams watched | watch requests | open at the end | watches each replica runs (killed: before the kill) | lease hand-overs · lapses | vs 1 replica |
| --- | --- | --- | --- | --- | --- | --- |
${i.rounds.map((r) => watchRow(r, pairs, baseWatches)).join('\n')}

${failovers.length ? `### Failover (owner SIGKILLed while the writer creates objects)

The replica owning the most streams (its pid in the leases, \`fleetgraph:stream:<id>:lease\`) is killed with SIGKILL
after the steady seconds; the writer goes on for the bound plus 5 s. Lease taken over: from the kill until Redis shows
the lease held by a survivor (polled every 50 ms). Next change delivered: from the kill until a change written after
it reached a subscriber on a surviving replica (that never was on the killed one), per (cluster, resource); the
streams owned by survivors give the same measure without failover. The killed replica's subscribers resume on the
next replica with their last cursor (1006: connection lost). Times are median / max over streams.
The short lease (\`--redis-lease-ttl-ms ${failovers[0]!.spec.leases?.ttlMs} --redis-lease-renew-ms ${failovers[0]!.spec.leases?.renewMs}\`) is the bench's, to keep rounds short; \`defaults\` is 10000 / 3000.

| lease TTL / renew | bound (TTL + renew) | streams the killed replica owned (per replica) | lease taken over | next change delivered: its streams | same: survivors' streams (baseline) | steady p99 | lost · dup · gaps | subscribers moved |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${failovers.map((r) => failoverRow(r, steadyP99)).join('\n')}
` : ''}
### Redis memory

\`INFO memory\` used_memory when the round's Redis started and when the writes stopped; per shared stream \`XLEN\`
of its log and \`MEMORY USAGE\` of its log and state hash; stream history = \`--stream-history\` (\`XADD MAXLEN ~\`); Redis
CPU: \`INFO cpu\` user + sys over the writes.

| configuration | used_memory | shared streams | XLEN min / median / max (sum) | logs | state hashes | stream history | Redis CPU |
| --- | --- | --- | --- | --- | --- | --- | --- |
${i.rounds.filter((r) => r.redis).map(redisRow).join('\n')}

${notes.join('\n')}

Targets:

${targets.join('\n')}
`;
}
