/**
 * One reader per log for all its live subscribers: each appended entry is read once and offered
 * only to the subscribers whose filter can match it. Without it every subscriber read every log
 * on every append (at 10,000 subscribers, half a million async reads a second to find ten
 * thousand deliveries).
 *
 * Subscribers are indexed by their filter's most selective exact term (FilterTerm: a namespace,
 * an involved object's name, a `key=value` label...); one with no such term waits in a catch-all
 * bucket. An entry is looked up once per term name in use, then the full filter decides.
 *
 * A subscriber reads the log itself (readStreams) to replay after a cursor and after a gap; when
 * its own read reaches what the log holds it `join`s, and the dispatcher takes over from exactly
 * the entry after the subscriber's position. Cursors stay opaque (the EventLog seam): the
 * dispatcher only compares them for equality, with the cursors it has itself passed.
 */
import type { EventLog, LogEntry } from './EventLog.ts';

/** An exact term a filter requires: entries whose `of` is not `value` never match it. */
export interface FilterTerm<T> {
  /** Which property (e.g. `namespace`, `label:app`); terms of one name must share `of`. */
  name: string;
  value: string;
  of(value: T): string | undefined;
}

/** A filter, optionally with the term the dispatcher indexes its subscriber by. */
export type Filter<T> = ((value: T) => boolean) & { term?: FilterTerm<T> | undefined };

export interface DispatchMember<T> {
  readonly filter: Filter<T> | undefined;
  /** An entry that passed the filter, in log order; `seq` counts the entries this dispatcher passed. */
  offer(entry: LogEntry<T>, seq: number): void;
  /** Admitted: served by the dispatcher from now on (after `join` answered `wait`, or `live`). */
  live(): void;
  /** The dispatcher no longer serves this member (it lost entries, or its log failed): read the log yourself. */
  drop(): void;
}

/**
 * What `join` tells a member: served from now; read again (the log moved on); wait to be admitted
 * (the dispatcher is behind); or `alone`: this dispatcher serves nobody now (stopped, or its log
 * could not say where it ends yet), so read the log on every append.
 */
export type JoinResult = 'live' | 'read' | 'wait' | 'alone';

/** Cursors the dispatcher remembers having passed, to tell "ahead of a member" from "behind it". */
const RECENT = 8192;

interface TermIndex<T> {
  of(value: T): string | undefined;
  buckets: Map<string, Set<DispatchMember<T>>>;
}

export class LogDispatcher<T> {
  /** Resolves when the dispatcher knows where it stands; join only after. */
  readonly ready: Promise<void>;
  private position: string | undefined;
  private seq = 0;
  private readonly recent = new Set<string>();
  private readonly terms = new Map<string, TermIndex<T>>();
  private readonly catchAll = new Set<DispatchMember<T>>();
  /** Members waiting for the dispatcher to pass their position, by that position. */
  private readonly pending = new Map<string, Set<DispatchMember<T>>>();
  private readonly where = new Map<DispatchMember<T>, { bucket: Set<DispatchMember<T>>; cleanup: () => void }>();
  private draining = false;
  private again = false;
  private stopped = false;
  private placing = false;
  private readonly offAppend: () => void;

  /**
   * @param window entries a member may fall behind before it is dropped: the log's capacity, so a
   *   slow member meets the gap it would have met reading the log itself. @default 1000
   * @param batch entries read from the log at a time. @default 256
   */
  constructor(private readonly log: EventLog<T>, readonly window = 1000, private readonly batch = 256) {
    this.offAppend = log.onAppend(() => this.drain());
    this.ready = this.place();
  }

  /**
   * Find where the log ends. A log that cannot say now (a shared log whose store is away) is
   * asked again at its next wake-up (it wakes its readers when it is back); meanwhile members
   * read the log themselves. Giving up for good would leave a long-lived stream (the read cache
   * holds its streams forever) with every subscriber reading the log on every append.
   */
  private async place(): Promise<void> {
    if (this.placing) return;
    this.placing = true;
    try {
      const cursor = await this.log.latestCursor();
      if (this.stopped || this.position !== undefined) return;
      this.position = cursor;
      this.remember(cursor);
      this.drain();
    } catch {
      // Not placed: the next wake-up tries again.
    } finally {
      this.placing = false;
    }
  }

