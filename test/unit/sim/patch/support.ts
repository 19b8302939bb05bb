/** Shared helpers of the patch tests: frozen inputs (as the store holds them) and caught errors. */
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The PatchError `fn` throws; fails the test if it throws nothing or something else. */
export function errorOf(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}
