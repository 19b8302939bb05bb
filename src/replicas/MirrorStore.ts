/**
 * A replica's copy of a shared stream's objects, for the read cache (`--cache` with `--redis`):
 * loaded from the stream's recorded state together with the position that state stands at (one
 * script, so nothing falls between), then kept up to date by applying every entry appended after
 * it, whichever replica owns the stream. It makes no upstream request of its own.
 *
 * It is `synced` only while it follows the stream: not before the first owner has recorded a
 * state, and not while Redis is unreachable (the cache then reads live rather than serve a copy
 * that silently stopped changing). A gap (entries trimmed before it read them, or the stream lost)
 * reloads it from the recorded state.
 */
import { IndexedStore, keyOf } from '../live/IndexedStore.ts';
import type { LiveObject } from '../live/leanObject.ts';
import { storedObject } from '../live/storedObject.ts';
import type { ResourceChangeEntry } from '../live/WatchHub.ts';
import type { WatchedStore } from '../live/WatchedStore.ts';
import type { RedisReplicas, StreamKeys } from './RedisReplicas.ts';
import type { RedisStreamLog } from './RedisStreamLog.ts';

export class MirrorStore implements WatchedStore {
  objects = new IndexedStore();
  synced = false;
  lastChangeAt: Date | undefined;
  private position: string | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly offs: Array<() => void>;
  private waiters: Array<() => void> = [];

  constructor(private readonly replicas: RedisReplicas, private readonly keys: StreamKeys, private readonly log: RedisStreamLog<ResourceChangeEntry>, private readonly kind: string) {
    this.offs = [
      log.onAppend(() => this.pump()),
      replicas.onAvailability((up) => {
        if (up) return this.pump();
        this.synced = false;
        this.position = undefined; // reload when back: what changed meanwhile may have been lost
      }),
    ];
    this.pump();
  }

  whenSynced(): Promise<void> {
    if (this.synced || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const off of this.offs) off();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Catch up with the stream (one run at a time; a wake-up during a run makes it go again). */
  private pump(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
    });
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        if (this.position === undefined && !(await this.load())) return;
        const read = await this.log.readAfter(this.position!, 256);
        if (this.stopped) return;
        if (read.gap) {
          this.position = undefined;
          this.again = true;
          continue;
        }
        for (const entry of read.entries) {
          this.apply(entry.value);
          this.position = entry.cursor;
        }
        if (read.entries.length === 256) this.again = true;
      } while (this.again && !this.stopped);
    } catch {
      // Redis unreachable: not synced until it is back (onAvailability wakes this again).
      this.synced = false;
      this.position = undefined;
    }
  }

  /** Start again from the recorded state; false when there is none yet (the first owner is still listing). */
  private async load(): Promise<boolean> {
    const { state, cursor } = await this.replicas.snapshot(this.keys);
    if (this.stopped || !state) return false;
    const objects = new IndexedStore();
    for (const json of state.values()) {
      const object = JSON.parse(json) as LiveObject;
      objects.set(keyOf(object), storedObject(object, this.kind, objects));
    }
    this.objects = objects;
    this.position = cursor;
    this.synced = true;
    for (const wake of this.waiters.splice(0)) wake();
    return true;
  }

  private apply(entry: ResourceChangeEntry): void {
    const key = keyOf(entry.object);
    if (entry.type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, storedObject(entry.object, this.kind, this.objects));
    this.lastChangeAt = new Date(entry.at);
  }
}
