/**
 * Parses a label selector string with the grammar of apimachinery's `labels.Parse`
 * (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-joined),
 * and with its validation of keys and values. Where kube would answer "found ',', expected:
 * identifier", the SelectorError here names what was expected, what was found and the
 * 1-based character position, and quotes the selector (capped by quoteInput).
 */
import type { LabelSelector, Requirement } from './labelSelector.ts';
import { quoteInput } from './quoteInput.ts';
import { SelectorError } from './SelectorError.ts';
import { labelKeyProblem } from './labelKeyProblem.ts';
import { labelValueProblem } from './labelValueProblem.ts';
import { lexLabelSelector } from './lexLabelSelector.ts';
import type { SelectorToken } from './lexLabelSelector.ts';
import { requirementMatches } from './requirementMatches.ts';

const q = (s: string): string => quoteInput(s);
/** ", found "x" at position 4", or " at position 9" at the end of the input. */
const found = (t: SelectorToken): string => `${t.kind === 'end' ? '' : `, found ${q(t.text)}`} at position ${t.position}`;

const OPERATORS: ReadonlyMap<string, Requirement['operator']> = new Map([
  ['=', '='], ['==', '='], ['!=', '!='], ['>', 'gt'], ['<', 'lt'], ['in', 'in'], ['notin', 'notin'],
]);

export function parseLabelSelector(text: string): LabelSelector {
  const tokens = lexLabelSelector(text);
  const end: SelectorToken = { kind: 'end', text: '', position: text.length + 1 };
  let at = 0;
  // The lexer ends the list with an 'end' token and next() never moves past it.
  const peek = (): SelectorToken => tokens[at] ?? end;
  const next = (): SelectorToken => {
    const t = peek();
    if (t.kind !== 'end') at++;
    return t;
  };
  const fail = (problem: string): never => {
    throw new SelectorError(`invalid label selector ${q(text)}: ${problem}`);
  };
  const startsRequirement = (t: SelectorToken): boolean => t.kind === 'id' || t.kind === '!';

  const value = (t: SelectorToken): string => {
    const problem = labelValueProblem(t.text);
    if (problem !== undefined) fail(`${q(t.text)} is not a valid label value at position ${t.position}: ${problem}`);
    return t.text;
  };

  /** `( v, v, ... )` after in/notin. Empty items are empty values, as in kube: `()` is `("")`. */
  const valueList = (): string[] => {
    const values: string[] = [];
    let wantValue = true;
    for (;;) {
      const t = next();
      if (t.kind === 'id' && wantValue) {
        values.push(value(t));
        wantValue = false;
      } else if (t.kind === ',' || t.kind === ')') {
        if (wantValue) values.push('');
        if (t.kind === ')') return [...new Set(values)];
        wantValue = true;
      } else if (t.kind === 'end') {
        return fail(wantValue ? `expected a value or ")" at position ${t.position}` : `expected ")" after values at position ${t.position}`);
      } else {
        return fail(wantValue ? `expected a value, "," or ")"${found(t)}` : `expected "," or ")" after value ${q(values.at(-1) ?? '')}${found(t)}`);
      }
    }
  };

  /** The one value after `=`, `==`, `!=`, `>` or `<`; absent means the empty value. */
  const exactValue = (operator: SelectorToken, kind: Requirement['operator']): string => {
    const t = peek();
    const v = t.kind === 'id' ? value(next()) : t.kind === 'end' || t.kind === ',' ? '' : fail(`expected a value after ${q(operator.text)}${found(t)}`);
    if ((kind === 'gt' || kind === 'lt') && !/^[+-]?\d+$/.test(v)) {
      fail(`${q(operator.text)} compares integers; expected an integer value${found(t)}`);
    }
    return v;
  };

  const requirement = (): Requirement => {
    const negated = peek().kind === '!' ? next() : undefined;
    const keyToken = next();
    if (keyToken.kind !== 'id') fail(`expected a label key after "!"${found(keyToken)}`);
    const key = keyToken.text;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem !== undefined) fail(`${q(key)} is not a valid label key at position ${keyToken.position}: ${keyProblem}`);
    const t = peek();
    // `!key` takes nothing more; what follows is checked by the caller, as kube does.
    if (negated !== undefined) return { key, operator: '!', values: [] };
    if (t.kind === 'end' || t.kind === ',') return { key, operator: 'exists', values: [] };
    const opToken = next();
    const operator = OPERATORS.get(opToken.kind === 'id' ? opToken.text : opToken.kind);
    if (operator === undefined) {
      return fail(`expected an operator (=, ==, !=, in, notin, >, <), "," or end of selector after key ${q(key)}${found(opToken)}`);
    }
    if (operator === 'in' || operator === 'notin') {
      const open = next();
      if (open.kind !== '(') fail(`expected "(" after ${q(opToken.text)}${found(open)}`);
      return { key, operator, values: valueList() };
    }
    return { key, operator, values: [exactValue(opToken, operator)] };
  };

  const requirements: Requirement[] = [];
  if (peek().kind !== 'end') {
    for (;;) {
      const first = peek();
      if (!startsRequirement(first)) {
        fail(requirements.length === 0 ? `expected a label key or "!"${found(first)}` : `expected a label key or "!" after ","${found(first)}`);
      }
      requirements.push(requirement());
      const t = next();
      if (t.kind === 'end') break;
      if (t.kind !== ',') {
        const written = text.slice(first.position - 1, t.position - 1).trim();
        fail(`expected "," or end of selector after ${q(written)}${found(t)}`);
      }
    }
  }

  return {
    text,
    requirements,
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels ?? {})),
  };
}
