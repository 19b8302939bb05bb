/**
 * Misuse fails fast with a message that names the contract and echoes the input: these are the
 * exact messages, so a change to one is a deliberate change to this test.
 */
import { describe, expect, test } from 'vitest';
import { Semaphore } from '../../../src/kube/Semaphore.ts';
import { parseQuantity } from '../../../src/kube/quantity.ts';
import { InputError } from '../../../src/loaders/InputError.ts';
import { decodeCursor } from '../../../src/loaders/paginate.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('Semaphore', () => {
  test.each([[0, '0'], [-1, '-1'], [1.5, '1.5'], [Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'Infinity']])('refuses the limit %d', (limit, shown) => {
    const e = thrown(() => new Semaphore(limit));
    expect(e).toBeInstanceOf(RangeError);
    expect((e as Error).message).toBe(`Semaphore limit must be a positive integer, got ${shown}`);
  });
});

describe('parseQuantity', () => {
  test.each(['garbage', '', '   ', '1.2.3', '10 Mi', '1mi', '1KB', '1K', 'Mi', '1e3m', '--1', '0x10', 'NaN', 'Infinity'])('refuses %j, echoing it', (text) => {
    const e = thrown(() => parseQuantity(text));
    expect(e).toBeInstanceOf(RangeError);
    expect((e as Error).message).toBe(`not a Kubernetes quantity: "${text}"`);
  });
});

describe('decodeCursor', () => {
  const wrongShape = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  test.each([
    'garbage', '', '!!!', wrongShape(['a', 'b']), wrongShape(['a', 'b', 'c', 'd']), wrongShape(['a', 'b', 3]), wrongShape({ cluster: 'a', namespace: 'b', name: 'c' }), wrongShape(null),
  ])('refuses %j as an `after` argument, echoing it', (cursor) => {
    const e = thrown(() => decodeCursor(cursor));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).argument).toBe('after');
    expect((e as Error).message).toBe(`after: "${cursor}" is not a cursor from this API (use pageInfo.endCursor of the previous page)`);
  });

  test('echoes at most 100 characters of a long input, and its length', () => {
    const e = thrown(() => decodeCursor('x'.repeat(10_000)));
    expect((e as Error).message).toBe(`after: "${'x'.repeat(100)}…"(10000 chars) is not a cursor from this API (use pageInfo.endCursor of the previous page)`);
  });
});
