/**
 * The in-memory EventLog: a bounded ring per stream. When full, the oldest entry goes; a reader
 * whose cursor fell behind gets a gap. Cursors are `<epoch>.<sequence>` where the epoch is random
 * per log instance, so a cursor from a log that was dropped and made again (the stream stopped
 * after its grace period, or the gateway restarted) is told apart and answered with a gap, never
 * read as a position in the new log.
 */
import { randomBytes } from 'node:crypto';
import { CursorError, type EventLog, type LogEntry, type LogRead } from './EventLog.ts';

export class MemoryEventLog<T> implements EventLog<T> {
  private readonly epoch = randomBytes(6).toString('base64url');
  private readonly ring: (T | undefined)[];
  /** Sequence number of the next entry; entries held are [next - size, next). Starts at 1. */
  private next = 1;
  private size = 0;
  private readonly listeners = new Set<() => void>();

  /** @param capacity entries held (oldest dropped first). @default 1000 */
  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`MemoryEventLog: capacity must be a positive whole number, got ${capacity}`);
    this.ring = new Array<T | undefined>(capacity);
  }

  async append(value: T): Promise<string> {
    return this.appendNow(value);
  }

  /** The synchronous append of this in-memory log (the hub uses it to keep the cluster's order without awaiting). */
  appendNow(value: T): string {
    const seq = this.next++;
    this.ring[seq % this.capacity] = value;
    if (this.size < this.capacity) this.size++;
    for (const listener of this.listeners) listener();
    return this.cursorOf(seq);
  }

  async readAfter(cursor: string, limit: number): Promise<LogRead<T>> {
    const { epoch, seq } = this.parse(cursor);
    const oldest = this.next - this.size;
    let from = seq + 1;
    let gap: LogRead<T>['gap'];
    if (epoch !== this.epoch) {
      gap = { missed: undefined, cursor: this.cursorOf(oldest - 1) };
      from = oldest;
    } else if (seq >= this.next) {
      throw new CursorError(`cursor ${cursor} is ahead of this stream (it has ${this.next - 1} entries)`);
    } else if (from < oldest) {
      gap = { missed: oldest - from, cursor: this.cursorOf(oldest - 1) };
      from = oldest;
    }
    const entries: LogEntry<T>[] = [];
    for (let s = from; s < this.next && entries.length < limit; s++) entries.push({ cursor: this.cursorOf(s), value: this.ring[s % this.capacity] as T });
    return gap ? { entries, gap } : { entries };
  }

  async latestCursor(): Promise<string> {
    return this.cursorOf(this.next - 1);
  }

  async oldestCursor(): Promise<string> {
    return this.cursorOf(this.next - this.size - 1);
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private cursorOf(seq: number): string {
    return `${this.epoch}.${seq}`;
  }

  private parse(cursor: string): { epoch: string; seq: number } {
    const m = /^([A-Za-z0-9_-]{8})\.(\d{1,15})$/.exec(cursor);
    if (!m) throw new CursorError(`not a cursor of this stream: ${JSON.stringify(cursor.slice(0, 40))}`);
    return { epoch: m[1]!, seq: Number(m[2]) };
  }
}
