/**
 * RFC 7386 JSON merge patch (`Content-Type: application/merge-patch+json`), plus the small JSON
 * value helpers the other patch algorithms in this folder share.
 *
 * Results never share structure with the inputs: the store deep-freezes what it holds, and a
 * caller that tweaks a patched object (resourceVersion, defaults) must not trip over a frozen
 * subtree borrowed from the original.
 */

export type PlainObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values (object key order is irrelevant, array order is not). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as PlainObject;
  const bo = b as PlainObject;
  const aKeys = Object.keys(ao);
  if (aKeys.length !== Object.keys(bo).length) return false;
  for (const k of aKeys) {
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !deepEqual(ao[k], bo[k])) return false;
  }
  return true;
}

/**
 * Sets a key that came from a client. `obj[k] = v` with k === '__proto__' would replace the
 * prototype instead of creating the property JSON.parse gave us.
 */
export function setKey(obj: PlainObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** Reads a client-named key without falling through to Object.prototype. */
export function getOwn(obj: PlainObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A fresh, unfrozen copy of a JSON value. */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  return structuredClone(value);
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: PlainObject = isPlainObject(target) ? cloneJson(target) : {};
  mergeInto(result, patch);
  return result;
}

/** `result` is a private copy, so it is filled in place. */
function mergeInto(result: PlainObject, patch: PlainObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const current = getOwn(result, key);
      const child: PlainObject = isPlainObject(current) ? current : {};
      mergeInto(child, value);
      setKey(result, key, child);
    } else {
      setKey(result, key, cloneJson(value));
    }
  }
}
