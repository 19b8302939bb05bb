/**
 * OpenID Connect Discovery 1.0: the issuer's `/.well-known/openid-configuration` says where its
 * signing keys are (`jwks_uri`). The document must name the configured issuer exactly (Discovery
 * §4.3: otherwise another issuer's metadata is being served) and a `jwks_uri` that passes the
 * https rule of checkIssuerUrl.ts. Errors say what was wrong, for the log.
 */
import { insecureUrlProblem } from './checkIssuerUrl.ts';

/** How long one discovery request may take. */
const TIMEOUT_MS = 5000;

export async function discoverJwksUri(issuer: string): Promise<URL> {
  const where = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    // No redirects: the metadata must come from the issuer's own URL.
    res = await fetch(where, { redirect: 'manual', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new Error(`discovery ${where}: unreachable (${cause})`);
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new Error(`discovery ${where}: HTTP ${res.status}, expected 200`);
  }
  let doc: unknown;
  try {
    doc = await res.json();
  } catch {
    throw new Error(`discovery ${where}: the answer is not JSON`);
  }
  const { issuer: named, jwks_uri: jwksUri } = (doc ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
  if (named !== issuer) throw new Error(`discovery ${where}: names issuer ${JSON.stringify(named)}, not ${JSON.stringify(issuer)} (--oidc-issuer must be the issuer's exact URL)`);
  if (typeof jwksUri !== 'string') throw new Error(`discovery ${where}: has no jwks_uri`);
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw new Error(`discovery ${where}: jwks_uri ${JSON.stringify(jwksUri)} is not a URL`);
  }
  const insecure = insecureUrlProblem(url);
  if (insecure !== undefined) throw new Error(`discovery ${where}: jwks_uri ${JSON.stringify(jwksUri)} ${insecure}`);
  return url;
}
