/**
 * This replica's connection to the Redis the replicas share (`--redis URL`): two ioredis
 * connections (commands, and one subscribed to the "a stream was appended to" channel), the
 * Lua-script primitives the shared streams are built on (leases, fenced appends, reads), and
 * whether Redis is reachable now (for /readyz and for telling subscribers).
 *
 * Commands fail at once while Redis is unreachable (no offline queue): a read or an append that
 * waited in a queue for minutes would only hide the outage. ioredis reconnects by itself with a
 * capped backoff; when it is back, every reader is woken to catch up.
 *
 * A Redis that stops answering without closing the connection (a paused process, a network path
 * that drops packets, a managed Redis failing over) closes nothing, and ioredis would wait for
 * its answers forever: readers silent, an owner watching and queueing appends without bound.
 * So a command of ours unanswered for `commandTimeoutMs`, or a connection that does not become
 * ready within it, cuts both connections: Redis counts as down (subscribers told, owners stop),
 * everything waiting fails at once, and ioredis reconnects.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { redactRedisUrl } from '../config/redisUrl.ts';
import { ACQUIRE, APPEND, HEAD, LOAD_STATE, READ, RELEASE, RENEW, SET_PROBLEM, SNAPSHOT, SYNC } from './scripts.ts';

export interface ReplicaOptions {
  /** redis:// or rediss:// URL (checked by src/config/redisUrl.ts). */
  url: string;
  /** How long a stream's owner holds its lease without renewing it. @default 10000 */
  leaseTtlMs?: number;
  /** How often an owner renews its lease, and a non-owner tries to take it. @default 3000 */
  renewMs?: number;
  /** Entries each shared stream keeps (XADD MAXLEN ~, so a little more may be kept). @default the hub's logCapacity */
  streamMaxLen?: number;
  /** Prefix of every key and channel, to share one Redis between deployments. @default 'fleetgraph:' */
  keyPrefix?: string;
  /** Longest wait between reconnection attempts. @default 2000 */
  reconnectMaxMs?: number;
  /** This replica's name in lease values (debugging: `GET fleetgraph:...:lease`). @default host:pid */
  replicaId?: string;
  /** A command unanswered this long (or a connection not ready this long) counts as Redis gone: the connections are cut and made again. @default 10000 */
  commandTimeoutMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;
export const DEFAULT_RENEW_MS = 3_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/** The keys of one shared stream. */
export interface StreamKeys {
  /** The stream's id (not a key; some scripts publish it). */
  id: string;
  log: string;
  seq: string;
  epoch: string;
  state: string;
  synced: string;
  lease: string;
  fence: string;
  /** The stream's standing failure (JSON), set by its owner. */
  problem: string;
}

export interface StreamHead {
  epoch: string;
  last: number;
  first: number;
}

export interface StreamRead extends StreamHead {
  entries: Array<{ seq: number; payload: string }>;
}

type Logger = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

export class RedisReplicas {
  readonly redis: Redis;
  private readonly sub: Redis;
  readonly replicaId: string;
  readonly leaseTtlMs: number;
  readonly renewMs: number;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
  private readonly channel: string;
  private readonly problemChannel: string;
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly problemListeners = new Map<string, Set<() => void>>();
  private readonly stateListeners = new Set<(available: boolean) => void>();
  private up = false;
  private readonly shas = new Map<string, string>();
  /** The run_id of the Redis server the command connection is connected to now (new at every start of it). */
  private runId: string | undefined;
  private closed = false;

