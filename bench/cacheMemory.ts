/**
 * Heap per cached object: how many bytes the watch cache's store (and its indexes) keeps per pod.
 * A simulated cluster of N Running pods and a gateway over it in this process; once the pods'
 * list+watch has synced, simulator and gateway are stopped (so nothing else allocates) and the
 * heap the store frees when emptied (after `global.gc()`) is divided by the pods it held. The
 * heap growth from before the stream to synced is printed too: it also holds the connection's
 * and the simulator's churn, so it is noisier.
 *
 *   npm run bench -- cache-memory [--pods 2000,10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayFromKubeconfig } from '../src/server/startGateway.ts';
import { RealClock, SimFleet } from '../src/sim/index.ts';
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
  const gateway = await startGatewayFromKubeconfig({ kubeconfigPath, port: 0, logLevel: 'silent', cache: true });
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

export async function cacheMemory(args: Record<string, string>): Promise<void> {
  if (!global.gc) throw new Error('cache-memory needs node --expose-gc (npm run bench does it)');
  const sizes = (args.pods ?? '2000,10000').split(',').map(Number);
  const rows: Row[] = [];
  for (const pods of sizes) {
    const row = await measure(pods);
    rows.push(row);
    process.stdout.write(`${row.pods} pods: ${row.bytesPerPod} B/pod (${row.storeMiB.toFixed(1)} MiB), heap growth ${Math.round(row.growth)} B/pod\n`);
  }
  writeSection('cache-memory', [
    '## Watch cache memory per pod',
    '',
    `${new Date().toISOString().slice(0, 10)}, ${machine()}. \`npm run bench -- cache-memory --pods ${sizes.join(',')}\`: one simulated cluster`,
    '(all pods Running), the gateway\'s pods list+watch synced in the same process; then simulator and gateway stopped, and the heap',
    '(after `global.gc()`) the store frees when emptied, divided by the pods it held (store and indexes).',
    '',
    '| pods | heap per cached pod | store |',
    '| ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.pods} | ${(r.bytesPerPod / 1024).toFixed(2)} KB | ${r.storeMiB.toFixed(1)} MiB |`),
  ].join('\n'));
}
