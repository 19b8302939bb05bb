/**
 * OIDC/JWT bearer tokens (`--oidc-issuer`, `--oidc-audience`, ...; docs/authentication.md), for
 * frontends whose users sign in with an identity provider: a token is a JWT signed by the issuer,
 * verified with `jose` against the issuer's public keys (a JWKS file, or the `jwks_uri` of its
 * discovery document, fetched, cached and refetched for key rotation by jose's createRemoteJWKSet),
 * and its claims become the caller's Kubernetes identity (identityFromClaims.ts).
 *
 * Why (security): a token is whatever its bearer says unless each of these holds, and each check
 * stops one attack. The signature, by a key of the issuer's set, with an asymmetric algorithm only
 * (RS*, PS*, ES*, EdDSA: never `none`, which is unsigned, and never HS*, since an HMAC "signed" with
 * the issuer's *public* key is a forgery anyone can make); `iss` exactly the configured issuer (a
 * token of another issuer, even signed, is not ours to believe); `aud` containing our audience (a
 * token the same IdP issued to another application must not be replayed here); `exp` present and
 * not past, `nbf` not in the future, with a clock tolerance of CLOCK_TOLERANCE_S between our clock
 * and the IdP's; the identity claims of the right type, and no `system:` name (the gateway
 * impersonates the caller in every cluster). Mechanism: jose's jwtVerify with those options, then
 * identityFromClaims. Refusals are logged with the reason (expired, wrong audience, bad signature,
 * unknown kid, ...), the token's `alg` and `kid`, never the token; the client learns only
 * `invalid_token` (RFC 6750).
 * Out of scope: revocation before `exp` (bearer JWTs cannot be recalled: keep their lifetime
 * short), replay of a stolen, still valid token (TLS in front keeps it from being stolen in
 * transit), the `typ`/`azp` claims, nested claim paths, distributed claims, encrypted tokens (JWE).
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type RemoteJWKSet } from 'jose';
import type { Logger } from 'pino';
import { AuthenticationUnavailable } from './AuthenticationUnavailable.ts';
import type { Authenticator } from './Authenticator.ts';
import { discoverJwksUri } from './discoverJwksUri.ts';
import type { Identity } from './Identity.ts';
import { identityFromClaims } from './identityFromClaims.ts';
import { loadJwksFile } from './loadJwksFile.ts';
import type { OidcSettings } from './OidcSettings.ts';

/** Signing algorithms accepted: asymmetric ones only (kube-apiserver's list, plus EdDSA). */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;
/** Seconds of clock difference allowed when checking `exp` and `nbf`. */
export const CLOCK_TOLERANCE_S = 30;
/** After a failed discovery, how long tokens are answered `unavailable` before it is tried again. */
const DISCOVERY_RETRY_MS = 10_000;
/** A compact JWS: three base64url parts (the last, the signature, may be empty for `alg: none`). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface OidcAuthenticatorOptions {
  /** Where refusals and key problems are logged (never a token). */
  log: Pick<Logger, 'info' | 'warn'>;
  /**
   * Least time between two fetches of the issuer's JWKS caused by a token whose `kid` is not in
   * the cached set (jose's cooldownDuration): a rotated key is found on the first refetch, while
   * tokens with made-up kids cannot make the gateway hammer the IdP. @default 30000
   */
  jwksCooldownMs?: number;
  /** How long the fetched JWKS is used before it is fetched again anyway (jose's cacheMaxAge). @default 600000 */
  jwksMaxAgeMs?: number;
}

/** What a refused token's log line says about it: the reason, and header fields that are not secret. */
const clip = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, 200) : undefined);

export class OidcAuthenticator implements Authenticator {
  private keys: JWTVerifyGetKey | undefined;
  private discovery: Promise<JWTVerifyGetKey> | undefined;
  private discoveryFailed: { at: number; reason: string } | undefined;

  private constructor(readonly settings: OidcSettings, private readonly options: OidcAuthenticatorOptions) {}

  /**
   * With a JWKS file, reads it (an OidcConfigError names a bad one). Otherwise starts discovery at
   * once, so the log says at start-up whether the issuer answers; it does not wait for it, and
   * tokens are answered `unavailable` until it succeeds.
   */
  static async create(settings: OidcSettings, options: OidcAuthenticatorOptions): Promise<OidcAuthenticator> {
    const oidc = new OidcAuthenticator(settings, options);
    if (settings.jwksFile !== undefined) oidc.keys = createLocalJWKSet(await loadJwksFile(settings.jwksFile));
    else oidc.keySet().catch(() => undefined);
    return oidc;
  }

