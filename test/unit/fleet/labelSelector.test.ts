import { describe, expect, it } from 'vitest';
import { parseLabelSelector, SelectorError } from '../../../src/fleet/labelSelector.ts';

const prodEu = { env: 'prod', region: 'eu', tier: '3' };
const devUs = { env: 'dev', region: 'us' };
const bare = {};

/** Which of three label sets the selector matches, as their names. */
function matching(text: string): string[] {
  const s = parseLabelSelector(text);
  return Object.entries({ prodEu, devUs, bare }).filter(([, labels]) => s.matches(labels)).map(([name]) => name);
}

describe('parseLabelSelector: operators', () => {
  it('parses every operator into requirements in the order written', () => {
    expect(parseLabelSelector('a==b,c!=d,e in (f,g),h notin (i),j,!k, l > 3, m<4, n=o').requirements).toEqual([
      { key: 'a', operator: '=', values: ['b'] },
      { key: 'c', operator: '!=', values: ['d'] },
      { key: 'e', operator: 'in', values: ['f', 'g'] },
      { key: 'h', operator: 'notin', values: ['i'] },
      { key: 'j', operator: 'exists', values: [] },
      { key: 'k', operator: '!', values: [] },
      { key: 'l', operator: 'gt', values: ['3'] },
      { key: 'm', operator: 'lt', values: ['4'] },
      { key: 'n', operator: '=', values: ['o'] },
    ]);
  });

  it('keeps the text exactly as given', () => {
    expect(parseLabelSelector(' env = prod ').text).toBe(' env = prod ');
  });

  it('tolerates whitespace anywhere between tokens and none at all', () => {
    const expected = [{ key: 'env', operator: 'in', values: ['a', 'b'] }, { key: 'x', operator: '!', values: [] }];
    expect(parseLabelSelector('env in(a,b),!x').requirements).toEqual(expected);
    expect(parseLabelSelector(' \tenv  in ( a , b ) ,\n ! x ').requirements).toEqual(expected);
  });

  it('accepts prefixed keys and the full key and value alphabet', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=My_app.v-1').requirements).toEqual([
      { key: 'app.kubernetes.io/name', operator: '=', values: ['My_app.v-1'] },
    ]);
  });

  it('treats in and notin as keywords only at operator position, as kube does', () => {
    expect(parseLabelSelector('in=notin,a in (in, notin)').requirements).toEqual([
      { key: 'in', operator: '=', values: ['notin'] },
      { key: 'a', operator: 'in', values: ['in', 'notin'] },
    ]);
  });

  it('reads a missing value and empty list items as the empty value, as kube does', () => {
    expect(parseLabelSelector('a=,b==,c!=,d in (),e in (,x,)').requirements).toEqual([
      { key: 'a', operator: '=', values: [''] },
      { key: 'b', operator: '=', values: [''] },
      { key: 'c', operator: '!=', values: [''] },
      { key: 'd', operator: 'in', values: [''] },
      { key: 'e', operator: 'in', values: ['', 'x'] },
    ]);
  });

  it('lists each value of a set once', () => {
    expect(parseLabelSelector('a in (x,y,x)').requirements[0]?.values).toEqual(['x', 'y']);
  });

  it('parses the empty and the all-blank selector to no requirements', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(parseLabelSelector('  ').requirements).toEqual([]);
  });
});

