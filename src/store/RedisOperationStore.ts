/**
 * The OperationStore shared by gateway replicas, in Redis: any replica answers `operation(id)`,
 * `operations`, `cancelOperation` and the `operation` subscription for an operation another one
 * runs, and a running operation holds a lease (with a fencing token) so that, when its replica
 * dies, another resumes it (rolloutEngine). Layout, leases and retention: docs/replicated-operations.md.
 *
 * Every change is one Lua script (atomic on the server, operationScripts.ts): an update never
 * takes a record back from a final state, never clears a cancel asked for, and is refused unless
 * the writer still holds the lease (its fencing token the operation's latest, its lease not lapsed).
 * Each change bumps the record's version and is published on the operation's channel; watchers
 * on every replica subscribe to it (one subscriber connection per store).
 *
 * Redis away (docs/replicated-operations.md, "When Redis is unreachable"): the store talks over
 * connections of its own, made from the given client with explicit settings (no offline queue,
 * no retry or resend of a command after a reconnection, a timeout on every command), so a command
 * fails fast with StoreUnavailable (UNAVAILABLE to clients) instead of waiting for a reconnection
 * and perhaps running minutes later, after its caller was told it failed.
 */
import type { Redis } from 'ioredis';
import { StoreUnavailable } from './StoreUnavailable.ts';
import { ACQUIRE, BEGIN, CANCEL, CREATE, RECLAIM, RENEW, UPDATE } from './operationScripts.ts';
import { FINAL_STATES, type OperationRecord, type OperationState, type OperationStore } from './OperationStore.ts';
import { LeaseLost, type LeasedOperationStore, type OperationLease, type StoredRun } from './LeasedOperationStore.ts';

export interface RedisOperationStoreOptions {
  /** Key prefix, so several gateways (or tests) can share one Redis. @default 'fleetgraph:ops' */
  prefix?: string;
  /** How long a finished operation is kept (its keys expire). @default 604800 (7 days) */
  retentionSeconds?: number;
  /** Finished operations kept at most (the oldest dropped first), as MemoryOperationStore's. @default 1000 */
  maxFinished?: number;
  /**
   * How long a command waits for Redis's answer, and a request for a connection that is being
   * made, before failing with StoreUnavailable. A connection known to be down fails at once.
   * @default 2000
   */
  timeoutMs?: number;
}

/** ioredis states of a connection on its way up: worth a (bounded) wait. The others ('reconnecting', 'close', 'end') fail at once. */
const CONNECTING: ReadonlySet<string> = new Set(['wait', 'connecting', 'connect']);

const STATES: readonly OperationState[] = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

type Listener = (message: string) => void;
/** Told to every watcher when the subscriber connection is back after a loss. */
const RESYNC = '';

export class RedisOperationStore implements OperationStore, LeasedOperationStore {
  readonly shared = true;
  private readonly prefix: string;
  private readonly retentionSeconds: number;
  private readonly maxFinished: number;
  private readonly timeoutMs: number;
  /** This store's command connection (explicit settings: see the module comment). */
  private readonly commands: Redis;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;

