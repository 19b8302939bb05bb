/**
 * Checks a kubeconfig cluster's `server` before the gateway uses it, and shows a refused one
 * without the credentials it may carry.
 *
 * Why (threat): a server URL is logged, shown in errors and status, and used for every request
 * to that cluster. Credentials written into it (`https://user:pass@host`) would leak into all of
 * those; a scheme other than http(s) (`file:`, `ftp://`) would send the gateway's requests, and
 * its credentials, somewhere nobody meant; a query or fragment is appended to or cut from every
 * request path in ways no one can predict from the kubeconfig.
 * Mechanism: the WHATWG URL parser decides; the server must be an absolute http(s) URL with a
 * host and without userinfo, query or fragment (a path prefix, as Rancher's proxy uses, is
 * fine). A refused URL is shown with everything before its last "@" replaced by `***`, so a
 * password is never echoed, even from a URL the parser could not read.
 * Out of scope: where the host points (private addresses, DNS rebinding) and TLS settings; the
 * kubeconfig is the operator's own trusted file, this only stops mistakes from leaking.
 */

/** `raw` with any userinfo (everything between the scheme and the last "@") replaced by `***`. */
export function redactServerUrl(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at === -1) return raw;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(raw)?.[0] ?? '';
  return `${scheme}***${raw.slice(at)}`;
}

/** Why `server` cannot be used (to follow `has server "…", which`), or undefined if it can. */
export function checkServerUrl(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return 'is not an http(s) URL';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') return 'is not an http(s) URL';
  if (url.username !== '' || url.password !== '' || server.includes('@')) {
    return 'carries credentials (user info before "@"); put them in the kubeconfig user instead';
  }
  if (server.includes('?') || server.includes('#')) return 'has a query or fragment; a server URL may have only a scheme, host, port and path';
  return undefined;
}
