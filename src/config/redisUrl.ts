/**
 * Checks `--redis URL` / `REDIS_URL`, and shows one without its credentials.
 *
 * Why (threat): a Redis URL often carries a password (`redis://:secret@host:6379`); it is echoed in
 * errors and logs unless every place that shows it redacts it. Mechanism: the WHATWG URL parser
 * decides; only `redis://` and `rediss://` (TLS) with a host are accepted, and a URL is only ever
 * shown through `redactRedisUrl` (everything between the scheme and the last "@" becomes `***`,
 * as checkServerUrl.ts does for cluster servers). Out of scope: whether the host is the right
 * one (the operator's own setting).
 */

/** `raw` with any userinfo replaced by `***`. */
export function redactRedisUrl(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at === -1) return raw;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(raw)?.[0] ?? '';
  return `${scheme}***${raw.slice(at)}`;
}

/** Why `raw` cannot be used as a Redis URL, or undefined if it can. */
export function checkRedisUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'expected redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://... (TLS)';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `expected a redis:// or rediss:// URL, got scheme ${url.protocol}`;
  if (url.hostname === '') return 'has no host';
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) return `has path /${db}: only a database number (0..15) may follow the host`;
  if (url.search !== '' || url.hash !== '') return 'has a query or fragment; a Redis URL here has only a scheme, credentials, host, port and database';
  return undefined;
}
