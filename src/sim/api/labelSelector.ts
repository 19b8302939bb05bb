/**
 * Label selectors as kube-apiserver understands them: the string grammar of `?labelSelector=`
 * (k8s.io/apimachinery/pkg/labels), the structured `matchLabels`/`matchExpressions` form of
 * workload specs, matching, and the printed form used by `kubectl get -o wide`.
 *
 * The label key and value checks a requirement runs live in names.ts.
 */

import type { LabelSelector } from '../types.ts';
import { labelKeyErrors, labelValueErrors } from './names.ts';

/** Thrown for a selector kube would reject; the message is the text kube puts in its 400 Status. */
export class SelectorError extends Error {
  override name = 'SelectorError';
}

/** selection.Operator values, spelled as kube spells them. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Empty for `exists` and `!`; one value for `=`, `==`, `!=`, `gt`, `lt`. */
  values: string[];
}

// ---- requirements -----------------------------------------------------------------------------

/** Go's %q for the simple strings selectors carry. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * labels.NewRequirement's checks. `path` reproduces kube's field paths: the string parser
 * passes none, which is why kube's messages read `<nil>: Invalid value: ...` for a bad key.
 */
function newRequirement(key: string, operator: LabelOperator, values: string[], keyPath: string): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = labelKeyErrors(key);
  if (keyErrs.length > 0) errs.push(`${keyPath}: Invalid value: ${quote(key)}: ${keyErrs.join('; ')}`);
  const shown = `[]string{${values.map(quote).join(', ')}}`;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(`values: Invalid value: ${shown}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(`values: Invalid value: ${shown}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(`values: Invalid value: ${shown}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(`values: Invalid value: ${shown}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(`values[${i}]: Invalid value: ${quote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  values.forEach((v, i) => {
    const vErrs = labelValueErrors(v);
    if (vErrs.length > 0) errs.push(`values[${i}][${key}]: Invalid value: ${quote(v)}: ${vErrs.join('; ')}`);
  });
  if (errs.length === 1) throw new SelectorError(errs[0]);
  if (errs.length > 1) throw new SelectorError(`[${errs.join(', ')}]`);
  return { key, operator, values };
}

// ---- the string grammar -----------------------------------------------------------------------

type Tok = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
interface Item { tok: Tok; lit: string }

const KEYWORDS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isSpace(s[pos] ?? '')) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    const c = s[pos] ?? '';
    if (isSpecial(c)) {
      // Longest run of special characters that still forms an operator, as kube's lexer does.
      let buf = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos] ?? '')) {
        buf += s[pos];
        const tok = KEYWORDS[buf];
        if (tok !== undefined) last = { tok, lit: buf };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
      if (!last) return [...items, { tok: 'end', lit: '' }];
    } else {
      let buf = '';
      while (pos < s.length && !isSpecial(s[pos] ?? '') && !isSpace(s[pos] ?? '')) buf += s[pos++];
      const kw = KEYWORDS[buf];
      items.push({ tok: kw === 'in' || kw === 'notin' ? kw : 'id', lit: buf });
    }
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In value position `in`/`notin` are plain identifiers (`a in (in)` is legal). */
  private peek(values: boolean): Item {
    const it = this.items[this.pos] ?? { tok: 'end', lit: '' };
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }
  private next(values: boolean): Item {
    const it = this.peek(values);
    this.pos++;
    return it;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.peek(true);
      if (tok === 'end') return reqs;
      if (tok !== 'id' && tok !== '!') throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const after = this.next(true);
      if (after.tok === 'end') return reqs;
      if (after.tok !== ',') throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.tok !== 'id' && following.tok !== '!') throw new SelectorError(`found '${following.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    let negated = false;
    let it = this.next(true);
    if (it.tok === '!') {
      negated = true;
      it = this.next(true);
    }
    if (it.tok !== 'id') throw new SelectorError(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    const keyErrs = labelKeyErrors(key);
    if (keyErrs.length > 0) throw new SelectorError(`<nil>: Invalid value: ${quote(key)}: ${keyErrs.join('; ')}`);
    const ahead = this.peek(true).tok;
    if (negated || ahead === 'end' || ahead === ',') {
      // `!key` followed by anything but the end of the requirement is still `!key`; kube then
      // reports the leftover token as an unexpected one.
      return newRequirement(key, negated ? '!' : 'exists', [], 'key');
    }
    const opItem = this.next(false);
    const ops: Partial<Record<Tok, LabelOperator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const op = ops[opItem.tok];
    if (op === undefined) throw new SelectorError(`found '${opItem.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return newRequirement(key, op, values, 'key');
  }

  private setValues(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const first = this.peek(true);
    if (first.tok === ')') {
      this.next(true);
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',') throw new SelectorError(`found '${first.lit}', expected: ',', ')' or identifier`);
    const set = new Set<string>();
    for (;;) {
      const it = this.next(true);
      if (it.tok === 'id') {
        set.add(it.lit);
        const after = this.peek(true);
        if (after.tok === ',') continue;
        if (after.tok === ')') break;
        throw new SelectorError(`found '${after.lit}', expected: ',' or ')'`);
      } else if (it.tok === ',') {
        // Empty members (`(,a)`, `(a,,b)`, `(a,)`) stand for the empty value.
        if (set.size === 0) set.add('');
        const after = this.peek(true).tok;
        if (after === ')') {
          set.add('');
          break;
        }
        if (after === ',') set.add('');
      } else {
        throw new SelectorError(`found '${it.lit}', expected: ',', or identifier`);
      }
    }
    const close = this.next(true);
    if (close.tok !== ')') throw new SelectorError(`found '${first.lit}', expected: ')'`);
    return [...set].sort();
  }

  private exactValue(): string[] {
    const ahead = this.peek(true);
    if (ahead.tok === 'end' || ahead.tok === ',') return [''];
    const it = this.next(true);
    if (it.tok === 'id') return [it.lit];
    throw new SelectorError(`found '${it.lit}', expected: identifier`);
  }
}

/** labels.Parse: the `?labelSelector=` grammar. Requirements come back sorted by key, as kube sorts them. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  const reqs = new Parser(lex(text)).parse();
  return sortByKey(reqs);
}

function sortByKey(reqs: LabelRequirement[]): LabelRequirement[] {
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function matchesRequirement(r: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] ?? '' : '';
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value) || r.values.length !== 1) return false;
      const have = BigInt(value);
      const want = BigInt(r.values[0] ?? '0');
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

/** Every requirement must match; an empty list matches everything. */
export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  return reqs.every((r) => matchesRequirement(r, labels));
}

// ---- the structured form ----------------------------------------------------------------------

/**
 * metav1.LabelSelectorAsSelector for a non-nil selector: `{}` yields no requirements (matches
 * everything). Throws SelectorError for an invalid key, value or operator.
 */
export function labelSelectorToRequirements(sel: LabelSelector): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v], 'key'));
  for (const expr of sel.matchExpressions ?? []) {
    const ops: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };
    const op = ops[expr.operator];
    if (op === undefined) throw new SelectorError(`${quote(String(expr.operator))} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])], 'key'));
  }
  return sortByKey(reqs);
}

