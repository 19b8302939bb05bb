/**
 * The orchestrator's side of one contender run: fork the contender's script in its own process,
 * wait for its warm-up, let the caller reset the upstream counters, start the measured
 * iterations, collect the samples.
 */
import type { ContenderConfig, DashboardTally } from './fanoutTypes.ts';
import { forkContender } from './forkContender.ts';

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

export function runContender(script: string, config: ContenderConfig, hooks: MeasureHooks): Promise<ContenderRun> {
  return forkContender<ContenderRun>(script, config, () => hooks.beforeMeasure());
}
