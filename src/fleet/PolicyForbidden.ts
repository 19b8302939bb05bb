/**
 * A request the gateway policy refuses before any cluster is asked: a withheld cluster named, a
 * write without `write`, secret values without `secrets`. The server answers it as FORBIDDEN
 * with the clusters in `extensions.clusters`. Deliberately not "unknown cluster" and not an
 * empty answer: the caller learns the name is held back by policy, which they named themselves,
 * and nothing about clusters they did not name.
 */
export class PolicyForbidden extends Error {
  override readonly name = 'PolicyForbidden';
  constructor(readonly clusters: readonly string[], message: string) {
    super(message);
  }
}

/** `"a"`, `"a" and "b"`, `"a", "b" and 3 more`: a refusal names the clusters, a few at a time. */
export function clusterList(names: readonly string[], shown = 10): string {
  const q = names.slice(0, shown).map((n) => JSON.stringify(n));
  if (names.length > shown) return `${q.join(', ')} and ${names.length - shown} more`;
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} and ${q.at(-1) ?? ''}`;
}
