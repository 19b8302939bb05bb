/**
 * One subscriber's view of several streams (one per cluster): an async iterable that reads each
 * stream's log after where the subscriber stands, filters before anything else sees an entry,
 * and yields deliveries carrying a cursor for every stream (StreamCursor). A reader that fell
 * behind what a log holds gets a gap delivery for that stream, then continues from the oldest
 * entry held: loss is always said, never silent.
 *
 * Ending: `return()` (what graphql-ws calls when a client completes) and the optional signal
 * both end the iteration at once, even while it waits for the next entry; an async generator
 * alone would queue `return()` behind that wait.
 */
import type { EventLog } from './EventLog.ts';
import { encodeStreamCursor, type StreamPositions } from './StreamCursor.ts';

export interface StreamToRead<T> {
  /** The stream's id in cursors. */
  id: string;
  cluster: string;
  log: EventLog<T>;
}

export type Delivery<T> =
  | { cursor: string; value: T; gap?: undefined }
  /** What a reader missed in one stream: `missed` entries (undefined when the log cannot tell). */
  | { cursor: string; value?: undefined; gap: { cluster: string; missed: number | undefined } };

export interface ReadStreamsOptions<T> {
  streams: readonly StreamToRead<T>[];
  /** Where to start per stream id; streams missing here start at their latest entry. */
  after?: StreamPositions | undefined;
  /** Entries for which this is false are skipped (the cursor still moves past them). */
  filter?: ((value: T) => boolean) | undefined;
  signal?: AbortSignal | undefined;
  /** Called once when the iteration ends, however it ends. */
  onEnd?: () => void;
  /** Entries read from one log at a time. @default 256 */
  batch?: number;
}

export function readStreams<T>(options: ReadStreamsOptions<T>): AsyncIterableIterator<Delivery<T>> {
  const ending = new AbortController();
  const onAbort = () => ending.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Where each stream starts is taken now, not at the first next(): a change made after the
  // subscription was set up is delivered even if the subscriber has not started reading yet.
  const start = Promise.all(options.streams.map(async (s) => [s.id, options.after?.get(s.id) ?? await s.log.latestCursor()] as const));
  start.catch(() => undefined);
  const generator = read(options, start, ending.signal);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.signal?.removeEventListener('abort', onAbort);
    options.onEnd?.();
  };
  const iterator: AsyncIterableIterator<Delivery<T>> = {
    async next() {
      const result = await generator.next();
      if (result.done) end();
      return result;
    },
    async return() {
      ending.abort();
      end();
      return generator.return(undefined);
    },
    async throw(error?: unknown) {
      ending.abort();
      end();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

async function* read<T>(options: ReadStreamsOptions<T>, start: Promise<ReadonlyArray<readonly [string, string]>>, ending: AbortSignal): AsyncGenerator<Delivery<T>> {
  const batch = options.batch ?? 256;
  const positions: StreamPositions = new Map();
  let wake: (() => void) | undefined;
  let dirty = false;
  const poke = () => {
    dirty = true;
    wake?.();
  };
  const offs = options.streams.map((s) => s.log.onAppend(poke));
  ending.addEventListener('abort', poke, { once: true });
  try {
    for (const [id, position] of await start) positions.set(id, position);
    while (!ending.aborted) {
      dirty = false;
      let more = false;
      for (const s of options.streams) {
        const read = await s.log.readAfter(positions.get(s.id)!, batch);
        if (ending.aborted) return;
        if (read.gap) {
          positions.set(s.id, read.gap.cursor);
          yield { cursor: encodeStreamCursor(positions), gap: { cluster: s.cluster, missed: read.gap.missed } };
        }
        for (const entry of read.entries) {
          positions.set(s.id, entry.cursor);
          if (options.filter && !options.filter(entry.value)) continue;
          yield { cursor: encodeStreamCursor(positions), value: entry.value };
          if (ending.aborted) return;
        }
        if (read.entries.length === batch) more = true;
      }
      if (!more && !dirty && !ending.aborted) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    }
  } finally {
    for (const off of offs) off();
    ending.removeEventListener('abort', poke);
  }
}
