/**
 * One shared stream as one replica takes part in it: while the hub has users of the stream,
 * this replica tries to own it (a lease in Redis, renewed by the owner) and, while it does, runs
 * the list+watch and appends every change with its fencing token. Every replica, the owner
 * included, reads the stream through its RedisStreamLog.
 *
 * Ownership, step by step:
 * - every `renewMs` a non-owner tries `SET lease NX PX ttl`; the one that gets it draws a new
 *   fencing token (INCR) in the same script;
 * - the new owner loads the stream's recorded state (object by key, updated with every append),
 *   and starts a ListWatch seeded with it: its first LIST emits exactly the differences (by uid
 *   and resourceVersion) between what the stream said and what the cluster has now, as ADDED /
 *   MODIFIED / DELETED. A brand-new stream (no state) lists silently and records the state;
 * - every change is appended by a script that first checks the token is still the current one:
 *   an owner that lost its lease (paused, partitioned) and wakes up is refused, and stops;
 * - the owner renews every `renewMs`; a renewal refused (the lease went to another) or failing
 *   (Redis unreachable) stops its list+watch at once. A failed append does the same: a change
 *   that could not be appended is not lost, as the next owner's diff against the recorded state
 *   (which did not take it either) appends it.
 *
 * So after an owner dies, another owns the stream within `leaseTtlMs + renewMs`.
 */
import { ClusterError } from '../kube/ClusterError.ts';
import { keyOf } from '../live/IndexedStore.ts';
import type { LiveObject } from '../live/leanObject.ts';
import type { Change, ListWatch } from '../live/ListWatch.ts';
import type { SharedStream, SharedStreamSpec, SharedStreams } from '../live/SharedStreams.ts';
import type { ResourceChangeEntry } from '../live/WatchHub.ts';
import { MirrorStore } from './MirrorStore.ts';
import { RedisStreamLog } from './RedisStreamLog.ts';
import type { RedisReplicas, StreamKeys } from './RedisReplicas.ts';

export class SharedWatch implements SharedStream {
  readonly log: RedisStreamLog<ResourceChangeEntry>;
  watch: ListWatch | undefined;
  private readonly keys: StreamKeys;
  private holder: string | undefined;
  private token: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking = false;
  private mirrored: MirrorStore | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly offAvailability: () => void;
  private readonly offProblem: () => void;
  /** See SharedStream.problem; JSON as recorded, to tell a new one from the same one again. */
  problem: ClusterError | undefined;
  private problemJson = '';

  constructor(private readonly replicas: RedisReplicas, private readonly spec: SharedStreamSpec, private readonly maxLen: number, private readonly kind: string) {
    this.keys = replicas.keys(spec.id);
    this.log = new RedisStreamLog(replicas, spec.id);
    this.offAvailability = replicas.onAvailability((up) => {
      if (up) {
        // Back: try to own at once rather than at the next tick.
        clearTimeout(this.timer);
        void this.tick();
        return;
      }
      spec.tell(new ClusterError(spec.cluster, 'UNAVAILABLE',
        `cluster "${spec.cluster}": the shared event log (Redis) is unreachable: changes are delivered when it is back, or a gap is told if they were lost`));
    });
    this.offProblem = replicas.listenProblem(spec.id, () => void this.readProblem());
    void this.readProblem();
    void this.tick();
  }

  /** The stream's standing failure as recorded in Redis: a new one is told to this replica's subscribers. */
  private async readProblem(): Promise<void> {
    let json: string | null;
    try {
      json = await this.replicas.problem(this.keys);
    } catch {
      return; // Redis unreachable: that is told on its own
    }
    if (this.stopped || (json ?? '') === this.problemJson) return;
    this.problemJson = json ?? '';
    if (!json) {
      this.problem = undefined;
      return;
    }
    const p = JSON.parse(json) as { code: ClusterError['code']; message: string; resource?: string };
    this.problem = new ClusterError(this.spec.cluster, p.code, p.message, p.resource);
    this.spec.tell(this.problem);
  }

