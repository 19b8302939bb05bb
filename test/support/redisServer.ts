/**
 * A throwaway Redis for tests: Debian's `redis-server` (installed by .ci/run when missing) on a
 * free port of 127.0.0.1, no persistence, its own directory, stopped (or killed) by the test. Tests
 * that need Redis start one here; nothing else on the machine is used or changed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  /** The running server's process id (for SIGSTOP/SIGCONT), or undefined while stopped. */
  readonly pid: number | undefined;
  /** A new client to this server (closed by `stop`). */
  client(): Redis;
  /** Stop the server (SIGTERM), as an outage; `start` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop for good and remove its directory. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `port`: a given port instead of a free one (only to test this module's own checks). */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-redis-'));
  const clients: Redis[] = [];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const spawned = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    child = spawned;
    const deadline = Date.now() + 10_000;
    for (;;) {
      // Restarted on the same port after an outage, the port may meanwhile belong to another test
      // file's Redis (parallel workers): then ours exits (address in use) and a plain PING would be
      // answered by theirs. So the answering server must be the process spawned here.
      if (spawned.exitCode !== null) throw new Error(`redis-server exited (${spawned.exitCode}) at start on port ${port}: the port was taken meanwhile`);
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // not up yet: connect() rejects, and we try again
      try {
        await probe.connect();
        const answering = Number(/process_id:(\d+)/.exec(await probe.info('server'))?.[1]);
        if (answering !== spawned.pid) throw new Error(`port ${port} is answered by another redis-server (pid ${answering}, ours ${spawned.pid})`);
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}: ${String(e)}`);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        probe.disconnect();
      }
    }
  }

  async function stop(): Promise<void> {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.exitCode === null ? child.pid : undefined;
    },
    client() {
      const c = new Redis({ port, host: '127.0.0.1' });
      // A test that stops the server sees the failures through its commands; the client's own
      // reconnect errors would otherwise print as unhandled events.
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    stop,
    start,
    async dispose() {
      for (const c of clients.splice(0)) c.disconnect();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
