/**
 * The measuring loop every contender process runs: warm-up iterations, then a pause while the
 * orchestrator resets the simulated clusters' request logs, then the measured iterations one
 * after another. Talks to the orchestrator over the fork IPC channel.
 */
import type { ContenderConfig, DashboardCluster } from './fanoutTypes.ts';
import { cpuMs, tally } from './fanoutTypes.ts';
import { measureLoop, readLoopConfig } from './measureLoop.ts';

export function readConfig(): ContenderConfig {
  return readLoopConfig<ContenderConfig>('fan-out');
}

/** One dashboard fetch: the clusters it built, and the bytes it received (for the report). */
export type FetchDashboard = () => Promise<{ clusters: DashboardCluster[]; bytes: number }>;

export async function runLoop(config: ContenderConfig, fetchDashboard: FetchDashboard): Promise<void> {
  let last = { clusters: [] as DashboardCluster[], bytes: 0 };
  await measureLoop('fan-out', async () => {
    for (let i = 0; i < config.warmup; i++) last = await fetchDashboard();
  }, async () => {
    const samples: number[] = [];
    const cpuBefore = cpuMs(true);
    for (let i = 0; i < config.iterations; i++) {
      const start = performance.now();
      last = await fetchDashboard();
      samples.push(performance.now() - start);
    }
    const cpu = cpuMs(true) - cpuBefore;
    return { samples, tally: tally(last.clusters), bytes: last.bytes, cpuMs: cpu };
  });
}
