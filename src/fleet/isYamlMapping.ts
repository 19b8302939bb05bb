/**
 * Whether a value parsed from YAML is a mapping (a plain object after `toJS()`), so its entries
 * can be read by key.
 */
export function isYamlMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
