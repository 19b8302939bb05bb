/**
 * Kubernetes strategic merge patch (`Content-Type: application/strategic-merge-patch+json`), the
 * body kubectl sends for client-side apply, label, annotate, edit, rollout restart and friends.
 * A port of the apply half of k8s.io/apimachinery/pkg/util/strategicpatch, with the patch
 * strategies taken from ./patchMeta.ts instead of Go struct tags.
 *
 * kube quirks kept on purpose, because clients see them:
 * - items a patch adds to a merging list go *before* the server's items unless
 *   `$setElementOrder` says otherwise (kubectl apply always sends it; `kubectl patch` does not);
 * - `$patch: delete` on a map leaves an empty map, not a missing key;
 * - `$patch: merge` inside a list is rejected ("merging lists cannot yet be specified").
 * Where kube would copy a patch value verbatim (a key missing from the original, an item appended
 * to a list) this port still resolves directives and drops nulls, so no `$`-key or null can end
 * up stored.
 */
import { PatchError } from './PatchError.ts';
import { cloneJson, getOwn, isPlainObject, setKey } from './mergePatch.ts';
import type { PlainObject } from './mergePatch.ts';
import { listStrategyAt } from './patchMeta.ts';

const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

interface Ctx { apiVersion: string; kind: string }

export function applyStrategicMergePatch(original: unknown, patch: unknown, apiVersion: string, kind: string): unknown {
  if (!isPlainObject(patch)) throw new PatchError('strategic merge patch must be a JSON object', 400);
  const base = isPlainObject(original) ? cloneJson(original) : {};
  return mergeMap(base, patch, [], { apiVersion, kind });
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** `original` is owned by the merge (a private copy) and is updated in place; `patch` is read only. */
function mergeMap(original: PlainObject | undefined, patch: PlainObject, path: string[], ctx: Ctx): PlainObject {
  const directive = getOwn(patch, '$patch');
  if (directive !== undefined) {
    if (directive === 'replace') return mergeMap(undefined, without(patch, '$patch'), path, ctx);
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw new PatchError(`unknown patch type: ${show(directive)} in map: ${show(patch)}`, 400);
  }
  const result = original ?? {};
  applyRetainKeys(result, patch);
  const ordered = applySetElementOrder(result, patch, path, ctx);

  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) {
      if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
      throw new PatchError(`unknown strategic merge patch directive ${show(key)}`, 400);
    }
    if (ordered.has(key)) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    const current = getOwn(result, key);
    let merged: unknown;
    if (isPlainObject(current) && isPlainObject(value)) merged = mergeMap(current, value, childPath, ctx);
    else if (Array.isArray(current) && Array.isArray(value)) merged = mergeListField(current, value, childPath, ctx);
    else merged = fromPatch(value, childPath, ctx);
    if (merged === undefined) delete result[key];
    else setKey(result, key, merged);
  }

  // Deletions run last so that they also see lists reordered or merged above.
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    if (field === '' || !Array.isArray(value)) throw new PatchError('invalid patch format of primitive list', 400);
    const current = getOwn(result, field);
    if (Array.isArray(current)) setKey(result, field, deleteFromSlice(current, value));
  }
  return result;
}

function without(obj: PlainObject, key: string): PlainObject {
  const copy: PlainObject = {};
  for (const [k, v] of Object.entries(obj)) if (k !== key) setKey(copy, k, v);
  return copy;
}

/**
 * A patch value going where the original has nothing comparable: resolved against an empty
 * value so that its directives apply and never leak. undefined means "leave the key out".
 */
function fromPatch(value: unknown, path: string[], ctx: Ctx): unknown {
  if (isPlainObject(value)) {
    if (getOwn(value, '$patch') === 'delete') return undefined;
    return mergeMap(undefined, value, path, ctx);
  }
  if (Array.isArray(value)) return mergeListField([], value, path, ctx);
  return value;
}

