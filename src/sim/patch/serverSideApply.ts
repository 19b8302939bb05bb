/**
 * Server-side apply and managedFields bookkeeping, as kube-apiserver's field manager does them
 * (k8s.io/apiserver fieldmanager over sigs.k8s.io/structured-merge-diff): `serverSideApply` for
 * `application/apply-patch+yaml` bodies, `recordUpdate` for every other write so that later
 * applies see who owns what.
 *
 * Ownership ignores the fields kube strips (apiVersion, kind, name, namespace, uid,
 * resourceVersion, creationTimestamp, generation, managedFields) and the other half of the
 * status split: a write to the main resource neither applies nor owns `status`, a write to the
 * status subresource nothing else.
 */
import type { JsonObject, KObject, ManagedFieldsEntry } from '../types.ts';
import { PatchError } from './PatchError.ts';
import { cloneJson, deepEqual, getOwn, isPlainObject, setKey } from './mergePatch.ts';
import type { PlainObject } from './mergePatch.ts';
import { FieldSet, compareObjects, fieldSetOf, formatPath, itemElement, schemaFor } from './fieldSets.ts';
import type { FieldSchema } from './fieldSets.ts';
import { zeroValuePathsOf } from './patchMeta.ts';
import type { ListStrategy } from './patchMeta.ts';

export interface ApplyConflict {
  manager: string;
  apiVersion: string;
  field: string;
  /** Of the managedFields entry that owns the field; kube prints "using <apiVersion>" only for Update. */
  operation?: 'Apply' | 'Update';
  subresource?: string;
}

export class ApplyConflictError extends Error {
  constructor(public readonly conflicts: ApplyConflict[]) {
    super(conflictMessage(conflicts));
    this.name = 'ApplyConflictError';
  }

  /** The `details.causes` of kube's 409 Status, as they go on the wire (StatusCause.Type is `reason` in JSON). */
  get causes(): { reason: 'FieldManagerConflict'; message: string; field: string }[] {
    return this.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c)}`, field: c.field }));
  }
}

function printManager(c: ApplyConflict): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  return c.operation === 'Apply' ? s : `${s} using ${c.apiVersion}`;
}

/** kube's getConflictMessage: managers sorted by their identifier, fields in set order. */
function conflictMessage(conflicts: ApplyConflict[]): string {
  const first = conflicts[0];
  if (conflicts.length === 1 && first) return `Apply failed with 1 conflict: conflict with ${printManager(first)}: ${first.field}`;
  const groups = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) {
    const id = identifier(c.manager, c.operation ?? 'Update', c.apiVersion, c.subresource);
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  const lines: string[] = [];
  for (const id of [...groups.keys()].sort()) {
    const group = groups.get(id) ?? [];
    const head = group[0];
    if (!head) continue;
    lines.push(`conflicts with ${printManager(head)}:`);
    for (const c of group) lines.push(`- ${c.field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** kube's BuildManagerIdentifier: the JSON of the entry without time and fields (and apiVersion, for appliers). */
function identifier(manager: string, operation: 'Apply' | 'Update', apiVersion: string, subresource: string | undefined): string {
  const id: PlainObject = { manager, operation };
  if (operation === 'Update' && apiVersion) id['apiVersion'] = apiVersion;
  if (subresource) id['subresource'] = subresource;
  return JSON.stringify(id);
}

interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
  /**
   * The stored entry's fieldsV1 and the set decoded from it: while `set` is still that set, the
   * entry is written back as it was instead of encoded again (most entries of most writes).
   */
  stored?: { set: FieldSet; fieldsV1: JsonObject };
}

type Managers = Map<string, Manager>;

function idOf(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return identifier(m.manager, m.operation, m.apiVersion, m.subresource);
}

/**
 * undefined when the entries are not a valid managedFields list. `fromStore`: the entries are a
 * stored object's (encoded by encodeManagers), so an unchanged one may be written back as is.
 */
function decodeManagers(entries: unknown, fromStore = false): Managers | undefined {
  if (!Array.isArray(entries)) return undefined;
  const out: Managers = new Map();
  for (const e of entries) {
    if (!isPlainObject(e)) return undefined;
    const { manager, operation, apiVersion, time, subresource, fieldsV1 } = e;
    if (typeof manager !== 'string' || (operation !== 'Apply' && operation !== 'Update') || typeof apiVersion !== 'string') return undefined;
    const m: Manager = { manager, operation, apiVersion, set: FieldSet.fromFieldsV1(fieldsV1) };
    if (fromStore && isPlainObject(fieldsV1)) m.stored = { set: m.set, fieldsV1 };
    if (typeof time === 'string') m.time = time;
    if (typeof subresource === 'string' && subresource) m.subresource = subresource;
    const id = idOf(m);
    const previous = out.get(id);
    out.set(id, previous ? { ...m, set: previous.set.union(m.set) } : m);
  }
  return out;
}

