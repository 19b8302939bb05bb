/**
 * `npm start` as a user runs it, for the CLI tests: the gateway's main module in a real child
 * process, with its stdout (JSON logs) and stderr (start-up lines) collected, and the children
 * killed when the tests end.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface App {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

const MAIN = fileURLToPath(new URL('../../src/server/main.ts', import.meta.url));
const children: ChildProcess[] = [];

/**
 * Starts the gateway with `args`, in `cwd` (default: the project; the demo writes
 * `.fleetgraph/demo-kubeconfig` under it). As a user runs it: without the test runner's NODE_ENV
 * and VITEST variables (Apollo Server, for one, behaves differently under NODE_ENV=test), with
 * PORT and LOG_LEVEL unset (they would stand in for flags; empty means unset); `env` adds variables.
 */
export function startApp(args: readonly string[], cwd?: string, env: Readonly<Record<string, string>> = {}): App {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));
  return spawnCollected(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN, ...args], {
    ...(cwd === undefined ? {} : { cwd }), env: { ...inherited, PORT: '', LOG_LEVEL: '', ...env },
  });
}

/** Any program as a child process with its output collected, killed by `killApps` (the build tests start the built gateway with it). */
export function spawnCollected(file: string, args: readonly string[], options: SpawnOptions = {}): App {
  const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Kills (SIGKILL) every app still running: for afterAll. */
export function killApps(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** The first match of `pattern` in the app's stderr, waiting for it (fails when the app exits or after `timeoutMs`). */
export async function stderrLine(app: App, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(app.stderr());
    if (m) return m;
    if (app.child.exitCode !== null || app.child.signalCode !== null || Date.now() > deadline) throw new Error(`no line ${pattern}; stderr:\n${app.stderr()}\nstdout:\n${app.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
