/**
 * The loopback rule as a user of `npm start` meets it (a real child process): without --tokens it
 * refuses a non-loopback --host (exit 2, saying why and how to add authentication) and, on
 * loopback, says at start-up that authentication is off; with --tokens it listens on 0.0.0.0 and
 * answers only requests carrying a listed token; a bad token file exits 2 naming the line and
 * not showing the token. The same with OIDC alone (--oidc-issuer and --oidc-audience):
 * a test issuer's tokens are accepted on 0.0.0.0; --oidc-issuer alone, or a missing JWKS file,
 * exits 2 naming the flag.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { killApps, startApp, type App, stderrLine } from '../../support/appProcess.ts';
import { startOidcIssuer } from '../../support/oidcIssuer.ts';

const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-start-auth-'));
const TOKEN = 'start-test-9d8c7b6a5f4e3d2c';

afterAll(() => {
  killApps();
  rmSync(dir, { recursive: true, force: true });
});


const line = stderrLine;

async function stop(app: App): Promise<number | null> {
  app.child.kill('SIGTERM');
  return app.exited;
}

describe('npm start and authentication', () => {
  test('without --tokens, --host 0.0.0.0 is refused: exit 2, saying why and how to add authentication', async () => {
    const app = startApp(['--host', '0.0.0.0', '--port', '0'], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain('fleetgraph: --host 0.0.0.0: refusing to listen on a non-loopback address without authentication');
    expect(app.stderr()).toContain('Add --tokens FILE');
    expect(app.stderr()).not.toContain('GraphQL:');
  });

  test('a bad token file: exit 2 naming the file and line, without the token', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, `${TOKEN},alice,1\n${TOKEN},mallory,2\n`);
    const app = startApp(['--port', '0', '--tokens', path], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain(`fleetgraph: token file ${path}, line 2: the same token as line 1`);
    expect(app.stderr() + app.stdout()).not.toContain(TOKEN);
  });

  test('with --tokens it listens on 0.0.0.0, says so, and answers only a listed token; no token in its output', async () => {
    const path = join(dir, 'tokens.csv');
    writeFileSync(path, `${TOKEN},ci-bot,1001,"deployers,readers"\n`);
    const app = startApp(['--host', '0.0.0.0', '--port', '0', '--tokens', path], dir);
    const port = (await line(app, /^GraphQL: http:\/\/0\.0\.0\.0:(\d+)\/graphql/m))[1];
    expect(app.stderr()).toContain(`authentication: bearer tokens from ${path} (1 token)`);
    const url = `http://127.0.0.1:${port}/graphql`;
    const ask = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"{ clusters { name } }"}' });
    const refused = await ask({});
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="fleetgraph"');
    expect((await ask({ authorization: 'Bearer not-it' })).status).toBe(401);
    const answer = await ask({ authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { clusters: unknown[] } }).data.clusters.length).toBeGreaterThan(0);
    expect(await stop(app)).toBe(0);
    expect(app.stderr() + app.stdout()).not.toContain(TOKEN);
  }, 90_000);

  test('--oidc-issuer without --oidc-audience: exit 2 naming the missing flag', async () => {
    const app = startApp(['--port', '0', '--oidc-issuer', 'https://idp.example.com'], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain('fleetgraph: --oidc-issuer needs --oidc-audience AUD');
  });

  test('a missing --oidc-jwks-file: exit 2 naming the flag and the file', async () => {
    const path = join(dir, 'no-such-jwks.json');
    const app = startApp(['--port', '0', '--oidc-issuer', 'https://idp.example.com', '--oidc-audience', 'ui', '--oidc-jwks-file', path], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain(`fleetgraph: --oidc-jwks-file ${path}: no such file`);
  });

  test('with --oidc-issuer and --oidc-audience (OIDC alone counts as authentication) it listens on 0.0.0.0 and accepts the issuer\'s tokens; none in its output', async () => {
    const issuer = await startOidcIssuer({ audience: 'fleet-ui' });
    try {
      const app = startApp(['--host', '0.0.0.0', '--port', '0', '--oidc-issuer', issuer.url, '--oidc-audience', 'fleet-ui', '--oidc-groups-prefix', 'oidc:'], dir);
      const port = (await line(app, /^GraphQL: http:\/\/0\.0\.0\.0:(\d+)\/graphql/m))[1];
      expect(app.stderr()).toContain(`authentication: OIDC tokens from ${issuer.url} for audience fleet-ui (keys by discovery; user = "${issuer.url}#" + claim "sub", groups = "oidc:" + claim "groups")`);
      const ask = (token: string) => fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ clusters { name } }"}' });
      const good = await issuer.mint({ sub: 'alice', groups: ['dev'] });
      const expired = await issuer.mint({}, { expiresIn: -3600 });
      expect((await ask(good)).status).toBe(200);
      const refused = await ask(expired);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="fleetgraph", error="invalid_token"');
      expect(await stop(app)).toBe(0);
      // The refusal is logged with its reason; no token is.
      expect(app.stdout()).toContain('"reason":"expired');
      for (const t of [good, expired]) expect(app.stderr() + app.stdout()).not.toContain(t);
    } finally {
      await issuer.stop();
    }
  }, 90_000);

  test('without --tokens, on loopback (the demo as `npm start` runs it), a start-up line says authentication is off', async () => {
    const app = startApp(['--port', '0'], dir);
    await line(app, /^GraphQL: http:\/\/127\.0\.0\.1:\d+\/graphql/m);
    expect(app.stderr()).toContain('authentication: off (no --tokens or --oidc-issuer): listening on loopback only, reachable from this machine alone');
    expect(await stop(app)).toBe(0);
  }, 90_000);
});