export interface StructuredMatchOptions {
  /**
   * What an absent (nil) selector selects. Kube's controllers and LabelSelectorAsSelector treat
   * nil as selecting nothing ('nothing', the default); a few APIs (e.g. a NetworkPolicy's
   * namespaceSelector being absent) mean "no restriction" and pass 'everything'.
   */
  nil?: 'nothing' | 'everything';
}

/**
 * Whether `labels` satisfy a structured selector. An empty selector `{}` matches everything; an
 * absent one matches nothing unless `opts.nil` says otherwise; an invalid one matches nothing
 * (kube's controllers skip objects whose selector does not convert).
 */
export function matchesLabelSelector(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined, opts: StructuredMatchOptions = {}): boolean {
  if (sel === undefined || sel === null) return opts.nil === 'everything';
  let reqs: LabelRequirement[];
  try {
    reqs = labelSelectorToRequirements(sel);
  } catch (e) {
    if (e instanceof SelectorError) return false;
    throw e;
  }
  return matchesLabels(reqs, labels);
}

/** labels.Requirement.String(). */
export function formatRequirement(r: LabelRequirement): string {
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** labels.Selector.String(): requirements joined by ','; '' for an empty selector. */
export function formatRequirements(reqs: LabelRequirement[]): string {
  return reqs.map(formatRequirement).join(',');
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`; `<none>` for empty or absent, `<error>` if invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (sel === undefined || sel === null) return '<none>';
  try {
    return formatRequirements(labelSelectorToRequirements(sel)) || '<none>';
  } catch (e) {
    if (e instanceof SelectorError) return '<error>';
    throw e;
  }
}

/** labels.FormatLabels: `a=b,c=d` with keys sorted; `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}
