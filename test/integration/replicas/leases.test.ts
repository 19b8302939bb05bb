/**
 * The Redis primitives the shared streams stand on, against a real Redis: a lease has one holder
 * at a time and expires when not renewed, each acquisition draws a newer fencing token, and an
 * append with a stale token is refused (a paused owner that wakes up cannot write); the shared
 * log's cursors count what was trimmed, tell a lost stream apart, and refuse what is not theirs.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CursorError } from '../../../src/live/EventLog.ts';
import { RedisReplicas } from '../../../src/replicas/RedisReplicas.ts';
import { RedisStreamLog } from '../../../src/replicas/RedisStreamLog.ts';
import { waitFor } from '../../support/liveHelpers.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';

let redis: RedisServer;
let a: RedisReplicas;
let b: RedisReplicas;

beforeAll(async () => {
  redis = await startRedisServer();
  a = new RedisReplicas({ url: redis.url, leaseTtlMs: 300, renewMs: 100, replicaId: 'a' });
  b = new RedisReplicas({ url: redis.url, leaseTtlMs: 300, renewMs: 100, replicaId: 'b' });
  await Promise.all([a.start(), b.start()]);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await redis?.dispose();
});

describe('leases and fencing', () => {
  test('one holder at a time; renewal keeps it; expiry hands it on with a newer token; the stale token is refused', async () => {
    const k = a.keys('w:configmaps:*:lease-test');
    const holderA = a.newHolder();
    const tokenA = await a.acquire(k, holderA);
    expect(tokenA).not.toBeNull();
    expect(await b.acquire(k, b.newHolder())).toBeNull();
    expect(await a.renew(k, holderA)).toBe(true);
    expect(await a.append('x', k, tokenA!, 100, '{"n":1}', 'app/x', '{}')).toBe(1);

    // A stops renewing (paused): the lease expires and B takes it with a newer token.
    const holderB = b.newHolder();
    let tokenB: string | null = null;
    await waitFor(async () => (tokenB ??= await b.acquire(k, holderB)) !== null, 'B takes the expired lease', 10_000);
    expect(parseInt(tokenB!, 10)).toBeGreaterThan(parseInt(tokenA!, 10));
    // A wakes up: its renewal is refused, and so is its late append.
    expect(await a.renew(k, holderA)).toBe(false);
    expect(await a.append('x', k, tokenA!, 100, '{"n":2}', 'app/x', '{}')).toBeNull();
    expect(await b.append('x', k, tokenB!, 100, '{"n":3}', 'app/x', '{}')).toBe(2);
    // A's release does not free B's lease.
    await a.release(k, holderA);
    expect(await a.acquire(k, a.newHolder())).toBeNull();
    await b.release(k, holderB);
    expect(await a.acquire(k, a.newHolder())).not.toBeNull();
  });
});

describe('the shared log', () => {
  test('cursors read on every replica, count what was trimmed, and tell a lost stream apart', async () => {
    const id = 'w:pods:*:log-test';
    const k = a.keys(id);
    const token = (await a.acquire(k, a.newHolder()))!;
    const logA = new RedisStreamLog<{ n: number }>(a, id);
    const logB = new RedisStreamLog<{ n: number }>(b, id);
    const start = await logB.latestCursor();
    // Exact trimming needs MAXLEN without '~'; with '~' Redis trims whole nodes (100 entries each).
    for (let n = 1; n <= 250; n++) await a.append(id, k, token, 10, JSON.stringify({ n }), `app/p${n}`, '{}');
    const all = await logB.readAfter(start, 1000);
    expect(all.gap?.missed).toBeGreaterThan(0);
    const firstHeld = all.entries[0]!.value.n;
    expect(all.gap!.missed).toBe(firstHeld - 1);
    expect(all.entries.at(-1)!.value.n).toBe(250);
    // A cursor from B's read reads on A, exactly after it.
    const mid = all.entries.at(-5)!.cursor;
    expect((await logA.readAfter(mid, 10)).entries.map((e) => e.value.n)).toEqual([247, 248, 249, 250]);
    await expect(logA.readAfter(`${mid.split('.')[0]}.999999`, 10)).rejects.toThrow(CursorError);
    await expect(logA.readAfter('not-a-cursor', 10)).rejects.toThrow(CursorError);
    // The stream is lost (its keys gone, as after an empty restart): an old cursor gets a gap of unknown size.
    await redis.client().del(k.log, k.seq, k.epoch);
    const after = await logA.readAfter(mid, 10);
    expect(after.gap).toEqual({ missed: undefined, cursor: expect.stringMatching(/^[A-Za-z0-9_-]{8}\.0$/) });
    expect(after.entries).toEqual([]);
  });
});

describe('a Redis restarted from its persistence files', () => {
  test('a stream restored to an earlier point is a new epoch: cursors handed out before get a gap, never a skip or a refusal', async () => {
    const own = await startRedisServer();
    const r = new RedisReplicas({ url: own.url, leaseTtlMs: 10_000, renewMs: 100, reconnectMaxMs: 50 });
    try {
      await r.start();
      const id = 'w:configmaps:*:restored';
      const k = r.keys(id);
      const log = new RedisStreamLog<{ n: number }>(r, id);
      const start = await log.latestCursor();
      const holder = r.newHolder();
      const token = (await r.acquire(k, holder))!;
      for (let n = 1; n <= 5; n++) await r.append(id, k, token, 100, JSON.stringify({ n }), `app/c${n}`, '{}');
      await own.client().save(); // what an RDB snapshot (or an AOF fsync'd a second ago) holds
      for (let n = 6; n <= 10; n++) await r.append(id, k, token, 100, JSON.stringify({ n }), `app/c${n}`, '{}');
      const read = await log.readAfter(start, 100);
      const at7 = read.entries[6]!.cursor;
      const at10 = read.entries[9]!.cursor;
      // Restarted: it loads the snapshot, where the stream ends at entry 5.
      await own.stop();
      await own.start();
      await waitFor(() => r.available, 'reconnected', 10_000);
      // The snapshot holds the lease as it was: given back and taken again, with a token of this run of Redis.
      await r.release(k, holder);
      const again = (await r.acquire(k, r.newHolder()))!;
      for (let n = 11; n <= 13; n++) expect(await r.append(id, k, again, 100, JSON.stringify({ n }), `app/c${n}`, '{}')).toBe(n - 5);
      // Entries 6..8 now hold 11..13: a cursor at 7 would silently skip 11 and 12, one at 10 would be refused as ahead.
      for (const cursor of [at7, at10]) {
        const after = await log.readAfter(cursor, 100);
        expect(after.gap?.missed).toBeUndefined();
        expect(after.gap).toBeDefined();
        expect(after.entries.map((e) => e.value.n)).toEqual([1, 2, 3, 4, 5, 11, 12, 13]);
      }
    } finally {
      await r.stop();
      await own.dispose();
    }
  });
});

describe('fencing across a Redis restart', () => {
  test('a token drawn before a restart is refused after it, even when the restored counter draws the same number again', async () => {
    const own = await startRedisServer();
    const a = new RedisReplicas({ url: own.url, leaseTtlMs: 10_000, renewMs: 100, reconnectMaxMs: 50, replicaId: 'a' });
    const b = new RedisReplicas({ url: own.url, leaseTtlMs: 10_000, renewMs: 100, reconnectMaxMs: 50, replicaId: 'b' });
    try {
      await Promise.all([a.start(), b.start()]);
      const id = 'w:configmaps:*:refenced';
      const k = a.keys(id);
      const first = a.newHolder();
      await a.acquire(k, first);
      await a.release(k, first);
      await own.client().save(); // the snapshot: fence at 1, no lease
      const stale = (await a.acquire(k, a.newHolder()))!; // fence 2, after the snapshot
      await own.stop();
      await own.start();
      await waitFor(() => a.available && b.available, 'both reconnected', 10_000);
      const fresh = (await b.acquire(k, b.newHolder()))!; // the restored counter draws 2 again
      expect(parseInt(fresh, 10)).toBe(parseInt(stale, 10));
      expect(await a.append(id, k, stale, 100, '{"n":1}', 'app/x', '{}')).toBeNull();
      expect(await a.setProblem(id, k, stale, '{"code":"FORBIDDEN","message":"x"}')).toBe(false);
      expect(await a.sync(k, stale, [])).toBe(false);
      expect(await b.append(id, k, fresh, 100, '{"n":2}', 'app/x', '{}')).toBe(1);
    } finally {
      await a.stop();
      await b.stop();
      await own.dispose();
    }
  });
});

describe('a Redis that accepts connections and never answers', () => {
  test('a connection whose handshake goes unanswered is cut and made again (not left waiting forever)', async () => {
    // A black hole: TCP connects, nothing ever comes back (a half-open path, a wedged server).
    const sockets: Socket[] = [];
    const hole = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
    const { port } = hole.address() as { port: number };
    const r = new RedisReplicas({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 200, reconnectMaxMs: 50 });
    try {
      await r.start(100);
      expect(r.available).toBe(false);
      // Two connections (commands, subscriber) at first; each cut and made again.
      await waitFor(() => sockets.length >= 6, 'the connections made again', 10_000);
      expect(r.available).toBe(false);
      await expect(r.head(r.keys('w:pods:*:hole'))).rejects.toThrow();
    } finally {
      await r.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hole.close(resolve));
    }
  });
});
