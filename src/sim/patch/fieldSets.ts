/**
 * Field sets as structured-merge-diff models them for managedFields: a tree keyed by FieldsV1 path
 * elements (`f:<field>`, `k:<json of the key fields>` for map-list items, `v:<json>` for set
 * items), where a node is a *member* when the path itself is owned. Also the two schema-aware
 * walks server-side apply needs: the field set of an applied configuration (SMD's ToFieldSet) and
 * the comparison of two objects (SMD's Compare), with schema facts from ./patchMeta.ts.
 */
import type { JsonObject } from '../types.ts';
import { PatchError } from './PatchError.ts';
import { deepEqual, getOwn, isPlainObject } from './mergePatch.ts';
import { isAtomicMapAt, listStrategyAt } from './patchMeta.ts';
import type { ListStrategy } from './patchMeta.ts';

/**
 * Every leaf (`"f:name": {}`) and member marker (`".": {}`) of every managedFields entry: one
 * frozen object instead of one each, most of the objects a stored managedFields tree is made of.
 * Frozen, so nothing can add a key to it through one entry and change all the others.
 */
const EMPTY_FIELDS: JsonObject = Object.freeze({});

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  get empty(): boolean {
    return !this.member && this.children.size === 0;
  }

  child(element: string): FieldSet | undefined {
    return this.children.get(element);
  }

  /** Attaches a child built by a walk, unless the walk found nothing. */
  adopt(element: string, node: FieldSet): void {
    if (!node.empty) this.children.set(element, node);
  }

  insert(path: readonly string[]): void {
    let node: FieldSet = this;
    for (const element of path) {
      let next = node.children.get(element);
      if (!next) node.children.set(element, (next = new FieldSet()));
      node = next;
    }
    node.member = true;
  }

  has(path: readonly string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return false;
    }
    return node.member;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member || other.member;
    for (const [k, c] of this.children) {
      const o = other.children.get(k);
      out.children.set(k, o ? c.union(o) : c.copy());
    }
    for (const [k, o] of other.children) if (!this.children.has(k)) out.children.set(k, o.copy());
    return out;
  }

  /** Members of this set that are not members of `other` (SMD's Difference, not recursive). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [k, c] of this.children) {
      const o = other.children.get(k);
      out.adopt(k, o ? c.difference(o) : c.copy());
    }
    return out;
  }

  /** Whether some member of this set is a member of `other` too (difference would remove it). */
  overlaps(other: FieldSet): boolean {
    if (this.member && other.member) return true;
    for (const [k, c] of this.children) {
      const o = other.children.get(k);
      if (o && c.overlaps(o)) return true;
    }
    return false;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [k, c] of this.children) {
      const o = other.children.get(k);
      if (o) out.adopt(k, c.intersection(o));
    }
    return out;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [k, c] of this.children) out.children.set(k, c.copy());
    return out;
  }

  /** Member paths in SMD's iteration order: a node's members before its children's, elements sorted. */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (node: FieldSet, prefix: string[]) => {
      const keys = [...node.children.keys()].sort(compareElements);
      for (const k of keys) if (node.children.get(k)?.member) out.push([...prefix, k]);
      for (const k of keys) {
        const c = node.children.get(k);
        if (c && c.children.size > 0) walk(c, [...prefix, k]);
      }
    };
    if (this.member) out.push([]);
    walk(this, []);
    return out;
  }

  toFieldsV1(): JsonObject {
    if (this.children.size === 0) return EMPTY_FIELDS;
    const out: JsonObject = {};
    if (this.member) out['.'] = EMPTY_FIELDS;
    for (const k of [...this.children.keys()].sort(compareElements)) {
      const c = this.children.get(k);
      if (c) out[k] = c.toFieldsV1();
    }
    return out;
  }

  static fromFieldsV1(json: unknown): FieldSet {
    const out = new FieldSet();
    if (!isPlainObject(json)) return out;
    for (const [k, v] of Object.entries(json)) {
      if (k === '.') {
        out.member = true;
        continue;
      }
      const c = FieldSet.fromFieldsV1(v);
      if (c.children.size === 0) c.member = true;
      out.children.set(k, c);
    }
    return out;
  }
}

