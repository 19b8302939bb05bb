/**
 * Cached reads (issue 9): the gateway with its read cache on (`cache: true`, what `--cache` sets)
 * in its own process, over a settled simulated fleet (SimFleet's `settled`) in this process.
 * Figures: (a) a label-filtered fleet-wide page of 100 pods (p50/p99), (b) a full listing of
 * every pod's name beside its floor (`JSON.stringify` of the same response body in the gateway's
 * process), (c) gateway memory per cached pod (RSS and heap after a full GC, after sync minus
 * before), (d) time from the first read to every cluster's pod store synced, (e) freshness: a
 * pod label written to a cluster until a cached query shows it, and (f) upstream requests during
 * the measured cached queries, from the simulator's request logs. Answers are checked against
 * the simulator's stores.
 *
 *   npm run bench -- cached [--clusters 100] [--pods 1000] [--samples 500] [--full 10]
 *     [--fresh 200] [--cpu-prof DIR]
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimFleet } from '../src/sim/index.ts';
import { R } from '../src/sim/resources.ts';
import type { CachedGatewayMessage, CachedGatewayRequest } from './cachedGatewayServer.ts';
import { machine, writeSection } from './report.ts';
import { summarize } from './stats.ts';

type Stats = Extract<CachedGatewayMessage, { type: 'stats' }>;
type Floor = Extract<CachedGatewayMessage, { type: 'floor' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function log(line: string): void {
  process.stderr.write(`[cached ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function next<T extends { type: string }>(proc: ChildProcess, type: T['type'], timeoutMs = 900_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no ${type} within ${timeoutMs} ms`)); }, timeoutMs);
    const on = (m: T & { message?: string }) => {
      if (m.type === 'error') { cleanup(); reject(new Error(m.message)); }
      else if (m.type === type) { cleanup(); resolve(m); }
    };
    const exit = (code: number | null) => { cleanup(); reject(new Error(`gateway process exited (${code}) before ${type}`)); };
    const cleanup = () => { clearTimeout(timer); proc.off('message', on); proc.off('exit', exit); };
    proc.on('message', on);
    proc.once('exit', exit);
  });
}

interface GqlResult { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> }

async function post(url: string, query: string, variables: Record<string, unknown> = {}, allowErrors = false): Promise<{ ms: number; bytes: number; body: GqlResult }> {
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  const ms = performance.now() - t;
  const body = JSON.parse(text) as GqlResult;
  if (res.status !== 200 || (body.errors?.length && !allowErrors)) throw new Error(`query answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, bytes: text.length, body };
}

const PAGE = `query Page($sel: String!) { pods(labelSelector: $sel, first: 100) { edges { node { cluster { name } namespace name phase ready nodeName } } pageInfo { hasNextPage } } }`;
const FULL = `{ clusters { name pods { name } } }`;
const FRESH = `query Fresh($c: [String!], $sel: String!) { pods(clusterNames: $c, labelSelector: $sel, first: 1) { edges { node { name } } } }`;

type PageData = { pods: { edges: Array<{ node: { cluster: { name: string }; namespace: string; name: string } }> } };
type FullData = { clusters: Array<{ name: string; pods: Array<{ name: string }> }> };

export async function cached(args: Record<string, string>): Promise<void> {
  const clusters = Number(args.clusters ?? 100);
  const pods = Number(args.pods ?? 1000);
  const samples = Number(args.samples ?? 500);
  const fullRuns = Number(args.full ?? 10);
  const freshRuns = Number(args.fresh ?? 200);
  const profDir = args['cpu-prof'];
  const started = new Date();
  const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  log(`start: ${uptime}`);
  const t0 = performance.now();
  const fleet = await SimFleet.start({ clusters, pods, nodes: Math.max(1, Math.ceil(pods / 100)), settled: true, namePrefix: 'cache' });
  const fleetSeconds = (performance.now() - t0) / 1000;
  const totalPods = fleet.clusters.reduce((n, c) => n + c.registry.list(R.pods).length, 0);
  log(`settled fleet of ${clusters} × ${pods} up in ${fleetSeconds.toFixed(1)} s (${totalPods} pods in all)`);
  // The selector: the `app` label value with the most pods fleet-wide (so the page is full).
  const byApp = new Map<string, number>();
  for (const c of fleet.clusters) for (const p of c.registry.list(R.pods)) { const a = p.metadata.labels?.app; if (a) byApp.set(a, (byApp.get(a) ?? 0) + 1); }
  const [topApp, topCount] = [...byApp.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  const selector = `app=${topApp}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-cached-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfig);
  const names = fleet.clusters.map((c) => c.name);
  const gw = fork(fileURLToPath(new URL('./cachedGatewayServer.ts', import.meta.url)), [JSON.stringify({ kubeconfig, clusters: names })], {
    execArgv: ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const gwExited = new Promise<void>((r) => gw.once('exit', () => r()));
  const stats = async (): Promise<Stats> => { const a = next<Stats>(gw, 'stats'); gw.send({ type: 'stats' } satisfies CachedGatewayRequest); return a; };
  let body = '';
  try {
    const { url } = await next<{ type: 'listening'; url: string }>(gw, 'listening');
    await sleep(1000);
    const before = await stats();
    log(`gateway up: heap ${(before.heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(before.rss / 2 ** 20).toFixed(0)} MiB`);

    // (d) Time to first sync: the first fleet-wide read starts every cluster's pod list+watch
    // (answered live meanwhile); poll until every cluster's pod store is synced.
    const s0 = performance.now();
    // It is the trigger only: answered live by 100 LISTs at once while the watches list too, it
    // may see clusters time out (counted in the report).
    const first = await post(url, PAGE, { sel: selector }, true);
    const firstErrors = first.body.errors?.length ?? 0;
    let synced = await stats();
    while (synced.podsSynced < clusters) {
      if (performance.now() - s0 > 900_000) throw new Error(`only ${synced.podsSynced} of ${clusters} clusters synced after 900 s`);
      await sleep(100);
      synced = await stats();
    }
    const syncSeconds = (performance.now() - s0) / 1000;
    log(`all ${clusters} clusters' pods synced ${syncSeconds.toFixed(1)} s after the first read (answered live in ${first.ms.toFixed(0)} ms, ${firstErrors} errors)`);
    await sleep(2000);
    const after = await stats();

    // From here on every measured query must be answered from the cache: no upstream request.
    for (const c of fleet.clusters) c.requests.clear();
    const up0 = after.upstream;

    // (a) A label-filtered fleet-wide page of 100 pods, checked against the stores.
    const expected: string[] = [];
    for (const c of fleet.clusters) {
      const mine = c.registry.list(R.pods).filter((p) => p.metadata.labels?.app === topApp)
        .map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`).sort();
      for (const k of mine) expected.push(`${c.name}/${k}`);
    }
    const expectedPage = expected.slice(0, 100).join('\n');
    for (let i = 0; i < 20; i++) await post(url, PAGE, { sel: selector });
    const pageMs: number[] = [];
    let pageBytes = 0;
    for (let i = 0; i < samples; i++) {
      const r = await post(url, PAGE, { sel: selector });
      pageMs.push(r.ms);
      pageBytes = r.bytes;
      if (i === 0 || i === samples - 1) {
        const got = (r.body.data as PageData).pods.edges.map((e) => `${e.node.cluster.name}/${e.node.namespace}/${e.node.name}`).join('\n');
        if (got !== expectedPage) throw new Error(`page differs from the simulator's stores:\n${got.slice(0, 400)}\nexpected\n${expectedPage.slice(0, 400)}`);
      }
    }
    const page = summarize(pageMs);
    log(`(a) page: p50 ${page.median.toFixed(2)} ms, p99 ${page.p99.toFixed(2)} ms`);

    // (b) Every pod's name, beside the floor.
    await post(url, FULL);
    const fullMs: number[] = [];
    let fullBytes = 0;
    for (let i = 0; i < fullRuns; i++) {
      const r = await post(url, FULL);
      fullMs.push(r.ms);
      fullBytes = r.bytes;
      if (i === 0) {
        for (const c of (r.body.data as FullData).clusters) {
          const want = fleet.cluster(c.name).registry.list(R.pods).map((p) => p.metadata.name).sort().join(',');
          const got = c.pods.map((p) => p.name).sort().join(',');
          if (got !== want) throw new Error(`${c.name}: pod names differ from the simulator's store`);
        }
        if ((r.body.data as FullData).clusters.length !== clusters) throw new Error('full listing: clusters missing');
      }
    }
    const full = summarize(fullMs);
    const floorP = next<Floor>(gw, 'floor');
    gw.send({ type: 'floor', query: FULL, repeat: Math.max(fullRuns, 10) } satisfies CachedGatewayRequest);
    const floor = await floorP;
    log(`(b) full listing: median ${full.median.toFixed(1)} ms; floor ${floor.median.toFixed(1)} ms`);

    // (e) Freshness: label one pod (round-robin over clusters) with a new value; poll a cached
    // query selecting that value until it shows the pod.
    const freshMs: number[] = [];
    const freshPolls: number[] = [];
    for (let i = 0; i < freshRuns; i++) {
      const c = fleet.clusters[i % fleet.clusters.length]!;
      const p = c.registry.list(R.pods).find((x) => x.metadata.namespace !== 'kube-system') ?? c.registry.list(R.pods)[0]!;
      const value = `v${i}`;
      const t = performance.now();
      c.registry.mutate(R.pods, p.metadata.namespace ?? '', p.metadata.name, (d) => { d.metadata.labels = { ...(d.metadata.labels ?? {}), 'bench-fresh': value }; });
      let polls = 0;
      for (;;) {
        polls++;
        const r = await post(url, FRESH, { c: [c.name], sel: `bench-fresh=${value}` });
        const edges = (r.body.data as PageData).pods.edges;
        if (edges.length === 1 && edges[0]!.node.name === p.metadata.name) break;
        if (performance.now() - t > 10_000) throw new Error(`freshness: ${c.name}/${p.metadata.name} not visible after 10 s`);
      }
      freshMs.push(performance.now() - t);
      freshPolls.push(polls);
      await sleep(20);
    }
    const fresh = summarize(freshMs);
    log(`(e) freshness: p50 ${fresh.median.toFixed(1)} ms, p99 ${fresh.p99.toFixed(1)} ms`);

    // (f) Upstream requests during all of the above, from the simulator's logs.
    const upstream: Record<string, number> = {};
    for (const c of fleet.clusters) for (const r of c.requests.all()) upstream[`${r.verb} ${r.resource}`] = (upstream[`${r.verb} ${r.resource}`] ?? 0) + 1;
    const end = await stats();
    const upstreamTotal = Object.values(upstream).reduce((a, b) => a + b, 0);
    log(`(f) upstream requests: ${upstreamTotal} (gateway's own count ${end.upstream - up0})`);

    const command = `npm run bench -- cached${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
    body = report({ date: started.toISOString().slice(0, 10), command, uptime, clusters, pods, totalPods, fleetSeconds, selector, matching: topCount, before, after, syncSeconds, firstMs: first.ms, firstErrors, page, pageBytes, samples, full, fullBytes, floor, fresh, freshPolls, upstream, upstreamTotal, gatewayUpstream: end.upstream - up0 });
  } finally {
    gw.send({ type: 'stop' } satisfies CachedGatewayRequest);
    const timer = setTimeout(() => gw.kill('SIGKILL'), 15_000);
    await gwExited;
    clearTimeout(timer);
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (profDir) log('--cpu-prof given: figures printed only, BENCHMARKS.md left as it was');
  else writeSection('cached-reads', body);
  process.stdout.write(`${body}\n`);
}

interface ReportInput {
  date: string; command: string; uptime: string; clusters: number; pods: number; totalPods: number; fleetSeconds: number;
  selector: string; matching: number; before: Stats; after: Stats; syncSeconds: number; firstMs: number; firstErrors: number;
  page: ReturnType<typeof summarize>; pageBytes: number; samples: number; full: ReturnType<typeof summarize>; fullBytes: number; floor: Floor;
  fresh: ReturnType<typeof summarize>; freshPolls: number[]; upstream: Record<string, number>; upstreamTotal: number; gatewayUpstream: number;
}

function report(i: ReportInput): string {
  const f = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
  const kib = (b: number) => `${(b / 1024).toFixed(2)} KiB`;
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const heapPer = (i.after.heapUsed - i.before.heapUsed) / i.totalPods;
  const rssPer = (i.after.rss - i.before.rss) / i.totalPods;
  const ratio = i.full.median / i.floor.median;
  const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');
  const polls = summarize(i.freshPolls);
  return `## Cached reads: ${i.clusters} clusters × ${i.pods.toLocaleString('en')} pods (\`npm run bench -- cached\`)

Date: ${i.date}. Machine: ${machine()}.
Command: \`${i.command}\`. Load at the start (\`uptime\`): \`${i.uptime}\`.

A settled fleet (\`SimFleet.start({ settled: true })\`, controllers on, 1 node per 100 pods) of
${i.clusters} clusters × ${i.pods.toLocaleString('en')} pods (${i.totalPods.toLocaleString('en')} pods with kube-system's; up in ${i.fleetSeconds.toFixed(0)} s) in the
orchestrating process, which is also the client (one query at a time, \`fetch\` over keep-alive,
timed until the whole response text is read); the gateway in its own process, started by
\`startGatewayFromKubeconfig({ cache: true })\` (what \`--cache\` sets). Every answer below was
checked against the simulator's stores (page: first and last sample; full listing: first run).

| figure | measured | target |
| --- | --- | --- |
| (a) label-filtered fleet-wide page of 100 pods (\`pods(labelSelector: "${i.selector}", first: 100)\`, ${i.matching.toLocaleString('en')} pods match; ${(i.pageBytes / 1024).toFixed(0)} KiB), ${i.samples} sequential queries | p50 ${f(i.page.median)}, p99 ${f(i.page.p99)}, max ${f(i.page.max)} | p99 ≤ 20 ms — ${verdict(i.page.p99 <= 20)} |
| (b) every pod's name (\`{ clusters { name pods { name } } }\`, ${(i.fullBytes / 2 ** 20).toFixed(1)} MiB), ${i.full.n} runs | median ${f(i.full.median)} (p99 ${f(i.full.p99)}); floor ${f(i.floor.median)}: **${ratio.toFixed(1)}×** the floor | ≤ 3× the floor — ${verdict(ratio <= 3)} |
| (c) gateway memory per cached pod (after sync minus before, after a full GC, ÷ ${i.totalPods.toLocaleString('en')} pods) | heap ${kib(heapPer)}, RSS ${kib(rssPer)} (heap ${mib(i.before.heapUsed)} → ${mib(i.after.heapUsed)}, RSS ${mib(i.before.rss)} → ${mib(i.after.rss)}) | ≤ 2 KB (RSS) — ${verdict(rssPer <= 2000)} |
| (d) time to first sync: first read until every cluster's pod store is synced | ${i.syncSeconds.toFixed(1)} s (that first read, answered live: ${f(i.firstMs)}, with ${i.firstErrors} cluster error(s)) | — |
| (e) freshness: a pod label written in the simulator until a cached query selecting it shows the pod, ${i.fresh.n} changes | p50 ${f(i.fresh.median)}, p99 ${f(i.fresh.p99)}, max ${f(i.fresh.max)} (queries per change: median ${polls.median}, max ${polls.max}) | p99 ≤ 200 ms — ${verdict(i.fresh.p99 <= 200)} |
| (f) upstream requests during (a), (b), (e) (simulator request logs) | ${i.upstreamTotal}${i.upstreamTotal ? ` (${Object.entries(i.upstream).map(([k, v]) => `${v} × ${k}`).join(', ')})` : ''}; the gateway's own count: ${i.gatewayUpstream} | 0 — ${verdict(i.upstreamTotal === 0)} |

How to read it: the floor of (b) is \`JSON.stringify\` of that same response body (fetched once,
parsed) in the gateway's process, median of ${i.floor.samples.length} runs: the cost of only serializing
the answer, with no GraphQL execution, no HTTP and no client. The measured figure is the whole
round trip seen by the client (request, execution from the cache, serialization, transfer, reading
the text). Memory per pod: the gateway's \`process.memoryUsage()\` after \`global.gc()\` with every
cluster's pod store synced (plus its watch connections), minus the same right after start, before
any read; RSS includes what V8 keeps reserved after GC. Freshness is measured from just before the
write to the simulator's store (in the client's process) until the response that shows the
change is read; the client queries back to back, so it includes up to one query's latency of
polling. Upstream requests: every request in the simulator's request logs from just after sync
to the end of (e), watches already open excluded (they were requested before).
`;
}
