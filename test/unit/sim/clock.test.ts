import { describe, expect, test } from 'vitest';
import { RealClock } from '../../../src/sim/clock.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RealClock', () => {
  test('at speed 1 it is the wall clock', () => {
    const clock = new RealClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThanOrEqual(1);
  });

  test('sped up, a scheduled delay has passed in cluster time when its timer fires', async () => {
    const clock = new RealClock(50);
    const start = clock.now();
    const firedAt = await new Promise<number>((resolve) => clock.schedule(2000, () => resolve(clock.now())));
    // 2000 cluster ms at 50x is 40 real ms; the controllers compare due times against now().
    expect(firedAt - start).toBeGreaterThanOrEqual(2000);
    expect(firedAt - start).toBeLessThan(2000 + 50 * 100);
  });

  test('setSpeed keeps cluster time going from where it is, never backwards', async () => {
    const clock = new RealClock(100);
    await sleep(20);
    const fast = clock.now();
    expect(fast - Date.now()).toBeGreaterThan(1000);
    clock.setSpeed(1);
    const after = clock.now();
    expect(after).toBeGreaterThanOrEqual(fast);
    await sleep(20);
    const later = clock.now();
    expect(later - after).toBeGreaterThanOrEqual(15);
    expect(later - after).toBeLessThan(200);
  });
});