  /** `redis`: the caller's client (theirs to close; closing it closes this store's connections too). */
  constructor(redis: Redis, options: RedisOperationStoreOptions = {}) {
    this.prefix = options.prefix ?? 'fleetgraph:ops';
    this.retentionSeconds = options.retentionSeconds ?? 7 * 86_400;
    this.maxFinished = options.maxFinished ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 2000;
    // Whatever the caller's client does while disconnected (ioredis's defaults queue commands and
    // resend them after a reconnection), this store's commands fail at once or within timeoutMs,
    // and a command that failed is never sent again later on its own.
    this.commands = redis.duplicate({
      lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false, commandTimeout: this.timeoutMs,
    });
    this.commands.on('error', () => undefined); // reconnects on its own; commands report failures
    // The caller closing its client (a replica stopping, or dying in a test) ends this store's connections with it.
    redis.once('end', () => this.close());
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

  /**
   * Run `command` on `connection` once it is ready: at once when it is, after a wait of at most
   * timeoutMs while it is being made, never while it is known to be down. Failures of the
   * connection become StoreUnavailable; Redis's own error replies (a bug) stay what they are.
   */
  private async run<T>(command: (c: Redis) => Promise<T>, connection: Redis = this.commands, patient = false): Promise<T> {
    if (this.closed) throw new StoreUnavailable('this gateway replica is stopping', false);
    if (connection.status !== 'ready') await this.ready(connection, patient);
    try {
      return await command(connection);
    } catch (e) {
      throw unavailable(e, this.timeoutMs);
    }
  }

  /** Wait (at most timeoutMs) for `connection` while it is being made; `patient`: also while it waits to reconnect. */
  private async ready(connection: Redis, patient = false): Promise<void> {
    if (connection.status === 'end' || (!patient && !CONNECTING.has(connection.status))) throw new StoreUnavailable(`its connection is ${connection.status}`, false);
    // An attempt that fails ends the wait, unless patient: then only giving up for good does.
    const gaveUp = patient ? 'end' : 'close';
    await new Promise<void>((resolve, reject) => {
      const done = (error?: StoreUnavailable) => {
        clearTimeout(timer);
        connection.off('ready', onReady);
        connection.off(gaveUp, onClose);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onClose = () => done(new StoreUnavailable('its connection failed', false));
      const timer = setTimeout(() => done(new StoreUnavailable(`no connection within ${this.timeoutMs} ms`, false)), this.timeoutMs);
      connection.once('ready', onReady);
      connection.once(gaveUp, onClose);
      if (connection.status === 'wait') connection.connect().catch(() => undefined);
    });
  }

  async create(record: OperationRecord): Promise<void> {
    const created = await this.run((c) => c.eval(
      CREATE, 3, this.key('op', record.id), this.index, this.stateIndex(record.state),
      JSON.stringify({ ...record, cancelRequested: false }), record.state, record.cancelRequested ? '1' : '0', String(Date.parse(record.createdAt)), record.id,
      FINAL_STATES.has(record.state) ? String(this.retentionSeconds) : '',
    ));
    if (created === 0) throw new Error(`operation ${record.id} exists already`);
  }

  async get(id: string): Promise<OperationRecord | undefined> {
    const [json, cancel] = await this.run((c) => c.hmget(this.key('op', id), 'json', 'cancel'));
    return json ? withCancel(json, cancel) : undefined;
  }

  /**
   * Newest first. The indexes are sorted sets by creation time; ids whose record expired
   * (retention) are dropped from them here, lazily.
   */
  async list(filter: { state?: OperationState } = {}): Promise<OperationRecord[]> {
    const index = filter.state ? this.stateIndex(filter.state) : this.index;
    const ids = await this.run((c) => c.zrevrange(index, 0, -1));
    if (ids.length === 0) return [];
    const rows = await this.run(async (c) => {
      const pipeline = c.pipeline();
      for (const id of ids) pipeline.hmget(this.key('op', id), 'json', 'cancel');
      return (await pipeline.exec()) ?? [];
    });
    const out: OperationRecord[] = [];
    const gone: string[] = [];
    rows.forEach(([error, row], i) => {
      if (error) throw unavailable(error, this.timeoutMs);
      const [json, cancel] = row as Array<string | null>;
      if (!json) gone.push(ids[i]!);
      else {
        const r = withCancel(json, cancel);
        // A record between two index writes (a state just changed) is listed by its stored state only.
        if (!filter.state || r.state === filter.state) out.push(r);
      }
    });
    if (gone.length > 0) {
      await this.run(async (c) => {
        const tx = c.multi().zrem(this.index, ...gone);
        for (const s of STATES) tx.zrem(this.stateIndex(s), ...gone);
        await tx.exec();
      });
    }
    return out;
  }

  update(record: OperationRecord): Promise<void> {
    return this.write(record);
  }

  /** An update by the lease holder: refused (LeaseLost) once its lease lapsed or another replica took the operation over. */
  updateFenced(record: OperationRecord, lease: OperationLease): Promise<void> {
    return this.write(record, lease);
  }

  private async write(record: OperationRecord, lease?: OperationLease): Promise<void> {
    const { id } = record;
    const final = FINAL_STATES.has(record.state);
    const outcome = await this.run((c) => c.eval(
      UPDATE, 7, this.key('op', id), this.index, this.stateIndex(record.state), this.key('fence', id), this.key('run', id), `${this.prefix}:finished`, this.key('lease', id),
      JSON.stringify({ ...record, cancelRequested: false }), record.state, lease ? String(lease.token) : '', this.channel(id), final ? '1' : '0',
      String(this.retentionSeconds), `${this.prefix}:state:`, id, this.prefix, String(this.maxFinished), lease?.owner ?? '',
    ));
    if (outcome === -1) throw new Error(`operation ${id} is not in the store`);
    if (outcome === -2) throw new LeaseLost(id);
  }

  async requestCancel(id: string): Promise<OperationRecord | undefined> {
    const out = (await this.run((c) => c.eval(CANCEL, 1, this.key('op', id), this.channel(id)))) as [string, string] | null;
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
      const [json, cancel, v] = await this.run((c) => c.hmget(this.key('op', id), 'json', 'cancel', 'v'));
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
          // The subscriber connection came back: changes published meanwhile were lost; read the
          // record (Redis is back: the command connection may still be on its way, worth a wait).
          const [j, c, rv] = await this.run((r) => r.hmget(this.key('op', id), 'json', 'cancel', 'v'), this.commands, true);
          if (!j) throw StoreUnavailable.lost(id);
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
    if (this.closed) throw new StoreUnavailable('this gateway replica is stopping', false);
    if (!this.subscriber) {
      // A connection in subscriber mode can do nothing else: one per store, shared by its watchers,
      // with the command connection's settings (a SUBSCRIBE waits at most timeoutMs for it).
      this.subscriber = this.commands.duplicate();
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
      const subscriber = this.subscriber;
      await this.run((c) => c.subscribe(this.channel(id)), subscriber);
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
    if (this.subscriber?.status === 'ready') await this.subscriber.unsubscribe(this.channel(id)).catch(() => undefined);
  }

  // --- leases and run inputs (LeasedOperationStore) ---

  async begin(record: OperationRecord, run: StoredRun, owner: string, ttlMs: number): Promise<OperationLease> {
    const { id } = record;
    const token = await this.run((c) => c.eval(
      BEGIN, 6, this.key('lease', id), this.key('fence', id), this.key('run', id), this.key('op', id), this.index, this.stateIndex(record.state),
      owner, String(ttlMs), JSON.stringify(run), JSON.stringify({ ...record, cancelRequested: false }), record.state, String(Date.parse(record.createdAt)), id,
    ));
    if (token === null) throw new Error(`operation ${id} exists already`);
    return { id, owner, token: Number(token) };
  }

  async reclaim(id: string, owner: string, ttlMs: number): Promise<OperationLease | 'absent' | 'held'> {
    const token = Number(await this.run((c) => c.eval(RECLAIM, 3, this.key('lease', id), this.key('fence', id), this.key('op', id), owner, String(ttlMs))));
    return token === 0 ? 'absent' : token < 0 ? 'held' : { id, owner, token };
  }

  async acquire(id: string, owner: string, ttlMs: number): Promise<OperationLease | undefined> {
    const token = await this.run((c) => c.eval(ACQUIRE, 2, this.key('lease', id), this.key('fence', id), owner, String(ttlMs)));
    return token === null ? undefined : { id, owner, token: Number(token) };
  }

  async renew(lease: OperationLease, ttlMs: number): Promise<boolean> {
    return (await this.run((c) => c.eval(RENEW, 1, this.key('lease', lease.id), lease.owner, String(ttlMs)))) === 1;
  }

  async release(lease: OperationLease): Promise<void> {
    await this.run((c) => c.eval(RENEW, 1, this.key('lease', lease.id), lease.owner, ''));
  }

  async loadRun(id: string): Promise<StoredRun | undefined> {
    const json = await this.run((c) => c.get(this.key('run', id)));
    return json ? (JSON.parse(json) as StoredRun) : undefined;
  }

  /** PENDING and RUNNING operations whose lease nobody holds: their replica stopped or died. */
  async unleased(): Promise<string[]> {
    const ids = [
      ...await this.run((c) => c.zrange(this.stateIndex('PENDING'), 0, -1)),
      ...await this.run((c) => c.zrange(this.stateIndex('RUNNING'), 0, -1)),
    ];
    if (ids.length === 0) return [];
    const held = await this.run((c) => c.mget(...ids.map((id) => this.key('lease', id))));
    return ids.filter((_, i) => held[i] === null);
  }

  /** Close this store's connections (the injected client is the caller's to close). */
  close(): void {
    this.closed = true;
    this.commands.disconnect();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    this.listeners.clear();
  }
}

/**
 * A failed command as StoreUnavailable, saying whether it may have reached Redis: refused before
 * sending (no connection) is surely not applied; a timeout or a connection lost while waiting for
 * the answer leaves a write's outcome unknown. Redis's error replies (a script's bug) are kept.
 */
function unavailable(e: unknown, timeoutMs: number): unknown {
  if (e instanceof StoreUnavailable || !(e instanceof Error) || e.name === 'ReplyError') return e;
  if (e.message.startsWith("Stream isn't writeable")) return new StoreUnavailable('its connection is down', false, { cause: e });
  if (e.message === 'Command timed out') return new StoreUnavailable(`no answer within ${timeoutMs} ms`, true, { cause: e });
  return new StoreUnavailable('its connection failed', true, { cause: e });
}

function withCancel(json: string, cancel: string | null | undefined): OperationRecord {
  const r = JSON.parse(json) as OperationRecord;
  r.cancelRequested = cancel === '1';
  return r;
}
