/**
 * Picks the clusters a fleet-wide field asks for: a label selector over cluster labels
 * (`clusters`), exact names (`clusterNames`), both (their intersection) or neither (all).
 * The result keeps fleet order and holds each cluster once, however the names were listed.
 */
import { parseLabelSelector } from './parseLabelSelector.ts';
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
      const list = unknown.map((n) => JSON.stringify(n)).join(', ');
      const knownList = all.length === 0 ? '(none)' : all.map((c) => c.name).join(', ');
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
