/**
 * The checks of an `apply` with a rollout strategy, all made before anything is written: every
 * wave's targets resolved and non-empty, no cluster in two waves, the timings in range, and the
 * manifests and options as a plain apply checks them. Every problem is listed at once (one
 * BAD_USER_INPUT), so automation fixes its input in one round trip.
 */
import type { Fleet } from '../fleet/Fleet.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { InputError } from '../loaders/InputError.ts';
import type { ApplyInput } from './FleetOps.ts';
import { checkFieldManager } from './applyToClusters.ts';
import { namespaceProblem, parseManifests, type ManifestLimits, type ManifestObject } from './parseManifests.ts';
import { selectTargets, type TargetInput } from './selectTargets.ts';
import { checkWriteAccess } from './checkWriteAccess.ts';

export interface RolloutStrategyInput {
  waves: readonly TargetInput[];
  waitTimeoutSeconds?: number | null;
  pauseSeconds?: number | null;
}

export interface RolloutApplyInput extends ApplyInput {
  strategy?: RolloutStrategyInput | null;
}

export interface RolloutPlan {
  waves: ClusterClient[][];
  objects: ManifestObject[];
  fieldManager: string;
  force: boolean;
  waitTimeoutSeconds: number;
  pauseSeconds: number;
}

/** Why a cap: each wave is a sequential step with its own wait; a hundred is already a very slow rollout. */
export const MAX_WAVES = 100;
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
/** One day: longer waits belong to a scheduler, not to one gateway-held operation. */
export const MAX_SECONDS = 86_400;

export function planRollout(fleet: Fleet, input: RolloutApplyInput, limits?: ManifestLimits): RolloutPlan {
  const strategy = input.strategy;
  if (!strategy) throw new InputError('input.strategy', 'a rollout needs a strategy with waves');
  const problems: string[] = [];
  const problem = (e: unknown) => {
    if (e instanceof InputError) problems.push(e.message);
    else throw e;
  };
  if (input.dryRun === true) problems.push('input.dryRun: a rollout in waves cannot be a plan; plan the same manifests with dryRun and no strategy');
  if (input.clusters != null || input.clusterNames != null || input.allClusters != null) {
    problems.push('input: with a strategy the waves name the target clusters; leave out clusters, clusterNames and allClusters');
  }
  const waitTimeoutSeconds = seconds(strategy.waitTimeoutSeconds, DEFAULT_WAIT_TIMEOUT_SECONDS, 1, 'waitTimeoutSeconds', problems);
  const pauseSeconds = seconds(strategy.pauseSeconds, 0, 0, 'pauseSeconds', problems);

  const waves: ClusterClient[][] = [];
  if (strategy.waves.length === 0) problems.push('input.strategy.waves: give at least one wave');
  if (strategy.waves.length > MAX_WAVES) problems.push(`input.strategy.waves: ${strategy.waves.length} waves, at most ${MAX_WAVES}`);
  const waveOf = new Map<string, number>();
  strategy.waves.slice(0, MAX_WAVES).forEach((wave, i) => {
    const at = `input.strategy.waves[${i}]`;
    if ((wave as { allClusters?: unknown }).allClusters != null) {
      problems.push(`${at}: a wave names its clusters with clusters or clusterNames`);
      return;
    }
    try {
      const clients = selectTargets(fleet, wave);
      waves.push(clients);
      for (const c of clients) {
        const first = waveOf.get(c.name);
        if (first !== undefined) problems.push(`${at}: cluster ${quoteInput(c.name)} is already in wave ${first + 1} (input.strategy.waves[${first}]); a cluster belongs to one wave`);
        else waveOf.set(c.name, i);
      }
    } catch (e) {
      // selectTargets names the field as `input.clusters`; say which wave it was.
      if (e instanceof InputError) problems.push(`${at}${e.message.slice('input'.length).replace(/; nothing was written$/, '')}`);
      else throw e;
    }
  });

  let fieldManager = '';
  try {
    fieldManager = checkFieldManager(input.fieldManager);
  } catch (e) {
    problem(e);
  }
  const nsProblem = input.namespace ? namespaceProblem(input.namespace) : undefined;
  if (nsProblem) problems.push(`input.namespace: ${nsProblem}`);
  let objects: ManifestObject[] = [];
  try {
    objects = parseManifests(input.manifests, nsProblem ? undefined : input.namespace, limits);
  } catch (e) {
    problem(e);
  }
  if (problems.length === 1) {
    const [only] = problems as [string];
    const cut = only.indexOf(': ');
    throw new InputError(only.slice(0, cut), only.slice(cut + 2));
  }
  if (problems.length > 1) throw new InputError('input', `${problems.length} problems, nothing was written: ${problems.join('; ')}`);
  checkWriteAccess(fleet, waves.flat(), 'apply');
  return { waves, objects, fieldManager, force: input.force === true, waitTimeoutSeconds, pauseSeconds };
}

function seconds(value: number | null | undefined, fallback: number, min: number, field: string, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || value < min || value > MAX_SECONDS) {
    problems.push(`input.strategy.${field}: ${value} is out of range: ${min} to ${MAX_SECONDS} seconds`);
    return fallback;
  }
  return value;
}
