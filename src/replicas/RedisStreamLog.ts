/**
 * The EventLog of a stream shared by the replicas: a Redis Stream (one per cluster × resource
 * [× namespace of a scope]) that only the stream's owner appends to (SharedWatch, fenced), and
 * that every replica reads.
 *
 * Cursors have the in-memory log's shape, `<epoch>.<sequence>`: the sequence is the entry's own
 * stream id (`SEQ-0`, given by the append script), so a cursor handed out by one replica reads on
 * any other, and a reader whose cursor was trimmed away learns exactly how many entries it
 * missed. The epoch is made when the stream is first used and lives in Redis beside it: a
 * cursor from a stream that was lost (Redis restarted empty) is told apart and answered with a
 * gap (`missed` unknown), never read as a position in the new stream.
 */
import { CursorError, LogUnavailable, type EventLog, type LogEntry, type LogRead } from '../live/EventLog.ts';
import type { RedisReplicas, StreamKeys } from './RedisReplicas.ts';

export class RedisStreamLog<T> implements EventLog<T> {
  private readonly keys: StreamKeys;

  constructor(private readonly replicas: RedisReplicas, private readonly id: string) {
    this.keys = replicas.keys(id);
  }

  append(): Promise<string> {
    return Promise.reject(new Error(`stream ${this.id}: only its owner appends, with its fencing token (SharedWatch)`));
  }

  async readAfter(cursor: string, limit: number): Promise<LogRead<T>> {
    const at = parse(cursor);
    const read = await this.call(() => this.replicas.read(this.keys, at.epoch, at.seq + 1, limit));
    if (read.epoch === at.epoch && at.seq > read.last) {
      throw new CursorError(`cursor ${cursor} is ahead of this stream (it has ${read.last} entries)`);
    }
    let gap: LogRead<T>['gap'];
    if (read.epoch !== at.epoch) gap = { missed: undefined, cursor: `${read.epoch}.${read.first - 1}` };
    else if (at.seq + 1 < read.first) gap = { missed: read.first - at.seq - 1, cursor: `${read.epoch}.${read.first - 1}` };
    const entries: LogEntry<T>[] = read.entries.map((e) => ({ cursor: `${read.epoch}.${e.seq}`, value: JSON.parse(e.payload) as T }));
    return gap ? { entries, gap } : { entries };
  }

  async latestCursor(): Promise<string> {
    const head = await this.call(() => this.replicas.head(this.keys));
    return `${head.epoch}.${head.last}`;
  }

  async oldestCursor(): Promise<string> {
    const head = await this.call(() => this.replicas.head(this.keys));
    return `${head.epoch}.${head.first - 1}`;
  }

  onAppend(listener: () => void): () => void {
    return this.replicas.listen(this.id, listener);
  }

  private async call<R>(op: () => Promise<R>): Promise<R> {
    try {
      return await op();
    } catch (e) {
      throw new LogUnavailable(`stream ${this.id}: the shared log (Redis) is unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function parse(cursor: string): { epoch: string; seq: number } {
  const m = /^([A-Za-z0-9_-]{8})\.(\d{1,15})$/.exec(cursor);
  if (!m) throw new CursorError(`not a cursor of this stream: ${JSON.stringify(cursor.slice(0, 40))}`);
  return { epoch: m[1]!, seq: Number(m[2]) };
}
