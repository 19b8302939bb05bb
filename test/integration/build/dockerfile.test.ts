/**
 * The Dockerfile, run outside a container engine (none runs on CI machines) so that it cannot rot
 * unnoticed: its steps are read and run stage by stage in temporary folders (imageSteps.ts:
 * COPY from the build context minus .dockerignore or from the build stage, RUN with the stage's
 * ENV, `npm ci` from this machine's npm cache), then the runtime stage's ENTRYPOINT starts as a
 * real process, as the stage's USER when the test runs as root, over a simulated fleet with a
 * kubeconfig and token file where the documented `docker run -v` puts them, and answers GraphQL;
 * its HEALTHCHECK command runs against it. The runtime folder must hold no TypeScript tooling.
 *
 * Not covered (no engine here): the base image's own files and Node version (this machine's node
 * runs the steps), BuildKit's cache, layer ownership when the test does not run as root.
 */
import { readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { usage } from '../../../src/config/index.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { isIgnored, parseDockerignore } from './dockerignore.ts';
import { freePort, killProcesses, startProcess, terminate, waitForStderr, type GatewayProcess } from './gatewayProcess.ts';
import { containerProcess, hostPath, numericUser, runDockerfileSteps, type BuiltStage } from './imageSteps.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'image-test-4b7e1c9d2a3f5e60';
const asRoot = process.getuid?.() === 0;

let work: string;
let build: BuiltStage;
let runtime: BuiltStage;
let sim: SimFleet | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fleetgraph-image-'));
  await chmod(work, 0o755);
  const stages = await runDockerfileSteps(ROOT, work);
  expect(stages.map((s) => s.stage.name)).toEqual(['build', 'runtime']);
  [build, runtime] = stages as [BuiltStage, BuiltStage];
}, 300_000);

afterAll(async () => {
  killProcesses();
  await stopFleet(sim);
  if (work) await rm(work, { recursive: true, force: true });
});

/** Starts the runtime stage's ENTRYPOINT with `args`, as `docker run IMAGE args` with `-e env` would. */
async function runImage(args: readonly string[], env: Record<string, string> = {}): Promise<GatewayProcess> {
  return startProcess(await containerProcess(runtime, [...runtime.entrypoint!, ...args], env));
}

/** The HEALTHCHECK command's exit code, run in the runtime stage as Docker runs it in the container. */
async function healthcheck(env: Record<string, string>): Promise<number | null> {
  return startProcess(await containerProcess(runtime, runtime.healthcheck!.command, env)).exited;
}

async function post(port: number, query: string, token?: string): Promise<{ status: number; body: { data?: unknown; errors?: unknown } }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: unknown } };
}

