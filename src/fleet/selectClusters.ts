/**
 * Picks the clusters a fleet-wide field asks for: a label selector over cluster labels
 * (`clusters`), exact names (`clusterNames`), both (their intersection) or neither (all).
 * The result keeps fleet order and holds each cluster once, however the names were listed.
 */
import { parseLabelSelector } from './parseLabelSelector.ts';
import { quoteList } from './quoteInput.ts';
import { SelectorError } from './SelectorError.ts';

export interface ClusterSelectionInput {
  /** A Kubernetes label selector over cluster labels; `""` matches every cluster. */
  clusters?: string | null;
  /** Exact cluster names; an empty list selects no cluster. Unknown names are an error, not a miss. */
  clusterNames?: readonly string[] | null;
}

export function selectClusters<T extends { name: string; labels: Readonly<Record<string, string>> }>(
  all: readonly T[],
  by: ClusterSelectionInput,
): T[] {
  const selector = by.clusters === undefined || by.clusters === null ? undefined : parseLabelSelector(by.clusters);
  const names = by.clusterNames === undefined || by.clusterNames === null ? undefined : new Set(by.clusterNames);
  if (names !== undefined) {
    // A misspelt name would otherwise quietly shrink the answer; say so instead.
    const known = new Set(all.map((c) => c.name));
    const unknown = [...names].filter((n) => !known.has(n));
    if (unknown.length > 0) {
      const list = quoteList(unknown);
      // Known names are the fleet's own, not input, but a large fleet still gets a short message.
      const knownList = all.length === 0 ? '(none)' : all.slice(0, 20).map((c) => c.name).join(', ') + (all.length > 20 ? ` and ${all.length - 20} more` : '');
      throw new SelectorError(`unknown cluster${unknown.length === 1 ? '' : 's'} ${list} in clusterNames; known clusters: ${knownList}`);
    }
  }
  const seen = new Set<string>();
  return all.filter((c) => {
    if (seen.has(c.name)) return false;
    seen.add(c.name);
    return (names === undefined || names.has(c.name)) && (selector === undefined || selector.matches(c.labels));
  });
}