  async authenticate(bearer: string): Promise<Identity | null> {
    if (!JWT_SHAPE.test(bearer)) return null;
    let header: { alg?: unknown; kid?: unknown };
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(bearer);
      unverified = decodeJwt(bearer);
    } catch {
      return this.refuse('malformed: not a decodable JWT', {});
    }
    // Tokens of other issuers are not ours to judge, and cost no key fetch (kube-apiserver too
    // looks at the unverified `iss` first); jwtVerify checks `iss` again after the signature.
    if (unverified.iss !== this.settings.issuer) return this.refuse('wrong issuer', header, { iss: clip(unverified.iss) });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(bearer, await this.keySet(), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: [...OIDC_ALGORITHMS],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      if (e instanceof AuthenticationUnavailable) {
        this.options.log.warn({ authenticator: 'oidc', issuer: this.settings.issuer, reason: e.message, alg: clip(header.alg), kid: clip(header.kid) }, 'bearer token not checked: the issuer\'s keys are unavailable (503)');
        throw e;
      }
      return this.refuse(refusalReason(e), header);
    }
    const mapped = identityFromClaims(payload, this.settings);
    if ('refused' in mapped) return this.refuse(mapped.refused, header);
    // The moment this token would be refused on a new request (jwtVerify required `exp`): an open
    // WebSocket connection is closed then (closeAtExpiry.ts).
    return Object.freeze({ ...mapped.identity, expiresAt: ((payload.exp ?? 0) + CLOCK_TOLERANCE_S) * 1000 });
  }

  describe(): string {
    const s = this.settings;
    return `OIDC tokens from ${s.issuer} for audience ${s.audience} (keys ${s.jwksFile === undefined ? 'by discovery' : `from ${s.jwksFile}`}; user = ${s.userPrefix === '' ? '' : `"${s.userPrefix}" + `}claim "${s.userClaim}", groups = ${s.groupsPrefix === '' ? '' : `"${s.groupsPrefix}" + `}claim "${s.groupsClaim}")`;
  }

  private refuse(reason: string, header: { alg?: unknown; kid?: unknown }, extra: Record<string, unknown> = {}): null {
    this.options.log.info({ authenticator: 'oidc', reason, alg: clip(header.alg), kid: clip(header.kid), ...extra }, 'bearer token refused');
    return null;
  }

  /** The issuer's key set: the file's, or discovery's jwks_uri through jose's cache (discovered once, retried after a failure). */
  private keySet(): Promise<JWTVerifyGetKey> {
    if (this.keys !== undefined) return Promise.resolve(this.keys);
    if (this.discovery !== undefined) return this.discovery;
    const failed = this.discoveryFailed;
    if (failed !== undefined && Date.now() - failed.at < DISCOVERY_RETRY_MS) return Promise.reject(new AuthenticationUnavailable(failed.reason));
    const { issuer } = this.settings;
    this.discovery = discoverJwksUri(issuer).then((url) => {
      const remote = createRemoteJWKSet(url, { cooldownDuration: this.options.jwksCooldownMs ?? 30_000, cacheMaxAge: this.options.jwksMaxAgeMs ?? 600_000, timeoutDuration: 5000 });
      this.keys = unavailableWhenUnreachable(remote, url, this.options.log);
      this.discoveryFailed = undefined;
      this.options.log.info({ authenticator: 'oidc', issuer, jwksUri: url.href }, 'OIDC discovery done: the issuer\'s keys are fetched from its jwks_uri');
      return this.keys;
    }, (e: unknown) => {
      const reason = e instanceof Error ? e.message : String(e);
      this.discovery = undefined;
      this.discoveryFailed = { at: Date.now(), reason };
      this.options.log.warn({ authenticator: 'oidc', issuer, reason }, `OIDC discovery failed; OIDC tokens are answered 503 until it succeeds (retried at most every ${DISCOVERY_RETRY_MS / 1000} s)`);
      throw new AuthenticationUnavailable(reason);
    });
    return this.discovery;
  }
}

/**
 * jose's remote key set, with "cannot fetch the keys" (network error, timeout, non-200, not a
 * JWKS) told apart from "the keys do not fit the token" (unknown kid and the like), which stay
 * ordinary refusals. When a scheduled refresh fails, the keys fetched last still verify tokens
 * whose kid they hold (stale-if-error, logged): an IdP outage longer than the cache's age does not
 * lock everyone out, and keys the IdP has since dropped are dropped here at the next successful
 * fetch. A kid they do not hold cannot be decided until the IdP answers: unavailable.
 */
function unavailableWhenUnreachable(remote: RemoteJWKSet, url: URL, log: OidcAuthenticatorOptions['log']): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys || e instanceof errors.JOSENotSupported) throw e;
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      const reason = `jwks_uri ${url.href}: ${e instanceof Error ? e.message : String(e)}${cause === undefined ? '' : ` (${cause})`}`;
      const stale = remote.jwks();
      if (stale !== undefined) {
        try {
          const key = await createLocalJWKSet(stale)(header, token);
          log.warn({ authenticator: 'oidc', reason }, 'the issuer\'s keys could not be refreshed; verifying with the keys fetched last');
          return key;
        } catch (inner) {
          if (!(inner instanceof errors.JWKSNoMatchingKey)) throw inner;
        }
      }
      throw new AuthenticationUnavailable(reason);
    }
  };
}

/** Why jwtVerify refused a token, in the words an operator reads in the log. */
function refusalReason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return `expired (exp is past, beyond the ${CLOCK_TOLERANCE_S} s clock tolerance)`;
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf') return `not yet valid (nbf is in the future, beyond the ${CLOCK_TOLERANCE_S} s clock tolerance)`;
    if (e.claim === 'aud') return 'wrong audience (aud does not contain --oidc-audience)';
    if (e.claim === 'iss') return 'wrong issuer';
    return `claim "${e.claim}" ${e.reason === 'missing' ? 'is missing' : 'is invalid'}`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (e instanceof errors.JWKSNoMatchingKey) return 'unknown key: no key of the issuer\'s set matches the token\'s kid and alg';
  if (e instanceof errors.JWKSMultipleMatchingKeys) return 'ambiguous key: the token names no kid and several keys match';
  if (e instanceof errors.JOSEAlgNotAllowed) return `algorithm not allowed (accepted: ${OIDC_ALGORITHMS.join(', ')})`;
  if (e instanceof errors.JOSENotSupported) return 'unsupported algorithm or key type';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return `malformed: ${e.message}`;
  return `not verified (${e instanceof Error ? e.name : 'unknown error'})`;
}
