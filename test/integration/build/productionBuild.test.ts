/**
 * `npm run build` and `npm run start:prod` as a user runs them in a checkout: the build writes
 * plain JavaScript (relative imports rewritten to `.js`) and the schema files to dist/, and the
 * built gateway, started with plain `node` (no tsx loader, no NODE_OPTIONS), prints its usage,
 * serves the demo fleet without flags and a kubeconfig's clusters with --kubeconfig.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { usage } from '../../../src/config/index.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { killProcesses, startProcess, terminate, waitForStderr } from './gatewayProcess.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/src/server/main.js');
// As a user's shell has it: not the test runner's NODE_ENV=test, VITEST or NODE_OPTIONS.
const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/' };

let dir: string;
let sim: SimFleet | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-prod-'));
  await run('npm', ['run', 'build'], { cwd: ROOT, env: ENV });
}, 120_000);

afterAll(async () => {
  killProcesses();
  await stopFleet(sim);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run build', () => {
  test('writes only JavaScript for src/ and resolvers/, with every relative import pointing at a .js file, and the schema files', async () => {
    const files = (await readdir(join(ROOT, 'dist'), { recursive: true, withFileTypes: true })).filter((f) => f.isFile())
      .map((f) => join(f.parentPath, f.name).slice(join(ROOT, 'dist').length + 1));
    const [schema, code] = [files.filter((f) => f.startsWith('schema/')), files.filter((f) => !f.startsWith('schema/'))];
    expect(schema.sort()).toEqual((await readdir(join(ROOT, 'schema'))).map((f) => `schema/${f}`).sort());
    expect(code.filter((f) => !f.endsWith('.js'))).toEqual([]);
    expect(code.every((f) => f.startsWith('src/') || f.startsWith('resolvers/'))).toBe(true);
    expect(code).toContain('src/server/main.js');
    expect(code).toContain('src/sim/SimFleet.js');
    const relativeSpecifiers = (await Promise.all(code.map((f) => readFile(join(ROOT, 'dist', f), 'utf8'))))
      .flatMap((text) => [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']*)["']/g)].map((m) => m[1]!));
    expect(relativeSpecifiers.length).toBeGreaterThan(300);
    expect(relativeSpecifiers.filter((s) => !s.endsWith('.js'))).toEqual([]);
  });
});

describe('npm run start:prod', () => {
  test('--help prints the usage and exits 0', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'start:prod', '--', '--help'], { cwd: ROOT, env: ENV });
    expect(stdout).toBe(usage);
  });

  test('without flags serves the demo fleet', async () => {
    // In a folder of its own: the demo writes .fleetgraph/demo-kubeconfig in the working directory.
    const p = startProcess({ file: process.execPath, args: [MAIN, '--port', '0'], cwd: dir, env: ENV });
    const [, url] = await waitForStderr(p, /^GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/m);
    expect(p.stderr()).toContain(`fleetgraph: demo mode, 4 clusters from ${join(dir, '.fleetgraph/demo-kubeconfig')}\n`);
    const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ clusters { name status { reachable } } }' }) });
    expect(await res.json()).toEqual({ data: { clusters: ['dev-eu', 'staging-eu', 'prod-eu', 'prod-us'].map((name) => ({ name, status: { reachable: true } })) } });
    expect(await terminate(p)).toBe(0);
  });

  test('--kubeconfig serves that kubeconfig\'s clusters', async () => {
    sim = await SimFleet.start({ clusters: 2, namePrefix: 'prod', nodes: 2, clusterDefaults: { controllers: false } });
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    const p = startProcess({ file: process.execPath, args: [MAIN, '--port', '0', '--kubeconfig', kubeconfig], cwd: dir, env: ENV });
    const [, url] = await waitForStderr(p, /^GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/m);
    const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ clusters { name nodes { name } } }' }) });
    const body = (await res.json()) as { data: { clusters: Array<{ name: string; nodes: unknown[] }> } };
    expect(body.data.clusters.map((c) => [c.name, c.nodes.length])).toEqual([['prod-1', 2], ['prod-2', 2]]);
    expect(await terminate(p)).toBe(0);
  });
});