  constructor(readonly options: ReplicaOptions, private readonly logger?: Logger) {
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewMs = options.renewMs ?? DEFAULT_RENEW_MS;
    if (!(this.renewMs > 0 && this.renewMs < this.leaseTtlMs)) {
      throw new RangeError(`replicas: renewMs (${this.renewMs}) must be positive and shorter than leaseTtlMs (${this.leaseTtlMs})`);
    }
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    if (!(this.commandTimeoutMs > 0)) throw new RangeError(`replicas: commandTimeoutMs (${this.commandTimeoutMs}) must be positive`);
    this.keyPrefix = options.keyPrefix ?? 'fleetgraph:';
    this.channel = `${this.keyPrefix}appended`;
    this.problemChannel = `${this.keyPrefix}problem`;
    this.replicaId = options.replicaId ?? `${hostname()}:${process.pid}`;
    const maxWait = options.reconnectMaxMs ?? 2000;
    const common = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times: number) => Math.min(100 * times, maxWait),
    };
    this.redis = new Redis(options.url, common);
    this.sub = new Redis(options.url, common);
    const where = redactRedisUrl(options.url);
    let told = false;
    this.redis.on('error', (e: Error) => {
      // One line per outage, not one per reconnection attempt; never the URL's password.
      if (told) return;
      told = true;
      this.logger?.warn({ redis: where, message: e.message }, 'redis unreachable; subscriptions are told, reads go on live');
    });
    this.sub.on('error', () => undefined);
    this.redis.on('ready', () => {
      told = false;
      // Up once the server's run_id is known: the scripts need it (see `serverRun`).
      const connected = this.redis.stream;
      this.answered(this.redis.info('server')).then((info) => {
        const run = /^run_id:([0-9a-f]+)/m.exec(info)?.[1];
        if (!run || this.redis.stream !== connected) return;
        this.runId = run;
        this.setUp(true);
      }, () => undefined);
    });
    this.redis.on('close', () => {
      this.runId = undefined;
      this.setUp(false);
    });
    this.sub.on('message', (channel: string, id: string) => (channel === this.problemChannel ? this.wake(id, this.problemListeners) : this.wake(id)));
    for (const connection of [this.redis, this.sub]) this.cutWhenNotReady(connection);
    this.sub.on('ready', () => {
      // Appends made while this connection was down were never heard: everyone reads again.
      void this.sub.subscribe(this.channel, this.problemChannel).then(() => this.wakeAll(), () => undefined);
    });
  }

  /** Connect (ioredis keeps retrying after); resolves when connected or after `waitMs`, whichever is first. */
  async start(waitMs = 5000): Promise<void> {
    this.redis.connect().catch(() => undefined);
    this.sub.connect().catch(() => undefined);
    if (this.up) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      timer.unref();
      const off = this.onAvailability((up) => up && done());
      function done() {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.redis.disconnect();
    this.sub.disconnect();
  }

  /** Whether Redis answers now. */
  get available(): boolean {
    return this.up;
  }

  onAvailability(listener: (available: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Call `listener` when any replica appends to stream `id` (and after Redis comes back). */
  listen(id: string, listener: () => void, listeners = this.listeners): () => void {
    let set = listeners.get(id);
    if (!set) listeners.set(id, set = new Set());
    set.add(listener);
    const s = set;
    return () => {
      s.delete(listener);
      if (s.size === 0 && listeners.get(id) === s) listeners.delete(id);
    };
  }

  /** Call `listener` when stream `id`'s owner sets or clears its standing failure (and after Redis comes back). */
  listenProblem(id: string, listener: () => void): () => void {
    return this.listen(id, listener, this.problemListeners);
  }

  /** Record (or clear, with '') the stream's standing failure for `token`; false when fenced off. */
  async setProblem(id: string, k: StreamKeys, token: string, problemJson: string): Promise<boolean> {
    return (await this.run(SET_PROBLEM, 2, k.fence, k.problem, token, problemJson, this.problemChannel, id, this.serverRun())) === 1;
  }

  async problem(k: StreamKeys): Promise<string | null> {
    return this.answered(this.redis.get(k.problem));
  }

  keys(id: string): StreamKeys {
    const base = `${this.keyPrefix}stream:${id}:`;
    return { id, log: `${base}log`, seq: `${base}seq`, epoch: `${base}epoch`, state: `${base}state`, synced: `${base}synced`, lease: `${base}lease`, fence: `${base}fence`, problem: `${base}problem` };
  }

  /** A lease value unique to one acquisition by this replica. */
  newHolder(): string {
    return `${this.replicaId}:${randomBytes(6).toString('base64url')}`;
  }

  /** The fencing token if the lease was free and is now `holder`'s; null if someone holds it. */
  async acquire(k: StreamKeys, holder: string): Promise<string | null> {
    const token = await this.run(ACQUIRE, 2, k.lease, k.fence, holder, this.leaseTtlMs, this.serverRun());
    return token === null ? null : String(token);
  }

  async renew(k: StreamKeys, holder: string): Promise<boolean> {
    return (await this.run(RENEW, 1, k.lease, holder, this.leaseTtlMs)) === 1;
  }

  async release(k: StreamKeys, holder: string): Promise<void> {
    await this.run(RELEASE, 1, k.lease, holder);
  }

  /** The stream's recorded state (object JSON by key), or undefined when no owner has recorded one yet. */
  async loadState(k: StreamKeys): Promise<Map<string, string> | undefined> {
    const [synced, flat] = (await this.run(LOAD_STATE, 2, k.synced, k.state)) as [string, string[]];
    if (synced !== '1') return undefined;
    const state = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) state.set(flat[i]!, flat[i + 1]!);
    return state;
  }

  /** Record the state of a first LIST; false when fenced off. */
  async sync(k: StreamKeys, token: string, objects: ReadonlyArray<readonly [string, string]>): Promise<boolean> {
    const args: string[] = [token, newEpoch(), this.serverRun(), this.channel];
    for (const [key, json] of objects) args.push(key, json);
    return (await this.run(SYNC, 5, k.fence, k.state, k.synced, k.epoch, k.id, ...args)) === 1;
  }

  /** Append for `token`; resolves to the entry's sequence number, or null when fenced off. */
  async append(id: string, k: StreamKeys, token: string, maxLen: number, payload: string, objectKey: string, objectJson: string): Promise<number | null> {
    const seq = await this.run(APPEND, 5, k.log, k.seq, k.epoch, k.state, k.fence, token, maxLen, newEpoch(), payload, objectKey, objectJson, this.channel, id, this.serverRun());
    return seq === null ? null : Number(seq);
  }

  /** The recorded state and the position it stands at (undefined state: no owner has recorded one yet). */
  async snapshot(k: StreamKeys): Promise<{ state: Map<string, string> | undefined; cursor: string }> {
    const [synced, flat, epoch, last] = (await this.run(SNAPSHOT, 4, k.synced, k.state, k.seq, k.epoch, newEpoch(), this.serverRun())) as [string, string[], string, number];
    const cursor = `${epoch}.${Number(last)}`;
    if (synced !== '1') return { state: undefined, cursor };
    const state = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) state.set(flat[i]!, flat[i + 1]!);
    return { state, cursor };
  }

  async head(k: StreamKeys): Promise<StreamHead> {
    const [epoch, last, first] = (await this.run(HEAD, 3, k.log, k.seq, k.epoch, newEpoch(), this.serverRun())) as [string, number, number];
    return { epoch, last: Number(last), first: Number(first) };
  }

  async read(k: StreamKeys, cursorEpoch: string, fromSeq: number, limit: number): Promise<StreamRead> {
    const [epoch, last, first, raw] = (await this.run(READ, 3, k.log, k.seq, k.epoch, newEpoch(), this.serverRun(), cursorEpoch, fromSeq, limit)) as [string, number, number, Array<[string, string[]]>];
    const entries = raw.map(([id, fields]) => ({ seq: Number(id.slice(0, id.indexOf('-'))), payload: fields[1]! }));
    return { epoch, last: Number(last), first: Number(first), entries };
  }

  /**
   * A script by its SHA1 (EVALSHA: the body is sent once per Redis, not with every append), sent
   * whole when this Redis does not know it yet (first use, or after a restart emptied its cache).
   */
  private async run(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) this.shas.set(script, sha = createHash('sha1').update(script).digest('hex'));
    try {
      return await this.answered(this.redis.evalsha(sha, numKeys, ...args));
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      return this.answered(this.redis.eval(script, numKeys, ...args));
    }
  }

  /**
   * The server's run_id, which the scripts compare with the one that made a stream's epoch (see
   * CURRENT_EPOCH in scripts.ts); throws while it is not known (connecting), as a command would.
   */
  private serverRun(): string {
    if (this.runId === undefined) throw new Error('redis: connecting (the server\'s run_id is not known yet)');
    return this.runId;
  }

  /** `reply`, after cutting the connections if it is not there within `commandTimeoutMs` (see the top of this file). */
  private answered<R>(reply: Promise<R>): Promise<R> {
    const timer = setTimeout(() => this.cut(`a command went unanswered for ${this.commandTimeoutMs} ms`), this.commandTimeoutMs);
    timer.unref();
    return reply.finally(() => clearTimeout(timer));
  }

  /** A connection that connected but is not ready within `commandTimeoutMs` (its handshake unanswered) is cut and made again. */
  private cutWhenNotReady(connection: Redis): void {
    let timer: NodeJS.Timeout | undefined;
    connection.on('connect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (connection.status === 'connect') this.cut(`a connection was not ready within ${this.commandTimeoutMs} ms`, connection);
      }, this.commandTimeoutMs);
      timer.unref();
    });
    connection.on('close', () => clearTimeout(timer));
  }

  /**
   * Drop the connections' sockets (ending them politely would wait for an answer that does not
   * come): each closes now, failing what waited on it, and ioredis reconnects.
   */
  private cut(why: string, only?: Redis): void {
    if (this.closed) return;
    // Once per outage (while it lasts, each new connection's handshake goes unanswered too).
    if (this.up) this.logger?.warn({ redis: redactRedisUrl(this.options.url), why }, 'redis does not answer; cutting its connections to reconnect');
    for (const connection of only ? [only] : [this.redis, this.sub]) connection.stream?.destroy();
  }

  private setUp(up: boolean): void {
    if (this.up === up || this.closed) return;
    this.up = up;
    if (up) this.logger?.info({}, 'redis reachable');
    for (const l of [...this.stateListeners]) l(up);
    // Down: readers try, fail and say so. Up: readers catch up on what they did not hear.
    this.wakeAll();
  }

  private wake(id: string, listeners = this.listeners): void {
    for (const l of [...(listeners.get(id) ?? [])]) l();
  }

  private wakeAll(): void {
    for (const id of [...this.listeners.keys()]) this.wake(id);
    for (const id of [...this.problemListeners.keys()]) this.wake(id, this.problemListeners);
  }
}

/** A new stream's epoch, if this call is the one that creates it: 8 base64url characters. */
function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}
