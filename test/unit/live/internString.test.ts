/**
 * internString: the same text back, one copy of it however many objects hold it, and nothing
 * kept once no object does. Memory is measured in a child Node with `--expose-gc` (heap after
 * full collections; counts of bytes, not time).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { internString } from '../../../src/live/internString.ts';

const MODULE = fileURLToPath(new URL('../../../src/live/internString.ts', import.meta.url));

/** Runs `body` (with `internString` and `heap()` in scope) in a child Node; returns what it prints, parsed. */
function inChild<T>(body: string): T {
  const script = `
    import { internString } from ${JSON.stringify(MODULE)};
    const heap = () => { for (let i = 0; i < 4; i++) globalThis.gc(); return process.memoryUsage().heapUsed; };
    ${body}
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

describe('internString', () => {
  test('returns the same text, for any string', () => {
    for (const s of ['backend', 'ip-10-0-0-1.eu-west-1.compute.internal', '__proto__', 'constructor', 'toString', '7', '4294967295', '', 'ünïcødé ✓', 'a=b/c']) {
      expect(internString(s)).toBe(s);
    }
    expect(internString(undefined)).toBeUndefined();
    // Leaves nothing behind that would change a later answer.
    expect(internString('x')).toBe('x');
    expect(internString('y')).toBe('y');
  });

  test('holds one copy of a repeated string for every holder, and frees strings no holder keeps', () => {
    const { repeatedPer, copiesPer, leftPer } = inChild<{ repeatedPer: number; copiesPer: number; leftPer: number }>(`
      const N = 50000;
      // Each value built anew (as JSON.parse makes each pod's node name a fresh string).
      const fresh = (i) => JSON.parse(JSON.stringify('ip-10-0-0-' + (i % 10) + '.eu-west-1.compute.internal'));
      let b = heap();
      const interned = [];
      for (let i = 0; i < N; i++) interned.push(internString(fresh(i)));
      const repeatedPer = (heap() - b) / N;
      b = heap();
      const copies = [];
      for (let i = 0; i < N; i++) copies.push(fresh(i));
      const copiesPer = (heap() - b) / N;
      // Unique strings, interned, then dropped: the string table keeps none of them.
      b = heap();
      let unique = [];
      for (let i = 0; i < N; i++) unique.push(internString('unique-pod-name-' + i + '-abcdefghijklmnop'));
      const held = unique.length;
      unique = null;
      const leftPer = (heap() - b) / N;
      console.log(JSON.stringify({ repeatedPer, copiesPer, leftPer, n: interned.length + copies.length + held }));
    `);
    // A reference per holder (8 bytes) and nothing else; copies cost a string each (about 64 bytes).
    expect(copiesPer).toBeGreaterThan(40);
    expect(repeatedPer).toBeLessThan(16);
    expect(leftPer).toBeLessThan(4);
  });
});