describe('the Dockerfile', () => {
  test('builds in a stage with the dev dependencies and runs from a Node 22 LTS slim stage as a numeric non-root user, exposing 4000 with a health check', () => {
    expect(build.stage.image).toBe('node:22-slim');
    expect(runtime.stage.image).toBe('node:22-slim');
    const runs = (b: BuiltStage) => b.stage.steps.flatMap((s) => (s.kind === 'RUN' ? [s.command] : []));
    expect(runs(build)).toEqual([expect.stringMatching(/^npm ci /), 'npm run build']);
    expect(runs(runtime)).toEqual([expect.stringMatching(/^npm ci --omit=dev /)]);
    expect(runtime.user).toBeDefined();
    expect(numericUser(runtime.user!).uid).not.toBe(0);
    expect(runtime.exposed).toEqual(['4000']);
    expect(runtime.entrypoint).toEqual(['node', '/app/dist/src/server/main.js']);
    expect(runtime.healthcheck?.command[0]).toBe('node');
  });

  test('sends a build context of only what it copies: no dependencies, build output, history, tests, demo kubeconfig or secrets', async () => {
    const ignoreText = await readFile(join(ROOT, '.dockerignore'), 'utf8');
    const rules = parseDockerignore(ignoreText);
    // The allow-list names exactly what the stages COPY from the context, no more.
    const allowed = ignoreText.split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
    const copied = [build, runtime].flatMap((b) => b.stage.steps.flatMap((s) => (s.kind === 'COPY' && s.from === undefined ? s.sources : [])));
    expect([...new Set(copied)].sort()).toEqual(allowed.sort());
    for (const left of ['node_modules/graphql/index.js', 'dist/src/server/main.js', '.git/config', 'test/integration/start.test.ts', '.fleetgraph/demo-kubeconfig',
      'kubeconfig', 'tokens.csv', '.env', 'scripts/codegen-check.mjs', 'src/server/debug.log', 'README.md']) {
      expect(isIgnored(rules, left), left).toBe(true);
    }
    for (const kept of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'schema/fleet.graphql', 'resolvers/index.ts', 'src/server/main.ts', 'src/sim/SimFleet.ts']) {
      expect(isIgnored(rules, kept), kept).toBe(false);
    }
  });

  test('leaves in the runtime stage the compiled JavaScript, the schema files and the production dependencies, and no TypeScript tooling', async () => {
    const app = hostPath(runtime.rootfs, '/app');
    expect((await readdir(app)).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    const modules = join(app, 'node_modules');
    for (const dev of ['typescript', 'tsx', 'vitest', 'esbuild', '@graphql-codegen', 'graphql-http']) {
      await expect(stat(join(modules, dev)), dev).rejects.toThrow(/ENOENT/);
    }
    // Nor can Node find them from the entry point anywhere up the tree.
    const requireFromMain = createRequire(hostPath(runtime.rootfs, '/app/dist/src/server/main.js'));
    for (const tool of ['typescript', 'tsx']) expect(() => requireFromMain.resolve(tool), tool).toThrow(/Cannot find module/);
    const files = (await readdir(join(app, 'dist'), { recursive: true })).map(String);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('schema/')).sort()).toEqual(readdirSync(join(ROOT, 'schema')).map((f) => `schema/${f}`).sort());
    expect(files).toContain('src/sim/SimFleet.js');
  });

  test('--help: the ENTRYPOINT prints the usage and exits 0', async () => {
    const p = await runImage(['--help']);
    expect(await p.exited, p.stderr()).toBe(0);
    expect(p.stdout()).toBe(usage);
  });

  test('with a mounted kubeconfig and token file on 0.0.0.0: answers a query with the token, refuses one without, and the HEALTHCHECK passes while it runs', async () => {
    sim = await SimFleet.start({ clusters: 2, namePrefix: 'img', nodes: 1, clusterDefaults: { controllers: false } });
    // Where `docker run -v ...:/etc/fleetgraph/...:ro` puts them; readable by the image's user.
    const etc = hostPath(runtime.rootfs, '/etc/fleetgraph');
    await mkdir(etc, { recursive: true });
    await sim.writeKubeconfig(join(etc, 'kubeconfig'));
    await writeFile(join(etc, 'tokens.csv'), `${TOKEN},image-tester,2001,"readers"\n`);
    for (const f of ['kubeconfig', 'tokens.csv']) await chmod(join(etc, f), 0o644);
    await chmod(etc, 0o755);

    // The documented `docker run` (docs/production.md and the Dockerfile's comment), as written there.
    const args = ['--host', '0.0.0.0', '--production', '--kubeconfig', '/etc/fleetgraph/kubeconfig', '--tokens', '/etc/fleetgraph/tokens.csv'];
    for (const doc of ['docs/production.md', 'Dockerfile']) {
      const text = (await readFile(join(ROOT, doc), 'utf8')).replace(/\\\n[#\s]*/g, ' ').replace(/[ \t]+/g, ' ');
      expect(text, doc).toContain(`fleetgraph ${args.join(' ')}\n`);
    }

    const port = await freePort();
    const env = { PORT: String(port) };
    expect(await healthcheck(env), 'HEALTHCHECK before the gateway runs').not.toBe(0);
    const p = await runImage(args, env);
    await waitForStderr(p, new RegExp(`^GraphQL: http://0\\.0\\.0\\.0:${port}/graphql`, 'm'));
    expect(p.stderr()).toContain(`fleetgraph: kubeconfig mode, 2 clusters from ${join(etc, 'kubeconfig')}\n`);

    const refused = await post(port, '{ clusters { name } }');
    expect(refused.status).toBe(401);
    const answered = await post(port, '{ clusters { name status { reachable } } }', TOKEN);
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ data: { clusters: [{ name: 'img-1', status: { reachable: true } }, { name: 'img-2', status: { reachable: true } }] } });
    expect(await healthcheck(env), 'HEALTHCHECK while the gateway runs').toBe(0);

    expect(await terminate(p)).toBe(0);
  });

  test('without flags it serves the demo fleet on loopback inside the container and writes the demo kubeconfig in its working directory, as the image\'s user', async () => {
    const port = await freePort();
    const p = await runImage([], { PORT: String(port) });
    await waitForStderr(p, new RegExp(`^GraphQL: http://127\\.0\\.0\\.1:${port}/graphql`, 'm'));
    const answered = await post(port, '{ clusters { name } }');
    expect(answered.body).toEqual({ data: { clusters: ['dev-eu', 'staging-eu', 'prod-eu', 'prod-us'].map((name) => ({ name })) } });
    const written = await stat(join(hostPath(runtime.rootfs, runtime.workdir), '.fleetgraph', 'demo-kubeconfig'));
    // Written by the process itself: as the image's USER when the test could switch to it.
    expect(written.uid).toBe(asRoot ? numericUser(runtime.user!).uid : process.getuid?.());
    expect(await terminate(p)).toBe(0);
  });
});
