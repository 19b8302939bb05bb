/**
 * The cursor a subscriber gets with each delivery: where it stands in every stream it reads
 * (one per cluster), as the streams' own opaque log cursors keyed by stream id, in one
 * base64url string. Subscribing again with it resumes each stream where it was left. The
 * cursor grows with the number of clusters (about 40 bytes each).
 */
import { CursorError } from './EventLog.ts';

const VERSION = 1;
/** Cursors longer than this are refused before decoding (a fleet of a few thousand clusters fits). */
const MAX_CURSOR_LENGTH = 256 * 1024;

export type StreamPositions = Map<string, string>;

export function encodeStreamCursor(positions: StreamPositions): string {
  return Buffer.from(JSON.stringify({ v: VERSION, p: Object.fromEntries(positions) })).toString('base64url');
}

/** Throws CursorError, naming what is wrong, for anything that is not a cursor we made. */
export function decodeStreamCursor(cursor: string): StreamPositions {
  const bad = (why: string) => new CursorError(`invalid cursor ${JSON.stringify(cursor.slice(0, 40))}${cursor.length > 40 ? '...' : ''}: ${why}`);
  if (cursor.length > MAX_CURSOR_LENGTH) throw bad(`longer than ${MAX_CURSOR_LENGTH} characters`);
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw bad('not a cursor from a delivery of this API');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor from a delivery of this API');
  }
  if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || parsed.v !== VERSION || !('p' in parsed)
    || typeof parsed.p !== 'object' || parsed.p === null) {
    throw bad('not a cursor from a delivery of this API');
  }
  const positions: StreamPositions = new Map();
  for (const [id, position] of Object.entries(parsed.p)) {
    if (typeof position !== 'string') throw bad('not a cursor from a delivery of this API');
    positions.set(id, position);
  }
  return positions;
}
