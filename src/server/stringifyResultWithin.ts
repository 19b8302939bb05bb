/**
 * The response-size guard: serializes a GraphQL result for Apollo (its `stringifyResult`) and
 * refuses one larger than the configured maximum with RESPONSE_TOO_LARGE.
 *
 * Why: query limits price a request before it runs, but a cheap-looking query over big clusters
 * can still produce hundreds of megabytes. Serialized whole, such a reply holds the heap for
 * every client and, past V8's string limit, fails as a bare "Invalid string length" HTTP 500
 * after all the work was done. This is the last line of defence.
 *
 * How: the result tree is walked once in plain JavaScript, summing a lower bound of its JSON
 * length (keys, strings and brackets; no commas, escapes or digits beyond one), and that walk
 * stops as soon as the sum passes the limit: an oversized reply is refused before any of its
 * text exists. Only a result under the limit by that count is serialized, by JSON.stringify
 * alone (V8's native fast path, no replacer), and the finished string is measured once more.
 * So the text ever built is at most the limit plus what the count leaves out (commas, digits,
 * escapes: at most a few times the limit, for a reply of nothing but control characters), and
 * V8's own maximum string length (about 2^29 characters, a RangeError caught here) caps even
 * that. The walk costs a fraction of the serialization; the replacer function it replaces made
 * JSON.stringify call back into JavaScript for every key and value, about 4× a plain stringify.
 */
import type { FormattedExecutionResult } from 'graphql';
import type { ErrorCode } from '../kube/errorCodes.ts';

/** @default for `maxResponseBytes` / `--max-response-bytes`: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export function tooLargeMessage(maxBytes: number): string {
  return `the response is larger than this gateway's maximum of ${maxBytes} bytes (--max-response-bytes): select fewer fields, narrow the clusters or namespace, or page through lists with \`first\`/\`after\``;
}

/**
 * At least `count` plus the JSON length of `value`, or some number past `limit` as soon as that
 * is certain. A lower bound: what JSON.stringify leaves out (undefined, functions) counts 0, and
 * an object with `toJSON` (none in a GraphQL result, whose leaves are serialized scalars) 2.
 */
export function jsonLengthAtLeast(value: unknown, limit: number, count = 0): number {
  if (typeof value === 'string') return count + value.length + 2;
  if (typeof value !== 'object') return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? count : count + 1;
  if (value === null) return count + 4;
  count += 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && count <= limit; i++) {
      const v: unknown = value[i];
      // Strings inline (no call): most leaves of a listing are.
      count = typeof v === 'string' ? count + v.length + 2 : jsonLengthAtLeast(v, limit, count);
    }
    return count;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return count;
  // for...in: the own enumerable keys JSON.stringify writes (results have no enumerable
  // inherited ones); an undefined or function value is left out, as JSON.stringify does.
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const v = object[key];
    if (typeof v === 'string') {
      count += key.length + v.length + 5;
      continue;
    }
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    count = jsonLengthAtLeast(v, limit, count + key.length + 3);
    if (count > limit) return count;
  }
  return count;
}

/** Returns Apollo's `stringifyResult`: JSON text of the result, or an error result past `maxBytes` (UTF-16 length, a lower bound of the bytes). */
export function stringifyResultWithin(maxBytes: number): (result: FormattedExecutionResult) => string {
  return (result) => {
    let text: string | undefined;
    if (jsonLengthAtLeast(result, maxBytes) <= maxBytes) {
      try {
        text = JSON.stringify(result);
      } catch (e) {
        // RangeError: V8's own string limit, below our maximum when that is set very high.
        if (!(e instanceof RangeError)) throw e;
      }
    }
    if (text !== undefined && text.length <= maxBytes) return text;
    const code: ErrorCode = 'RESPONSE_TOO_LARGE';
    // `data: null`: the operation ran (so HTTP 200 is right, also under
    // application/graphql-response+json), but none of its data can be delivered.
    return JSON.stringify({ data: null, errors: [{ message: tooLargeMessage(maxBytes), extensions: { code } }] });
  };
}