  /** Whether this replica owns the stream now. */
  get owner(): boolean {
    return this.token !== undefined;
  }

  /** See SharedStream.mirror. */
  mirror(): MirrorStore {
    this.mirrored ??= new MirrorStore(this.replicas, this.keys, this.log, this.kind);
    return this.mirrored;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.mirrored?.stop();
    clearTimeout(this.timer);
    this.offAvailability();
    this.offProblem();
    await this.lose();
  }

  private async tick(): Promise<void> {
    // One attempt at a time (the timer and Redis coming back may both call).
    if (this.stopped || this.ticking) return;
    this.ticking = true;
    try {
      if (this.holder) {
        if (!(await this.replicas.renew(this.keys, this.holder))) await this.lose();
      } else if (this.replicas.available) {
        const holder = this.replicas.newHolder();
        const token = await this.replicas.acquire(this.keys, holder);
        if (token !== null) await this.own(holder, token);
      }
    } catch {
      // Redis unreachable: an owner can no longer be sure it owns, and its appends fail anyway.
      await this.lose();
    } finally {
      this.ticking = false;
      clearTimeout(this.timer);
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.tick(), this.replicas.renewMs);
        this.timer.unref();
      }
    }
  }

  private async own(holder: string, token: string): Promise<void> {
    this.holder = holder;
    const state = await this.replicas.loadState(this.keys);
    if (this.stopped || this.holder !== holder) {
      await this.replicas.release(this.keys, holder).catch(() => undefined);
      return;
    }
    this.token = token;
    const seed = state ? [...state.values()].map((json) => JSON.parse(json) as LiveObject) : undefined;
    const watch = this.spec.makeWatch({
      seed,
      onChange: (change) => this.append(token, change),
      onProblem: (problem) => {
        const json = problem ? JSON.stringify({ code: problem.code, message: problem.message, resource: problem.resource }) : '';
        this.chain(token, async () => {
          if (!(await this.replicas.setProblem(this.spec.id, this.keys, token, json))) await this.lose(token);
        });
      },
      onSynced: (objects) => {
        // Serialized now: the store changes after this call.
        const pairs = [...objects].map(([key, object]) => [key, JSON.stringify(object)] as const);
        this.chain(token, async () => {
          if (!(await this.replicas.sync(this.keys, token, pairs))) await this.lose(token);
        });
      },
    });
    this.watch = watch;
    watch.start();
  }

  private append(token: string, change: Change): void {
    const entry = this.spec.entry(change);
    const payload = JSON.stringify(entry);
    const key = keyOf(change.object);
    const json = change.type === 'DELETED' ? '' : JSON.stringify(change.object);
    this.chain(token, async () => {
      const seq = await this.replicas.append(this.spec.id, this.keys, token, this.maxLen, payload, key, json);
      if (seq === null) await this.lose(token);
    });
  }

  /** Appends run one after another, in the cluster's order, and only while `token` is still ours. */
  private chain(token: string, op: () => Promise<void>): void {
    this.tail = this.tail.then(async () => {
      if (this.token !== token) return;
      await op();
    }).catch(() => this.lose(token));
  }

  /**
   * Stop owning: stop the list+watch, give the lease back if it is still ours. With `token`: only
   * if that ownership is still the current one (a late failure of an earlier one changes nothing).
   */
  private async lose(token?: string): Promise<void> {
    if (token !== undefined && this.token !== token) return;
    const { watch, holder } = this;
    this.watch = undefined;
    this.token = undefined;
    this.holder = undefined;
    await watch?.stop();
    if (holder) await this.replicas.release(this.keys, holder).catch(() => undefined);
  }
}

/** The SharedStreams of the hub, over one Redis. */
export class RedisSharedStreams implements SharedStreams {
  constructor(private readonly replicas: RedisReplicas, private readonly maxLen: number) {}

  get available(): boolean {
    return this.replicas.available;
  }

  open(spec: SharedStreamSpec): SharedWatch {
    return new SharedWatch(this.replicas, spec, this.maxLen, spec.kind);
  }
}
