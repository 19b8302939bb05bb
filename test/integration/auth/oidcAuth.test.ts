/**
 * OIDC/JWT bearer tokens as clients meet them: a test issuer (test/support/oidcIssuer.ts, a real
 * HTTP server with discovery and a JWKS) signs tokens; real gateways on port 0 in front of one
 * simulated cluster with RBAC check them over HTTP (fetch) and WebSocket (the graphql-ws client).
 * A good token's user and groups reach the cluster as Impersonate-* headers; every forged,
 * expired, misdirected or ill-typed token gets the same 401 (4401 over WebSocket) while the log
 * says why; the static token file keeps working beside OIDC and while the IdP is down (503 for
 * OIDC tokens then); and no token ever appears in the log.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { AuthenticationUnavailable, createAuthenticator, OidcAuthenticator } from '../../../src/auth/index.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { oidcSettings, startOidcIssuer, type OidcIssuer } from '../../support/oidcIssuer.ts';

const STATIC = 'static-ci-5a4b3c2d1e0f9a8b';
const CONFIGMAPS = '{ configMaps(namespace: "default") { name } }';

let issuer: OidcIssuer;
let fg: FleetGateway;
/** A second gateway over the same cluster: keys from a JWKS file, other claim mappings. */
let fileGateway: Gateway;
let dir: string;
let logs = '';
/** The kid of the key the JWKS file was written with. */
let fileKid: string;
const mintWithFileKey = (claims: Record<string, unknown>) => issuer.mint(claims, { signWith: fileKid });
/** Every token sent in this file, to search the log for at the end. */
const sent: string[] = [];

beforeAll(async () => {
  issuer = await startOidcIssuer();
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-oidc-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, `${STATIC},ci-bot,1001,deployers\n`);
  const jwksFile = join(dir, 'jwks.json');
  await issuer.writeJwksFile(jwksFile);
  fileKid = issuer.kid;
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs += chunk.toString(); done(); } });
  const logger = createLogger('debug', sink);
  // Both ways at once, keys by discovery; no JWKS cooldown, so a rotated key is found at once.
  const authenticator = await createAuthenticator({ tokens, oidc: oidcSettings(issuer) }, logger, { jwksCooldownMs: 0 });
  fg = await startFleetGateway({
    sim: { clusters: [{ name: 'oi-1', rbac: true }], nodes: 1, clusterDefaults: { controllers: false } },
    gateway: { authenticator, logger },
  });
  const fileSettings = oidcSettings(issuer, { jwksFile, userPrefix: '', groupsPrefix: 'oidc:', uidClaim: 'uid' });
  fileGateway = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logger, authenticator: await createAuthenticator({ oidc: fileSettings }, logger) });
}, 90_000);

afterAll(async () => {
  await fileGateway?.stop();
  await fg?.stop();
  await issuer?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function ask(token: string | undefined, url = fg.gateway.url) {
  if (token !== undefined) sent.push(token);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query: CONFIGMAPS }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: res.status, challenge: res.headers.get('www-authenticate'), retryAfter: res.headers.get('retry-after'), body };
}

/** The requests that reached the cluster from mark `from` on. */
const cluster = () => fg.sim.cluster('oi-1');
const mark = () => cluster().requests.all().length;
const since = (from: number) => cluster().requests.all().slice(from);

/** The `reason` of the last "bearer token refused" line logged after `from` characters of log. */
function lastRefusal(from: number): string | undefined {
  const lines = logs.slice(from).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; reason?: string });
  return lines.filter((l) => l.msg === 'bearer token refused').at(-1)?.reason;
}

/** How a graphql-ws connection with `authorization` ends: acknowledged, or closed with a code. */
function wsOutcome(authorization: string, url = fg.gateway.url): Promise<'connected' | number> {
  sent.push(authorization);
  return new Promise((resolve) => {
    const client = createClient({
      url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined,
      connectionParams: { authorization },
      on: {
        connected: () => {
          resolve('connected');
          void client.dispose();
        },
        closed: (event) => resolve((event as { code: number }).code),
      },
    });
  });
}

