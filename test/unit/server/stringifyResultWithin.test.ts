/**
 * The response-size guard (src/server/stringifyResultWithin.ts): its count is a lower bound of
 * the JSON length, so a reply under the maximum is never refused, and a reply over it is refused
 * with RESPONSE_TOO_LARGE, by the count before any text is built when the count shows it.
 */
import { describe, expect, test } from 'vitest';
import { jsonLengthAtLeast, stringifyResultWithin, tooLargeMessage } from '../../../src/server/stringifyResultWithin.ts';

const SAMPLES: unknown[] = [
  { data: { clusters: [{ name: 'a', pods: [{ name: 'p1', ready: true, restarts: 12345, ip: null }] }] } },
  { data: null, errors: [{ message: 'x "quoted"\n', path: ['a', 0], extensions: { code: 'C' } }], skipped: undefined },
  { data: { json: { nested: [1, 2.5, -3e21, 'ü', '\u0001', [], {}], f: () => 1 }, when: new Date(0), list: [undefined, null] } },
  [], {}, '', 'text', 0, true, null,
];

describe('jsonLengthAtLeast', () => {
  test.each(SAMPLES.map((s) => [JSON.stringify(s) ?? 'undefined', s]))('is at most the JSON length of %s', (_, sample) => {
    expect(jsonLengthAtLeast(sample, Infinity)).toBeLessThanOrEqual((JSON.stringify(sample) ?? '').length);
  });

  test('counts keys and strings exactly, and stops soon after passing the limit', () => {
    const pods = Array.from({ length: 1000 }, (_, i) => ({ name: `pod-${i}` }));
    const exact = JSON.stringify({ pods }).length;
    // Only the commas between pods are left out.
    expect(jsonLengthAtLeast({ pods }, Infinity)).toBe(exact - 999);
    const stopped = jsonLengthAtLeast({ pods }, 100);
    expect(stopped).toBeGreaterThan(100);
    expect(stopped).toBeLessThan(200);
  });
});

describe('stringifyResultWithin', () => {
  const refusal = (max: number) => JSON.stringify({ data: null, errors: [{ message: tooLargeMessage(max), extensions: { code: 'RESPONSE_TOO_LARGE' } }] });

  test('a reply within the maximum is its JSON; one past it (by the count or by the finished text) is RESPONSE_TOO_LARGE', () => {
    const result = { data: { pods: Array.from({ length: 100 }, (_, i) => ({ name: `pod-${i}` })) } };
    const text = JSON.stringify(result);
    expect(stringifyResultWithin(text.length)(result)).toBe(text);
    // Past the limit by the commas only: the count passes, the finished text does not.
    expect(jsonLengthAtLeast(result, Infinity)).toBeLessThanOrEqual(text.length - 1);
    expect(stringifyResultWithin(text.length - 1)(result)).toBe(refusal(text.length - 1));
    expect(stringifyResultWithin(1024)(result)).toBe(refusal(1024));
  });

  test('an oversized reply is refused without serializing it', () => {
    let serialized = 0;
    const result = { data: { pods: Array.from({ length: 10_000 }, (_, i) => ({ name: `pod-${i}`, toJSON: undefined })) }, extensions: { get probe() { serialized++; return 'x'; } } };
    expect(stringifyResultWithin(4096)(result as never)).toBe(refusal(4096));
    expect(serialized).toBe(0);
  });
});