/** Entries in kube's order: Apply before Update, then by time (seconds), manager, apiVersion, subresource. */
function encodeManagers(managers: Managers): ManagedFieldsEntry[] {
  const seconds = (t: string | undefined) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...managers.values()]
    .filter((m) => !m.set.empty)
    .sort((p, q) => cmp(p.operation, q.operation) || seconds(p.time) - seconds(q.time) || cmp(p.manager, q.manager)
      || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''))
    .map((m): ManagedFieldsEntry => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: m.stored?.set === m.set ? m.stored.fieldsV1 : m.set.toFieldsV1(),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
}

const SERVER_OWNED_META = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** kube's stripMeta: paths nobody is recorded as owning. */
const STRIPPED = new FieldSet();
for (const p of [['f:apiVersion'], ['f:kind'], ['f:metadata'], ['f:metadata', 'f:name'], ['f:metadata', 'f:namespace']]) STRIPPED.insert(p);

/**
 * kube strips those paths only after the merge, so while pruning they still count as owned by
 * the applier (every apply names its object); without them an applier that stops setting its
 * last label would prune the whole of metadata.
 */
const IDENTITY = new FieldSet();
for (const p of [['f:apiVersion'], ['f:kind'], ['f:metadata', 'f:name'], ['f:metadata', 'f:namespace']]) IDENTITY.insert(p);

/** The part of an object a write to `subresource` may touch, minus server-owned metadata. */
function scope(obj: PlainObject, subresource: string | undefined): PlainObject {
  if (subresource === 'status') {
    const status = getOwn(obj, 'status');
    return status === undefined ? {} : { status };
  }
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'status') continue;
    if (k === 'metadata' && isPlainObject(v)) {
      const meta: PlainObject = {};
      for (const [mk, mv] of Object.entries(v)) if (!SERVER_OWNED_META.includes(mk)) setKey(meta, mk, mv);
      out[k] = meta;
    } else setKey(out, k, v);
  }
  return out;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlainObject(value)) return value;
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) setKey(out, k, withoutNulls(v));
  return out;
}

export interface ServerSideApplyArgs {
  live: KObject | undefined;
  applied: JsonObject;
  manager: string;
  force: boolean;
  now: string;
  subresource?: string;
}