describe('a valid token', () => {
  test('over HTTP: answered, and the cluster is asked as its user and groups (Impersonate-*)', async () => {
    const from = mark();
    const r = await ask(await issuer.mint({ sub: 'alice', groups: ['dev', 'ops'] }));
    expect(r.status).toBe(200);
    // alice has no RoleBinding: the cluster's own RBAC answers, naming the mapped user.
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors?.[0]?.message).toContain(`User "${issuer.url}#alice" cannot list resource "configmaps"`);
    const reqs = since(from);
    expect(reqs.length).toBeGreaterThan(0);
    for (const req of reqs) expect(req).toMatchObject({ impersonateUser: `${issuer.url}#alice`, impersonateGroups: ['dev', 'ops'] });
  });

  test('over WebSocket (connectionParams.authorization): the connection is acknowledged', async () => {
    expect(await wsOutcome(`Bearer ${await issuer.mint({ groups: 'dev' })}`)).toBe('connected');
  });

  test('groups as a single string, or absent, are accepted (kube-apiserver reads them so too)', async () => {
    let from = mark();
    expect((await ask(await issuer.mint({ groups: 'admins' }))).status).toBe(200);
    expect(since(from)[0]).toMatchObject({ impersonateGroups: ['admins'] });
    from = mark();
    expect((await ask(await issuer.mint({ groups: undefined }))).status).toBe(200);
    expect(since(from)[0]).toMatchObject({ impersonateGroups: [] });
  });

  test('an aud array containing the audience is accepted; a token within the clock tolerance too', async () => {
    expect((await ask(await issuer.mint({}, { audience: ['other-app', issuer.audience] }))).status).toBe(200);
    expect((await ask(await issuer.mint({}, { expiresIn: -5, notBefore: 5 }))).status).toBe(200);
  });
});