/** Items of a list the patch replaces wholesale: directive-only items vanish (kube's removeDirectives). */
function fromPatchList(items: readonly unknown[], path: string[], ctx: Ctx): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (isPlainObject(item)) {
      if (getOwn(item, '$patch') !== undefined) continue;
      out.push(mergeMap(undefined, item, path, ctx));
    } else {
      out.push(cloneJson(item));
    }
  }
  return out;
}

function applyRetainKeys(result: PlainObject, patch: PlainObject): void {
  const retain = getOwn(patch, '$retainKeys');
  if (retain === undefined) return;
  if (!Array.isArray(retain)) throw new PatchError('invalid patch format of retainKeys', 400);
  const keep = new Set<unknown>(retain);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith('$')) continue;
    if (!keep.has(key)) throw new PatchError(`invalid patch format of retainKeys: ${show(key)} is not in $retainKeys`, 400);
  }
  for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
}

/** Handles every `$setElementOrder/<field>` of the patch; returns the fields it merged. */
function applySetElementOrder(result: PlainObject, patch: PlainObject, path: string[], ctx: Ctx): Set<string> {
  const handled = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const field = key.slice(SET_ELEMENT_ORDER.length);
    if (field === '' || !Array.isArray(order)) throw new PatchError('invalid patch format of setElementOrder list', 400);
    const current = getOwn(result, field);
    const patchList = getOwn(patch, field);
    // A null list is a deletion; the main loop does it and there is nothing to order.
    if (patchList === null) continue;
    if (current !== undefined && !Array.isArray(current)) throw new PatchError(`${field}: expected a list in the original, got ${show(current)}`, 400);
    if (patchList !== undefined && !Array.isArray(patchList)) throw new PatchError(`${field}: expected a list in the patch, got ${show(patchList)}`, 400);
    handled.add(field);
    const fieldPath = [...path, field];
    const strategy = listStrategyAt(ctx.apiVersion, ctx.kind, fieldPath);
    const mergeKey = strategy.kind === 'map' ? strategy.mergeKey : undefined;
    validateAgainstOrder(patchList ?? [], order, mergeKey, field);

    let merged: unknown[];
    if (current && patchList) merged = mergeListField(current, patchList, fieldPath, ctx);
    else if (current) merged = current;
    else if (patchList) merged = fromPatchList(patchList, fieldPath, ctx);
    else continue;

    const inOrder = (item: unknown) => indexIn(order, item, mergeKey) >= 0;
    setKey(result, field, normalizeElementOrder(merged.filter(inOrder), merged.filter((i) => !inOrder(i)), order, current ?? [], mergeKey));
  }
  return handled;
}

/** kube's validatePatchWithSetOrderList: the patch's items must appear in `$setElementOrder` in the same relative order. */
function validateAgainstOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string | undefined, field: string): void {
  const items = patchList.filter((i) => !(isPlainObject(i) && getOwn(i, '$patch') !== undefined));
  let p = 0;
  for (let o = 0; p < items.length && o < order.length; o++) {
    if (sameItem(items[p], order[o], mergeKey)) p++;
  }
  if (p < items.length) {
    throw new PatchError(`the order in patch list:\n${show(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${show(order)} (field ${field})`, 400);
  }
}

function mergeListField(current: unknown[], patch: readonly unknown[], path: string[], ctx: Ctx): unknown[] {
  const strategy = listStrategyAt(ctx.apiVersion, ctx.kind, path);
  if (strategy.kind === 'atomic' || strategy.patchStrategy !== 'merge') return fromPatchList(patch, path, ctx);
  return mergeSlice(current, patch, strategy.kind === 'map' ? strategy.mergeKey : undefined, path, ctx);
}

type ElementKind = 'map' | 'list' | string;

