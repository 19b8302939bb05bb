/**
 * Simulator at scale: 50 clusters of 2,000 pods each in one process. Measures how long the
 * fleet takes to come up, the process's memory once it has, and the latency of a full LIST of
 * a cluster's 2,000 pods over HTTP (what every gateway fan-out pays per cluster).
 *
 *   npm run bench -- sim [--clusters 50] [--pods 2000] [--lists 200]
 */
import { Agent, request } from 'node:https';
import { RealClock, SimFleet } from '../src/sim/index.ts';
import { machine, writeSection } from './report.ts';
import { mib, ms, summarize } from './stats.ts';

const agent = new Agent({ keepAlive: true });

function get(url: string, token: string, ca: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, ca, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function simScale(args: Record<string, string>): Promise<void> {
  const clusters = Number(args.clusters ?? 50);
  const pods = Number(args.pods ?? 2000);
  const lists = Number(args.lists ?? 200);
  const before = process.memoryUsage();
  const t0 = performance.now();
  const fleet = await SimFleet.start({ clusters, pods, nodes: Math.max(3, Math.ceil(pods / 100)), speed: 1000 });
  const startup = performance.now() - t0;
  global.gc?.();
  const after = process.memoryUsage();
  // Populate at 1000x, measure at real time: background activity (node heartbeats) at 1000x
  // would be a write storm no real cluster has.
  for (const c of fleet.clusters) if (c.clock instanceof RealClock) c.clock.setSpeed(1);
  const podCounts = fleet.clusters.map((c) => c.store.count('/pods'));
  const totalPods = podCounts.reduce((a, b) => a + b, 0);

  // Warm up, then time LISTs of all pods, round-robin over clusters, one at a time.
  for (const c of fleet.clusters.slice(0, 5)) await get(`${c.url}/api/v1/pods`, c.token, c.caPem);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < lists; i++) {
    const c = fleet.clusters[i % fleet.clusters.length]!;
    const s = performance.now();
    const r = await get(`${c.url}/api/v1/pods`, c.token, c.caPem);
    samples.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`LIST pods on ${c.name} answered ${r.status}`);
    bytes = r.bytes;
  }
  const list = summarize(samples);
  // Selective LIST: a label selector narrows 2,000 pods to a handful.
  const selSamples: number[] = [];
  for (let i = 0; i < lists; i++) {
    const c = fleet.clusters[i % fleet.clusters.length]!;
    const s = performance.now();
    await get(`${c.url}/api/v1/pods?labelSelector=${encodeURIComponent('app=web-1')}`, c.token, c.caPem);
    selSamples.push(performance.now() - s);
  }
  const sel = summarize(selSamples);
  await fleet.stop();

  const date = new Date().toISOString().slice(0, 10);
  const body = `## Simulator at scale (\`npm run bench -- sim\`)

Date: ${date}. Machine: ${machine()}.
Command: \`npm run bench -- sim --clusters ${clusters} --pods ${pods} --lists ${lists}\`

| figure | value |
| --- | --- |
| clusters × pods | ${clusters} × ${pods} (${totalPods} pods in all; min per cluster ${Math.min(...podCounts)}) |
| fleet start-up (create, schedule, run every pod) | ${(startup / 1000).toFixed(1)} s |
| process RSS after start-up | ${mib(after.rss)} (before: ${mib(before.rss)}) |
| JS heap used after start-up | ${mib(after.heapUsed)} |
| LIST all pods of one cluster (${(bytes / 1024 / 1024).toFixed(1)} MiB JSON), median | ${ms(list.median)} |
| same, p99 (n=${list.n}) | ${ms(list.p99)} |
| LIST with a label selector, median / p99 | ${ms(sel.median)} / ${ms(sel.p99)} |
`;
  writeSection('sim', body);
  process.stdout.write(body + '\n');
}
