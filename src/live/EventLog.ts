/**
 * The one seam every change the watch hub emits goes through: an append-only log per stream,
 * read after an opaque cursor. The in-memory ring (MemoryEventLog) is the only implementation
 * today; a shared log (Redis Streams, for replicas that share work) will implement the same
 * interface, so nothing outside a log may assume that cursors are in-process: they are opaque
 * strings, compared by nobody but their log, and every method is asynchronous.
 */

export interface LogEntry<T> {
  /** Opaque; reading after it continues right after this entry, on any replica that shares the log. */
  cursor: string;
  value: T;
}

export interface LogRead<T> {
  entries: LogEntry<T>[];
  /**
   * The cursor was older than the oldest entry the log still holds (or from an earlier life of the
   * log): `entries` start at the oldest entry held, and what came between is lost to this reader.
   * `missed` is how many entries that was, when the log can tell; `cursor` is where this reader
   * now stands (just before `entries[0]`), to hand out with the gap so a resume does not repeat it.
   */
  gap?: { missed: number | undefined; cursor: string };
}

export interface EventLog<T> {
  /** Add an entry; resolves to its cursor. */
  append(value: T): Promise<string>;
  /**
   * Entries after `cursor`, oldest first, at most `limit`. Throws CursorError for a cursor that is
   * not this log's (malformed, another stream's) or that is ahead of it.
   */
  readAfter(cursor: string, limit: number): Promise<LogRead<T>>;
  /** A cursor after which only entries appended from now on are read (the latest entry's, or the log's start). */
  latestCursor(): Promise<string>;
  /** The cursor just before the oldest entry held: reading after it returns everything held. */
  oldestCursor(): Promise<string>;
  /** Call `listener` after each append (to wake readers); returns the unsubscribe function. */
  onAppend(listener: () => void): () => void;
}

/** A cursor the log cannot read after: a client mistake, not a gap. */
export class CursorError extends Error {
  override readonly name = 'CursorError';
}

/**
 * The log cannot be read now (a shared log's store is unreachable): not a client mistake, and
 * not the end of the subscription. Readers wait for the log's next `onAppend` wake-up (a shared
 * log wakes its readers when its store is back) and read again from where they stood.
 */
export class LogUnavailable extends Error {
  override readonly name = 'LogUnavailable';
}
