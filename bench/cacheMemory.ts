/**
 * Heap per cached object: how many bytes the watch cache's store (and its indexes) keeps per pod.
 * A simulated cluster of N Running pods and a gateway over it in this process; once the pods'
 * list+watch has synced, simulator and gateway are stopped (so nothing else allocates) and the
 * heap the store frees when emptied (after `global.gc()`) is divided by the pods it held. The
 * heap growth from before the stream to synced is printed too: it also holds the connection's
 * and the simulator's churn, so it is noisier.
 *
 * The fleet round (`--fleet CLUSTERSxPODS`, default 100x1000; `--fleet none` skips it) measures
 * what the issue's target is about, resident memory, at fleet scale: a settled simulated fleet
 * in this process and the gateway in its own (bench/cacheMemoryGateway.ts); every cluster's pods
 * list+watch is started as the read cache starts it, and once all are synced the gateway's RSS
 * and heap (after a full GC and 12 s without work, as V8 gives memory back only after idle
 * seconds; the figure 2 s after the sync is shown too) minus the same before, over the pods held: "cold" from the gateway's
 * start, and "warmed" from once every cluster's nodes list+watch synced (process warm-up, TLS and
 * a connection per cluster paid before). RSS includes what V8 keeps reserved and the pods' watch
 * connections.
 *
 *   npm run bench -- cache-memory [--pods 2000,10000] [--fleet 100x1000]
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayFromKubeconfig } from '../src/server/startGateway.ts';
import { SimFleet } from '../src/sim/index.ts';
import type { CacheMemoryMessage, CacheMemoryRequest } from './cacheMemoryGateway.ts';
import { machine, writeSection } from './report.ts';

interface Row {
  pods: number;
  bytesPerPod: number;
  storeMiB: number;
  /** Heap growth from before the stream to synced, per pod (the store plus the stream's own state and noise). */
  growth: number;
}

async function settle(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage().heapUsed;
}

async function measure(pods: number): Promise<Row> {
  const fleet = await SimFleet.start({ clusters: 1, pods, nodes: Math.max(3, Math.ceil(pods / 100)), namePrefix: 'mem', speed: 20 });
  // Measure pods as a running cluster holds them: scheduled, Running, with container statuses.
  const running = () => fleet.clusters[0]!.store.list('/pods').filter((p) => (p.object.status as { phase?: string } | undefined)?.phase === 'Running').length;
  for (let waited = 0; running() < pods; waited += 200) {
    if (waited > 10 * 60_000) throw new Error(`only ${running()} of ${pods} pods running after 10 minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-cache-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfigPath);
  // All load comes from one address: the per-caller rate limits (on by default) are off here.
  const gateway = await startGatewayFromKubeconfig({ kubeconfigPath, port: 0, logLevel: 'silent', cache: true, rateLimits: { operationsPerMinute: 0, costPerMinute: 0 } });
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await gateway.stop();
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cluster = fleet.clusters[0]!;
    // Warm up the same code paths (TLS, list pages, watch, store) on the nodes so the first
    // load of that code is not counted against the pods.
    await gateway.live!.hold(cluster.name, 'nodes').whenSynced();
    const before = await settle();
    const watch = gateway.live!.hold(cluster.name, 'pods');
    await watch.whenSynced();
    const synced = await settle();
    // Stop the simulator and the gateway (the store stays reachable through \`store\`), so nothing
    // else allocates; what the store alone holds is what the heap frees when it is emptied.
    const store = watch.objects;
    const held = store.size;
    await stopAll();
    const after = await settle();
    store.clear();
    const emptied = await settle();
    const retained = after - emptied;
    return { pods: held, bytesPerPod: Math.round(retained / held), storeMiB: retained / 1024 ** 2, growth: (synced - before) / held };
  } finally {
    await stopAll();
  }
}

interface Mem {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  newSpace: number;
}

interface FleetRow {
  clusters: number;
  podsPerCluster: number;
  /** Pods the gateway's stores held (kube-system's included). */
  pods: number;
  fleetSeconds: number;
  syncSeconds: number;
  /** Right after the gateway started, before any request. */
  cold: Mem;
  /** After the warm-up (every cluster's nodes synced), before the pods. */
  before: Mem;
  /** 2 s after the last pod store synced. */
  justSynced: Mem;
  /** After IDLE_MS more without work. */
  after: Mem;
  uptime: string;
}

/** How long the gateway is left without work before each fleet-round figure. */
const IDLE_MS = 12_000;

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

function next<T extends CacheMemoryMessage>(proc: ChildProcess, type: T['type'], timeoutMs = 900_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no ${type} from the gateway within ${timeoutMs} ms`)); }, timeoutMs);
    const on = (m: CacheMemoryMessage) => {
      if (m.type === 'error') { cleanup(); reject(new Error(m.message)); }
      else if (m.type === type) { cleanup(); resolve(m as T); }
    };
    const exit = (code: number | null) => { cleanup(); reject(new Error(`gateway process exited (${code}) before ${type}`)); };
    const cleanup = () => { clearTimeout(timer); proc.off('message', on); proc.off('exit', exit); };
    proc.on('message', on);
    proc.once('exit', exit);
  });
}

