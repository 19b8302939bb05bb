/**
 * A YAML value as an error message shows what was found: scalars as written (strings quoted,
 * so `"3000"` and `3000` read differently), collections by their kind.
 */
export function describeYamlValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}
