/**
 * The orchestrator's side of one contender run, for every benchmark whose contenders use
 * bench/measureLoop.ts: fork the contender's script (a path relative to bench/) in its own
 * process, wait for its warm-up, let the caller reset counters, start the measured part,
 * collect the result.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GoMessage } from './fanoutTypes.ts';
import type { LoopMessage } from './measureLoop.ts';

export async function forkContender<Done extends object>(script: string, config: object, beforeMeasure: () => void | Promise<void>): Promise<Done> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<Done>((resolve, reject) => {
    let result: Done | undefined;
    let failure: Error | undefined;
    child.on('message', (m: LoopMessage<Done>) => {
      if (m.type === 'warm') {
        void Promise.resolve(beforeMeasure()).then(
          () => child.send({ type: 'go' } satisfies GoMessage),
          (e: unknown) => { failure = e instanceof Error ? e : new Error(String(e)); child.kill(); },
        );
      } else if (m.type === 'done') {
        const { type: _type, ...done } = m;
        result = done as unknown as Done;
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
