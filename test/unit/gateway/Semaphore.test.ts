/**
 * The per-cluster concurrency limit: at most `limit` holders, waiters served in order as slots
 * are released, and a waiter whose deadline passes gives up and leaves the queue.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Semaphore } from '../../../src/kube/Semaphore.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Resolution state of a promise, without waiting for it. */
function track<T>(p: Promise<T>): { settled: boolean; value: T | undefined } {
  const state: { settled: boolean; value: T | undefined } = { settled: false, value: undefined };
  void p.then((v) => { state.settled = true; state.value = v; });
  return state;
}

describe('Semaphore', () => {
  test('grants up to the limit at once, then queues', async () => {
    const s = new Semaphore(2);
    const far = Date.now() + 60_000;
    expect(await s.acquire(far)).toBe(true);
    expect(await s.acquire(far)).toBe(true);
    expect(s.inUse).toBe(2);
    const third = track(s.acquire(far));
    await vi.advanceTimersByTimeAsync(1000);
    expect(third.settled).toBe(false);
    expect(s.waiting).toBe(1);
    expect(s.inUse).toBe(2);
  });

  test('a release hands the slot to the longest waiter', async () => {
    const s = new Semaphore(1);
    const far = Date.now() + 60_000;
    await s.acquire(far);
    const first = track(s.acquire(far));
    const second = track(s.acquire(far));
    s.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(first).toEqual({ settled: true, value: true });
    expect(second.settled).toBe(false);
    expect(s.inUse).toBe(1);
    expect(s.waiting).toBe(1);
    s.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(second).toEqual({ settled: true, value: true });
    s.release();
    expect(s.inUse).toBe(0);
  });

  test('a waiter whose deadline passes gets false and leaves the queue; a later release does not count it', async () => {
    const s = new Semaphore(1);
    await s.acquire(Date.now() + 60_000);
    const impatient = track(s.acquire(Date.now() + 500));
    const patient = track(s.acquire(Date.now() + 5000));
    expect(s.waiting).toBe(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(impatient.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(impatient).toEqual({ settled: true, value: false });
    expect(s.waiting).toBe(1);
    // The slot goes to the waiter still there, and the expired one never holds a slot.
    s.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(patient).toEqual({ settled: true, value: true });
    expect(s.inUse).toBe(1);
    expect(s.waiting).toBe(0);
    s.release();
    expect(s.inUse).toBe(0);
    // Once every waiter has expired, the slot is simply free.
    await s.acquire(Date.now() + 60_000);
    const late = track(s.acquire(Date.now() + 100));
    await vi.advanceTimersByTimeAsync(100);
    expect(late.value).toBe(false);
    s.release();
    expect(s.inUse).toBe(0);
    expect(await s.acquire(Date.now() + 100)).toBe(true);
  });

  test('a deadline already past fails at once when no slot is free, but a free slot is still granted', async () => {
    const s = new Semaphore(1);
    expect(await s.acquire(Date.now() - 1000)).toBe(true);
    const p = track(s.acquire(Date.now() - 1000));
    await vi.advanceTimersByTimeAsync(0);
    expect(p).toEqual({ settled: true, value: false });
    expect(s.waiting).toBe(0);
  });
});