export function serverSideApply(args: ServerSideApplyArgs): KObject {
  const { live, applied, manager, force, now, subresource } = args;
  const appliedMeta = getOwn(applied, 'metadata');
  if (isPlainObject(appliedMeta) && getOwn(appliedMeta, 'managedFields') != null) {
    throw new PatchError('metadata.managedFields must be nil', 400);
  }
  const apiVersion = typeof applied['apiVersion'] === 'string' ? applied['apiVersion'] : live?.apiVersion ?? '';
  if (live && apiVersion !== live.apiVersion) {
    throw new PatchError(`Incorrect version specified in apply patch. Specified patch version: ${apiVersion}, expected: ${live.apiVersion}`, 400);
  }
  const kind = typeof applied['kind'] === 'string' ? applied['kind'] : live?.kind ?? '';
  const schema = schemaFor(apiVersion, kind);

  const liveCopy: PlainObject = live ? cloneJson(live) : {};
  const liveScoped = scope(liveCopy, subresource);
  const config = scope(withoutNulls(applied) as PlainObject, subresource);
  const configSet = fieldSetOf(config, schema).difference(STRIPPED);

  const managers = decodeManagers(live?.metadata.managedFields, true) ?? new Map<string, Manager>();
  const applierId = identifier(manager, 'Apply', apiVersion, subresource);
  const previous = managers.get(applierId);

  let merged = mergeValues(liveScoped, config, [], schema) as PlainObject;
  if (previous) {
    let owned = configSet.union(IDENTITY);
    for (const [id, m] of managers) if (id !== applierId) owned = owned.union(m.set);
    merged = prune(merged, previous.set, owned, [], schema) as PlainObject;
  }

  const comparison = compareObjects(liveScoped, merged, schema);
  const changed = comparison.modified.union(comparison.added).difference(STRIPPED);
  const conflicts: ApplyConflict[] = [];
  for (const [id, m] of managers) {
    if (id === applierId) continue;
    for (const path of m.set.intersection(changed).paths()) {
      const c: ApplyConflict = { manager: m.manager, apiVersion: m.apiVersion, field: formatPath(path), operation: m.operation };
      if (m.subresource) c.subresource = m.subresource;
      conflicts.push(c);
    }
  }
  if (conflicts.length > 0 && !force) {
    // kube lets `kubectl apply --server-side` take over from client-side apply without --force-conflicts.
    const allowed = manager === 'kubectl' && live ? allowedByLastApplied(live, liveScoped, schema, subresource) : undefined;
    const remaining = allowed ? conflicts.filter((c) => !allowed.has(c.field)) : conflicts;
    if (remaining.length > 0) throw new ApplyConflictError(remaining);
  }

  for (const [id, m] of managers) {
    if (id === applierId) continue;
    m.set = m.set.difference(changed).difference(comparison.removed);
    if (m.set.empty) managers.delete(id);
  }
  const objectChanged = !deepEqual(liveScoped, merged);
  const applier: Manager = { manager, operation: 'Apply', apiVersion, set: configSet };
  const time = objectChanged || !previous ? now : previous.time;
  if (time) applier.time = time;
  if (subresource) applier.subresource = subresource;
  managers.set(applierId, applier);

  const result = unscope(liveCopy, merged, subresource);
  setManagedFields(result, encodeManagers(managers));
  if (manager === 'kubectl') syncLastApplied(result, applied);
  return result as KObject;
}

/** The applied object put back together with what the write could not touch. */
function unscope(liveCopy: PlainObject, merged: PlainObject, subresource: string | undefined): PlainObject {
  if (subresource === 'status') {
    const out: PlainObject = { ...liveCopy };
    const status = getOwn(merged, 'status');
    if (status === undefined) delete out['status'];
    else out['status'] = status;
    return out;
  }
  const out: PlainObject = { ...merged };
  const liveMeta = getOwn(liveCopy, 'metadata');
  const mergedMeta = getOwn(merged, 'metadata');
  const meta: PlainObject = {};
  // Rebuilt in the live object's key order, so an apply does not reshuffle metadata.
  if (isPlainObject(liveMeta)) {
    for (const [k, v] of Object.entries(liveMeta)) {
      if (SERVER_OWNED_META.includes(k)) setKey(meta, k, v);
      else if (isPlainObject(mergedMeta) && Object.prototype.hasOwnProperty.call(mergedMeta, k)) setKey(meta, k, mergedMeta[k]);
    }
  }
  if (isPlainObject(mergedMeta)) {
    for (const [k, v] of Object.entries(mergedMeta)) if (!Object.prototype.hasOwnProperty.call(meta, k)) setKey(meta, k, v);
  }
  out['metadata'] = meta;
  const status = getOwn(liveCopy, 'status');
  if (status !== undefined) out['status'] = status;
  return out;
}

