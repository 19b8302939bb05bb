/**
 * What the replicas bench reads from the shared Redis (through its own admin connection): memory
 * in use, each shared stream's log length and size and state size, and who holds each stream's
 * lease (the pid in `host:pid:random`), under the gateway's default key prefix (docs/replicas.md,
 * "Keys and memory").
 */
import type { Redis } from 'ioredis';

const PREFIX = 'fleetgraph:stream:';

/** `INFO memory`'s used_memory, in bytes. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const m = /^used_memory:(\d+)/m.exec(info);
  if (!m) throw new Error(`INFO memory has no used_memory: ${info.slice(0, 200)}`);
  return Number(m[1]);
}

/** `INFO cpu`'s used_cpu_user + used_cpu_sys of the server (its main thread and children), in ms. */
export async function serverCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

async function keys(redis: Redis, suffix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  // Bounded: a few hundred keys at most in the bench; 10,000 pages would be a runaway.
  for (let page = 0; page < 10_000; page++) {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${PREFIX}*:${suffix}`, 'COUNT', 1000);
    found.push(...batch);
    cursor = next;
    if (cursor === '0') break;
  }
  return found.sort();
}

/** The stream id inside a key: `fleetgraph:stream:<id>:<suffix>`. */
const streamId = (key: string, suffix: string) => key.slice(PREFIX.length, key.length - suffix.length - 1);

export interface StreamFigures {
  /** The stream's id, `w:<resource>:<namespace or *>:<cluster>`. */
  id: string;
  /** XLEN of its log. */
  entries: number;
  /** MEMORY USAGE of its log and of its state hash, in bytes. */
  logBytes: number;
  stateBytes: number;
  /** HLEN of its state: objects recorded. */
  objects: number;
}

export async function streamFigures(redis: Redis): Promise<StreamFigures[]> {
  const out: StreamFigures[] = [];
  for (const key of await keys(redis, 'log')) {
    const id = streamId(key, 'log');
    const state = `${PREFIX}${id}:state`;
    const [entries, logBytes, stateBytes, objects] = await Promise.all([
      redis.xlen(key),
      redis.memory('USAGE', key, 'SAMPLES', 0),
      redis.memory('USAGE', state, 'SAMPLES', 0),
      redis.hlen(state),
    ]);
    out.push({ id, entries, logBytes: Number(logBytes ?? 0), stateBytes: Number(stateBytes ?? 0), objects });
  }
  return out;
}

/** Stream id → the pid holding its lease now (streams without a lease are left out). */
export async function leaseHolders(redis: Redis): Promise<Map<string, number>> {
  const holders = new Map<string, number>();
  for (const key of await keys(redis, 'lease')) {
    const value = await redis.get(key);
    if (value) holders.set(streamId(key, 'lease'), Number(value.split(':').at(-2)));
  }
  return holders;
}

export interface LeaseChanges {
  /** A stream's lease seen held by one pid, later by another. */
  handovers: number;
  /** A stream's lease seen held, later free (expired or released, before anyone took it). */
  lapses: number;
}

/**
 * Polls the leases every `everyMs` until stopped, counting hand-overs and lapses: with steady
 * owners both stay 0; an owner that fails to renew in time (a loaded machine, a short TTL) shows
 * here, and its stream gets a second upstream watch from the next owner.
 */
export function followLeases(redis: Redis, everyMs = 250): { stop(): Promise<LeaseChanges> } {
  const changes: LeaseChanges = { handovers: 0, lapses: 0 };
  const last = new Map<string, number>();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const now = await leaseHolders(redis).catch(() => undefined);
      if (now) {
        for (const [id, pid] of last) {
          const holder = now.get(id);
          if (holder === undefined) changes.lapses++;
          else if (holder !== pid) changes.handovers++;
        }
        last.clear();
        for (const [id, pid] of now) last.set(id, pid);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { async stop() { stopped = true; await done; return changes; } };
}

/**
 * Waits (at most `timeoutMs`) until each of `ids` has a recorded state (`:synced` is 1: its first
 * owner's first LIST is in Redis); returns the ms waited, or throws naming those still unsynced.
 */
export async function waitSynced(redis: Redis, ids: readonly string[], timeoutMs = 30_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const flags = await Promise.all(ids.map((id) => redis.get(`${PREFIX}${id}:synced`)));
    const missing = ids.filter((_, k) => flags[k] !== '1');
    if (missing.length === 0) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`shared streams without a recorded state after ${timeoutMs} ms: ${missing.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