describe('LabelSelector.matches', () => {
  it('matches everything with the empty selector, including no labels at all', () => {
    expect(matching('')).toEqual(['prodEu', 'devUs', 'bare']);
    expect(parseLabelSelector('').matches(undefined)).toBe(true);
  });

  it('= and == need the key present with that value', () => {
    expect(matching('env=prod')).toEqual(['prodEu']);
    expect(matching('env==dev')).toEqual(['devUs']);
  });

  it('!= and notin also match when the key is absent', () => {
    expect(matching('env!=prod')).toEqual(['devUs', 'bare']);
    expect(matching('region notin (eu,us)')).toEqual(['bare']);
  });

  it('in needs the key present with one of the values', () => {
    expect(matching('env in (prod,dev)')).toEqual(['prodEu', 'devUs']);
    expect(matching('env in (staging)')).toEqual([]);
  });

  it('a bare key needs the key, ! needs its absence', () => {
    expect(matching('tier')).toEqual(['prodEu']);
    expect(matching('!tier')).toEqual(['devUs', 'bare']);
  });

  it('> and < compare integer label values and never match a missing or non-integer one', () => {
    expect(matching('tier>2')).toEqual(['prodEu']);
    expect(matching('tier<3')).toEqual([]);
    expect(matching('env>0')).toEqual([]);
    expect(parseLabelSelector('n<10').matches({ n: '9' })).toBe(true);
    expect(parseLabelSelector('n>1').matches({ n: '99999999999999999999' })).toBe(false);
  });

  it('needs every requirement of a comma-joined selector', () => {
    expect(matching('env=prod,region=us')).toEqual([]);
    expect(matching('env,region=us')).toEqual(['devUs']);
  });

  it('treats undefined labels as no labels', () => {
    expect(parseLabelSelector('!env').matches(undefined)).toBe(true);
    expect(parseLabelSelector('env').matches(undefined)).toBe(false);
  });

  it('looks at own labels only, not at Object.prototype', () => {
    expect(parseLabelSelector('constructor').matches({})).toBe(false);
  });
});

describe('parseLabelSelector: malformed selectors', () => {
  const cases: Array<[string, string]> = [
    ['env in (prod', 'expected ")" after values at position 13'],
    ['env in (prod,', 'expected a value or ")" at position 14'],
    ['env in (prod x)', 'expected "," or ")" after value "prod", found "x" at position 14'],
    ['env in prod', 'expected "(" after "in", found "prod" at position 8'],
    ['env in (=)', 'expected a value, "," or ")", found "=" at position 9'],
    ['env prod', 'expected an operator (=, ==, !=, in, notin, >, <), "," or end of selector after key "env", found "prod" at position 5'],
    ['env!', 'expected an operator (=, ==, !=, in, notin, >, <), "," or end of selector after key "env", found "!" at position 4'],
    [',', 'expected a label key or "!", found "," at position 1'],
    ['a,', 'expected a label key or "!" after "," at position 3'],
    ['a=b c', 'expected "," or end of selector after "a=b", found "c" at position 5'],
    ['!a=b', 'expected "," or end of selector after "!a", found "=" at position 3'],
    ['!', 'expected a label key after "!" at position 2'],
    ['a=(', 'expected a value after "=", found "(" at position 3'],
    ['a>x', '">" compares integers; expected an integer value, found "x" at position 3'],
    ['a<', '"<" compares integers; expected an integer value at position 3'],
    ['-env=x', '"-env" is not a valid label key at position 1: the name must consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character'],
    ['x=1,a/b/c', '"a/b/c" is not a valid label key at position 5: it contains more than one "/" (a key is an optional DNS subdomain prefix and "/", then a name)'],
    ['Example.com/a', '"Example.com/a" is not a valid label key at position 1: the prefix must be a lowercase DNS subdomain (e.g. example.com)'],
    ['/a', '"/a" is not a valid label key at position 1: the prefix before "/" must not be empty'],
    ['a/', '"a/" is not a valid label key at position 1: the name must not be empty'],
    [`${'k'.repeat(64)}`, `"${'k'.repeat(64)}" is not a valid label key at position 1: the name must be at most 63 characters`],
    ['env=-x', '"-x" is not a valid label value at position 5: it must be empty or consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character'],
    ['env in (ok, bad_)', '"bad_" is not a valid label value at position 13: it must be empty or consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character'],
    [`a=${'v'.repeat(64)}`, `"${'v'.repeat(64)}" is not a valid label value at position 3: it must be at most 63 characters`],
  ];

  it.each(cases)('rejects %j: %s', (text, problem) => {
    let caught: unknown;
    try {
      parseLabelSelector(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SelectorError);
    expect((caught as SelectorError).name).toBe('SelectorError');
    expect((caught as SelectorError).message).toBe(`invalid label selector ${JSON.stringify(text)}: ${problem}`);
  });

  it('echoes a selector holding quotes and newlines unambiguously', () => {
    expect(() => parseLabelSelector('a="b"\n')).toThrow('invalid label selector "a=\\"b\\"\\n": "\\"b\\"" is not a valid label value at position 3');
  });
});
