/**
 * A built gateway (plain `node`, no tsx) as a child process for the build tests: output
 * collected, its GraphQL URL read from the start-up lines, and every child killed at the end.
 */
import { killApps, spawnCollected, stderrLine, type App } from '../../support/appProcess.ts';
import { createServer } from 'node:net';

export type GatewayProcess = App;

export function startProcess(p: { file: string; args: readonly string[]; cwd: string; env: Record<string, string>; uid?: number; gid?: number }): GatewayProcess {
  return spawnCollected(p.file, p.args, {
    cwd: p.cwd, env: p.env, ...(p.uid === undefined ? {} : { uid: p.uid }), ...(p.gid === undefined ? {} : { gid: p.gid }),
  });
}

/** Kills (SIGKILL) every child still running: for afterAll. */
export const killProcesses = killApps;

/** The first match of `pattern` in stderr, waiting for it; fails when the process exits first or after `timeoutMs`. */
export const waitForStderr = stderrLine;

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
