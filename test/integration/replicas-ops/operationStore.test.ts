/**
 * The OperationStore contract (storeContract.ts) against both stores, and what only the Redis
 * store does: a change made through one replica's store reaches a watcher on another's, leases
 * with fencing (a holder whose lease was taken over cannot write), the run input kept beside the
 * record and dropped when it finishes, finished operations expiring (retention).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MemoryOperationStore } from '../../../src/store/MemoryOperationStore.ts';
import { RedisOperationStore } from '../../../src/store/RedisOperationStore.ts';
import { LeaseLost } from '../../../src/store/LeasedOperationStore.ts';
import { StoreUnavailable } from '../../../src/store/StoreUnavailable.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { record, storeContract } from './storeContract.ts';

let redis: RedisServer;
const stores: RedisOperationStore[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  for (const s of stores) s.close();
  await redis?.dispose();
});

const redisStore = (options: ConstructorParameters<typeof RedisOperationStore>[1] = {}) => {
  const s = new RedisOperationStore(redis.client(), { prefix: 'contract', ...options });
  stores.push(s);
  return s;
};

storeContract('memory', () => new MemoryOperationStore());
storeContract('redis', () => redisStore());

describe('RedisOperationStore across replicas', () => {
  test('a change made through one replica\'s store reaches a watcher on another\'s', async () => {
    const [a, b] = [redisStore(), redisStore()];
    const r = record('cross-1', 'RUNNING');
    await a.create(r);
    expect(await b.get('cross-1')).toEqual(r);
    const seen: string[] = [];
    let first!: () => void;
    const started = new Promise<void>((resolve) => (first = resolve));
    const watching = (async () => {
      for await (const x of b.watch('cross-1')) {
        seen.push(`${x.state}${x.cancelRequested ? '+cancel' : ''}`);
        first();
      }
    })();
    await started;
    await b.requestCancel('cross-1');
    await a.update({ ...r, state: 'CANCELLED' });
    await watching;
    expect(seen).toEqual(['RUNNING', 'RUNNING+cancel', 'CANCELLED+cancel']);
  });

  test('one lease holder at a time; a holder whose lease expired and was taken over cannot write (fencing)', async () => {
    const [a, b] = [redisStore(), redisStore()];
    const r = record('lease-1', 'RUNNING');
    await a.create(r);
    const held = (await a.acquire('lease-1', 'replica-a', 60_000))!;
    expect(held).toBeDefined();
    expect(await b.acquire('lease-1', 'replica-b', 60_000)).toBeUndefined();
    expect(await b.unleased()).not.toContain('lease-1');
    await a.updateFenced({ ...r, pauseSeconds: 1 }, held);
    // replica-a stops renewing: its lease lapses (released here, as an expiry would), replica-b takes over.
    expect(await a.renew(held, 1)).toBe(true);
    for (let i = 0; i < 200 && !(await b.unleased()).includes('lease-1'); i++) await new Promise((x) => setTimeout(x, 10));
    expect(await b.unleased()).toContain('lease-1');
    const taken = (await b.acquire('lease-1', 'replica-b', 60_000))!;
    expect(taken.token).toBeGreaterThan(held.token);
    expect(await a.renew(held, 60_000)).toBe(false);
    await expect(a.updateFenced({ ...r, state: 'FAILED' }, held)).rejects.toBeInstanceOf(LeaseLost);
    await b.updateFenced({ ...r, pauseSeconds: 2 }, taken);
    expect(await a.get('lease-1')).toEqual({ ...r, pauseSeconds: 2 });
    await b.release(taken);
    expect(await a.unleased()).toContain('lease-1');
  });

  test('a holder whose lease lapsed cannot write even before another replica takes the operation over', async () => {
    const s = redisStore();
    const r = record('lapsed-1', 'PENDING');
    const held = await s.begin(r, { input: { manifests: 'x: 1' }, actor: null }, 'replica-a', 60_000);
    await s.updateFenced({ ...r, state: 'RUNNING' }, held);
    // Its renewals stopped (a long pause, Redis away): the lease expires, as this deletion does; nobody has taken it yet.
    await redis.client().del('contract:lease:lapsed-1');
    await expect(s.updateFenced({ ...r, state: 'RUNNING', pauseSeconds: 9 }, held)).rejects.toBeInstanceOf(LeaseLost);
    expect(await s.get('lapsed-1')).toEqual({ ...r, state: 'RUNNING' });
    expect(await s.unleased()).toContain('lapsed-1');
  });

  test('begin keeps the lease, the run input and the record in one step, and refuses a taken id', async () => {
    const s = redisStore();
    const r = record('begin-1', 'PENDING');
    const lease = await s.begin(r, { input: { manifests: 'x: 1' }, actor: { user: 'alice', groups: [] } }, 'replica-a', 60_000);
    expect(lease).toMatchObject({ id: 'begin-1', owner: 'replica-a' });
    expect(await s.get('begin-1')).toEqual(r);
    expect(await s.loadRun('begin-1')).toEqual({ input: { manifests: 'x: 1' }, actor: { user: 'alice', groups: [] } });
    expect(await s.unleased()).not.toContain('begin-1');
    await expect(s.begin(r, { input: { manifests: 'y: 2' }, actor: null }, 'replica-b', 60_000)).rejects.toThrow('operation begin-1 exists already');
    expect(await s.loadRun('begin-1')).toEqual({ input: { manifests: 'x: 1' }, actor: { user: 'alice', groups: [] } });
    // reclaim: kept by its holder (same token), refused to another, 'absent' for an unknown id.
    expect(await s.reclaim('begin-1', 'replica-a', 60_000)).toEqual(lease);
    expect(await s.reclaim('begin-1', 'replica-b', 60_000)).toBe('held');
    expect(await s.reclaim('nobody', 'replica-a', 60_000)).toBe('absent');
  });

  test('with its Redis stopped, every call fails at once with StoreUnavailable, and works again when Redis is back', async () => {
    const own = await startRedisServer();
    const s = new RedisOperationStore(own.client(), { prefix: 'down' });
    try {
      await s.create(record('down-1', 'RUNNING'));
      await own.stop();
      const calls: Array<() => Promise<unknown>> = [
        () => s.get('down-1'), () => s.list(), () => s.requestCancel('down-1'), () => s.update(record('down-1', 'RUNNING')),
        () => s.begin(record('down-2', 'PENDING'), { input: { manifests: 'x: 1' }, actor: null }, 'replica-a', 1000),
        () => s.unleased(), () => s.acquire('down-1', 'replica-a', 1000),
        async () => { for await (const x of s.watch('down-1')) return x; },
      ];
      for (const call of calls) await expect(call()).rejects.toBeInstanceOf(StoreUnavailable);
      await own.start();
      for (let look = 0; look < 500; look++) {
        try {
          await s.get('down-1');
          break;
        } catch {
          await new Promise((x) => setTimeout(x, 20));
        }
      }
      await s.create(record('down-3', 'RUNNING'));
      expect((await s.list()).map((x) => x.id)).toEqual(['down-3']); // Redis came back empty (no persistence)
    } finally {
      s.close();
      await own.dispose();
    }
  });

  test('the run input is kept until the operation finishes; finished operations expire after the retention', async () => {
    const s = redisStore({ retentionSeconds: 1 });
    const r = record('retain-1', 'RUNNING');
    await s.begin(r, { input: { manifests: 'x: 1' }, actor: { user: 'alice', groups: ['dev'] } }, 'replica-a', 60_000);
    expect(await s.loadRun('retain-1')).toEqual({ input: { manifests: 'x: 1' }, actor: { user: 'alice', groups: ['dev'] } });
    await s.update({ ...r, state: 'SUCCEEDED' });
    expect(await s.loadRun('retain-1')).toBeUndefined();
    expect(await redis.client().ttl('contract:op:retain-1')).toBeGreaterThan(0);
    for (let i = 0; i < 400 && (await s.get('retain-1')); i++) await new Promise((x) => setTimeout(x, 25));
    expect(await s.get('retain-1')).toBeUndefined();
    expect((await s.list()).map((x) => x.id)).not.toContain('retain-1');
    expect(await redis.client().zscore('contract:index', 'retain-1')).toBeNull();
  });

  test('a watcher whose subscriber connection is cut gets the change published while it was away', async () => {
    const s = redisStore();
    const r = record('resync-1', 'RUNNING');
    await s.create(r);
    const seen: string[] = [];
    let first!: () => void;
    const started = new Promise<void>((resolve) => (first = resolve));
    const watching = (async () => {
      for await (const x of s.watch('resync-1')) {
        seen.push(x.state);
        first();
      }
    })();
    await started;
    // Cut every pub/sub connection; the change is published before the watcher's connection is back (ioredis waits before reconnecting).
    await redis.client().client('KILL', 'TYPE', 'pubsub');
    await s.update({ ...r, state: 'SUCCEEDED' });
    await watching;
    expect(seen).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  test('keeps finished operations up to maxFinished, oldest dropped first, running ones never', async () => {
    const s = redisStore({ prefix: 'capped', maxFinished: 2 });
    await s.create(record('running', 'RUNNING', '2026-03-01T00:00:00Z'));
    for (const [i, id] of ['f1', 'f2', 'f3'].entries()) {
      const r = record(id, 'RUNNING', `2026-03-0${i + 2}T00:00:00Z`);
      await s.create(r);
      await s.update({ ...r, state: 'SUCCEEDED' });
    }
    expect((await s.list()).map((r) => r.id)).toEqual(['f3', 'f2', 'running']);
    expect((await s.list({ state: 'SUCCEEDED' })).map((r) => r.id)).toEqual(['f3', 'f2']);
    expect(await s.get('f1')).toBeUndefined();
  });
});
