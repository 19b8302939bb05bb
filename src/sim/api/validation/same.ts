/**
 * apiequality.Semantic.DeepEqual for JSON values: the test behind kube's "field is immutable"
 * and "may not change" rules.
 */

import { isObj } from '../obj.ts';

/** Sorted-key JSON: deep equality that ignores key order, as apiequality.Semantic.DeepEqual does. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
export const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
