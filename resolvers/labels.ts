/** Kubernetes label maps as the graph's [Label!]! lists, in key order so answers are stable. */
export function toLabels(labels: Readonly<Record<string, string>> | undefined): Array<{ key: string; value: string }> {
  return Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value }));
}

/** Kubernetes timestamps reach us as strings (client-node's models type them as Date). */
export function timestamp(value: Date | string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : value.toISOString();
}
