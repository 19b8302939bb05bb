/**
 * `--policy FILE` as a user of `npm start` meets it (a real child process, the demo fleet):
 * without authentication it does not start, naming both flags; a bad policy file or one naming a
 * cluster the fleet lacks exits 2 naming the file and line; a good one is announced at start-up
 * with its deny-by-default rule, and a caller no rule names is given no cluster.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { killApps, startApp, type App, stderrLine } from '../../support/appProcess.ts';

const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-start-policy-'));
const ALICE = 'policy-alice-4b3c2d1e0f9a8b7c';
const EVE = 'policy-eve-7c8b9a0f1e2d3c4b';
const tokens = join(dir, 'tokens.csv');
writeFileSync(tokens, `${ALICE},alice,1,platform\n${EVE},eve,2\n`);

afterAll(() => {
  killApps();
  rmSync(dir, { recursive: true, force: true });
});

const line = stderrLine;

describe('npm start --policy', () => {
  test('without --tokens: exit 2, naming both flags', async () => {
    const path = join(dir, 'any.yaml');
    writeFileSync(path, 'rules:\n  - groups: [platform]\n');
    const app = startApp(['--port', '0', '--policy', path], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain(`fleetgraph: --policy ${path} needs authentication: the policy decides per caller, and without --tokens (or --oidc-issuer) no request has a caller; add --tokens FILE, or leave out --policy`);
  });

  test('a bad policy file: exit 2 naming the file, the line and the problem', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'rules:\n  - groups: [platform]\n    access: admin\n');
    const app = startApp(['--port', '0', '--tokens', tokens, '--policy', path], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain(`fleetgraph: policy file ${path}, line 3: rules[0].access: must be read or write (write implies read), got "admin"`);
  });

  test('a cluster name the fleet lacks: exit 2 once the fleet is known, naming the line', async () => {
    const path = join(dir, 'unknown.yaml');
    writeFileSync(path, 'rules:\n  - groups: [platform]\n    clusterNames: [prod-eu, prod-mars]\n');
    const app = startApp(['--port', '0', '--tokens', tokens, '--policy', path], dir);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toMatch(new RegExp(`fleetgraph: policy file ${path}, line 3: rules\\[0\\]\\.clusterNames: no cluster "prod-mars" in the fleet \\(clusters: `));
  });

  test('a good policy is announced with deny by default; a caller no rule names gets no cluster', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, 'rules:\n  - groups: [platform]\n    clusters: env=prod\n');
    const app = startApp(['--port', '0', '--tokens', tokens, '--policy', path], dir);
    const url = (await line(app, /^GraphQL: (http:\/\/\S+)/m))[1]!;
    expect(app.stderr()).toContain(`policy: gateway policy from ${path} (1 rule); deny by default: a caller no rule names gets no cluster (docs/policy.md)`);
    const names = async (token: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ clusters { name labels { key value } } }' }) });
      return ((await res.json()) as { data: { clusters: Array<{ name: string; labels: Array<{ key: string; value: string }> }> } }).data.clusters;
    };
    const alice = await names(ALICE);
    expect(alice.length).toBeGreaterThan(0);
    for (const c of alice) expect(c.labels).toContainEqual({ key: 'env', value: 'prod' });
    expect(await names(EVE)).toEqual([]);
    app.child.kill('SIGTERM');
    await app.exited;
  });
});
