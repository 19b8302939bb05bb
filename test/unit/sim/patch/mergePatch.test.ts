import { describe, expect, it } from 'vitest';
import { applyMergePatch, deepEqual } from '../../../../src/sim/patch/mergePatch.ts';
import { deepFreeze } from './support.ts';

describe('applyMergePatch', () => {
  // RFC 7386 appendix A, verbatim.
  const examples: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(examples)('merges %j with %j as RFC 7386 appendix A says', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('replaces lists wholesale instead of merging them', () => {
    expect(applyMergePatch({ spec: { ports: [{ port: 80 }, { port: 443 }] } }, { spec: { ports: [{ port: 8080 }] } }))
      .toEqual({ spec: { ports: [{ port: 8080 }] } });
  });

  it('leaves deep-frozen inputs untouched and returns an unfrozen result', () => {
    const target = deepFreeze({ metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { replicas: 1 } });
    const patch = deepFreeze({ metadata: { labels: { tier: null, env: 'prod' } } });
    const result = applyMergePatch(target, patch) as { metadata: { labels: Record<string, string> }; spec: { replicas: number } };
    expect(result).toEqual({ metadata: { labels: { app: 'web', env: 'prod' } }, spec: { replicas: 1 } });
    expect(target.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    result.spec.replicas = 2; // would throw if the result shared frozen structure with the target
    expect(target.spec.replicas).toBe(1);
  });

  it('treats a "__proto__" key as data, not as the prototype', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('deepEqual', () => {
  it('ignores object key order but not array order', () => {
    expect(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: undefined }, {})).toBe(false);
  });
});
