/**
 * The measuring loop every contender process runs: warm-up iterations, then a pause while the
 * orchestrator resets the simulated clusters' request logs, then the measured iterations one
 * after another. Talks to the orchestrator over the fork IPC channel.
 */
import type { ContenderConfig, ContenderMessage, DashboardCluster, GoMessage } from './fanoutTypes.ts';
import { cpuMs, tally } from './fanoutTypes.ts';

export function readConfig(): ContenderConfig {
  const text = process.argv[2];
  if (!text) throw new Error('fan-out contender: expected its configuration as JSON in argv[2]');
  return JSON.parse(text) as ContenderConfig;
}

function send(message: ContenderMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) { reject(new Error('fan-out contender: run me with child_process.fork (no IPC channel)')); return; }
    process.send(message, undefined, {}, (e) => (e ? reject(e) : resolve()));
  });
}

function nextGo(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: GoMessage) => {
      if (m.type !== 'go') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}

/** One dashboard fetch: the clusters it built, and the bytes it received (for the report). */
export type FetchDashboard = () => Promise<{ clusters: DashboardCluster[]; bytes: number }>;

export async function runLoop(config: ContenderConfig, fetchDashboard: FetchDashboard): Promise<void> {
  try {
    let last = { clusters: [] as DashboardCluster[], bytes: 0 };
    for (let i = 0; i < config.warmup; i++) last = await fetchDashboard();
    const go = nextGo();
    await send({ type: 'warm' });
    await go;
    const samples: number[] = [];
    const cpuBefore = cpuMs(true);
    for (let i = 0; i < config.iterations; i++) {
      const start = performance.now();
      last = await fetchDashboard();
      samples.push(performance.now() - start);
    }
    const cpu = cpuMs(true) - cpuBefore;
    await send({ type: 'done', samples, tally: tally(last.clusters), bytes: last.bytes, cpuMs: cpu });
  } catch (e) {
    await send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
  // Keep-alive sockets must not keep a finished contender alive.
  process.exit(0);
}
