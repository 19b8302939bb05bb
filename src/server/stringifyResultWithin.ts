/**
 * The response-size guard: serializes a GraphQL result for Apollo (its `stringifyResult`) and
 * refuses one larger than the configured maximum with RESPONSE_TOO_LARGE.
 *
 * Why: query limits price a request before it runs, but a cheap-looking query over big clusters
 * can still produce hundreds of megabytes. Serialized whole, such a reply holds the heap for
 * every client and, past V8's string limit, fails as a bare "Invalid string length" HTTP 500
 * after all the work was done. This is the last line of defence: the size is counted while
 * JSON.stringify walks the result (a replacer adds each key and value's length), so it stops
 * as soon as the count passes the limit, before the big string exists. The count leaves out
 * punctuation and escapes, so the finished string is measured once more.
 */
import type { FormattedExecutionResult } from 'graphql';
import type { ErrorCode } from '../kube/errorCodes.ts';

/** @default for `maxResponseBytes` / `--max-response-bytes`: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

class TooLarge extends Error {}

export function tooLargeMessage(maxBytes: number): string {
  return `the response is larger than this gateway's maximum of ${maxBytes} bytes (--max-response-bytes): select fewer fields, narrow the clusters or namespace, or page through lists with \`first\`/\`after\``;
}

/** Returns Apollo's `stringifyResult`: JSON text of the result, or an error result past `maxBytes` (UTF-16 length, a lower bound of the bytes). */
export function stringifyResultWithin(maxBytes: number): (result: FormattedExecutionResult) => string {
  return (result) => {
    let count = 0;
    let text: string | undefined;
    try {
      text = JSON.stringify(result, (key: string, value: unknown) => {
        count += key.length + (typeof value === 'string' ? value.length : 4);
        if (count > maxBytes) throw new TooLarge();
        return value;
      });
    } catch (e) {
      // RangeError: V8's own string limit, below our maximum when that is set very high.
      if (!(e instanceof TooLarge) && !(e instanceof RangeError)) throw e;
    }
    if (text !== undefined && text.length <= maxBytes) return text;
    const code: ErrorCode = 'RESPONSE_TOO_LARGE';
    // `data: null`: the operation ran (so HTTP 200 is right, also under
    // application/graphql-response+json), but none of its data can be delivered.
    return JSON.stringify({ data: null, errors: [{ message: tooLargeMessage(maxBytes), extensions: { code } }] });
  };
}