const PREFIX_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** SMD's PathElement order: field names, then keys, then values, then indexes. */
function compareElements(a: string, b: string): number {
  const ra = PREFIX_RANK[a[0] ?? ''] ?? 4;
  const rb = PREFIX_RANK[b[0] ?? ''] ?? 4;
  if (ra !== rb) return ra - rb;
  if (a[0] === 'f') return a < b ? -1 : a > b ? 1 : 0;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  const va = parseElement(a);
  const vb = parseElement(b);
  if (a[0] === 'k' && isPlainObject(va) && isPlainObject(vb)) {
    const ka = Object.keys(va).sort();
    const kb = Object.keys(vb).sort();
    if (ka.length !== kb.length) return ka.length - kb.length;
    for (let i = 0; i < ka.length; i++) {
      const na = ka[i] ?? '';
      const nb = kb[i] ?? '';
      if (na !== nb) return na < nb ? -1 : 1;
      const c = compareValues(va[na], vb[nb]);
      if (c !== 0) return c;
    }
    return 0;
  }
  return compareValues(va, vb);
}

function parseElement(element: string): unknown {
  try {
    return JSON.parse(element.slice(2));
  } catch {
    return element.slice(2);
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a) ?? '';
  const sb = typeof b === 'string' ? b : JSON.stringify(b) ?? '';
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function valueString(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** A path as kube prints it in conflicts: `.spec.template.spec.containers[name="web"].image`. */
export function formatPath(path: readonly string[]): string {
  let out = '';
  for (const element of path) {
    const body = element.slice(2);
    if (element.startsWith('f:')) out += `.${body}`;
    else if (element.startsWith('i:')) out += `[${body}]`;
    else if (element.startsWith('v:')) out += `[=${valueString(parseElement(element))}]`;
    else if (element.startsWith('k:')) {
      const key = parseElement(element);
      const parts = isPlainObject(key) ? Object.keys(key).sort().map((k) => `${k}=${valueString(key[k])}`) : [body];
      out += `[${parts.join(',')}]`;
    } else out += element;
  }
  return out;
}

/** The schema facts of one kind that the walks need. */
export interface FieldSchema {
  listAt(path: readonly string[]): ListStrategy;
  isAtomicMap(path: readonly string[]): boolean;
}

export function schemaFor(apiVersion: string, kind: string): FieldSchema {
  return {
    listAt: (path) => listStrategyAt(apiVersion, kind, path),
    isAtomicMap: (path) => isAtomicMapAt(apiVersion, kind, path),
  };
}

/** The path element of a list item (`k:{...}` or `v:...`), or undefined when the item cannot have one. */
export function itemElement(item: unknown, strategy: ListStrategy): string | undefined {
  if (strategy.kind === 'set') {
    return item === null || typeof item === 'object' ? undefined : `v:${JSON.stringify(item)}`;
  }
  if (strategy.kind !== 'map' || !isPlainObject(item)) return undefined;
  const key: JsonObject = {};
  for (const name of [...strategy.keys].sort()) {
    const value = getOwn(item, name) ?? strategy.keyDefaults?.[name];
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    key[name] = value;
  }
  return `k:${JSON.stringify(key)}`;
}

/**
 * SMD's ToFieldSet: the leaves, atomic values and list items of an applied configuration.
 * Nulls are skipped (they are dropped from applied configurations before merging).
 */
export function fieldSetOf(value: unknown, schema: FieldSchema): FieldSet {
  const root = new FieldSet();
  collect(value, [], [], root, schema);
  return root;
}

function collect(value: unknown, spath: string[], path: string[], node: FieldSet, schema: FieldSchema): void {
  if (isPlainObject(value)) {
    if (spath.length > 0 && schema.isAtomicMap(spath)) {
      node.member = true;
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (v === null) continue;
      const child = new FieldSet();
      collect(v, [...spath, k], [...path, `f:${k}`], child, schema);
      node.adopt(`f:${k}`, child);
    }
  } else if (Array.isArray(value)) {
    const strategy = schema.listAt(spath);
    if (strategy.kind === 'atomic') {
      node.member = true;
      return;
    }
    value.forEach((item, i) => {
      const element = itemElement(item, strategy);
      if (element === undefined) {
        const what = strategy.kind === 'map'
          ? `associative list with keys has an element that omits key field ${strategy.keys.map((k) => JSON.stringify(k)).join(', ')} (and doesn't have default value)`
          : 'set items must be scalars';
        throw new PatchError(`${formatPath(path)}: element ${i}: ${what}`, 422);
      }
      if (node.children.has(element)) {
        throw new PatchError(`${formatPath(path)}: duplicate entries for key ${formatPath([element])}`, 422);
      }
      const child = new FieldSet();
      if (strategy.kind === 'map') collect(item, spath, [...path, element], child, schema);
      child.member = true;
      node.children.set(element, child);
    });
  } else if (value !== null && value !== undefined) {
    node.member = true;
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * SMD's Compare of two versions of an object. `undefined` is an absent field; `null` is a present
 * one that holds nothing, which is how the Go zero value of a create looks.
 */
export function compareObjects(lhs: unknown, rhs: unknown, schema: FieldSchema): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(lhs, rhs, [], schema, out);
  return out;
}

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.keys(v).length === 0;
}

// Module-level rather than closures in the walk: tsx wraps every closure it creates in a
// naming helper, which made creating them most of the cost of a comparison.
function mapish(v: unknown): boolean {
  return v == null || isPlainObject(v);
}

function listish(v: unknown): boolean {
  return v == null || Array.isArray(v);
}

function compareAt(l: unknown, r: unknown, spath: string[], schema: FieldSchema, out: Comparison): void {
  let descended = false;
  // Two empty values compare as a leaf, which keeps "empty" and "absent" apart.
  if (!(isEmptyish(l) && isEmptyish(r))) {
    if (mapish(l) && mapish(r) && !(spath.length > 0 && schema.isAtomicMap(spath))) {
      const lo = isPlainObject(l) ? l : {};
      const ro = isPlainObject(r) ? r : {};
      for (const k of Object.keys(lo)) compareChild(`f:${k}`, lo[k], getOwn(ro, k), [...spath, k], schema, out);
      for (const k of Object.keys(ro)) if (!Object.prototype.hasOwnProperty.call(lo, k)) compareChild(`f:${k}`, undefined, ro[k], [...spath, k], schema, out);
      descended = true;
    } else if (listish(l) && listish(r)) {
      descended = compareListItems(l, r, spath, schema, out);
    }
  }
  if (!descended) {
    compareLeaf(l, r, out);
    return;
  }
  // A map or list that appears or disappears as a whole is itself added or removed.
  if (l === undefined) out.added.member = true;
  else if (r === undefined) out.removed.member = true;
}

function compareLeaf(l: unknown, r: unknown, out: Comparison): void {
  if (l === undefined) out.added.member = true;
  else if (r === undefined) out.removed.member = true;
  else if (!deepEqual(l, r)) out.modified.member = true;
}

function compareChild(element: string, l: unknown, r: unknown, spath: string[], schema: FieldSchema, out: Comparison): void {
  if (l === undefined && r === undefined) return;
  const sub: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareAt(l, r, spath, schema, sub);
  out.added.adopt(element, sub.added);
  out.modified.adopt(element, sub.modified);
  out.removed.adopt(element, sub.removed);
}

/** Compares keyed items; false when the list cannot be keyed (the caller then compares it whole). */
function compareListItems(l: unknown, r: unknown, spath: string[], schema: FieldSchema, out: Comparison): boolean {
  const strategy = schema.listAt(spath);
  if (strategy.kind === 'atomic') return false;
  const li = indexItems(l, strategy);
  const ri = indexItems(r, strategy);
  if (!li || !ri) return false;
  for (const [element, item] of li) compareChild(element, item, ri.get(element), spath, schema, out);
  for (const [element, item] of ri) if (!li.has(element)) compareChild(element, undefined, item, spath, schema, out);
  return true;
}

/** A list's items by path element; undefined when an item has none or two share one. */
function indexItems(list: unknown, strategy: ListStrategy): Map<string, unknown> | undefined {
  const m = new Map<string, unknown>();
  if (!Array.isArray(list)) return m;
  for (const item of list) {
    const element = itemElement(item, strategy);
    if (element === undefined || m.has(element)) return undefined;
    m.set(element, item);
  }
  return m;
}
