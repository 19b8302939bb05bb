/**
 * Reading typed query parameters the way kube-apiserver's parameter codec converts them
 * (apimachinery's Convert_Slice_string_To_bool / _To_int64): the first value counts, and the
 * rules are Go's rather than what kubectl happens to send, so other clients get the same answers.
 */
import { errors } from './ApiError.ts';

/**
 * A boolean (`watch`, `allowWatchBookmarks`, `sendInitialEvents`, `force`, `orphanDependents`):
 * absent is false; otherwise false only for `0` or `false` in any case, and anything else
 * (`True`, `yes`, the empty value of `?watch`) is true. The Python client sends `watch=True`,
 * `force=True` and `orphanDependents=True`.
 */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return !(value === '0' || value.toLowerCase() === 'false');
}

/**
 * An int64 (`limit`, `timeoutSeconds`): undefined when absent; Go's strconv.ParseInt syntax
 * (an optional sign, decimal digits) or 400 BadRequest with its message.
 */
export function queryInt(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`);
  return n;
}
