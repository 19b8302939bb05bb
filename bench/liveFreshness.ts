/**
 * Freshness for subscribers: a change written to a cluster until a subscriber sees it, over a
 * settled fleet (SimFleet's `settled`: 10 clusters × 1,000 Running pods by default, controllers
 * running). Each subscriber follows one Deployment's pods (`resourceChanges(kind: "Pod",
 * clusterNames, namespace, labelSelector)`); the writer annotates one pod of each Deployment once
 * a second with a sequence number and the write's wall-clock time. The same machinery as the
 * subscriptions benchmark (bench/live.ts): gateway, subscribers and fleet in three processes.
 * Freshness for cached queries is measured by the cached-reads benchmark (bench/cached.ts).
 *
 *   npm run bench -- freshness [--clusters 10] [--pods 1000] [--streams 10] [--seconds 30] [--warmup 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveRound } from './live.ts';
import { startPodFleet } from './liveFleet.ts';
import { machine, writeSection } from './report.ts';

export async function freshness(args: Record<string, string>): Promise<void> {
  const clusters = Number(args.clusters ?? 10);
  const pods = Number(args.pods ?? 1000);
  const perCluster = Number(args.streams ?? 10);
  const seconds = Number(args.seconds ?? 30);
  const warmup = Number(args.warmup ?? 5);
  const started = new Date();
  const t0 = performance.now();
  const { fleet, streams } = await startPodFleet(clusters, pods, perCluster);
  const setupSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(`[freshness] settled fleet of ${clusters} × ${pods} pods up in ${setupSeconds.toFixed(1)} s\n`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-fresh-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfig);
  let round;
  try {
    round = await liveRound(fleet, streams, kubeconfig, { subscribers: streams.length, rate: streams.length, seconds, warmup, batch: 100, ...(args['cpu-prof'] ? { profDir: args['cpu-prof'] } : {}) });
  } finally {
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const r = round.result;
  const f = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
  const command = `npm run bench -- freshness${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
  const body = `## Freshness: a change until a subscriber sees it (\`npm run bench -- freshness\`)

Date: ${started.toISOString().slice(0, 10)}. Machine: ${machine()}.
Command: \`${command}\`. Load at the start (\`uptime\`): \`${round.uptime}\`.

A settled fleet of ${clusters} clusters × ${pods} Running pods (controllers on; up in ${setupSeconds.toFixed(1)} s with
\`SimFleet.start({ settled: true })\`) in the orchestrating process; the gateway in its own; ${streams.length}
subscribers in a third, each following one Deployment's pods with \`resourceChanges(kind: "Pod",
clusterNames, namespace, labelSelector: "app=…")\`. The writer annotates one pod of each of those
Deployments once a second (${streams.length} changes/s in all) with a sequence number and the write's wall-clock
time; freshness is the subscriber's receipt time minus that, over ${seconds} s after ${warmup} s of writes.
Freshness for cached queries is figure (e) of the cached-reads section (\`npm run bench -- cached\`).

| subscribers | changes/s | deliveries measured | p50 | p99 | max | lost | upstream watches open |
| --- | --- | --- | --- | --- | --- | --- | --- |
| ${streams.length} | ${(round.writes / round.measuredSeconds).toFixed(0)} | ${r.latency.n} | ${f(r.latency.p50)} | ${f(r.latency.p99)} | ${f(r.latency.max)} | ${r.lost} (gaps ${r.gaps}, duplicates ${r.duplicates}) | ${round.openWatches} for ${clusters} clusters |

Target: p99 ≤ 200 ms for subscribers — ${r.latency.p99 <= 200 ? '**met**' : '**missed**'} (${f(r.latency.p99)}).
`;
  if (args['cpu-prof']) process.stderr.write('[freshness] --cpu-prof given: figures printed only\n');
  else writeSection('live-freshness', body);
  process.stdout.write(`${body}\n`);
}
