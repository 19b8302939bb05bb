/** Shared helpers of the patch tests: frozen inputs (as the store holds them) and caught errors. */
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The error of class `type` (PatchError by default) `fn` throws; fails the test if it throws nothing or something else. */
export function errorOf<E extends Error = PatchError>(fn: () => unknown, type: new (...args: never[]) => E = PatchError as unknown as new (...args: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
