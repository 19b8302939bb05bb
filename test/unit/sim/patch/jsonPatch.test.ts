import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../../../src/sim/patch/jsonPatch.ts';
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';
import { deepFreeze, errorOf } from './support.ts';

describe('applyJsonPatch', () => {
  // RFC 6902 appendix A.
  it('adds an object member (A.1)', () => {
    expect(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual({ baz: 'qux', foo: 'bar' });
  });

  it('inserts an array element before the given index (A.2)', () => {
    expect(applyJsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }])).toEqual({ foo: ['bar', 'qux', 'baz'] });
  });

  it('removes an object member (A.3) and an array element (A.4)', () => {
    expect(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual({ foo: 'bar' });
    expect(applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual({ foo: ['bar', 'baz'] });
  });

  it('replaces a value in place (A.5)', () => {
    const result = applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]);
    expect(result).toEqual({ baz: 'boo', foo: 'bar' });
    expect(Object.keys(result as object)).toEqual(['baz', 'foo']);
  });

  it('moves a value (A.6) and an array element (A.7)', () => {
    expect(applyJsonPatch({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]))
      .toEqual({ foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } });
    expect(applyJsonPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]))
      .toEqual({ foo: ['all', 'cows', 'eat', 'grass'] });
  });

  it('passes a test that matches (A.8) and fails one that does not with 422 (A.9)', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    expect(applyJsonPatch(doc, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }])).toEqual(doc);
    const e = errorOf(() => applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]));
    expect(e.code).toBe(422);
    expect(e.message).toContain('/baz');
  });

  it('adds a nested member object (A.10)', () => {
    expect(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }])).toEqual({ foo: 'bar', child: { grandchild: {} } });
  });

  it('rejects adding to a nonexistent target with 422 (A.12)', () => {
    expect(errorOf(() => applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }])).code).toBe(422);
  });

  it('unescapes ~1 and ~0 in pointers (A.14)', () => {
    const doc = { '/': 9, '~1': 10 };
    expect(applyJsonPatch(doc, [{ op: 'test', path: '/~01', value: 10 }])).toEqual(doc);
    expect(applyJsonPatch({ metadata: { labels: { 'app.kubernetes.io/name': 'x' } } }, [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }]))
      .toEqual({ metadata: { labels: {} } });
  });

  it('compares strings and numbers strictly in test (A.15)', () => {
    expect(errorOf(() => applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }])).code).toBe(422);
  });

  it('appends with "-" (A.16)', () => {
    expect(applyJsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])).toEqual({ foo: ['bar', ['abc', 'def']] });
  });

  it('copies a value without aliasing it', () => {
    const result = applyJsonPatch({ a: { x: 1 } }, [{ op: 'copy', from: '/a', path: '/b' }, { op: 'replace', path: '/b/x', value: 2 }]);
    expect(result).toEqual({ a: { x: 1 }, b: { x: 2 } });
  });

  it('replaces the whole document at the empty pointer', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 });
  });

  it('is atomic: a failing operation leaves the frozen input unchanged and applies nothing', () => {
    const doc = deepFreeze({ spec: { replicas: 1, paused: false } });
    const e = errorOf(() => applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'test', path: '/spec/paused', value: true },
    ]));
    expect(e.code).toBe(422);
    expect(doc).toEqual({ spec: { replicas: 1, paused: false } });
  });

  it('rejects a body that is not an array of operations with 400', () => {
    expect(errorOf(() => applyJsonPatch({}, { op: 'add', path: '/a', value: 1 })).code).toBe(400);
  });

  it('names the index of a malformed operation in a 400', () => {
    const unknownOp = errorOf(() => applyJsonPatch({}, [{ op: 'add', path: '/a', value: 1 }, { op: 'frobnicate', path: '/a' }]));
    expect(unknownOp.code).toBe(400);
    expect(unknownOp.message).toContain('operation 1');
    const noValue = errorOf(() => applyJsonPatch({}, [{ op: 'add', path: '/a' }]));
    expect(noValue.code).toBe(400);
    expect(noValue.message).toContain('operation 0');
    expect(errorOf(() => applyJsonPatch({}, [{ op: 'move', path: '/a' }])).code).toBe(400);
    expect(errorOf(() => applyJsonPatch({}, ['add'])).code).toBe(400);
  });

  it('rejects removing a missing member and an out-of-range index with 422', () => {
    expect(errorOf(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).code).toBe(422);
    expect(errorOf(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/5', value: 2 }])).code).toBe(422);
    expect(errorOf(() => applyJsonPatch({ a: [1] }, [{ op: 'replace', path: '/a/1', value: 2 }])).code).toBe(422);
  });

  it('refuses to move a value into its own child', () => {
    expect(errorOf(() => applyJsonPatch({ a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }])).code).toBe(422);
  });
});
