/**
 * Go's printing of bad values in field errors: %q for strings, %#v for maps, slices and the
 * structs (label selectors, role refs) kube shows in `field is immutable` messages.
 */

import type { LabelSelector } from '../../types.ts';

/** A bad value already rendered the way Go's %#v prints it (typed nil maps, structs). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** strconv.Quote, which is what %q prints. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const esc = named[ch];
    if (esc !== undefined) out += esc;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** Go's %#v of a map[string]string: keys sorted; `map[string]string(nil)` when absent. */
export function goStringMap(m: Record<string, string> | undefined | null): GoLiteral {
  if (m === undefined || m === null) return new GoLiteral('map[string]string(nil)');
  const body = Object.keys(m).sort().map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ');
  return new GoLiteral(`map[string]string{${body}}`);
}

function goStrings(v: string[] | undefined): string {
  return v === undefined ? '[]string(nil)' : `[]string{${v.map(goQuote).join(', ')}}`;
}

/** The v1.LabelSelector struct as kube prints it in `field is immutable` errors. */
export function goLabelSelector(sel: LabelSelector | undefined | null): GoLiteral {
  if (sel === undefined || sel === null) return new GoLiteral('null');
  const exprs = sel.matchExpressions === undefined
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${goStrings(e.values)}}`).join(', ')}}`;
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).text}, MatchExpressions:${exprs}}`);
}

/** field.Error's rendering of a bad value: %q for strings, %v for scalars, %#v otherwise. */
export function goValue(v: unknown): string {
  if (v instanceof GoLiteral) return v.text;
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return goStrings(v);
  if (isStringRecord(v)) return goStringMap(v).text;
  return JSON.stringify(v);
}