describe('refused tokens: 401 invalid_token over HTTP, 4401 over WebSocket, the reason only in the log', () => {
  /** Forges a token whose payload was changed after signing. */
  const tampered = async () => {
    const [h, , s] = (await issuer.mint()).split('.');
    const payload = Buffer.from(JSON.stringify({ iss: issuer.url, aud: issuer.audience, sub: 'mallory', groups: ['admins'], exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    return `${h}.${payload}.${s}`;
  };
  const cases: Array<[string, () => Promise<string> | string, RegExp]> = [
    ['expired', () => issuer.mint({}, { expiresIn: -600 }), /^expired/],
    ['not yet valid (nbf in the future)', () => issuer.mint({}, { notBefore: 600 }), /^not yet valid/],
    ['without exp', () => issuer.mint({}, { expiresIn: null }), /claim "exp" is missing/],
    ['for another audience', () => issuer.mint({}, { audience: 'another-app' }), /^wrong audience/],
    ['without aud', () => issuer.mint({}, { audience: null }), /^wrong audience/],
    ['from another issuer, signed by ours', () => issuer.mint({}, { issuer: 'https://idp.example.com' }), /^wrong issuer/],
    ['with a payload changed after signing (bad signature)', tampered, /^bad signature/],
    ['signed by another key under our kid', () => issuer.mint({}, { foreignKey: true, kid: issuer.kid }), /^bad signature/],
    ['signed by a key the JWKS does not hold (unknown kid)', () => issuer.mint({}, { foreignKey: true }), /^unknown key/],
    ['alg none (unsigned)', () => issuer.mintUnsigned(), /^algorithm not allowed/],
    ['HS256 with the issuer\'s public key as the HMAC secret', () => issuer.mintHmacWithPublicKey(), /^algorithm not allowed/],
    ['without the user claim', () => issuer.mint({ sub: undefined }), /the user claim "sub" is missing/],
    ['with a user claim that is not a string', () => issuer.mint({ sub: 42 }), /the user claim "sub" is number/],
    ['with a groups claim that is a number', () => issuer.mint({ groups: 7 }), /the groups claim "groups" is number/],
    ['with a groups array holding a non-string', () => issuer.mint({ groups: ['dev', 3] }), /the groups claim "groups" is an array with non-string members/],
    ['with a groups claim that is an object', () => issuer.mint({ groups: { dev: true } }), /the groups claim "groups" is object/],
    ['with a group named system:masters', () => issuer.mint({ groups: ['dev', 'system:masters'] }), /the mapped group "system:masters" starts with the reserved "system:"/],
    ['with a garbage payload', () => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.bm90LWpzb24.c2ln`, /^malformed/],
  ];

  test.each(cases)('%s', async (_what, make, reason) => {
    const token = await make();
    const from = logs.length;
    const before = mark();
    const r = await ask(token);
    expect(r.status).toBe(401);
    expect(r.challenge).toBe('Bearer realm="fleetgraph", error="invalid_token"');
    expect(r.body).toEqual({ errors: [{ message: 'the bearer token was not accepted', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(lastRefusal(from)).toMatch(reason);
    expect(since(before)).toEqual([]);
    expect(await wsOutcome(`Bearer ${token}`)).toBe(4401);
  });
});

describe('the token file and OIDC together', () => {
  test('a static token is accepted beside OIDC ones, as its own identity', async () => {
    const from = mark();
    expect((await ask(STATIC)).status).toBe(200);
    for (const req of since(from)) expect(req).toMatchObject({ impersonateUser: 'ci-bot', impersonateUid: '1001', impersonateGroups: ['deployers'] });
    expect(await wsOutcome(`Bearer ${STATIC}`)).toBe('connected');
  });

  test('a token neither accepts is refused (401), and no token is sent to the IdP', async () => {
    const jwks = issuer.requests.jwks;
    const r = await ask('not-a-jwt-and-not-listed');
    expect(r.status).toBe(401);
    expect(r.challenge).toBe('Bearer realm="fleetgraph", error="invalid_token"');
    expect(issuer.requests.jwks).toBe(jwks);
  });
});

describe('keys', () => {
  test('rotation: a token under a new kid is verified after one refetch of the JWKS; the dropped key\'s tokens are refused', async () => {
    const old = await issuer.mint();
    expect((await ask(old)).status).toBe(200);
    const fetches = issuer.requests.jwks;
    await issuer.rotate();
    expect((await ask(await issuer.mint())).status).toBe(200);
    expect(issuer.requests.jwks).toBe(fetches + 1);
    const from = logs.length;
    expect((await ask(old)).status).toBe(401);
    expect(lastRefusal(from)).toMatch(/^unknown key/);
  });

  test('the IdP down: cached keys still verify; a token needing a refetch gets 503 (1013 over WebSocket) and is logged; static tokens keep working', async () => {
    const cachedKid = issuer.kid;
    issuer.setAvailable(false);
    try {
      expect((await ask(await issuer.mint())).status).toBe(200);
      await issuer.rotate(true);
      const fresh = await issuer.mint();
      const from = logs.length;
      const r = await ask(fresh);
      expect(r.status).toBe(503);
      expect(r.retryAfter).toBe('10');
      expect(r.challenge).toBeNull();
      expect(r.body).toEqual({ errors: [{ message: 'the bearer token cannot be checked at the moment; retry shortly', extensions: { code: 'UNAVAILABLE' } }] });
      expect(logs.slice(from)).toContain('the issuer\'s keys are unavailable');
      expect(await wsOutcome(`Bearer ${fresh}`)).toBe(1013);
      expect((await ask(STATIC)).status).toBe(200);
      // A token under a cached key that is refused anyway (expired) is still a 401.
      expect((await ask(await issuer.mint({}, { expiresIn: -600, signWith: cachedKid }))).status).toBe(401);
      issuer.setAvailable(true);
      expect((await ask(fresh)).status).toBe(200);
    } finally {
      issuer.setAvailable(true);
    }
  });

  test('made-up kids cannot make the gateway hammer the IdP: within the cooldown the JWKS is not refetched', async () => {
    const log = createLogger('silent');
    const oidc = await OidcAuthenticator.create(oidcSettings(issuer), { log });
    expect(await oidc.authenticate(await issuer.mint())).toMatchObject({ user: `${issuer.url}#alice` });
    const fetches = issuer.requests.jwks;
    for (let i = 0; i < 5; i++) expect(await oidc.authenticate(await issuer.mint({}, { foreignKey: true }))).toBeNull();
    expect(issuer.requests.jwks).toBe(fetches);
  });

  test('an outage longer than the key cache: the keys fetched last still verify their kids (logged); an unknown kid cannot be decided (unavailable)', async () => {
    let log = '';
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { log += chunk.toString(); done(); } });
    // A key cache of 0 ms: every token asks for a refresh.
    const oidc = await OidcAuthenticator.create(oidcSettings(issuer), { log: createLogger('info', sink), jwksMaxAgeMs: 0 });
    expect(await oidc.authenticate(await issuer.mint())).toMatchObject({ user: `${issuer.url}#alice` });
    issuer.setAvailable(false);
    try {
      expect(await oidc.authenticate(await issuer.mint({ sub: 'bob' }))).toMatchObject({ user: `${issuer.url}#bob` });
      expect(log).toContain('verifying with the keys fetched last');
      await expect(oidc.authenticate(await issuer.mint({}, { foreignKey: true }))).rejects.toBeInstanceOf(AuthenticationUnavailable);
      // Stale keys still refuse what they refuse.
      expect(await oidc.authenticate(await issuer.mint({}, { expiresIn: -600 }))).toBeNull();
    } finally {
      issuer.setAvailable(true);
    }
  });

  test('discovery naming another issuer than --oidc-issuer is not trusted: tokens cannot be checked (unavailable), and the log says why', async () => {
    let log = '';
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { log += chunk.toString(); done(); } });
    // The same server under another name: its discovery document says http://127.0.0.1:PORT.
    const other = issuer.url.replace('127.0.0.1', 'localhost');
    const oidc = await OidcAuthenticator.create(oidcSettings(issuer, { issuer: other }), { log: createLogger('info', sink) });
    const token = await issuer.mint({}, { issuer: other });
    await expect(oidc.authenticate(token)).rejects.toBeInstanceOf(AuthenticationUnavailable);
    expect(log).toContain(JSON.stringify(`names issuer "${issuer.url}", not "${other}"`).slice(1, -1));
    expect(log).not.toContain(token);
  });
});

