/**
 * `--oidc-jwks-file FILE`: an issuer's public keys from a local JSON Web Key Set (RFC 7517,
 * `{"keys": [...]}`) instead of discovery, for issuers the gateway cannot reach or does not want to
 * depend on at run time. Read once at start-up; restart to rotate keys.
 *
 * Why (security): the file decides whose signatures are believed. A private or symmetric key in it
 * is a mistake with consequences: a private key means the signing secret sits on the gateway's disk,
 * and a symmetric (`oct`) key would let anyone who can read it mint tokens; both are refused with a
 * message naming the key, never showing key material.
 */
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { OidcConfigError } from './OidcConfigError.ts';

/** Members only private or symmetric JWKs have (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037). */
const SECRET_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const PUBLIC_KTY = ['RSA', 'EC', 'OKP'];

export async function loadJwksFile(path: string): Promise<JSONWebKeySet> {
  const at = `--oidc-jwks-file ${path}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OidcConfigError(`${at}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'unknown error'})`}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new OidcConfigError(`${at}: is not JSON (expected a JSON Web Key Set: {"keys": [...]}, as an issuer's jwks_uri serves)`);
  }
  const keys = (doc as { keys?: unknown } | null)?.keys;
  if (typeof doc !== 'object' || doc === null || !Array.isArray(keys)) throw new OidcConfigError(`${at}: expected a JSON Web Key Set, an object with a "keys" array`);
  if (keys.length === 0) throw new OidcConfigError(`${at}: the "keys" array is empty; no token could be verified`);
  keys.forEach((key: unknown, i) => {
    const name = `key ${i + 1}${typeof (key as { kid?: unknown })?.kid === 'string' ? ` (kid ${JSON.stringify((key as { kid: string }).kid)})` : ''}`;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new OidcConfigError(`${at}: ${name} is not an object`);
    const kty = (key as { kty?: unknown }).kty;
    if (kty === 'oct') throw new OidcConfigError(`${at}: ${name} is a symmetric ("oct") key; only public keys (RSA, EC, OKP) verify tokens here`);
    if (typeof kty !== 'string' || !PUBLIC_KTY.includes(kty)) throw new OidcConfigError(`${at}: ${name} has kty ${JSON.stringify(kty)}; expected RSA, EC or OKP`);
    const secret = SECRET_MEMBERS.find((m) => m in key);
    if (secret !== undefined) throw new OidcConfigError(`${at}: ${name} is a private key (it has "${secret}"); give the public keys only, as the issuer's jwks_uri serves them`);
  });
  return doc as JSONWebKeySet;
}
