/**
 * Teardown for suites that run a simulated fleet: stop it, and fail the suite if any of its
 * controllers had a reconcile throw meanwhile (the simulator retries those silently, so a bug
 * there could otherwise hide behind tests that still pass).
 */
import { expect } from 'vitest';
import type { SimFleet } from '../../src/sim/index.ts';

export async function stopFleet(fleet: SimFleet | undefined): Promise<void> {
  if (!fleet) return;
  const failed = fleet.controllerErrors();
  await fleet.stop();
  expect(failed, 'controller reconciles that threw during this suite').toEqual([]);
}
