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

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-redis-'));
  const clients: Redis[] = [];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // not up yet: connect() rejects, and we try again
      try {
        await probe.connect();
        await probe.ping();
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
