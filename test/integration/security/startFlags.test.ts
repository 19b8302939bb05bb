/**
 * `npm start` with the security and mutation-limit flags of this round, as a user meets them (a
 * real child process, the demo fleet): `--metrics-token-file` is announced and makes /metrics
 * answer the scrape token only; a bad token file exits 2 naming it; `--max-manifest-objects`
 * reaches the write path (a mutation over it is BAD_USER_INPUT and writes nothing).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { killApps, startApp, stderrLine } from '../../support/appProcess.ts';

const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-start-flags-'));
const CALLER = 'start-flags-ops-5e4d3c2b1a09';
const SCRAPE = 'start-flags-scrape-9a8b7c6d5e4f';
const tokens = join(dir, 'tokens.csv');
writeFileSync(tokens, `${CALLER},ops,1,platform\n`);
const scrapeFile = join(dir, 'scrape-token');
writeFileSync(scrapeFile, `${SCRAPE}\n`);

afterAll(() => {
  killApps();
  rmSync(dir, { recursive: true, force: true });
});

const TWO_CONFIGMAPS = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, namespace: default}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two, namespace: default}\n';

describe('npm start --metrics-token-file, --max-manifest-objects', () => {
  test('a token file that is too short: exit 2 naming the flag and the file, not the token', async () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'abc\n');
    const app = startApp(['--port', '0', '--tokens', tokens, '--metrics-token-file', short], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain(`fleetgraph: --metrics-token-file ${short}: the token has 3 characters, fewer than 16 (make one with \`openssl rand -hex 32\`)`);
  });

  test('both flags take effect in the running gateway', async () => {
    const app = startApp(['--port', '0', '--tokens', tokens, '--metrics-token-file', scrapeFile, '--max-manifest-objects', '1'], dir);
    const url = (await stderrLine(app, /^GraphQL: (http:\/\/\S+)/m))[1]!;
    expect(app.stderr()).toContain(`metrics: /metrics answers only the token in ${scrapeFile} (docs/security.md)`);
    const metricsUrl = url.replace(/\/graphql$/, '/metrics');
    expect((await fetch(metricsUrl, { headers: { authorization: `Bearer ${SCRAPE}` } })).status).toBe(200);
    expect((await fetch(metricsUrl, { headers: { authorization: `Bearer ${CALLER}` } })).status).toBe(403);

    const res = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${CALLER}` },
      body: JSON.stringify({ query: 'mutation ($input: ApplyInput!) { apply(input: $input) { clusters { cluster } } }', variables: { input: { manifests: TWO_CONFIGMAPS, clusterNames: ['prod-eu'], dryRun: true } } }),
    });
    const body = (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain('2 objects, over the limit of 1 per request');
    app.child.kill('SIGTERM');
    await app.exited;
  });
});