describe('a JWKS file and other claim mappings (--oidc-jwks-file, --oidc-user-prefix -, --oidc-groups-prefix oidc:, --oidc-uid-claim uid)', () => {
  test('keys from the file, prefixes and uid reach the cluster; the IdP is never asked', async () => {
    const discovery = issuer.requests.discovery;
    const jwks = issuer.requests.jwks;
    // The file holds the key the issuer had at start-up; it has rotated since: sign with that one.
    const from = mark();
    const token = await mintWithFileKey({ sub: 'alice', uid: 'u-42', groups: ['dev', 'system:masters'] });
    const r = await ask(token, fileGateway.url);
    expect(r.status).toBe(200);
    const reqs = since(from);
    expect(reqs.length).toBeGreaterThan(0);
    // Prefixed, `system:masters` becomes the harmless `oidc:system:masters`.
    for (const req of reqs) expect(req).toMatchObject({ impersonateUser: 'alice', impersonateUid: 'u-42', impersonateGroups: ['oidc:dev', 'oidc:system:masters'] });
    expect(issuer.requests.discovery).toBe(discovery);
    expect(issuer.requests.jwks).toBe(jwks);
  });

  test.each([
    ['a user named system:admin (no user prefix)', { sub: 'system:admin', uid: 'u-1' }, /the mapped user name "system:admin" starts with the reserved "system:"/],
    ['no uid claim when --oidc-uid-claim is set', { sub: 'alice' }, /the uid claim "uid" is missing/],
  ])('refuses %s', async (_what, claims, reason) => {
    const from = logs.length;
    expect((await ask(await mintWithFileKey(claims), fileGateway.url)).status).toBe(401);
    expect(lastRefusal(from)).toMatch(reason);
  });

  test('a key that is not in the file (the issuer\'s current one, rotated since) is refused without any fetch', async () => {
    const jwks = issuer.requests.jwks;
    const from = logs.length;
    expect((await ask(await issuer.mint({ uid: 'u-1' }), fileGateway.url)).status).toBe(401);
    expect(lastRefusal(from)).toMatch(/^unknown key/);
    expect(issuer.requests.jwks).toBe(jwks);
  });
});

describe('logs', () => {
  test('hold no token after all the above, accepted and refused, over both transports, at debug level', () => {
    expect(sent.length).toBeGreaterThan(30);
    expect(logs).toContain('bearer token refused');
    for (const t of sent) {
      const token = t.replace(/^Bearer /, '');
      expect(logs).not.toContain(token);
      // Nor its signature alone (the part that makes it a credential).
      const signature = token.split('.')[2];
      if (signature) expect(logs).not.toContain(signature);
    }
  });
});
