import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector, formatLabels, labelSelectorToRequirements, matchesLabels, matchesLabelSelector, parseLabelSelector, SelectorError,
} from '../../../../src/sim/api/labelSelector.ts';

const parseError = (text: string): string => {
  try {
    parseLabelSelector(text);
  } catch (e) {
    expect(e).toBeInstanceOf(SelectorError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
};

const matches = (text: string, labels: Record<string, string> | undefined): boolean => matchesLabels(parseLabelSelector(text), labels);

describe('parseLabelSelector', () => {
  it('treats an empty or blank selector as selecting everything', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('   ')).toEqual([]);
    expect(matches('', undefined)).toBe(true);
  });

  it('parses equality, inequality and existence requirements, sorted by key like kube', () => {
    expect(parseLabelSelector('tier!=db, app==web,env=prod,!legacy,canary')).toEqual([
      { key: 'app', operator: '==', values: ['web'] },
      { key: 'canary', operator: 'exists', values: [] },
      { key: 'env', operator: '=', values: ['prod'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'tier', operator: '!=', values: ['db'] },
    ]);
  });

  it('parses set-based requirements with whitespace and sorts their values', () => {
    expect(parseLabelSelector('env in ( prod , dev ),tier notin (cache)')).toEqual([
      { key: 'env', operator: 'in', values: ['dev', 'prod'] },
      { key: 'tier', operator: 'notin', values: ['cache'] },
    ]);
  });

  it('reads "in" as a plain value inside a value list', () => {
    expect(parseLabelSelector('x in (in,notin)')).toEqual([{ key: 'x', operator: 'in', values: ['in', 'notin'] }]);
  });

  it('accepts an empty value after = and an empty set', () => {
    expect(parseLabelSelector('a=')).toEqual([{ key: 'a', operator: '=', values: [''] }]);
    expect(parseLabelSelector('a in ()')).toEqual([{ key: 'a', operator: 'in', values: [''] }]);
  });

  it('accepts prefixed keys', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=web')[0]?.key).toBe('app.kubernetes.io/name');
  });

  it('reports an unexpected token after a requirement the way kube does', () => {
    expect(parseError('a=b c')).toBe("found 'c', expected: ',' or 'end of string'");
  });

  it('reports a dangling comma', () => {
    expect(parseError('a=b,')).toBe("found '', expected: identifier after ','");
  });

  it('reports an unknown operator inside "unable to parse requirement"', () => {
    expect(parseError('a b')).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  });

  it('reports an unterminated value list', () => {
    expect(parseError('a in (x')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
  });

  it('reports a missing opening parenthesis', () => {
    expect(parseError('a in x')).toBe("unable to parse requirement: found 'x' expected: '('");
  });

  it('names an invalid key with kube\'s label key message', () => {
    expect(parseError('-bad=x')).toBe(
      'unable to parse requirement: <nil>: Invalid value: "-bad": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    );
  });

  it('rejects a key whose name part is longer than 63 characters', () => {
    expect(parseError(`${'k'.repeat(64)}=v`)).toContain('name part must be no more than 63 characters');
  });

  it('names an invalid value with its position and key', () => {
    expect(parseError('app=-web')).toMatch(/^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-web": a valid label must be an empty string/);
  });

  it('rejects a value longer than 63 characters', () => {
    expect(parseError(`app=${'v'.repeat(64)}`)).toContain('must be no more than 63 characters');
  });

  it('requires integers for gt and lt', () => {
    expect(matches('size>3', { size: '10' })).toBe(true);
    expect(matches('size<3', { size: '10' })).toBe(false);
    expect(parseError('size>x')).toContain("for 'Gt', 'Lt' operators, the value must be an integer");
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', env: 'prod' };

  it('matches equality only when the key is present with that value', () => {
    expect(matches('app=web', labels)).toBe(true);
    expect(matches('app=api', labels)).toBe(false);
    expect(matches('tier=web', labels)).toBe(false);
  });

  it('lets != and notin match objects that lack the key', () => {
    expect(matches('tier!=db', labels)).toBe(true);
    expect(matches('app!=web', labels)).toBe(false);
    expect(matches('tier notin (db)', labels)).toBe(true);
    expect(matches('env notin (prod,dev)', labels)).toBe(false);
  });

  it('matches in only for listed values of a present key', () => {
    expect(matches('env in (dev,prod)', labels)).toBe(true);
    expect(matches('env in (dev)', labels)).toBe(false);
    expect(matches('tier in (db)', labels)).toBe(false);
  });

  it('matches existence and non-existence', () => {
    expect(matches('app', labels)).toBe(true);
    expect(matches('!app', labels)).toBe(false);
    expect(matches('!tier', labels)).toBe(true);
    expect(matches('tier', undefined)).toBe(false);
  });

  it('requires every requirement to hold', () => {
    expect(matches('app=web,env=dev', labels)).toBe(false);
    expect(matches('app=web,env=prod', labels)).toBe(true);
  });
});

describe('structured selectors', () => {
  it('converts matchLabels and matchExpressions into requirements', () => {
    expect(labelSelectorToRequirements({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] })).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'tier', operator: 'in', values: ['b', 'a'] },
    ]);
  });

  it('rejects an unknown operator', () => {
    expect(() => labelSelectorToRequirements({ matchExpressions: [{ key: 'a', operator: 'Foo' as 'In' }] })).toThrow('"Foo" is not a valid label selector operator');
  });

  it('matches everything with an empty selector but nothing with an absent one', () => {
    expect(matchesLabelSelector({}, { app: 'x' })).toBe(true);
    expect(matchesLabelSelector(undefined, { app: 'x' })).toBe(false);
  });

  it('lets callers choose that an absent selector imposes no restriction', () => {
    expect(matchesLabelSelector(undefined, { app: 'x' }, { nil: 'everything' })).toBe(true);
  });

  it('matches set-based expressions', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn' as const, values: ['dev'] }, { key: 'legacy', operator: 'DoesNotExist' as const }] };
    expect(matchesLabelSelector(sel, { app: 'web', env: 'prod' })).toBe(true);
    expect(matchesLabelSelector(sel, { app: 'web', env: 'dev' })).toBe(false);
    expect(matchesLabelSelector(sel, { app: 'web', legacy: 'y' })).toBe(false);
  });

  it('treats an invalid selector as matching nothing', () => {
    expect(matchesLabelSelector({ matchLabels: { 'bad key': 'x' } }, { 'bad key': 'x' })).toBe(false);
  });

  it('formats like metav1.FormatLabelSelector', () => {
    expect(formatLabelSelector({ matchLabels: { tier: 'fe', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }, { key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }] }))
      .toBe('app=web,env in (dev,prod),tier=fe,x,!y');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' as 'In' }] })).toBe('<error>');
  });

  it('formats label maps sorted by key, <none> when empty', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(formatLabels({})).toBe('<none>');
  });
});