function elementKind(slices: readonly (readonly unknown[])[], path: string[]): ElementKind | undefined {
  let kind: ElementKind | undefined;
  for (const slice of slices) {
    for (const item of slice) {
      const k = isPlainObject(item) ? 'map' : Array.isArray(item) ? 'list' : item === null ? 'null' : typeof item;
      if (k === 'list') throw new PatchError(`${path.join('.')}: lists of lists are not supported`, 422);
      if (kind !== undefined && kind !== k) throw new PatchError(`${path.join('.')}: list element types are not identical`, 400);
      kind = k;
    }
  }
  return kind;
}

function mergeSlice(original: unknown[], patch: readonly unknown[], mergeKey: string | undefined, path: string[], ctx: Ctx): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind([original, patch], path);
  if (kind !== 'map') {
    const seen = new Set<unknown>();
    const merged = [...original, ...patch].filter((v) => (seen.has(v) ? false : (seen.add(v), true)));
    const inPatch = new Set<unknown>(patch);
    return normalizeElementOrder(merged.filter((v) => inPatch.has(v)), merged.filter((v) => !inPatch.has(v)), patch, original, undefined);
  }
  if (!mergeKey) throw new PatchError(`${path.join('.')}: cannot merge lists without merge key`, 400);

  let items = original;
  let plain: PlainObject[] = [];
  let replace = false;
  for (const raw of patch) {
    const item = raw as PlainObject; // elementKind guaranteed maps
    const directive = getOwn(item, '$patch');
    if (directive === undefined) plain.push(item);
    else if (directive === 'delete') {
      const value = getOwn(item, mergeKey);
      if (value === undefined) throw noMergeKey(item, mergeKey);
      items = items.filter((o) => !(isPlainObject(o) && getOwn(o, mergeKey) === value));
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw new PatchError('merging lists cannot yet be specified in the patch', 400);
    else throw new PatchError(`unknown patch type: ${show(directive)} in map: ${show(item)}`, 400);
  }
  if (replace) {
    items = plain.map((item) => mergeMap(undefined, item, path, ctx));
    plain = [];
  }

  const serverOrder = items.slice();
  const merged = items.slice();
  for (const item of plain) {
    const value = getOwn(item, mergeKey);
    if (value === undefined) throw noMergeKey(item, mergeKey);
    const at = merged.findIndex((o) => isPlainObject(o) && getOwn(o, mergeKey) === value);
    const target = merged[at];
    if (at >= 0 && isPlainObject(target)) merged[at] = mergeMap(target, item, path, ctx);
    else merged.push(mergeMap(undefined, item, path, ctx));
  }
  const inPatch = (o: unknown) => indexIn(plain, o, mergeKey) >= 0;
  return normalizeElementOrder(merged.filter(inPatch), merged.filter((o) => !inPatch(o)), plain, serverOrder, mergeKey);
}

function noMergeKey(item: PlainObject, mergeKey: string): PatchError {
  return new PatchError(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`, 400);
}

function deleteFromSlice(current: readonly unknown[], toDelete: readonly unknown[]): unknown[] {
  const drop = new Set<unknown>(toDelete);
  return current.filter((v) => !drop.has(v));
}

function sameItem(a: unknown, b: unknown, mergeKey: string | undefined): boolean {
  if (mergeKey === undefined) return a === b;
  return isPlainObject(a) && isPlainObject(b) && getOwn(a, mergeKey) !== undefined && getOwn(a, mergeKey) === getOwn(b, mergeKey);
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): number {
  for (let i = 0; i < list.length; i++) if (sameItem(item, list[i], mergeKey)) return i;
  return -1;
}

/**
 * kube's normalizeElementOrder: patch items in patch order, server-only items in server order,
 * then interleaved by server order where both sides are known to it; an item the server has
 * never seen wins ties, which is why additions land in front.
 */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const byOrder = (order: readonly unknown[]) => (a: unknown, b: unknown) => {
    const ia = indexIn(order, a, mergeKey);
    const ib = indexIn(order, b, mergeKey);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  };
  const right = patchItems.slice().sort(byOrder(patchOrder));
  const left = serverOnly.slice().sort(byOrder(serverOrder));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
