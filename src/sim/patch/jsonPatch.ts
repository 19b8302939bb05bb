/**
 * RFC 6902 JSON patch (`Content-Type: application/json-patch+json`), as kube-apiserver applies it:
 * a malformed operation list is a 400, an operation that does not fit the document (missing path,
 * failed `test`) is a 422, and the patch is atomic — the input is never touched, so a failure
 * half-way leaves nothing behind.
 */
import { PatchError } from './PatchError.ts';
import { cloneJson, deepEqual, getOwn, isPlainObject, setKey } from './mergePatch.ts';
import type { PlainObject } from './mergePatch.ts';

type Op =
  | { op: 'add' | 'replace' | 'test'; path: string[]; pointer: string; value: unknown }
  | { op: 'remove'; path: string[]; pointer: string }
  | { op: 'move' | 'copy'; path: string[]; pointer: string; from: string[]; fromPointer: string };

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  const parsed = parseOps(ops);
  // The document hangs under a holder so that operations on the root ("") need no special case.
  const holder: PlainObject = { root: cloneJson(doc) };
  for (const op of parsed) applyOp(holder, op);
  return holder['root'];
}

function parseOps(ops: unknown): Op[] {
  if (!Array.isArray(ops)) throw new PatchError('json patch must be an array of operations', 400);
  return ops.map((raw, i) => {
    if (!isPlainObject(raw)) throw new PatchError(`json patch operation ${i} must be an object`, 400);
    const op = getOwn(raw, 'op');
    if (typeof op !== 'string' || !OPS.has(op)) {
      throw new PatchError(`json patch operation ${i}: unknown op ${JSON.stringify(op ?? null)}`, 400);
    }
    const pointer = getOwn(raw, 'path');
    if (typeof pointer !== 'string') throw new PatchError(`json patch operation ${i} (${op}): "path" must be a string`, 400);
    const path = parsePointer(pointer, i);
    if (op === 'remove') return { op, path, pointer };
    if (op === 'move' || op === 'copy') {
      const fromPointer = getOwn(raw, 'from');
      if (typeof fromPointer !== 'string') throw new PatchError(`json patch operation ${i} (${op}): "from" must be a string`, 400);
      return { op, path, pointer, from: parsePointer(fromPointer, i), fromPointer };
    }
    if (!Object.prototype.hasOwnProperty.call(raw, 'value')) {
      throw new PatchError(`json patch operation ${i} (${op}): missing "value"`, 400);
    }
    return { op: op as 'add' | 'replace' | 'test', path, pointer, value: raw['value'] };
  });
}

/** RFC 6901: "" is the whole document, "/a~1b/~0c" is ["a/b", "~c"]; the "root" token is the holder's. */
function parsePointer(pointer: string, index: number): string[] {
  if (pointer === '') return ['root'];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`json patch operation ${index}: path ${JSON.stringify(pointer)} is not a JSON pointer`, 422);
  }
  return ['root', ...pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))];
}

function applyOp(holder: PlainObject, op: Op): void {
  switch (op.op) {
    case 'add':
      add(holder, op.path, cloneJson(op.value), op.pointer, 'add');
      return;
    case 'remove':
      remove(holder, op.path, op.pointer, 'remove');
      return;
    case 'replace':
      replace(holder, op.path, cloneJson(op.value), op.pointer);
      return;
    case 'move': {
      if (op.pointer !== op.fromPointer && op.pointer.startsWith(`${op.fromPointer}/`)) {
        throw new PatchError(`move operation cannot move ${op.fromPointer} into its own child ${op.pointer}`, 422);
      }
      const value = remove(holder, op.from, op.fromPointer, 'move');
      add(holder, op.path, value, op.pointer, 'move');
      return;
    }
    case 'copy':
      add(holder, op.path, cloneJson(get(holder, op.from, op.fromPointer, 'copy')), op.pointer, 'copy');
      return;
    case 'test': {
      const actual = get(holder, op.path, op.pointer, 'test');
      if (!deepEqual(actual, op.value)) throw new PatchError(`testing value ${op.pointer} failed: test failed`, 422);
      return;
    }
  }
}

function missing(opName: string, pointer: string): PatchError {
  return new PatchError(`${opName} operation does not apply: doc is missing path: ${JSON.stringify(pointer)}`, 422);
}

/** The container holding the last token; the holder makes every path have one. */
function parentOf(holder: PlainObject, path: string[], pointer: string, opName: string): unknown {
  let node: unknown = holder;
  for (const token of path.slice(0, -1)) {
    node = child(node, token);
    if (node === undefined) throw missing(opName, pointer);
  }
  return node;
}

function child(node: unknown, token: string): unknown {
  if (Array.isArray(node)) {
    const i = arrayIndex(token);
    return i !== undefined && i < node.length ? node[i] : undefined;
  }
  if (isPlainObject(node)) return getOwn(node, token);
  return undefined;
}

function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

function lastToken(path: string[]): string {
  const t = path[path.length - 1];
  if (t === undefined) throw new Error('json pointer without tokens');
  return t;
}

function get(holder: PlainObject, path: string[], pointer: string, opName: string): unknown {
  const value = child(parentOf(holder, path, pointer, opName), lastToken(path));
  if (value === undefined) throw missing(opName, pointer);
  return value;
}

function add(holder: PlainObject, path: string[], value: unknown, pointer: string, opName: string): void {
  const parent = parentOf(holder, path, pointer, opName);
  const token = lastToken(path);
  if (Array.isArray(parent)) {
    const i = token === '-' ? parent.length : arrayIndex(token);
    if (i === undefined || i > parent.length) {
      throw new PatchError(`${opName} operation does not apply: index ${token} is out of bounds at ${JSON.stringify(pointer)}`, 422);
    }
    parent.splice(i, 0, value);
  } else if (isPlainObject(parent)) {
    setKey(parent, token, value);
  } else {
    throw missing(opName, pointer);
  }
}

/** In place, so that a replaced key keeps its position in the object. */
function replace(holder: PlainObject, path: string[], value: unknown, pointer: string): void {
  const parent = parentOf(holder, path, pointer, 'replace');
  const token = lastToken(path);
  if (Array.isArray(parent)) {
    const i = arrayIndex(token);
    if (i === undefined || i >= parent.length) throw missing('replace', pointer);
    parent[i] = value;
  } else if (isPlainObject(parent) && Object.prototype.hasOwnProperty.call(parent, token)) {
    setKey(parent, token, value);
  } else {
    throw missing('replace', pointer);
  }
}

function remove(holder: PlainObject, path: string[], pointer: string, opName: string): unknown {
  const parent = parentOf(holder, path, pointer, opName);
  const token = lastToken(path);
  if (Array.isArray(parent)) {
    const i = arrayIndex(token);
    if (i === undefined || i >= parent.length) throw missing(opName, pointer);
    return parent.splice(i, 1)[0];
  }
  if (isPlainObject(parent) && Object.prototype.hasOwnProperty.call(parent, token)) {
    const value = parent[token];
    delete parent[token];
    return value;
  }
  throw missing(opName, pointer);
}
