/**
 * One copy of a repeated string (a namespace, a label value, a node name, an owner's name, a
 * timestamp) for every stored object and every cluster that holds it, with no table of our own.
 *
 * V8 keeps one copy of each string used as a property name in its string table, and that table
 * is weak: a string in it that nothing else references is dropped by the next full GC. So using
 * a string as a property key and reading the key back gives the table's copy, shared by every
 * caller, and nothing outlives the objects that hold it: no refcounts, no sweep, no bound to
 * tune, no leak when pods come and go. (JSON.parse already does this for values of up to 10
 * characters; longer values arrive as a fresh copy per object.)
 *
 * Costs a property write, a for-in and a delete on one scratch object (about 0.2 µs): call it
 * for strings that repeat, not for those unique to one object (names, uids).
 */

// A null-prototype object: any string, `__proto__` included, is an ordinary own key here.
const scratch: Record<string, 0> = Object.create(null) as Record<string, 0>;

export function internString(s: string): string;
export function internString(s: string | undefined): string | undefined;
export function internString(s: string | undefined): string | undefined {
  if (s === undefined || s.length === 0) return s;
  scratch[s] = 0;
  // The only key: the table's copy of `s` (for an array-index string, "7", V8 keeps a number and
  // gives a string back; such strings are at most 10 characters and JSON.parse shares them).
  for (const key in scratch) {
    delete scratch[key];
    return key;
  }
  return s;
}
