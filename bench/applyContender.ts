/**
 * The orchestrator's side of one apply contender run: fork the contender's script in its own
 * process, wait for its warm-up, let the caller reset counters and note the stores, start the
 * measured applies, collect the samples.
 */
import type { ApplyConfig, ApplyTally } from './applyTypes.ts';
import { forkContender } from './forkContender.ts';

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

export function runApplyContender(script: string, config: ApplyConfig, beforeMeasure: () => void | Promise<void>): Promise<ApplyRun> {
  return forkContender<ApplyRun>(script, config, beforeMeasure);
}