type Stats = Extract<CacheMemoryMessage, { type: 'stats' }>;

async function measureFleet(clusters: number, podsPerCluster: number): Promise<FleetRow> {
  const load = uptime();
  const t0 = performance.now();
  const fleet = await SimFleet.start({ clusters, pods: podsPerCluster, nodes: Math.max(1, Math.ceil(podsPerCluster / 100)), settled: true, namePrefix: 'memfleet' });
  const fleetSeconds = (performance.now() - t0) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'bench-cache-fleet-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfig);
  const names = fleet.clusters.map((c) => c.name);
  const gw = fork(fileURLToPath(new URL('./cacheMemoryGateway.ts', import.meta.url)), [JSON.stringify({ kubeconfig, clusters: names })], {
    execArgv: ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => gw.once('exit', () => r()));
  const stats = async (resource: 'pods' | 'nodes'): Promise<Stats> => {
    const answer = next<Stats>(gw, 'stats');
    gw.send({ type: 'stats', resource } satisfies CacheMemoryRequest);
    return answer;
  };
  const syncedAll = async (resource: 'pods' | 'nodes'): Promise<Stats> => {
    const s0 = performance.now();
    gw.send({ type: 'hold', resource } satisfies CacheMemoryRequest);
    let now = await stats(resource);
    while (now.synced < clusters) {
      if (performance.now() - s0 > 900_000) throw new Error(`only ${now.synced} of ${clusters} ${resource} stores synced after 900 s`);
      await new Promise((r) => setTimeout(r, 500));
      now = await stats(resource);
    }
    // Let the last list pages' buffers and sockets settle before the figure.
    await new Promise((r) => setTimeout(r, 2000));
    return stats(resource);
  };
  // V8 gives memory back (shrinks the young generation, releases pages) only after some seconds
  // with little allocation; a gateway spends its life there, not in the seconds after a sync.
  const idle = async (resource: 'pods' | 'nodes'): Promise<Stats> => {
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return stats(resource);
  };
  try {
    await next(gw, 'listening');
    const cold = await idle('pods');
    // Warm-up: every cluster's nodes list+watch (code, TLS, the connections to each cluster), as
    // the in-process round warms up on the nodes; the pods' own watch streams still count.
    await syncedAll('nodes');
    const warm = await idle('pods');
    const s0 = performance.now();
    const justSynced = await syncedAll('pods');
    const syncSeconds = (performance.now() - s0) / 1000 - 2;
    const after = await idle('pods');
    return { clusters, podsPerCluster, pods: after.pods, fleetSeconds, syncSeconds, cold, before: warm, justSynced, after, uptime: load };
  } finally {
    gw.send({ type: 'stop' } satisfies CacheMemoryRequest);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (gw.exitCode === null) gw.kill();
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function cacheMemory(args: Record<string, string>): Promise<void> {
  if (!global.gc) throw new Error('cache-memory needs node --expose-gc (npm run bench does it)');
  const sizes = (args.pods ?? '2000,10000').split(',').map(Number);
  const fleetArg = args.fleet ?? '100x1000';
  const fleetSize = fleetArg === 'none' ? undefined : /^(\d+)x(\d+)$/.exec(fleetArg);
  if (fleetArg !== 'none' && !fleetSize) throw new Error(`--fleet: expected CLUSTERSxPODS (100x1000) or none, got ${JSON.stringify(fleetArg)}`);
  const startLoad = uptime();
  process.stdout.write(`start: ${startLoad}\n`);
  const rows: Row[] = [];
  for (const pods of sizes) {
    const row = await measure(pods);
    rows.push(row);
    process.stdout.write(`${row.pods} pods: ${row.bytesPerPod} B/pod (${row.storeMiB.toFixed(1)} MiB), heap growth ${Math.round(row.growth)} B/pod\n`);
  }
  let fleetRow: FleetRow | undefined;
  if (fleetSize) {
    fleetRow = await measureFleet(Number(fleetSize[1]), Number(fleetSize[2]));
    const f = fleetRow;
    for (const [from, base] of [['cold (from gateway start)', f.cold], ['warmed (from nodes synced)', f.before]] as const) {
      process.stdout.write(`fleet ${f.clusters} x ${f.podsPerCluster}, ${from}: RSS ${kib((f.after.rss - base.rss) / f.pods)}/pod (2 s after sync: ${kib((f.justSynced.rss - base.rss) / f.pods)}), heap ${kib((f.after.heapUsed - base.heapUsed) / f.pods)}/pod `
        + `(RSS ${mib(base.rss)} -> ${mib(f.after.rss)}, heap ${mib(base.heapUsed)} -> ${mib(f.after.heapUsed)}, `
        + `V8 heap committed ${mib(base.heapTotal)} -> ${mib(f.after.heapTotal)} of which young generation ${mib(base.newSpace)} -> ${mib(f.after.newSpace)})\n`);
    }
    process.stdout.write(`fleet: ${f.pods} pods held, fleet up in ${f.fleetSeconds.toFixed(0)} s, pods synced in ${f.syncSeconds.toFixed(1)} s; load at its start: ${f.uptime}\n`);
  }
  const endLoad = uptime();
  process.stdout.write(`end: ${endLoad}\n`);
  const command = `npm run bench -- cache-memory --pods ${sizes.join(',')}${args.fleet ? ` --fleet ${fleetArg}` : ''}`;
  writeSection('cache-memory', [
    '## Watch cache memory per pod',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${machine()}. \`${command}\`.`,
    `Load (\`uptime\`) at the start: \`${startLoad}\`; at the end: \`${endLoad}\`.`,
    '',
    'Heap per cached pod: one simulated cluster (all pods Running), the gateway\'s pods list+watch synced in the same process; then',
    'simulator and gateway stopped, and the heap (after `global.gc()`) the store frees when emptied, divided by the pods it held',
    '(store and indexes).',
    '',
    '| pods | heap per cached pod | store |',
    '| ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.pods} | ${(r.bytesPerPod / 1024).toFixed(2)} KB | ${r.storeMiB.toFixed(1)} MiB |`),
    ...(fleetRow ? [
      '',
      `Resident memory per cached pod at fleet scale: a settled fleet (\`SimFleet.start({ settled: true })\`, 1 node per 100 pods) of`,
      `${fleetRow.clusters} clusters × ${fleetRow.podsPerCluster} pods in the benchmark's process (up in ${fleetRow.fleetSeconds.toFixed(0)} s); the gateway in its own process`,
      '(`cache: true`) starts every cluster\'s pods list+watch as the read cache does on a first read (without answering that read live).',
      `Its \`process.memoryUsage()\` after \`global.gc()\`, each figure taken after ${IDLE_MS / 1000} s without work (V8 gives memory back only after some idle`,
      'seconds): once every pod store is synced, minus the same at two points, divided by the pods held (also shown: 2 s after the sync):',
      '"cold", right after the gateway started (so process warm-up, TLS and one connection per cluster count against the pods too), and',
      '"warmed", once every cluster\'s nodes list+watch had synced first (as the heap round warms up; the pods\' own watch streams count).',
      'RSS includes what V8 keeps reserved after GC and the watch connections.',
      '',
      '| clusters × pods | pods held | from | RSS per cached pod | (2 s after sync) | heap per cached pod | RSS | heap | V8 heap committed (young generation) | pods synced in |',
      '| --- | ---: | --- | ---: | ---: | ---: | --- | --- | --- | ---: |',
      ...([['cold', fleetRow.cold], ['warmed', fleetRow.before]] as const).map(([from, base]) =>
        `| ${fleetRow!.clusters} × ${fleetRow!.podsPerCluster} | ${fleetRow!.pods} | ${from} | ${kib((fleetRow!.after.rss - base.rss) / fleetRow!.pods)} | ${kib((fleetRow!.justSynced.rss - base.rss) / fleetRow!.pods)} | ${kib((fleetRow!.after.heapUsed - base.heapUsed) / fleetRow!.pods)} `
        + `| ${mib(base.rss)} → ${mib(fleetRow!.after.rss)} | ${mib(base.heapUsed)} → ${mib(fleetRow!.after.heapUsed)} | ${mib(base.heapTotal)} (${mib(base.newSpace)}) → ${mib(fleetRow!.after.heapTotal)} (${mib(fleetRow!.after.newSpace)}) | ${fleetRow!.syncSeconds.toFixed(1)} s |`),
    ] : []),
  ].join('\n'));
}
