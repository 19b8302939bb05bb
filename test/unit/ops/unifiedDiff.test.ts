/** unifiedDiff prints what `diff -u` prints, and its hunks always rebuild both texts. */
import { describe, expect, test } from 'vitest';
import { unifiedDiff } from '../../../src/ops/unifiedDiff.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('unifiedDiff', () => {
  test('equal texts have no diff', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  test('matches diff -u: separate hunks with three lines of context', () => {
    const a = lines(...'abcdefghijklm'.split(''));
    const b = lines(...'abcDefghijklmn'.split(''));
    expect(unifiedDiff(a, b)).toBe(lines(
      '--- a', '+++ b',
      '@@ -1,7 +1,7 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f', ' g',
      '@@ -11,3 +11,4 @@', ' k', ' l', ' m', '+n',
    ));
  });

  test('matches diff -u for a text added or removed whole', () => {
    expect(unifiedDiff('', 'x\ny\n', { fromName: 'live/x', toName: 'planned/x' })).toBe(lines('--- live/x', '+++ planned/x', '@@ -0,0 +1,2 @@', '+x', '+y'));
    expect(unifiedDiff('x\ny\n', '')).toBe(lines('--- a', '+++ b', '@@ -1,2 +0,0 @@', '-x', '-y'));
  });

  test('hunks rebuild both texts (random edits)', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let run = 0; run < 200; run++) {
      const a = Array.from({ length: rnd(30) }, () => `l${rnd(8)}`);
      const b = a.flatMap((l) => (rnd(5) === 0 ? [] : rnd(6) === 0 ? [l, `n${rnd(8)}`] : [rnd(7) === 0 ? `c${rnd(8)}` : l]));
      const text = (l: string[]) => (l.length ? lines(...l) : '');
      const diff = unifiedDiff(text(a), text(b), { context: 1000 });
      if (a.join() === b.join()) { expect(diff).toBe(''); continue; }
      const body = diff.split('\n').slice(3, -1);
      expect(body.filter((l) => !l.startsWith('+')).map((l) => l.slice(1))).toEqual(a);
      expect(body.filter((l) => !l.startsWith('-')).map((l) => l.slice(1))).toEqual(b);
    }
  });

  test('a long diff is cut with a note', () => {
    const big = lines(...Array.from({ length: 5000 }, (_, i) => `line ${i}`));
    const diff = unifiedDiff('', big, { maxChars: 1000 });
    expect(diff.length).toBeLessThan(1100);
    expect(diff).toMatch(/\.\.\. diff cut at 1000 characters \(\d+ more\)\n$/);
  });
});