function setManagedFields(obj: PlainObject, entries: ManagedFieldsEntry[]): void {
  const meta: PlainObject = isPlainObject(obj['metadata']) ? { ...obj['metadata'] } : {};
  if (entries.length > 0) meta['managedFields'] = entries;
  else delete meta['managedFields'];
  obj['metadata'] = meta;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** kube's lastAppliedManager: fields client-side apply last set, still at those values, may be taken over. */
function allowedByLastApplied(live: KObject, liveScoped: PlainObject, schema: FieldSchema, subresource: string | undefined): Set<string> | undefined {
  const raw = live.metadata.annotations?.[LAST_APPLIED];
  if (!raw) return undefined;
  try {
    const lastApplied: unknown = JSON.parse(raw);
    if (!isPlainObject(lastApplied) || lastApplied['apiVersion'] !== live.apiVersion) return undefined;
    const scoped = scope(withoutNulls(lastApplied) as PlainObject, subresource);
    const cmp = compareObjects(scoped, liveScoped, schema);
    const allowed = fieldSetOf(scoped, schema).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
    return new Set(allowed.paths().map(formatPath));
  } catch {
    return undefined;
  }
}

/** kube's lastAppliedUpdater: an existing client-side apply annotation follows server-side applies by kubectl. */
function syncLastApplied(result: PlainObject, applied: JsonObject): void {
  const meta = result['metadata'];
  if (!isPlainObject(meta) || !isPlainObject(meta['annotations']) || meta['annotations'][LAST_APPLIED] === undefined) return;
  const copy = cloneJson(applied);
  const copyMeta = getOwn(copy, 'metadata');
  if (isPlainObject(copyMeta) && isPlainObject(copyMeta['annotations'])) {
    delete copyMeta['annotations'][LAST_APPLIED];
    if (Object.keys(copyMeta['annotations']).length === 0) delete copyMeta['annotations'];
  }
  meta['annotations'] = { ...meta['annotations'], [LAST_APPLIED]: `${goJson(copy)}\n` };
}

/** JSON as Go's encoder writes an unstructured object: sorted keys, HTML-safe escapes. */
function goJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (!isPlainObject(v)) return v;
    const out: PlainObject = {};
    for (const k of Object.keys(v).sort()) setKey(out, k, sortKeys(v[k]));
    return out;
  };
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** SMD's merge of an applied configuration into the live object: maps and keyed lists merge, everything else is replaced. */
function mergeValues(l: unknown, r: unknown, spath: string[], schema: FieldSchema): unknown {
  if (isPlainObject(r)) {
    if (!isPlainObject(l) || (spath.length > 0 && schema.isAtomicMap(spath))) return r;
    const out: PlainObject = { ...l };
    for (const [k, v] of Object.entries(r)) setKey(out, k, mergeValues(getOwn(l, k), v, [...spath, k], schema));
    return out;
  }
  if (Array.isArray(r)) {
    const strategy = schema.listAt(spath);
    if (strategy.kind === 'atomic' || !Array.isArray(l)) return r;
    return mergeLists(l, r, strategy, spath, schema);
  }
  return r;
}

/**
 * SMD's keyed list merge: shared items keep the applied order among themselves, live-only items
 * keep their place relative to them, and new items come where the applied configuration has them.
 */
