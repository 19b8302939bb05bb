/**
 * The Dockerfile's steps run outside a container engine (none runs on CI machines): each stage
 * gets a directory standing for its root filesystem; COPY copies from the build context (minus
 * .dockerignore) or from an earlier stage's directory as Docker does; RUN runs `/bin/sh -c` in
 * the stage's WORKDIR with the stage's ENV; USER, EXPOSE, HEALTHCHECK and ENTRYPOINT are
 * recorded so the test can start the image's command as the container would.
 *
 * What this does not reproduce: the base image's files (node, npm and the shell are this
 * machine's; of the image only what BASE_IMAGES lists is laid out), the Node version (this
 * machine's, not the image's), and ownership (COPY's files belong to whoever runs the test;
 * --chown is applied only when the test runs as root).
 */
import { execFile } from 'node:child_process';
import { chmod, chown, cp, lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { parseDockerfile, type Stage } from './dockerfile.ts';
import { isIgnored, parseDockerignore } from './dockerignore.ts';

const run = promisify(execFile);

/** What the test assumes of each base image: the folders the steps rely on. */
export const BASE_IMAGES: Record<string, { dirs: Array<{ path: string; uid: number; gid: number }> }> = {
  // The official Node images create the `node` user (uid and gid 1000) with its home folder.
  'node:22-slim': { dirs: [{ path: '/home/node', uid: 1000, gid: 1000 }] },
};

export interface BuiltStage {
  stage: Stage;
  /** The folder standing for the stage's `/`. */
  rootfs: string;
  /** WORKDIR at the end of the stage (container path). */
  workdir: string;
  env: Record<string, string>;
  /** USER at the end of the stage, if any. */
  user?: string;
  exposed: string[];
  healthcheck?: { options: Record<string, string>; command: string[] };
  entrypoint?: string[];
  /** Each RUN step's command and how long it took (ms), for the report. */
  runs: Array<{ command: string; ms: number }>;
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** `uid[:gid]` as numbers; names would need the image's /etc/passwd, which is not here. */
export function numericUser(user: string): { uid: number; gid: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(user);
  if (!m) throw new Error(`USER/--chown ${user}: the test needs numeric uid[:gid] (the image's user names are not known outside it)`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

/** The host path for a container path in a stage. */
export function hostPath(rootfs: string, containerPath: string): string {
  return join(rootfs, ...containerPath.split('/').filter((p) => p !== ''));
}

/** Every file and folder under `dir`, as `/`-separated paths relative to `base`. */
async function walk(base: string, rel: string): Promise<string[]> {
  const out: string[] = [rel];
  const st = await lstat(join(base, rel));
  if (!st.isDirectory()) return out;
  for (const name of await readdir(join(base, rel))) out.push(...(await walk(base, posix.join(rel, name))));
  return out;
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  if ((await lstat(path)).isDirectory()) for (const name of await readdir(path)) await chownTree(join(path, name), uid, gid);
}

/**
 * Runs every stage of `<context>/Dockerfile` under `workRoot` (one folder per stage) and returns
 * them in order. RUN steps get a minimal environment (PATH, HOME for npm's cache, the stage's
 * ENV) plus `npm_config_prefer_offline=true`, so `npm ci` takes packages from this machine's npm
 * cache, as the Dockerfile's cache mount does between builds.
 */
export async function runDockerfileSteps(context: string, workRoot: string): Promise<BuiltStage[]> {
  const stages = parseDockerfile(await readFile(join(context, 'Dockerfile'), 'utf8'));
  const ignore = parseDockerignore(await readFile(join(context, '.dockerignore'), 'utf8').catch(() => ''));
  const built: BuiltStage[] = [];
  for (const stage of stages) {
    const base = BASE_IMAGES[stage.image];
    if (!base) throw new Error(`Dockerfile line ${stage.line}: the test does not know the base image ${stage.image}; describe it in BASE_IMAGES (test/integration/build/imageSteps.ts)`);
    const rootfs = join(workRoot, stage.name);
    await mkdir(rootfs, { recursive: true });
    // Other users (the image's USER, when the test runs as root) must reach into it.
    await chmod(rootfs, 0o755);
    for (const d of base.dirs) {
      await mkdir(hostPath(rootfs, d.path), { recursive: true });
      if (isRoot()) await chown(hostPath(rootfs, d.path), d.uid, d.gid);
    }
    const b: BuiltStage = { stage, rootfs, workdir: '/', env: {}, exposed: [], runs: [] };
    for (const step of stage.steps) {
      const where = `Dockerfile line ${step.line} (${step.kind})`;
      switch (step.kind) {
        case 'WORKDIR':
          b.workdir = posix.resolve(b.workdir, step.path);
          // Docker creates a missing WORKDIR (as root); an existing one keeps its owner.
          await mkdir(hostPath(rootfs, b.workdir), { recursive: true });
          break;
        case 'COPY': {
          const dest = posix.resolve(b.workdir, step.dest);
          const intoFolder = step.dest.endsWith('/') || step.sources.length > 1;
          for (const source of step.sources) {
            let from: string;
            let rel: string;
            if (step.from !== undefined) {
              // COPY --from reads the earlier stage's filesystem from its root, not its WORKDIR.
              const earlier = built.find((s) => s.stage.name === step.from);
              if (!earlier) throw new Error(`${where}: no earlier stage named ${step.from}`);
              from = earlier.rootfs;
              rel = posix.resolve('/', source).slice(1);
            } else {
              from = context;
              rel = posix.normalize(source).replace(/\/$/, '');
              if (rel.startsWith('..')) throw new Error(`${where}: ${source} is outside the build context`);
            }
            const st = await lstat(join(from, rel)).catch(() => undefined);
            if (!st) throw new Error(`${where}: ${source} not found${step.from ? ` in stage ${step.from}` : ' in the build context'}`);
            // A folder's contents are copied, not the folder itself; a file lands in a folder
            // destination under its own name.
            const target = st.isDirectory() || !intoFolder ? hostPath(rootfs, dest) : hostPath(rootfs, posix.join(dest, posix.basename(rel)));
            const files = (await walk(from, rel)).filter((p) => step.from !== undefined || !isIgnored(ignore, p));
            if (files.filter((p) => p !== rel || !st.isDirectory()).length === 0) throw new Error(`${where}: ${source} is excluded by .dockerignore (or empty)`);
            for (const p of files) {
              const out = st.isDirectory() ? join(target, p.slice(rel.length)) : target;
              const pst = await lstat(join(from, p));
              if (pst.isDirectory()) await mkdir(out, { recursive: true });
              else {
                await mkdir(dirname(out), { recursive: true });
                await cp(join(from, p), out, { verbatimSymlinks: true });
              }
            }
            if (step.chown !== undefined && isRoot()) {
              const { uid, gid } = numericUser(step.chown);
              await chownTree(target, uid, gid);
            }
          }
          break;
        }
        case 'RUN': {
          const env = {
            PATH: process.env['PATH'] ?? '/usr/bin:/bin',
            HOME: process.env['HOME'] ?? '/root',
            ...(process.env['npm_config_cache'] ? { npm_config_cache: process.env['npm_config_cache'] } : {}),
            ...b.env,
            npm_config_prefer_offline: 'true',
            npm_config_update_notifier: 'false',
          };
          const ids = b.user !== undefined && isRoot() ? numericUser(b.user) : {};
          const started = Date.now();
          try {
            await run('/bin/sh', ['-c', step.command], { cwd: hostPath(rootfs, b.workdir), env, ...ids, maxBuffer: 64 * 1024 * 1024 });
          } catch (e) {
            const err = e as { stdout?: string; stderr?: string; message: string };
            throw new Error(`${where}: \`${step.command}\` failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
          }
          b.runs.push({ command: step.command, ms: Date.now() - started });
          break;
        }
        case 'ENV':
          Object.assign(b.env, step.vars);
          break;
        case 'USER':
          b.user = step.user;
          break;
        case 'EXPOSE':
          b.exposed.push(...step.ports);
          break;
        case 'HEALTHCHECK':
          b.healthcheck = { options: step.options, command: step.command };
          break;
        case 'ENTRYPOINT':
          b.entrypoint = step.command;
          break;
      }
    }
    built.push(b);
  }
  return built;
}

/**
 * How the container would run `command` (an ENTRYPOINT or HEALTHCHECK, plus arguments) in a
 * built stage: `node` is this machine's Node; an argument that is an absolute container path
 * under a folder of the stage's filesystem is mapped into it; the working directory is the
 * stage's WORKDIR; the environment is the container's (PATH, HOME, the stage's ENV, `extraEnv`
 * as `docker run -e` gives); and the user is the stage's USER when the test runs as root.
 */
export async function containerProcess(b: BuiltStage, command: readonly string[], extraEnv: Record<string, string> = {}): Promise<{
  file: string; args: string[]; cwd: string; env: Record<string, string>; uid?: number; gid?: number;
}> {
  const [exe, ...rest] = command;
  if (exe !== 'node') throw new Error(`the test runs only \`node\` commands, got ${String(exe)}`);
  const tops = new Set(await readdir(b.rootfs));
  const args = rest.map((a) => (a.startsWith('/') && tops.has(a.split('/')[1]!) ? hostPath(b.rootfs, a) : a));
  const ids = b.user !== undefined && isRoot() ? numericUser(b.user) : {};
  return {
    file: process.execPath,
    args,
    cwd: hostPath(b.rootfs, b.workdir),
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: hostPath(b.rootfs, b.workdir), ...b.env, ...extraEnv },
    ...ids,
  };
}
