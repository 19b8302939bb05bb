/**
 * Simulator at scale: 50 clusters of 2,000 pods each in one process. Measures how long the
 * fleet takes to come up, the process's memory once it has, and the latency of a full LIST of
 * a cluster's 2,000 pods over HTTP (what every gateway fan-out pays per cluster).
 *
 *   npm run bench -- sim [--clusters 50] [--pods 2000] [--lists 200]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RealClock, SimFleet } from '../src/sim/index.ts';
import { machine, writeSection } from './report.ts';

const run = promisify(execFile);
import { mib, ms, summarize } from './stats.ts';

/** Run the LIST client in its own process and collect its samples. */
async function listFromClient(targetsFile: string, path: string, count: number): Promise<{ samples: number[]; bytes: number; retries: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/listClient.ts', targetsFile, path, String(count)], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as { samples: number[]; bytes: number; retries: number };
}

export async function simScale(args: Record<string, string>): Promise<void> {
  const clusters = Number(args.clusters ?? 50);
  const pods = Number(args.pods ?? 2000);
  const lists = Number(args.lists ?? 200);
  const before = process.memoryUsage();
  const t0 = performance.now();
  // Populate at 20x cluster time and wait until every pod runs. (At 1000x the nodes' own
  // heartbeats alone would be tens of thousands of writes a second across 50 clusters.)
  const fleet = await SimFleet.start({ clusters, pods, nodes: Math.max(3, Math.ceil(pods / 100)), speed: 20, waitForPods: false });
  const running = () => fleet.clusters.reduce((n, c) => n + c.store.list('/pods').filter((p) => (p.object.status as { phase?: string } | undefined)?.phase === 'Running').length, 0);
  while (running() < clusters * pods) {
    if (performance.now() - t0 > 30 * 60_000) throw new Error(`only ${running()} of ${clusters * pods} pods running after 30 minutes`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const startup = performance.now() - t0;
  // Measure at real time: a fleet at 20x would be busier than any real one.
  for (const c of fleet.clusters) if (c.clock instanceof RealClock) c.clock.setSpeed(1);
  global.gc?.();
  const after = process.memoryUsage();
  const podCounts = fleet.clusters.map((c) => c.store.count('/pods'));
  const totalPods = podCounts.reduce((a, b) => a + b, 0);

  // The client runs in its own process, as any client of a cluster does: LISTs of all pods,
  // round-robin over clusters one at a time, then LISTs narrowed by a label selector.
  const dir = mkdtempSync(join(tmpdir(), 'bench-sim-'));
  const targetsFile = join(dir, 'targets.json');
  writeFileSync(targetsFile, JSON.stringify(fleet.clusters.map((c) => ({ url: c.url, token: c.token, ca: c.caPem }))));
  const full = await listFromClient(targetsFile, '/api/v1/pods', lists);
  const narrow = await listFromClient(targetsFile, `/api/v1/pods?labelSelector=${encodeURIComponent('app=web-1')}`, lists);
  rmSync(dir, { recursive: true, force: true });
  const list = summarize(full.samples);
  const sel = summarize(narrow.samples);
  const bytes = full.bytes;
  const retries = full.retries + narrow.retries;
  await fleet.stop();

  const date = new Date().toISOString().slice(0, 10);
  const body = `## Simulator: ${clusters} × ${pods} pods (\`npm run bench -- sim\`)

Date: ${date}. Machine: ${machine()}.
Command: \`npm run bench -- sim --clusters ${clusters} --pods ${pods} --lists ${lists}\`

| figure | value |
| --- | --- |
| clusters × pods | ${clusters} × ${pods} (${totalPods} pods in all; min per cluster ${Math.min(...podCounts)}) |
| fleet start-up until every pod is Running (cluster time at 20×) | ${(startup / 1000).toFixed(1)} s |
| process RSS after start-up | ${mib(after.rss)} (before: ${mib(before.rss)}) |
| JS heap used after start-up | ${mib(after.heapUsed)} |
| LIST all pods of one cluster (${(bytes / 1024 / 1024).toFixed(1)} MiB JSON) from a client process, median | ${ms(list.median)} |
| same, p99 (n=${list.n}) | ${ms(list.p99)} |
| LIST with a label selector, median / p99 | ${ms(sel.median)} / ${ms(sel.p99)} |
| requests retried after a keep-alive reset | ${retries} |
`;
  writeSection(`sim-${clusters}x${pods}`, body);
  process.stdout.write(body + '\n');
}
