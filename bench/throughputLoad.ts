/**
 * The load side of the throughput benchmark, in a process of its own: `concurrency` loops POST
 * the same GraphQL query over keep-alive connections for a warm-up, then (after the
 * orchestrator's go, so that it can reset its counters) for the measured time. Every answer is
 * parsed and checked (200, no errors, the expected number of clusters, all reachable); a wrong
 * answer fails the run rather than counting as a fast one.
 *
 *   node --import tsx bench/throughputLoad.ts CONFIG_JSON   (forked by bench/throughput.ts)
 */
import { cpuMs } from './fanoutTypes.ts';

export interface LoadConfig {
  url: string;
  query: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Clusters every answer must list. */
  clusters: number;
}

export type LoadMessage =
  | { type: 'warm' }
  | { type: 'done'; samples: number[]; seconds: number; cpuMs: number; bytes: number }
  | { type: 'error'; message: string };

interface Answer {
  data?: { clusters?: { name: string; status: { reachable: boolean } }[] } | null;
  errors?: unknown[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const body = JSON.stringify({ query: config.query });
/** Resolves once the message is handed to the IPC channel (exiting before that loses it). */
const send = (m: LoadMessage) => new Promise<void>((resolve) => { if (process.send) process.send(m, undefined, undefined, () => resolve()); else resolve(); });

async function one(): Promise<number> {
  const res = await fetch(config.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  const answer = JSON.parse(text) as Answer;
  const list = answer.data?.clusters;
  if (res.status !== 200 || answer.errors?.length || !list || list.length !== config.clusters || !list.every((c) => c.status.reachable)) {
    throw new Error(`${config.url} answered ${res.status}: ${text.slice(0, 1000)}`);
  }
  return text.length;
}

/** `concurrency` loops until `until`; latencies in ms when `samples` is given. */
async function drive(until: number, samples?: number[]): Promise<number> {
  let bytes = 0;
  await Promise.all(Array.from({ length: config.concurrency }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      bytes = await one();
      samples?.push(performance.now() - t0);
    }
  }));
  return bytes;
}

async function main(): Promise<void> {
  await drive(performance.now() + config.warmupMs);
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  void send({ type: 'warm' });
  await go;
  const samples: number[] = [];
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const bytes = await drive(t0 + config.durationMs, samples);
  await send({ type: 'done', samples, seconds: (performance.now() - t0) / 1000, cpuMs: cpuMs() - cpu0, bytes });
}

main().then(() => process.exit(0), async (e: unknown) => {
  await send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exit(1);
});
