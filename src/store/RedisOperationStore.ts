/**
 * The OperationStore shared by gateway replicas, in Redis: any replica answers `operation(id)`,
 * `operations`, `cancelOperation` and the `operation` subscription for an operation another one
 * runs, and a running operation holds a lease (with a fencing token) so that, when its replica
 * dies, another resumes it (rolloutEngine). Layout, leases and retention: docs/replicated-operations.md.
 *
 * Every change is one Lua script (atomic on the server): an update never takes a record back
 * from a final state, never clears a cancel asked for, and is refused when the writer's fencing
 * token is no longer the operation's latest (a replica whose lease expired and was taken over).
 * Each change bumps the record's version and is published on the operation's channel; watchers
 * on every replica subscribe to it (one subscriber connection per store).
 */
import type { Redis } from 'ioredis';
import { FINAL_STATES, type OperationRecord, type OperationState, type OperationStore } from './OperationStore.ts';
import { LeaseLost, type LeasedOperationStore, type OperationLease, type StoredRun } from './LeasedOperationStore.ts';

export interface RedisOperationStoreOptions {
  /** Key prefix, so several gateways (or tests) can share one Redis. @default 'fleetgraph:ops' */
  prefix?: string;
  /** How long a finished operation is kept (its keys expire). @default 604800 (7 days) */
  retentionSeconds?: number;
  /** Finished operations kept at most (the oldest dropped first), as MemoryOperationStore's. @default 1000 */
  maxFinished?: number;
}

const STATES: readonly OperationState[] = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

/**
 * KEYS: 1 record hash, 2 index (all), 3 state index of the new state, 4 fence counter, 5 run input,
 * 6 finished index. ARGV: 1 json, 2 new state, 3 fencing token ('' for none), 4 channel, 5 final
 * ('1'/'0'), 6 retention seconds, 7 state-index prefix, 8 id, 9 key prefix, 10 max finished.
 * Returns 1 (stored), 0 (already final: left as it is), -1 (unknown), -2 (stale fencing token).
 */
const UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if ARGV[3] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[3] then return -2 end
local old = redis.call('HGET', KEYS[1], 'state')
if old == 'SUCCEEDED' or old == 'FAILED' or old == 'CANCELLED' then return 0 end
local created = redis.call('HGET', KEYS[1], 'createdAt')
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
local cancel = redis.call('HGET', KEYS[1], 'cancel')
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'state', ARGV[2])
if old ~= ARGV[2] then
  redis.call('ZREM', ARGV[7] .. old, ARGV[8])
  redis.call('ZADD', KEYS[3], created, ARGV[8])
end
if ARGV[5] == '1' then
  local ttl = tonumber(ARGV[6])
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[4], ttl)
  redis.call('DEL', KEYS[5])
  redis.call('ZADD', KEYS[6], created, ARGV[8])
  local over = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[10])
  if over > 0 then
    for _, old in ipairs(redis.call('ZRANGE', KEYS[6], 0, over - 1)) do
      redis.call('DEL', ARGV[9] .. ':op:' .. old, ARGV[9] .. ':fence:' .. old)
      redis.call('ZREM', KEYS[2], old)
      for _, s in ipairs({'SUCCEEDED', 'FAILED', 'CANCELLED'}) do redis.call('ZREM', ARGV[7] .. s, old) end
    end
    redis.call('ZREMRANGEBYRANK', KEYS[6], 0, over - 1)
  end
end
redis.call('PUBLISH', ARGV[4], v .. '\\n' .. cancel .. '\\n' .. ARGV[1])
return 1
`;

/**
 * KEYS: 1 record hash, 2 index (all), 3 state index. ARGV: 1 json, 2 state, 3 cancel, 4 createdAt
 * (ms), 5 id, 6 retention seconds ('' unless created final). Returns 0 when the id is taken.
 */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'state', ARGV[2], 'cancel', ARGV[3], 'v', '0', 'createdAt', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
if ARGV[6] ~= '' then redis.call('EXPIRE', KEYS[1], ARGV[6]) end
return 1
`;

/** KEYS: 1 record hash. ARGV: 1 channel. Returns nil (unknown) or {cancel, json}. */
const CANCEL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local state = redis.call('HGET', KEYS[1], 'state')
local cancel = redis.call('HGET', KEYS[1], 'cancel')
local json = redis.call('HGET', KEYS[1], 'json')
if cancel == '0' and state ~= 'SUCCEEDED' and state ~= 'FAILED' and state ~= 'CANCELLED' then
  cancel = '1'
  redis.call('HSET', KEYS[1], 'cancel', '1')
  local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
  redis.call('PUBLISH', ARGV[1], v .. '\\n' .. cancel .. '\\n' .. json)
