/**
 * The orchestrator's side of one contender run: fork the contender's script in its own process,
 * wait for its warm-up, let the caller reset the upstream counters, start the measured
 * iterations, collect the samples.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ContenderConfig, ContenderMessage, DashboardTally, GoMessage } from './fanoutTypes.ts';

export interface ContenderRun {
  samples: number[];
  tally: DashboardTally;
  bytes: number;
  /** CPU time of the contender's process (and its children) over the measured iterations. */
  cpuMs: number;
}

export interface MeasureHooks {
  /** Called after warm-up, just before the measured iterations (reset counters here). */
  beforeMeasure(): void | Promise<void>;
}

export async function runContender(script: string, config: ContenderConfig, hooks: MeasureHooks): Promise<ContenderRun> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<ContenderRun>((resolve, reject) => {
    let result: ContenderRun | undefined;
    let failure: Error | undefined;
    child.on('message', (m: ContenderMessage) => {
      if (m.type === 'warm') {
        void Promise.resolve(hooks.beforeMeasure()).then(
          () => child.send({ type: 'go' } satisfies GoMessage),
          (e: unknown) => { failure = e instanceof Error ? e : new Error(String(e)); child.kill(); },
        );
      } else if (m.type === 'done') {
        result = { samples: m.samples, tally: m.tally, bytes: m.bytes, cpuMs: m.cpuMs };
      } else {
        failure = new Error(`${script}: ${m.message}`);
      }
    });
    child.once('exit', (code) => {
      if (failure) reject(failure);
      else if (result) resolve(result);
      else reject(new Error(`${script} exited (${code}) without results`));
    });
  });
}
