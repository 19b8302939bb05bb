import { describe, expect, it } from 'vitest';
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';

describe('PatchError', () => {
  it('is an Error that defaults to 422 Unprocessable Entity', () => {
    const e = new PatchError('doc is missing path');
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(422);
    expect(e.message).toBe('doc is missing path');
  });

  it('carries the status code it was given', () => {
    expect(new PatchError('bad body', 400).code).toBe(400);
  });
});