end
return {cancel, json}
`;

/** KEYS: 1 lease, 2 fence counter. ARGV: 1 owner, 2 ttl ms. Returns the new fencing token, or nil when the lease is held. */
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return nil
`;

/** KEYS: 1 lease. ARGV: 1 owner, 2 ttl ms (renew) or '' (release). Returns 1 when the owner held it. */
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

type Listener = (message: string) => void;
/** Told to every watcher when the subscriber connection is back after a loss. */
const RESYNC = '';

export class RedisOperationStore implements OperationStore, LeasedOperationStore {
  readonly shared = true;
  private readonly prefix: string;
  private readonly retentionSeconds: number;
  private readonly maxFinished: number;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly redis: Redis, options: RedisOperationStoreOptions = {}) {
    this.prefix = options.prefix ?? 'fleetgraph:ops';
    this.retentionSeconds = options.retentionSeconds ?? 7 * 86_400;
    this.maxFinished = options.maxFinished ?? 1000;
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}:${kind}:${id}`;
  }

  private get index(): string {
    return `${this.prefix}:index`;
  }

  private stateIndex(state: string): string {
    return `${this.prefix}:state:${state}`;
  }

  private channel(id: string): string {
    return `${this.prefix}:changes:${id}`;
  }

  async create(record: OperationRecord): Promise<void> {
    const created = await this.redis.eval(
      CREATE, 3, this.key('op', record.id), this.index, this.stateIndex(record.state),
      JSON.stringify({ ...record, cancelRequested: false }), record.state, record.cancelRequested ? '1' : '0', String(Date.parse(record.createdAt)), record.id,
      FINAL_STATES.has(record.state) ? String(this.retentionSeconds) : '',
    );
    if (created === 0) throw new Error(`operation ${record.id} exists already`);
  }

  async get(id: string): Promise<OperationRecord | undefined> {
    const [json, cancel] = await this.redis.hmget(this.key('op', id), 'json', 'cancel');
    return json ? withCancel(json, cancel) : undefined;
  }

  /**
   * Newest first. The indexes are sorted sets by creation time; ids whose record expired
   * (retention) are dropped from them here, lazily.
   */
  async list(filter: { state?: OperationState } = {}): Promise<OperationRecord[]> {
    const index = filter.state ? this.stateIndex(filter.state) : this.index;
    const ids = await this.redis.zrevrange(index, 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.key('op', id), 'json', 'cancel');
    const rows = (await pipeline.exec()) ?? [];
    const out: OperationRecord[] = [];
    const gone: string[] = [];
    rows.forEach(([error, row], i) => {
      if (error) throw error;
      const [json, cancel] = row as Array<string | null>;
      if (!json) gone.push(ids[i]!);
      else {
        const r = withCancel(json, cancel);
        // A record between two index writes (a state just changed) is listed by its stored state only.
        if (!filter.state || r.state === filter.state) out.push(r);
      }
    });
    if (gone.length > 0) {
      const tx = this.redis.multi().zrem(this.index, ...gone);
      for (const s of STATES) tx.zrem(this.stateIndex(s), ...gone);
      await tx.exec();
    }
    return out;
  }

  update(record: OperationRecord): Promise<void> {
    return this.write(record, '');
  }

  /** An update by the lease holder: refused (LeaseLost) once another replica has taken the operation over. */
  updateFenced(record: OperationRecord, lease: OperationLease): Promise<void> {
    return this.write(record, String(lease.token));
  }

  private async write(record: OperationRecord, token: string): Promise<void> {
    const { id } = record;
    const final = FINAL_STATES.has(record.state);
    const outcome = await this.redis.eval(
      UPDATE, 6, this.key('op', id), this.index, this.stateIndex(record.state), this.key('fence', id), this.key('run', id), `${this.prefix}:finished`,
      JSON.stringify({ ...record, cancelRequested: false }), record.state, token, this.channel(id), final ? '1' : '0',
      String(this.retentionSeconds), `${this.prefix}:state:`, id, this.prefix, String(this.maxFinished),
    );
    if (outcome === -1) throw new Error(`operation ${id} is not in the store`);
    if (outcome === -2) throw new LeaseLost(id);
  }

  async requestCancel(id: string): Promise<OperationRecord | undefined> {
    const out = (await this.redis.eval(CANCEL, 1, this.key('op', id), this.channel(id))) as [string, string] | null;
    return out ? withCancel(out[1], out[0]) : undefined;
  }

  async *watch(id: string, signal?: AbortSignal): AsyncIterable<OperationRecord> {
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    const listener: Listener = (m) => {
      queue.push(m);
      wake?.();
    };
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      // Subscribed before the record is read, so no change falls between the two; changes
      // already in the record read (version at or below its own) are skipped.
      await this.listen(id, listener);
      const [json, cancel, v] = await this.redis.hmget(this.key('op', id), 'json', 'cancel', 'v');
      if (!json) return;
      let version = Number(v ?? 0);
      const now = withCancel(json, cancel);
      yield now;
      if (FINAL_STATES.has(now.state)) return;
      while (!signal?.aborted) {
        const message = queue.shift();
        if (message === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (message === RESYNC) {
          // The subscriber connection came back: changes published meanwhile were lost; read the record.
          const [j, c, rv] = await this.redis.hmget(this.key('op', id), 'json', 'cancel', 'v');
          if (!j) return;
          if (Number(rv ?? 0) <= version) continue;
          version = Number(rv ?? 0);
          const again = withCancel(j, c);
          yield again;
          if (FINAL_STATES.has(again.state)) return;
          continue;
        }
        const first = message.indexOf('\n');
        const second = message.indexOf('\n', first + 1);
        const mv = Number(message.slice(0, first));
        if (mv <= version) continue;
        version = mv;
        const next = withCancel(message.slice(second + 1), message.slice(first + 1, second));
        yield next;
        if (FINAL_STATES.has(next.state)) return;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await this.unlisten(id, listener);
    }
  }

  private async listen(id: string, listener: Listener): Promise<void> {
    if (!this.subscriber) {
      // A connection in subscriber mode can do nothing else: one per store, shared by its watchers.
      // Connected at once, and a SUBSCRIBE sent while connecting waits for the connection, whatever
      // the main client's settings (the replicas' client connects lazily and queues nothing).
      this.subscriber = this.redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
      this.subscriber.on('error', () => undefined); // reconnects on its own; commands report failures
      let connected = false;
      this.subscriber.on('ready', () => {
        // ioredis subscribes again by itself on a reconnect; what was published in between is read back.
        if (connected) for (const set of this.listeners.values()) for (const l of set) l(RESYNC);
        connected = true;
      });
      this.subscriber.on('message', (channel: string, message: string) => {
        const at = channel.lastIndexOf(':');
        for (const l of this.listeners.get(channel.slice(at + 1)) ?? []) l(message);
      });
    }
    let set = this.listeners.get(id);
    if (!set) {
      this.listeners.set(id, (set = new Set()));
      set.add(listener);
      await this.subscriber.subscribe(this.channel(id));
    } else {
      set.add(listener);
    }
  }

  private async unlisten(id: string, listener: Listener): Promise<void> {
    const set = this.listeners.get(id);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.listeners.delete(id);
    await this.subscriber?.unsubscribe(this.channel(id)).catch(() => undefined);
  }

  // --- leases and run inputs (LeasedOperationStore) ---

  async acquire(id: string, owner: string, ttlMs: number): Promise<OperationLease | undefined> {
    const token = await this.redis.eval(ACQUIRE, 2, this.key('lease', id), this.key('fence', id), owner, String(ttlMs));
    return token === null ? undefined : { id, owner, token: Number(token) };
  }

  async renew(lease: OperationLease, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key('lease', lease.id), lease.owner, String(ttlMs))) === 1;
  }

  async release(lease: OperationLease): Promise<void> {
    await this.redis.eval(RENEW, 1, this.key('lease', lease.id), lease.owner, '');
  }

  async saveRun(id: string, run: StoredRun): Promise<void> {
    await this.redis.set(this.key('run', id), JSON.stringify(run));
  }

  async loadRun(id: string): Promise<StoredRun | undefined> {
    const json = await this.redis.get(this.key('run', id));
    return json ? (JSON.parse(json) as StoredRun) : undefined;
  }

  /** PENDING and RUNNING operations whose lease nobody holds: their replica stopped or died. */
  async unleased(): Promise<string[]> {
    const ids = [...await this.redis.zrange(this.stateIndex('PENDING'), 0, -1), ...await this.redis.zrange(this.stateIndex('RUNNING'), 0, -1)];
    if (ids.length === 0) return [];
    const held = await this.redis.mget(...ids.map((id) => this.key('lease', id)));
    return ids.filter((_, i) => held[i] === null);
  }

  /** Close the subscriber connection (the injected client is the caller's to close). */
  close(): void {
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    this.listeners.clear();
  }
}

function withCancel(json: string, cancel: string | null | undefined): OperationRecord {
  const r = JSON.parse(json) as OperationRecord;
  r.cancelRequested = cancel === '1';
  return r;
}
