/**
 * The clusters a mutation writes to. Why a module of its own: a write must name its targets
 * (`clusters`, `clusterNames` or `allClusters: true`); leaving them out, an empty selector, or a
 * choice that matches no cluster is refused before any cluster is asked, so a fleet-wide write
 * is never what a forgotten argument or a typo in a label does.
 */
import { SelectorError } from '../fleet/labelSelector.ts';
import type { Fleet } from '../fleet/Fleet.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import { PolicyForbidden } from '../fleet/PolicyForbidden.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { InputError } from '../loaders/InputError.ts';
import { validateArguments } from '../loaders/validateArguments.ts';

export interface TargetInput {
  clusters?: string | null;
  clusterNames?: readonly string[] | null;
  allClusters?: boolean | null;
}

/** Throws InputError (BAD_USER_INPUT) naming the input field that is wrong. */
export function selectTargets(fleet: Fleet, input: TargetInput): ClusterClient[] {
  const clusters = input.clusters ?? undefined;
  const clusterNames = input.clusterNames ?? undefined;
  const named = clusters !== undefined || clusterNames !== undefined;
  if (input.allClusters === true) {
    if (named) throw new InputError('input.allClusters', 'cannot be combined with clusters or clusterNames: name the targets one way');
    if (fleet.clusters.length === 0) {
      if (fleet.access) throw new PolicyForbidden([], `input.allClusters: the gateway policy gives ${fleet.access.caller} no cluster; nothing was written`);
      throw new InputError('input.allClusters', 'the fleet has no clusters; nothing was written');
    }
    return [...fleet.clusters];
  }
  if (!named) {
    throw new InputError('input', 'name the target clusters with clusters (a label selector over cluster labels), clusterNames, or allClusters: true; a write to the whole fleet is never the default');
  }
  if (clusters !== undefined && clusters.trim() === '') {
    throw new InputError('input.clusters', 'an empty selector matches every cluster; to write to all of them say allClusters: true');
  }
  try {
    validateArguments({ clusters, clusterNames });
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`input.${e.argument}`, e.message.slice(e.argument.length + 2));
    throw e;
  }
  let selected: ClusterClient[];
  try {
    selected = fleet.select({ clusters, clusterNames });
  } catch (e) {
    if (e instanceof SelectorError) throw new InputError(clusterNames !== undefined ? 'input.clusterNames' : 'input.clusters', e.message);
    throw e;
  }
  if (selected.length === 0) {
    const asked = [
      ...(clusters !== undefined ? [`clusters ${quoteInput(clusters)}`] : []),
      ...(clusterNames !== undefined ? [`clusterNames [${clusterNames.map((n) => quoteInput(n)).slice(0, 5).join(', ')}${clusterNames.length > 5 ? ', ...' : ''}]`] : []),
    ].join(' and ');
    throw new InputError('input', `no cluster matches ${asked}; nothing was written`);
  }
  return selected;
}
