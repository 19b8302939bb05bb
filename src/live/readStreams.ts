/**
 * One subscriber's view of several streams (one per cluster): an async iterable that reads each
 * stream's log after where the subscriber stands, filters before anything else sees an entry,
 * and yields deliveries carrying a cursor for every stream (StreamCursor). A reader that fell
 * behind what a log holds gets a gap delivery for that stream, then continues from the oldest
 * entry held: loss is always said, never silent.
 *
 * A stream given with its log's LogDispatcher is read here only to catch up (after a cursor, after
 * a gap, after falling behind); once the read reaches the end of the log the subscriber joins the
 * dispatcher, which offers it only the entries its filter wants. Streams without one are read on
 * every append.
 *
 * Ending: `return()` (what graphql-ws calls when a client completes) and the optional signal
 * both end the iteration at once, even while it waits for the next entry; an async generator
 * alone would queue `return()` behind that wait.
 */
import { LogUnavailable, type EventLog, type LogEntry } from './EventLog.ts';
import type { DispatchMember, Filter, LogDispatcher } from './LogDispatcher.ts';
import { encodeStreamCursor, type StreamPositions } from './StreamCursor.ts';

export interface StreamToRead<T> {
  /** The stream's id in cursors. */
  id: string;
  cluster: string;
  log: EventLog<T>;
  /** The log's shared reader: once caught up, the subscriber is served by it instead of reading. */
  dispatcher?: LogDispatcher<T> | undefined;
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
  filter?: Filter<T> | undefined;
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
  const start = Promise.all(options.streams.map(async (s) => [s.id, options.after?.get(s.id) ?? await latestOf(s.log, ending.signal)] as const));
  start.catch(() => undefined);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.signal?.removeEventListener('abort', onAbort);
    options.onEnd?.();
  };
  const generator = read(options, start, ending.signal, end);
  const iterator: AsyncIterableIterator<Delivery<T>> = {
    // The generator's own promise, not one more around it: at 10,000 subscribers each layer of
    // promises per delivery is garbage, and the waiting ones live until the next delivery.
    next: () => generator.next(),
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

/**
 * Where `log` ends now. A shared log that became unreachable after the hub let the subscription
 * start (the hub tells the subscriber) is asked again when it wakes its readers (it does when it
 * is back), as a read is: the subscription waits rather than failing with an internal error.
 */
async function latestOf<T>(log: EventLog<T>, ending: AbortSignal): Promise<string> {
  for (;;) {
    try {
      return await log.latestCursor();
    } catch (e) {
      if (!(e instanceof LogUnavailable) || ending.aborted) throw e;
      await new Promise<void>((resolve) => {
        const done = () => {
          off();
          ending.removeEventListener('abort', done);
          resolve();
        };
        const off = log.onAppend(done);
        ending.addEventListener('abort', done, { once: true });
      });
    }
  }
}

type Mode = 'read' | 'wait' | 'live';

/** Per log: the last one-stream cursor made for it (see `cursor` in `read`). */
const lastCursor = new WeakMap<object, { id: string; position: string; cursor: string }>();

interface StreamState<T> {
  s: StreamToRead<T>;
  /** The last entry this reader delivered or passed (the log's cursor). */
  position: string;
  mode: Mode;
  /** Entries the dispatcher offered, not yet delivered. */
  queue: Array<{ entry: LogEntry<T>; seq: number }>;
  head: number;
  /** The dispatcher's count at `position` while live. */
  seq: number;
  member: DispatchMember<T> | undefined;
  /** While its log is unavailable: the wake-up that makes this reader try again. */
  offRetry?: (() => void) | undefined;
}

/** `end` is called when the reading ends, however it ends (readStreams calls it first on return and throw). */
async function* read<T>(options: ReadStreamsOptions<T>, start: Promise<ReadonlyArray<readonly [string, string]>>, ending: AbortSignal, end: () => void): AsyncGenerator<Delivery<T>> {
  const batch = options.batch ?? 256;
  const filter = options.filter;
  // A plain flag, not `ending.aborted` in the loop: that getter showed in profiles at scale.
  let ended = ending.aborted;
  let wake: (() => void) | undefined;
  let dirty = false;
  const poke = () => {
    dirty = true;
    if (wake) {
      const w = wake;
      wake = undefined;
      w();
    }
  };
  const onEnding = () => {
    ended = true;
    poke();
  };
  ending.addEventListener('abort', onEnding, { once: true });
  const states: StreamState<T>[] = [];
  // Streams without a dispatcher are read on every append, as before.
  const offs: (() => void)[] = options.streams.filter((s) => !s.dispatcher).map((s) => s.log.onAppend(poke));
  const positions: StreamPositions = new Map();
  const cursor = () => {
    for (const st of states) {
      // A live reader with nothing waiting has everything its filter wants up to where the
      // dispatcher stands: its cursor moves past what the filter drops, as a reading one does.
      const at = st.mode === 'live' && st.head === st.queue.length ? st.s.dispatcher!.at ?? st.position : st.position;
      positions.set(st.s.id, at);
    }
    if (states.length !== 1) return encodeStreamCursor(positions);
    // One stream: the subscribers a dispatcher serves stand at the same position, so the last
    // cursor made for that stream is usually this one (encoding showed in profiles at scale).
    const [st] = states;
    const at = positions.get(st!.s.id)!;
    const last = lastCursor.get(st!.s.log);
    if (last?.id === st!.s.id && last.position === at) return last.cursor;
    const made = encodeStreamCursor(positions);
    lastCursor.set(st!.s.log, { id: st!.s.id, position: at, cursor: made });
    return made;
  };
  try {
    const started = await start;
    await Promise.all(options.streams.map((s) => s.dispatcher?.ready));
    for (const s of options.streams) {
      const position = started.find(([id]) => id === s.id)![1];
      const st: StreamState<T> = { s, position, mode: 'read', queue: [], head: 0, seq: 0, member: undefined };
      if (s.dispatcher) {
        st.member = {
          filter,
          live: () => {
            st.mode = 'live';
          },
          offer: (entry, seq) => {
            if (st.head === st.queue.length) {
              // Nothing waiting: everything the dispatcher passed before this entry was delivered
              // or filtered out, so this reader now stands where the dispatcher stands.
              st.position = s.dispatcher!.at ?? st.position;
              st.seq = seq - 1;
            } else if (seq - st.seq > s.dispatcher!.window) {
              // Why: a consumer that stopped reading must not hold entries without bound. It
              // leaves and reads the log after what it last got: the gap it would have met
              // reading the log itself, never a delay for anyone else.
              s.dispatcher!.leave(st.member!);
              st.mode = 'read';
              st.queue = [];
              st.head = 0;
              poke();
              return;
            }
            st.queue.push({ entry, seq });
            poke();
          },
          drop: () => {
            // Undelivered offers are dropped; reading after `position` finds them again.
            st.mode = 'read';
            st.queue = [];
            st.head = 0;
            poke();
          },
        };
      }
      states.push(st);
    }
    while (!ended) {
      dirty = false;
      let more = false;
      for (const st of states) {
        if (st.mode === 'read') {
          let read: Awaited<ReturnType<EventLog<T>['readAfter']>>;
          try {
            read = await st.s.log.readAfter(st.position, batch);
            st.offRetry?.();
            st.offRetry = undefined;
          } catch (e) {
            if (!(e instanceof LogUnavailable) || ended) throw e;
            // The shared log is unreachable (its subscribers are told by the hub): read again from
            // the same position when the log wakes its readers (it does when it is back).
            st.offRetry ??= st.s.log.onAppend(poke);
            continue;
          }
          if (ended) return;
          if (read.gap) {
            st.position = read.gap.cursor;
            yield { cursor: cursor(), gap: { cluster: st.s.cluster, missed: read.gap.missed } };
            if (ended) return;
          }
          for (const entry of read.entries) {
            st.position = entry.cursor;
            if (filter && !filter(entry.value)) continue;
            yield { cursor: cursor(), value: entry.value };
            if (ended) return;
          }
          if (read.entries.length === batch) more = true;
          else if (st.member && st.mode === 'read') {
            const joined = st.s.dispatcher!.join(st.member, st.position);
            if (joined === 'read') more = true;
            else if (joined === 'wait') st.mode = 'wait';
            else if (joined === 'alone') {
              st.member = undefined;
              offs.push(st.s.log.onAppend(poke));
            }
          }
        }
        while (st.head < st.queue.length) {
          const { entry, seq } = st.queue[st.head++]!;
          st.position = entry.cursor;
          st.seq = seq;
          if (st.head === st.queue.length) {
            st.queue = [];
            st.head = 0;
          }
          yield { cursor: cursor(), value: entry.value };
          if (ended) return;
        }
      }
      if (!more && !dirty && !ended) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    for (const off of offs) off();
    for (const st of states) st.offRetry?.();
    for (const st of states) if (st.member) st.s.dispatcher!.leave(st.member);
    ending.removeEventListener('abort', onEnding);
    end();
  }
}