function mergeLists(l: unknown[], r: unknown[], strategy: ListStrategy, spath: string[], schema: FieldSchema): unknown[] {
  const lKeys = l.map((item) => itemElement(item, strategy));
  const rKeys = r.map((item) => itemElement(item, strategy));
  const lItems = new Map<string, unknown>();
  l.forEach((item, i) => { const k = lKeys[i]; if (k !== undefined && !lItems.has(k)) lItems.set(k, item); });
  const rItems = new Map<string, unknown>();
  r.forEach((item, i) => { const k = rKeys[i]; if (k !== undefined) rItems.set(k, item); });
  const mergeItem = (key: string) => {
    const rItem = rItems.get(key);
    return strategy.kind === 'map' ? mergeValues(lItems.get(key), rItem, spath, schema) : rItem;
  };

  const shared = rKeys.filter((k): k is string => k !== undefined && lItems.has(k));
  let nextShared = shared.shift();
  const done = new Set<string>();
  const out: unknown[] = [];
  let li = 0;
  let ri = 0;
  while (li < l.length || ri < r.length) {
    const lk = lKeys[li];
    if (li < l.length && ri < r.length && lk !== undefined) {
      if (lk === rKeys[ri]) {
        out.push(mergeItem(lk));
        done.add(lk);
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (rItems.has(lk) && nextShared !== undefined && nextShared !== lk) {
        li++; // shared, but not the one whose turn it is; the applied side will place it
        continue;
      }
    }
    if (li < l.length) {
      if (lk === undefined || !rItems.has(lk)) {
        out.push(l[li]);
        li++;
        continue;
      }
      if (done.has(lk)) {
        li++;
        continue;
      }
    }
    if (ri < r.length) {
      const rk = rKeys[ri];
      ri++;
      if (rk === undefined || done.has(rk)) continue;
      out.push(mergeItem(rk));
      done.add(rk);
      if (nextShared === rk) nextShared = shared.shift();
    }
  }
  return out;
}

/**
 * Removes what the applier applied last time, no longer applies, and nobody else owns.
 * Copy-on-write: `value` may share structure with the live object, which the caller still reads.
 */
function prune(value: unknown, last: FieldSet, owned: FieldSet | undefined, spath: string[], schema: FieldSchema): unknown {
  if (isPlainObject(value)) {
    let out: PlainObject | undefined;
    for (const [element, lastChild] of last.children) {
      if (!element.startsWith('f:')) continue;
      const name = element.slice(2);
      if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
      const ownedChild = owned?.child(element);
      if (ownedChild && lastChild.children.size === 0) continue;
      out ??= { ...value };
      if (!ownedChild) delete out[name];
      else setKey(out, name, prune(value[name], lastChild, ownedChild, [...spath, name], schema));
    }
    return out ?? value;
  }
  if (Array.isArray(value)) {
    const strategy = schema.listAt(spath);
    if (strategy.kind === 'atomic') return value;
    let changed = false;
    const out: unknown[] = [];
    for (const item of value) {
      const element = itemElement(item, strategy);
      const lastChild = element === undefined ? undefined : last.child(element);
      if (!lastChild || element === undefined) {
        out.push(item);
        continue;
      }
      const ownedChild = owned?.child(element);
      if (!ownedChild) {
        changed = true;
        continue;
      }
      const next = lastChild.children.size > 0 ? prune(item, lastChild, ownedChild, spath, schema) : item;
      if (next !== item) changed = true;
      out.push(next);
    }
    return changed ? out : value;
  }
  return value;
}

export interface RecordUpdateArgs {
  old: KObject | undefined;
  updated: KObject;
  manager: string;
  now: string;
  subresource?: string;
}

/**
 * managedFields after a create, update or patch by `manager`. The result is `updated` with fresh
 * root and metadata objects; the other subtrees are `updated`'s own.
 */
export function recordUpdate(args: RecordUpdateArgs): KObject {
  const { old, updated, manager, now, subresource } = args;
  const schema = schemaFor(updated.apiVersion, updated.kind);
  const managers = baseManagers(old, updated, subresource);

  const before = old ? scope(old, subresource) : zeroValueOf(updated, subresource);
  const comparison = compareObjects(before, scope(updated, subresource), schema);
  const changed = comparison.modified.union(comparison.added).difference(STRIPPED);
  const removed = comparison.removed;
  for (const [id, m] of managers) {
    // A manager owning none of what changed keeps its set (and with it its stored encoding).
    if (!m.set.overlaps(changed) && !m.set.overlaps(removed)) continue;
    m.set = m.set.difference(changed).difference(removed);
    if (m.set.empty) managers.delete(id);
  }
  if (!changed.empty) {
    const self: Manager = { manager, operation: 'Update', apiVersion: updated.apiVersion, time: now, set: changed };
    if (subresource) self.subresource = subresource;
    const id = idOf(self);
    const previous = managers.get(id);
    if (previous) self.set = previous.set.union(changed);
    managers.set(id, self);
  }
  const result: PlainObject = { ...updated };
  setManagedFields(result, encodeManagers(managers));
  return result as KObject;
}

/** kube's decodeLiveOrNew: a request may replace managedFields, reset them with `[]`, or leave them to the server. */
function baseManagers(old: KObject | undefined, updated: KObject, subresource: string | undefined): Managers {
  const fromOld = () => decodeManagers(old?.metadata.managedFields, true) ?? new Map<string, Manager>();
  if (subresource) return fromOld();
  const requested: unknown = updated.metadata.managedFields;
  if (Array.isArray(requested)) {
    const first: unknown = requested[0];
    if (requested.length === 0 || (requested.length === 1 && isPlainObject(first) && Object.keys(first).length === 0)) return new Map();
    const decoded = decodeManagers(requested);
    if (decoded && decoded.size > 0) return decoded;
  }
  return fromOld();
}

/** What a create is compared against: the Go zero value of the kind, as far as it shows in JSON. */
function zeroValueOf(created: KObject, subresource: string | undefined): PlainObject {
  const zero: PlainObject = {};
  if (subresource === 'status') return zero;
  for (const dotted of zeroValuePathsOf(created.apiVersion, created.kind)) {
    const parts = dotted.split('.');
    let src: unknown = created;
    let dst: PlainObject | undefined = zero;
    for (let i = 0; i < parts.length && dst; i++) {
      const part = parts[i] ?? '';
      src = isPlainObject(src) ? getOwn(src, part) : undefined;
      if (i === parts.length - 1) {
        if (isPlainObject(src) && !isPlainObject(dst[part])) dst[part] = {};
        else if (Array.isArray(src)) dst[part] = null;
      } else {
        const next: unknown = dst[part];
        dst = isPlainObject(next) ? next : undefined;
      }
    }
  }
  return scope(zero, subresource);
}
