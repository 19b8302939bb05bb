import { describe, expect, test } from 'vitest';
import { CursorError } from '../../../src/live/EventLog.ts';
import { MemoryEventLog } from '../../../src/live/MemoryEventLog.ts';

describe('MemoryEventLog', () => {
  test('reads after a cursor exactly the entries appended after it, oldest first, up to the limit', async () => {
    const log = new MemoryEventLog<string>(10);
    const start = await log.latestCursor();
    const a = await log.append('a');
    await log.append('b');
    await log.append('c');
    expect((await log.readAfter(start, 10)).entries.map((e) => e.value)).toEqual(['a', 'b', 'c']);
    const read = await log.readAfter(a, 1);
    expect(read.entries.map((e) => e.value)).toEqual(['b']);
    expect(read.gap).toBeUndefined();
    expect((await log.readAfter(read.entries[0]!.cursor, 10)).entries.map((e) => e.value)).toEqual(['c']);
    expect((await log.readAfter(await log.latestCursor(), 10)).entries).toEqual([]);
  });

  test('a cursor older than the ring holds gets a gap saying how much was missed, then the oldest entries held', async () => {
    const log = new MemoryEventLog<number>(3);
    const start = await log.latestCursor();
    for (let i = 1; i <= 5; i++) await log.append(i);
    const read = await log.readAfter(start, 10);
    expect(read.gap).toEqual({ missed: 2, cursor: await log.oldestCursor() });
    expect(read.entries.map((e) => e.value)).toEqual([3, 4, 5]);
    expect((await log.readAfter(await log.oldestCursor(), 10)).gap).toBeUndefined();
  });

  test('a cursor from another life of the log is a gap of unknown size, never a position in this one', async () => {
    const old = new MemoryEventLog<number>(3);
    await old.append(1);
    const cursor = await old.latestCursor();
    const log = new MemoryEventLog<number>(3);
    await log.append(7);
    const read = await log.readAfter(cursor, 10);
    expect(read.gap).toEqual({ missed: undefined, cursor: await log.oldestCursor() });
    expect(read.entries.map((e) => e.value)).toEqual([7]);
  });

  test('malformed cursors and cursors ahead of the log are CursorErrors', async () => {
    const log = new MemoryEventLog<number>(3);
    await expect(log.readAfter('nonsense', 1)).rejects.toThrow(CursorError);
    const cursor = await log.append(1);
    await expect(log.readAfter(cursor.replace(/\.1$/, '.99'), 1)).rejects.toThrow(/ahead of this stream/);
  });

  test('wakes listeners on append until they unsubscribe', async () => {
    const log = new MemoryEventLog<number>(3);
    let woken = 0;
    const off = log.onAppend(() => woken++);
    await log.append(1);
    off();
    await log.append(2);
    expect(woken).toBe(1);
  });
});
