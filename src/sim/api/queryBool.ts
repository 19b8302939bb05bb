/**
 * The one reading of a boolean query parameter (`watch`, `allowWatchBookmarks`,
 * `sendInitialEvents`, `force`, `orphanDependents`, `pretty`, ...), as kube-apiserver decodes
 * them (apimachinery's Convert_Slice_string_To_bool): absent is false; otherwise the first value
 * is false only when it is `0` or `false` in any case, and anything else (`True`, `yes`, the
 * empty string of `?watch`) is true. Clients other than kubectl rely on it: the Python client
 * sends `watch=True`, `force=True` and `orphanDependents=True`.
 */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return !(value === '0' || value.toLowerCase() === 'false');
}
