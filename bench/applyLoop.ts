/**
 * The measuring loop every apply contender process runs: warm-up applies, then a pause while
 * the orchestrator resets the clusters' request logs and notes the objects' resourceVersions,
 * then the measured applies one after another, each in the namespace its iteration names.
 */
import { cpuMs } from './fanoutTypes.ts';
import { emptyTally, namespaceFor, type ApplyConfig, type ApplyTally } from './applyTypes.ts';
import { measureLoop, readLoopConfig } from './measureLoop.ts';

export function readConfig(): ApplyConfig {
  return readLoopConfig<ApplyConfig>('apply');
}

/** One apply of the manifest in `namespace` to every context: adds what it reported to `tally`; returns bytes received. */
export type ApplyOnce = (namespace: string, tally: ApplyTally) => Promise<number>;
/** Untimed preparation of iteration's input (kubectl: writing the manifest file). */
export type Prepare = (namespace: string) => Promise<void>;

export async function runLoop(config: ApplyConfig, prepare: Prepare, applyOnce: ApplyOnce): Promise<void> {
  let i = 0;
  await measureLoop('apply', async () => {
    for (; i < config.warmup; i++) {
      const ns = namespaceFor(config, i);
      await prepare(ns);
      const t = emptyTally();
      await applyOnce(ns, t);
      if (t.errors.length) throw new Error(`warm-up apply in ${ns} failed: ${t.errors.join('; ')}`);
    }
  }, async () => {
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
    return { samples, tally, namespaces: [...new Set(namespaces)], bytes, cpuMs: cpu };
  });
}
