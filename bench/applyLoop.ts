/**
 * The measuring loop every apply contender process runs: warm-up applies, then a pause while
 * the orchestrator resets the clusters' request logs and notes the objects' resourceVersions,
 * then the measured applies one after another, each in the namespace its iteration names.
 */
import { cpuMs } from './fanoutTypes.ts';
import type { GoMessage } from './fanoutTypes.ts';
import { emptyTally, namespaceFor, type ApplyConfig, type ApplyMessage, type ApplyTally } from './applyTypes.ts';

export function readConfig(): ApplyConfig {
  const text = process.argv[2];
  if (!text) throw new Error('apply contender: expected its configuration as JSON in argv[2]');
  return JSON.parse(text) as ApplyConfig;
}

function send(message: ApplyMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) { reject(new Error('apply contender: run me with child_process.fork (no IPC channel)')); return; }
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

/** One apply of the manifest in `namespace` to every context: adds what it reported to `tally`; returns bytes received. */
export type ApplyOnce = (namespace: string, tally: ApplyTally) => Promise<number>;
/** Untimed preparation of iteration's input (kubectl: writing the manifest file). */
export type Prepare = (namespace: string) => Promise<void>;

export async function runLoop(config: ApplyConfig, prepare: Prepare, applyOnce: ApplyOnce): Promise<void> {
  try {
    let i = 0;
    for (; i < config.warmup; i++) {
      const ns = namespaceFor(config, i);
      await prepare(ns);
      const t = emptyTally();
      await applyOnce(ns, t);
      if (t.errors.length) throw new Error(`warm-up apply in ${ns} failed: ${t.errors.join('; ')}`);
    }
    const go = nextGo();
    await send({ type: 'warm' });
    await go;
    const samples: number[] = [];
    const namespaces: string[] = [];
    const tally = emptyTally();
    let bytes = 0;
    let cpu = 0;
    for (let k = 0; k < config.iterations; k++, i++) {
      const ns = namespaceFor(config, i);
      await prepare(ns);
      const cpuBefore = cpuMs(true);
      const start = performance.now();
      bytes = await applyOnce(ns, tally);
      samples.push(performance.now() - start);
      cpu += cpuMs(true) - cpuBefore;
      namespaces.push(ns);
    }
    await send({ type: 'done', samples, tally, namespaces: [...new Set(namespaces)], bytes, cpuMs: cpu });
  } catch (e) {
    await send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
  // Keep-alive sockets must not keep a finished contender alive.
  process.exit(0);
}
