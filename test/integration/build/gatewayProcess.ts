/**
 * A built gateway (plain `node`, no tsx) as a child process for the build tests: output
 * collected, its GraphQL URL read from the start-up lines, and every child killed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface GatewayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

export function startProcess(p: { file: string; args: readonly string[]; cwd: string; env: Record<string, string>; uid?: number; gid?: number }): GatewayProcess {
  const child = spawn(p.file, p.args, {
    cwd: p.cwd, env: p.env, stdio: ['ignore', 'pipe', 'pipe'],
    ...(p.uid === undefined ? {} : { uid: p.uid }), ...(p.gid === undefined ? {} : { gid: p.gid }),
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Kills (SIGKILL) every child still running: for afterAll. */
export function killProcesses(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** The first match of `pattern` in stderr, waiting for it; fails when the process exits first or after `timeoutMs`. */
export async function waitForStderr(p: GatewayProcess, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(p.stderr());
    if (m) return m;
    if (p.child.exitCode !== null || p.child.signalCode !== null || Date.now() > deadline) {
      throw new Error(`no line ${pattern}; stderr:\n${p.stderr()}\nstdout:\n${p.stdout()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM, then the exit code. */
export async function terminate(p: GatewayProcess): Promise<number | null> {
  p.child.kill('SIGTERM');
  return p.exited;
}

/** A TCP port free on this machine a moment ago (for a process that must be told its port up front). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
