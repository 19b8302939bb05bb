/** Per-caller token buckets: burst, continuous refill, both-or-neither charges, retry times, bounded memory. */
import { describe, expect, test } from 'vitest';
import { CallerBudgets, callerKey } from '../../../src/limits/index.ts';

function budgets(operationsPerMinute: number, costPerMinute: number, maxCallers = 100) {
  let now = 1_000_000;
  const b = new CallerBudgets({ operationsPerMinute, costPerMinute, maxCallers }, () => now);
  return { b, advance: (ms: number) => { now += ms; } };
}

describe('CallerBudgets', () => {
  test('a caller may burst up to the per-minute figure, then is refused with the seconds until one more fits', () => {
    const { b, advance } = budgets(60, 0);
    for (let i = 0; i < 60; i++) expect(b.charge('user:a', 1, 0)).toBeUndefined();
    expect(b.charge('user:a', 1, 0)).toEqual({ limit: 'rate-limit', perMinute: 60, retryAfterSeconds: 1 });
    advance(1000); // 60 per minute: one per second
    expect(b.charge('user:a', 1, 0)).toBeUndefined();
    expect(b.charge('user:a', 1, 0)?.limit).toBe('rate-limit');
  });

  test('callers are counted apart', () => {
    const { b } = budgets(2, 0);
    b.charge('user:a', 1, 0);
    b.charge('user:a', 1, 0);
    expect(b.charge('user:a', 1, 0)).toBeDefined();
    expect(b.charge('user:b', 1, 0)).toBeUndefined();
  });

  test('cost is charged both-or-neither with the operation, and its retry time is the deficit at the refill rate', () => {
    const { b } = budgets(100, 6000);
    expect(b.charge('k', 1, 5000)).toBeUndefined();
    const refused = b.charge('k', 1, 3000); // 1000 left, 2000 short at 100/s
    expect(refused).toEqual({ limit: 'cost-budget', perMinute: 6000, retryAfterSeconds: 20 });
    expect(b.charge('k', 1, 1000)).toBeUndefined(); // the refused charge took nothing
  });

  test('an operation costing more than the whole budget is refused as never able to run', () => {
    const { b } = budgets(0, 1000);
    expect(b.charge('k', 1, 1001)).toMatchObject({ limit: 'cost-budget', never: true });
  });

  test('0 turns a limit off', () => {
    const { b } = budgets(0, 0);
    expect(b.enabled).toBe(false);
    for (let i = 0; i < 10_000; i++) expect(b.charge('k', 1, 1e9)).toBeUndefined();
    expect(b.size).toBe(0);
  });

  test('idle callers (full again after a minute) are dropped, and at most maxCallers are held', () => {
    const { b, advance } = budgets(10, 0, 3);
    for (const k of ['a', 'b', 'c', 'd', 'e']) b.charge(k, 1, 0);
    expect(b.size).toBe(3); // the least recently seen forgotten first
    advance(60_000);
    b.charge('f', 1, 0);
    expect(b.size).toBe(1);
  });

  test('the key is the user when authenticated, else the address', () => {
    expect(callerKey({ identity: { user: 'alice' }, remoteAddress: '10.0.0.1' })).toBe('user:alice');
    expect(callerKey({ remoteAddress: '127.0.0.1' })).toBe('address:127.0.0.1');
    expect(callerKey({ identity: { user: '127.0.0.1' } })).not.toBe(callerKey({ remoteAddress: '127.0.0.1' }));
  });
});
