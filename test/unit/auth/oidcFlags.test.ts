/**
 * The --oidc-* flags as parseConfig reads them: kube-apiserver's defaults (user claim sub, user
 * names prefixed with ISSUER# unless the claim is email, `-` for no prefix), the https rule for the
 * issuer, flags that make no sense alone, prefixes that would make every name reserved, and the
 * help text; then a JWKS file's checks (no private or symmetric keys).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadJwksFile } from '../../../src/auth/loadJwksFile.ts';
import { OidcConfigError } from '../../../src/auth/index.ts';
import { parseConfig, usage } from '../../../src/config/index.ts';
import { configErrorOf } from '../../support/configErrorOf.ts';

const ISSUER = 'https://login.example.com/realms/ops';

describe('--oidc-* flags', () => {
  test('off without --oidc-issuer', () => {
    expect(parseConfig([], {}).oidc).toBeUndefined();
  });

  test('kube-apiserver\'s defaults: user from sub prefixed with ISSUER#, groups from groups unprefixed, no uid', () => {
    expect(parseConfig(['--oidc-issuer', ISSUER, '--oidc-audience', 'fleet-ui'], {}).oidc).toEqual({
      issuer: ISSUER, audience: 'fleet-ui', userClaim: 'sub', userPrefix: `${ISSUER}#`, groupsClaim: 'groups', groupsPrefix: '',
    });
  });

  test('every flag, the email claim (no default prefix), - for no prefix, the JWKS file resolved', () => {
    expect(parseConfig(['--oidc-issuer', ISSUER, '--oidc-audience=fleet-ui', '--oidc-user-claim', 'email', '--oidc-groups-claim', 'roles', '--oidc-groups-prefix', 'oidc:', '--oidc-uid-claim', 'oid', '--oidc-jwks-file', 'keys.json'], {}).oidc).toEqual({
      issuer: ISSUER, audience: 'fleet-ui', userClaim: 'email', userPrefix: '', groupsClaim: 'roles', groupsPrefix: 'oidc:', uidClaim: 'oid', jwksFile: resolve('keys.json'),
    });
    expect(parseConfig(['--oidc-issuer', ISSUER, '--oidc-audience', 'a', '--oidc-user-prefix', '-'], {}).oidc?.userPrefix).toBe('');
    expect(parseConfig(['--oidc-issuer', ISSUER, '--oidc-audience', 'a', '--oidc-user-claim', 'email', '--oidc-user-prefix', 'sso:'], {}).oidc?.userPrefix).toBe('sso:');
  });

  test('http:// only on loopback (tests, a local issuer)', () => {
    for (const issuer of ['http://127.0.0.1:5556', 'http://localhost:8080/dex', 'http://[::1]:9000']) {
      expect(parseConfig(['--oidc-issuer', issuer, '--oidc-audience', 'a'], {}).oidc?.issuer).toBe(issuer);
    }
  });

  test.each([
    [['--oidc-issuer', ISSUER], '--oidc-issuer needs --oidc-audience AUD: without an audience, any token the issuer signed for any application would be accepted (usually the frontend\'s OIDC client id)'],
    [['--oidc-audience', 'a'], '--oidc-audience needs --oidc-issuer URL: it configures OIDC authentication, which is off without an issuer'],
    [['--oidc-groups-prefix', 'oidc:'], '--oidc-groups-prefix needs --oidc-issuer URL: it configures OIDC authentication, which is off without an issuer'],
    [['--oidc-issuer', 'http://idp.example.com', '--oidc-audience', 'a'], '--oidc-issuer http://idp.example.com: uses http:// on a non-loopback host (keys fetched in clear could be swapped); use https:// (the issuer\'s exact URL, as in its tokens\' iss, e.g. https://accounts.example.com)'],
    [['--oidc-issuer', 'idp.example.com', '--oidc-audience', 'a'], '--oidc-issuer idp.example.com: is not an absolute https:// URL (the issuer\'s exact URL, as in its tokens\' iss, e.g. https://accounts.example.com)'],
    [['--oidc-issuer', 'https://u:p@idp.example.com', '--oidc-audience', 'a'], '--oidc-issuer https://u:p@idp.example.com: carries user info before "@"; an issuer URL has none (the issuer\'s exact URL, as in its tokens\' iss, e.g. https://accounts.example.com)'],
    [['--oidc-issuer', 'https://idp.example.com/?x=1', '--oidc-audience', 'a'], '--oidc-issuer https://idp.example.com/?x=1: has a query or fragment; an issuer URL has only a scheme, host, port and path (the issuer\'s exact URL, as in its tokens\' iss, e.g. https://accounts.example.com)'],
    [['--oidc-issuer', ISSUER, '--oidc-audience', ' '], '--oidc-audience: expected the audience tokens are issued for (e.g. the frontend\'s OIDC client id), got " "'],
    [['--oidc-issuer', ISSUER, '--oidc-audience', 'a', '--oidc-user-prefix='], '--oidc-user-prefix: expected a prefix such as oidc:, or - for none, got ""'],
    [['--oidc-issuer', ISSUER, '--oidc-audience', 'a', '--oidc-groups-prefix', 'system:'], '--oidc-groups-prefix: "system:" starts with "system:", which Kubernetes reserves for its own users and groups; every such name is refused (docs/authentication.md)'],
    [['--oidc-issuer', ISSUER, '--oidc-audience', 'a', '--oidc-user-claim='], '--oidc-user-claim: expected a claim name (e.g. sub, email, groups), got ""'],
  ])('%j: %s', (argv, message) => {
    expect(configErrorOf(argv)).toBe(message);
  });

  test('each is in --help with its default', () => {
    expect(usage).toMatch(/--oidc-issuer URL +accept OIDC\/JWT bearer tokens from this issuer/);
    for (const f of ['oidc-audience AUD', 'oidc-jwks-file FILE', 'oidc-user-claim CLAIM', 'oidc-user-prefix PREFIX', 'oidc-groups-claim CLAIM', 'oidc-groups-prefix PREFIX', 'oidc-uid-claim CLAIM']) {
      expect(usage).toContain(`--${f}`);
    }
  });
});

describe('--oidc-jwks-file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetgraph-jwks-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const RSA_PUBLIC = { kty: 'RSA', kid: 'k1', n: 'sXch', e: 'AQAB' };
  const load = async (text: string) => {
    const path = join(dir, 'jwks.json');
    await writeFile(path, text);
    try {
      return await loadJwksFile(path);
    } catch (e) {
      if (e instanceof OidcConfigError) return e.message.replace(path, 'FILE');
      throw e;
    }
  };

  test('a set of public keys is read as it is', async () => {
    expect(await load(JSON.stringify({ keys: [RSA_PUBLIC, { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] }))).toEqual({ keys: [RSA_PUBLIC, { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] });
  });

  test.each([
    ['not JSON', 'nope', '--oidc-jwks-file FILE: is not JSON (expected a JSON Web Key Set: {"keys": [...]}, as an issuer\'s jwks_uri serves)'],
    ['no keys array', '{"key": []}', '--oidc-jwks-file FILE: expected a JSON Web Key Set, an object with a "keys" array'],
    ['an empty set', '{"keys": []}', '--oidc-jwks-file FILE: the "keys" array is empty; no token could be verified'],
    ['a private RSA key', JSON.stringify({ keys: [{ ...RSA_PUBLIC, d: 'secret', p: 'x', q: 'y' }] }), '--oidc-jwks-file FILE: key 1 (kid "k1") is a private key (it has "d"); give the public keys only, as the issuer\'s jwks_uri serves them'],
    ['a symmetric key', JSON.stringify({ keys: [RSA_PUBLIC, { kty: 'oct', k: 'c2VjcmV0' }] }), '--oidc-jwks-file FILE: key 2 is a symmetric ("oct") key; only public keys (RSA, EC, OKP) verify tokens here'],
    ['an unknown key type', JSON.stringify({ keys: [{ kty: 'XYZ' }] }), '--oidc-jwks-file FILE: key 1 has kty "XYZ"; expected RSA, EC or OKP'],
  ])('refuses %s, naming the key and never showing key material', async (_what, text, message) => {
    const m = await load(text);
    expect(m).toBe(message);
    expect(m).not.toContain('secret');
    expect(m).not.toContain('c2VjcmV0');
  });

  test('a missing file', async () => {
    await expect(loadJwksFile(join(dir, 'nope.json'))).rejects.toThrow(`--oidc-jwks-file ${join(dir, 'nope.json')}: no such file`);
  });
});
