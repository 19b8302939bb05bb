/**
 * A test OpenID Connect issuer: a real HTTP server on 127.0.0.1 (port 0) serving
 * `/.well-known/openid-configuration` and a JWKS of RSA keys generated with jose, and a `mint`
 * that signs tokens with chosen claims, as an IdP would. For authentication tests ("expired
 * token", "wrong audience", ...): point the gateway's OIDC settings at `issuer.url`
 * (`oidcSettings(issuer)`), then send `Bearer ${await issuer.mint({...})}`.
 *
 * Besides good tokens it makes the forgeries a verifier must refuse: a token signed by a key the
 * JWKS does not hold, `alg: none`, HS256 "signed" with the public key's bytes. It counts the
 * discovery and JWKS requests it answered, can rotate its key, and can play unreachable (503).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import type { OidcSettings } from '../../src/auth/OidcSettings.ts';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export interface MintOptions {
  /** `aud`; null leaves it out. @default the issuer's audience */
  audience?: string | string[] | null;
  /** `iss`. @default the issuer's URL */
  issuer?: string;
  /** Seconds from now to `exp` (negative: already expired); null leaves `exp` out. @default 600 */
  expiresIn?: number | null;
  /** Seconds from now to `nbf`; absent: no `nbf`. */
  notBefore?: number;
  /** Sign with a fresh key the JWKS does not hold (its kid is unknown to the verifier). */
  foreignKey?: boolean;
  /** Sign with this earlier key of the issuer's (by kid), e.g. the one a JWKS file was written with. @default the current key */
  signWith?: string;
  /** The `kid` header. @default the signing key's kid */
  kid?: string;
}

export interface OidcIssuer {
  /** The issuer URL, `http://127.0.0.1:PORT` (also every token's default `iss`). */
  readonly url: string;
  /** The audience tokens are minted for by default. */
  readonly audience: string;
  /** Requests answered, by path. */
  readonly requests: { discovery: number; jwks: number };
  /** The kid of the key tokens are signed with now. */
  readonly kid: string;
  /** A signed token: `iss`, `aud`, `iat`, `exp` and `sub: 'alice'` by default, then `claims` over them (a claim set to undefined is left out). */
  mint(claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** An unsigned token (`alg: none`) with the default claims and `claims`. */
  mintUnsigned(claims?: Record<string, unknown>): string;
  /** An HS256 token whose HMAC key is the issuer's public key (PEM text): the algorithm-confusion forgery. */
  mintHmacWithPublicKey(claims?: Record<string, unknown>): Promise<string>;
  /** A new signing key; the JWKS then serves the new key only (`keepOld`: both). Returns the new kid. */
  rotate(keepOld?: boolean): Promise<string>;
  /** The JWKS now served. */
  jwks(): JSONWebKeySet;
  /** Writes the JWKS now served to `path` (for `--oidc-jwks-file`). */
  writeJwksFile(path: string): Promise<void>;
  /** false: discovery and JWKS answer 503, as an IdP that is down. */
  setAvailable(available: boolean): void;
  stop(): Promise<void>;
}

let serial = 0;

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `test-key-${++serial}`;
  return { kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Settings for the gateway's OidcAuthenticator trusting `issuer`; `overrides` as parseConfig would set them. */
export function oidcSettings(issuer: OidcIssuer, overrides: Partial<OidcSettings> = {}): OidcSettings {
  return { issuer: issuer.url, audience: issuer.audience, userClaim: 'sub', userPrefix: `${issuer.url}#`, groupsClaim: 'groups', groupsPrefix: '', ...overrides };
}

export async function startOidcIssuer(options: { audience?: string } = {}): Promise<OidcIssuer> {
  const audience = options.audience ?? 'fleetgraph-test';
  let keys: SigningKey[] = [await newKey()];
  const everyKey = new Map(keys.map((k) => [k.kid, k]));
  let available = true;
  const requests = { discovery: 0, jwks: 0 };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/.well-known/openid-configuration') {
      requests.discovery++;
      if (!available) return send(503, { error: 'down' });
      return send(200, { issuer: url, jwks_uri: `${url}/jwks`, id_token_signing_alg_values_supported: ['RS256'], response_types_supported: ['id_token'], subject_types_supported: ['public'] });
    }
    if (path === '/jwks') {
      requests.jwks++;
      if (!available) return send(503, { error: 'down' });
      return send(200, { keys: keys.map((k) => k.jwk) });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const current = () => keys[keys.length - 1]!;

  const claimsOf = (claims: Record<string, unknown>, o: MintOptions = {}): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    const base: Record<string, unknown> = { iss: o.issuer ?? url, sub: 'alice', iat: now };
    if (o.audience !== null) base.aud = o.audience ?? audience;
    if (o.expiresIn !== null) base.exp = now + (o.expiresIn ?? 600);
    if (o.notBefore !== undefined) base.nbf = now + o.notBefore;
    const merged = { ...base, ...claims };
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    return merged;
  };

  return {
    url,
    audience,
    requests,
    get kid() {
      return current().kid;
    },
    async mint(claims = {}, o = {}) {
      const key = o.foreignKey ? await newKey() : o.signWith !== undefined ? everyKey.get(o.signWith) : current();
      if (key === undefined) throw new Error(`no key ${o.signWith} was ever this issuer's`);
      return new SignJWT(claimsOf(claims, o)).setProtectedHeader({ alg: 'RS256', kid: o.kid ?? key.kid, typ: 'JWT' }).sign(key.privateKey);
    },
    mintUnsigned(claims = {}) {
      return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claimsOf(claims))}.`;
    },
    async mintHmacWithPublicKey(claims = {}) {
      const pem = await exportSPKI(current().publicKey);
      return new SignJWT(claimsOf(claims)).setProtectedHeader({ alg: 'HS256', kid: current().kid, typ: 'JWT' }).sign(new TextEncoder().encode(pem));
    },
    async rotate(keepOld = false) {
      const key = await newKey();
      everyKey.set(key.kid, key);
      keys = keepOld ? [...keys, key] : [key];
      return key.kid;
    },
    jwks: () => ({ keys: keys.map((k) => k.jwk) }) as JSONWebKeySet,
    async writeJwksFile(path) {
      await writeFile(path, JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    },
    setAvailable(a) {
      available = a;
    },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
