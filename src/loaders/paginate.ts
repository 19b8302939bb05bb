/**
 * Cursor pagination over a fleet-wide list. Cursors are opaque to clients (base64url of the
 * item's cluster, namespace and name) and positional by key, not by index, so a page boundary
 * survives objects being added or deleted between requests.
 */
import { quoteInput } from '../fleet/quoteInput.ts';
import { InputError } from './InputError.ts';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 5000;
/** Longer than any cursor this API writes (cluster name, 63-character namespace, 253-character name). */
export const MAX_CURSOR_LENGTH = 1024;

export interface ItemKey {
  cluster: string;
  namespace: string;
  name: string;
}

export function encodeCursor(k: ItemKey): string {
  return Buffer.from(JSON.stringify([k.cluster, k.namespace, k.name])).toString('base64url');
}

export function decodeCursor(cursor: string): ItemKey {
  const notOurs = `${quoteInput(cursor)} is not a cursor from this API (use pageInfo.endCursor of the previous page)`;
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InputError('after', notOurs);
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string')) {
      return { cluster: v[0] as string, namespace: v[1] as string, name: v[2] as string };
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError('after', notOurs);
}

export interface Page<T> {
  items: Array<{ cursor: string; item: T }>;
  hasNextPage: boolean;
  /** Whether `after` skipped items: Relay's hasPreviousPage, answered for forward paging too. */
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
  totalCount: number;
}

/**
 * `items` must be ordered by (cluster order, namespace, name); `clusterOrder` gives each
 * cluster's position so a cursor can be compared with items of other clusters.
 */
/** What the page is taken from: a cursor must point into it, or the page would be silently empty. */
export interface PageSelection {
  /** Names of the selected clusters. */
  clusters: ReadonlySet<string>;
  /** The `namespace` argument; null or "" for every namespace. */
  namespace?: string | null;
}

/**
 * Checks `first` and `after` before anything is fetched; returns the page size and the cursor's
 * key. With `selection`, a cursor of another cluster or namespace than the ones asked is an error:
 * it comes from a different query, and would otherwise give an empty or a wrong page.
 */
export function checkPageArguments(first: number | null | undefined, after: string | null | undefined, clusterOrder: ReadonlyMap<string, number>, selection?: PageSelection): { size: number; after: ItemKey | undefined } {
  const size = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) throw new InputError('first', `must be an integer from 0 to ${MAX_PAGE}, got ${size}`);
  if (!after) return { size, after: undefined };
  const k = decodeCursor(after);
  if (!clusterOrder.has(k.cluster)) throw new InputError('after', `the cursor names cluster ${quoteInput(k.cluster)}, which is not in this fleet`);
  if (selection && !selection.clusters.has(k.cluster)) {
    throw new InputError('after', `the cursor names cluster ${quoteInput(k.cluster)}, which is not among the selected clusters (the cursor is from a query with another cluster selection)`);
  }
  if (selection?.namespace && k.namespace !== selection.namespace) {
    throw new InputError('after', `the cursor is in namespace ${quoteInput(k.namespace)}, not in the namespace asked (${quoteInput(selection.namespace)}): it is from another query`);
  }
  return { size, after: k };
}

export function paginate<T>(items: readonly T[], keyOf: (t: T) => ItemKey, clusterOrder: ReadonlyMap<string, number>, first: number | null | undefined, after: string | null | undefined): Page<T> {
  const { size, after: k } = checkPageArguments(first, after, clusterOrder);
  let start = 0;
  if (k) {
    const compare = compareItemKeys(clusterOrder);
    while (start < items.length && compare(keyOf(items[start] as T), k) <= 0) start++;
  }
  const slice = items.slice(start, start + size);
  const withCursors = slice.map((item) => ({ cursor: encodeCursor(keyOf(item)), item }));
  return {
    items: withCursors,
    hasNextPage: start + size < items.length,
    hasPreviousPage: start > 0,
    startCursor: withCursors[0]?.cursor ?? null,
    endCursor: withCursors.at(-1)?.cursor ?? null,
    totalCount: items.length,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order `paginate` expects: fleet order of clusters, then namespace, then name (code-unit order). */
export function compareItemKeys(clusterOrder: ReadonlyMap<string, number>): (a: ItemKey, b: ItemKey) => number {
  return (a, b) => (clusterOrder.get(a.cluster) ?? 0) - (clusterOrder.get(b.cluster) ?? 0) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}
