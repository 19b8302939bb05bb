/**
 * Which URLs the gateway fetches OIDC metadata and keys from.
 *
 * Why (security): whoever controls the issuer URL or the key set it points to can sign tokens the
 * gateway believes, and so act as anyone in every cluster. Fetched over plain HTTP, anyone on the
 * network path can swap the keys. Mechanism: the issuer must be an absolute `https://` URL without
 * user info, query or fragment, as kube-apiserver requires of its issuer URL; the same holds for
 * the `jwks_uri` discovery returns. Plain `http://` is accepted only on a loopback host (127.x,
 * ::1, localhost), where no network is crossed: tests and an issuer beside the gateway.
 * Out of scope: which CAs are trusted (Node's defaults, or NODE_EXTRA_CA_CERTS) and where the host
 * points.
 */

/** True for `http:`/`https:` URLs on 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why `url` cannot be fetched from under the rule above, or undefined if it can. */
export function insecureUrlProblem(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return undefined;
  return url.protocol === 'http:'
    ? 'uses http:// on a non-loopback host (keys fetched in clear could be swapped); use https://'
    : 'is not an https:// URL';
}

/** Why `raw` cannot be an issuer URL (to follow `--oidc-issuer VALUE: `), or undefined if it can. */
export function checkIssuerUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute https:// URL';
  }
  const insecure = insecureUrlProblem(url);
  if (insecure !== undefined) return insecure;
  if (url.username !== '' || url.password !== '') return 'carries user info before "@"; an issuer URL has none';
  if (raw.includes('?') || raw.includes('#')) return 'has a query or fragment; an issuer URL has only a scheme, host, port and path';
  return undefined;
}