  /** The cursor of the last entry dispatched (undefined before `ready`). */
  get at(): string | undefined {
    return this.position;
  }

  /** Entries dispatched so far (the `seq` of the last one). */
  get count(): number {
    return this.seq;
  }

  /** Members served or waiting now (tests, status). */
  get size(): number {
    return this.where.size;
  }

  /**
   * A member whose own read just returned everything the log held after `at` asks to be served.
   * Synchronous, so nothing can be appended between the answer and the member acting on it.
   */
  join(member: DispatchMember<T>, at: string): JoinResult {
    if (this.stopped || this.position === undefined) return 'alone';
    if (at === this.position) {
      this.add(member);
      return 'live';
    }
    // The dispatcher already passed `at`: the log has more than the member read; it reads again.
    if (this.recent.has(at)) return 'read';
    // The dispatcher is behind the member: admitted once the dispatcher passes `at`.
    let waiting = this.pending.get(at);
    if (!waiting) this.pending.set(at, waiting = new Set());
    waiting.add(member);
    const bucket = waiting;
    this.where.set(member, { bucket, cleanup: () => { if (bucket.size === 0) this.pending.delete(at); } });
    return 'wait';
  }

  leave(member: DispatchMember<T>): void {
    const at = this.where.get(member);
    if (!at) return;
    this.where.delete(member);
    at.bucket.delete(member);
    at.cleanup();
  }

  stop(): void {
    this.stopped = true;
    this.offAppend();
    this.dropAll();
  }

  private add(member: DispatchMember<T>): void {
    member.live();
    const term = member.filter?.term;
    if (!term) {
      this.catchAll.add(member);
      this.where.set(member, { bucket: this.catchAll, cleanup: () => undefined });
      return;
    }
    let index = this.terms.get(term.name);
    if (!index) this.terms.set(term.name, index = { of: term.of, buckets: new Map() });
    let bucket = index.buckets.get(term.value);
    if (!bucket) index.buckets.set(term.value, bucket = new Set());
    bucket.add(member);
    const { buckets } = index;
    const b = bucket;
    this.where.set(member, {
      bucket: b,
      cleanup: () => {
        if (b.size > 0) return;
        buckets.delete(term.value);
        if (buckets.size === 0 && this.terms.get(term.name)?.buckets === buckets) this.terms.delete(term.name);
      },
    });
  }

  private drain(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    if (this.stopped) return;
    if (this.position === undefined) {
      void this.place();
      return;
    }
    this.draining = true;
    void this.run();
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false;
        const read = await this.log.readAfter(this.position!, this.batch);
        if (this.stopped) return;
        if (read.gap) {
          // Lost entries nobody was offered: every member finds its own gap by reading the log.
          this.position = read.gap.cursor;
          this.remember(read.gap.cursor);
          this.dropAll();
        }
        for (const entry of read.entries) {
          this.dispatch(entry, ++this.seq);
          this.position = entry.cursor;
          this.remember(entry.cursor);
          const waiting = this.pending.get(entry.cursor);
          if (waiting) {
            this.pending.delete(entry.cursor);
            for (const m of waiting) {
              this.where.delete(m);
              this.add(m);
            }
          }
        }
        if (read.entries.length === this.batch) this.again = true;
      } while (this.again && !this.stopped);
    } catch {
      // The log failed: members read it themselves, and meet the error there.
      this.dropAll();
    } finally {
      this.draining = false;
    }
  }

  private dispatch(entry: LogEntry<T>, seq: number): void {
    const value = entry.value;
    for (const index of this.terms.values()) {
      const key = index.of(value);
      if (key === undefined) continue;
      const bucket = index.buckets.get(key);
      if (bucket) for (const m of bucket) if (m.filter!(value)) m.offer(entry, seq);
    }
    for (const m of this.catchAll) if (!m.filter || m.filter(value)) m.offer(entry, seq);
  }

  private remember(cursor: string): void {
    this.recent.add(cursor);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.values().next().value!);
  }

  private dropAll(): void {
    const members = [...this.where.keys()];
    this.where.clear();
    this.terms.clear();
    this.catchAll.clear();
    this.pending.clear();
    for (const m of members) m.drop();
  }
}
