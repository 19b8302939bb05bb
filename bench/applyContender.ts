/**
 * The orchestrator's side of one apply contender run: fork the contender's script in its own
 * process, wait for its warm-up, let the caller reset counters and note the stores, start the
 * measured applies, collect the samples.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GoMessage } from './fanoutTypes.ts';
import type { ApplyConfig, ApplyMessage, ApplyTally } from './applyTypes.ts';

export interface ApplyRun {
  samples: number[];
  tally: ApplyTally;
  /** The namespaces the measured applies wrote to. */
  namespaces: string[];
  /** Bytes of the last apply's answer (GraphQL response, or kubectl's output). */
  bytes: number;
  /** CPU time of the contender's process (and its kubectl children) over the measured applies. */
  cpuMs: number;
}

export async function runApplyContender(script: string, config: ApplyConfig, beforeMeasure: () => void | Promise<void>): Promise<ApplyRun> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<ApplyRun>((resolve, reject) => {
    let result: ApplyRun | undefined;
    let failure: Error | undefined;
    child.on('message', (m: ApplyMessage) => {
      if (m.type === 'warm') {
        void Promise.resolve(beforeMeasure()).then(
          () => child.send({ type: 'go' } satisfies GoMessage),
          (e: unknown) => { failure = e instanceof Error ? e : new Error(String(e)); child.kill(); },
        );
      } else if (m.type === 'done') {
        result = { samples: m.samples, tally: m.tally, namespaces: m.namespaces, bytes: m.bytes, cpuMs: m.cpuMs };
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
