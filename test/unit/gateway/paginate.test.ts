/**
 * Cursor pagination over a fleet-wide list: opaque cursors naming an item's key, pages that
 * start after the cursor's position (not an index, so they survive deletions), page sizes.
 */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../src/loaders/InputError.ts';
import { compareItemKeys, decodeCursor, DEFAULT_PAGE, encodeCursor, MAX_PAGE, paginate, type ItemKey } from '../../../src/loaders/paginate.ts';

// Fleet order is not alphabetical: the cursor must follow it.
const order = new Map([['zeta', 0], ['alpha', 1]]);
const key = (cluster: string, namespace: string, name: string): ItemKey => ({ cluster, namespace, name });
const ITEMS: ItemKey[] = [
  key('zeta', 'a', 'x'), key('zeta', 'a', 'y'), key('zeta', 'b', 'A'), key('zeta', 'b', 'a'),
  key('alpha', 'a', 'x'), key('alpha', 'c', 'x'),
];
const names = (p: { items: Array<{ item: ItemKey }> }): string[] => p.items.map(({ item }) => `${item.cluster}/${item.namespace}/${item.name}`);
const page = (first: number | null | undefined, after: string | null | undefined, items: readonly ItemKey[] = ITEMS) => paginate(items, (k) => k, order, first, after);

describe('cursors', () => {
  test('encode an item\'s cluster, namespace and name, and decode back to them', () => {
    const k = key('prod-eu', 'shop', 'web-7d9f-abcde');
    const c = encodeCursor(k);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual(k);
    expect(decodeCursor(encodeCursor(key('c', '', 'node-1')))).toEqual(key('c', '', 'node-1'));
  });

  test('different keys give different cursors, even when their parts join to the same text', () => {
    expect(encodeCursor(key('a/b', 'c', 'd'))).not.toBe(encodeCursor(key('a', 'b/c', 'd')));
  });
});

describe('compareItemKeys', () => {
  test('orders by fleet position, then namespace, then name, by code units', () => {
    const sorted = [...ITEMS].reverse().sort(compareItemKeys(order));
    expect(sorted).toEqual(ITEMS);
    expect(compareItemKeys(order)(key('zeta', 'b', 'A'), key('zeta', 'b', 'a'))).toBeLessThan(0);
    expect(compareItemKeys(order)(key('alpha', 'a', 'a'), key('zeta', 'z', 'z'))).toBeGreaterThan(0);
    expect(compareItemKeys(order)(key('zeta', 'a', 'x'), key('zeta', 'a', 'x'))).toBe(0);
  });
});

describe('paginate', () => {
  test('gives the first page with cursors, the end cursor and whether more follow', () => {
    const p = page(2, null);
    expect(names(p)).toEqual(['zeta/a/x', 'zeta/a/y']);
    expect(p.items.map((i) => decodeCursor(i.cursor))).toEqual(ITEMS.slice(0, 2));
    expect(p.endCursor).toBe(p.items[1]?.cursor);
    expect(p.startCursor).toBe(p.items[0]?.cursor);
    expect(p.hasNextPage).toBe(true);
    expect(p.hasPreviousPage).toBe(false);
    expect(p.totalCount).toBe(6);
  });

  test('walking end cursors visits every item once, across clusters in fleet order', () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const p = page(4, after);
      seen.push(...names(p));
      if (!p.hasNextPage) break;
      after = p.endCursor;
    }
    expect(seen).toEqual(ITEMS.map((k) => `${k.cluster}/${k.namespace}/${k.name}`));
  });

  test('starts after the cursor\'s position even when its item and the next are gone', () => {
    const cursor = encodeCursor(key('zeta', 'a', 'y'));
    const without = ITEMS.filter((k) => !(k.namespace === 'a' && k.name === 'y') && !(k.namespace === 'b' && k.name === 'A'));
    expect(names(page(2, cursor, without))).toEqual(['zeta/b/a', 'alpha/a/x']);
    // A cursor between two keys that never existed works the same.
    expect(names(page(1, encodeCursor(key('zeta', 'a', 'xx'))))).toEqual(['zeta/a/y']);
    // New items sorting before the cursor do not shift the page.
    expect(names(page(1, cursor, [key('zeta', '0', 'new'), ...ITEMS]))).toEqual(['zeta/b/A']);
  });

  test('a cursor at or past the end gives an empty last page with no end cursor', () => {
    const p = page(3, encodeCursor(key('alpha', 'c', 'x')));
    expect(p).toEqual({ items: [], hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null, totalCount: 6 });
    expect(page(3, encodeCursor(key('alpha', 'zz', 'z'))).items).toEqual([]);
  });

  test('a page after a cursor says items come before it, whether or not the cursor\'s own item still exists', () => {
    expect(page(2, encodeCursor(key('zeta', 'a', 'x'))).hasPreviousPage).toBe(true);
    expect(page(2, encodeCursor(key('zeta', '0', 'gone'))).hasPreviousPage).toBe(false);
  });

  test('the page that ends exactly at the last item says no more follow', () => {
    expect(page(6, null).hasNextPage).toBe(false);
    expect(page(2, encodeCursor(key('zeta', 'b', 'a'))).hasNextPage).toBe(false);
  });

  test('first: 0 gives no items and no end cursor, but the total and that more follow', () => {
    expect(page(0, null)).toEqual({ items: [], hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null, totalCount: 6 });
    expect(page(0, null, []).hasNextPage).toBe(false);
  });

  test(`leaving first out gives ${DEFAULT_PAGE} items; at most ${MAX_PAGE} may be asked for`, () => {
    const many = Array.from({ length: 250 }, (_, i) => key('zeta', 'ns', `pod-${String(i).padStart(3, '0')}`));
    expect(page(undefined, null, many).items).toHaveLength(100);
    expect(page(null, null, many).items).toHaveLength(100);
    expect(page(MAX_PAGE, null, many).items).toHaveLength(250);
    expect(() => page(MAX_PAGE + 1, null, many)).toThrow(InputError);
  });

  test('refuses a size that is not a whole number from 0 to the maximum', () => {
    for (const first of [-1, 1.5, Number.NaN, 5001]) {
      expect(() => page(first, null)).toThrow(new InputError('first', `must be an integer from 0 to 5000, got ${first}`));
    }
  });

  test('refuses a cursor naming a cluster that is not in the fleet', () => {
    expect(() => page(2, encodeCursor(key('gone', 'a', 'b')))).toThrow('after: the cursor names cluster "gone", which is not in this fleet');
  });
});
