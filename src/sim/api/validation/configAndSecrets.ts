/**
 * Validation of ConfigMaps and Secrets: config key format, the 1 MiB size limit, the keys a
 * Secret type requires, and what `immutable: true` freezes.
 */

import type { Obj } from '../obj.ts';
import { obj, str } from '../obj.ts';
import { byteLength, regexError } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { forbidden, IMMUTABLE, invalid, required, tooLong } from './fieldError.ts';
import { same } from './same.ts';

const MAX_SECRET_SIZE = 1024 * 1024;
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';

function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (byteLength(key) > 253) errs.push('must be no more than 253 characters');
  if (!new RegExp(`^${CONFIG_KEY_FMT}$`).test(key)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function base64Size(v: unknown): number {
  return typeof v === 'string' ? Buffer.from(v, 'base64').length : 0;
}

function validateImmutableData(o: Obj, old: Obj | undefined, fields: string[]): FieldError[] {
  if (!old || old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  if (o['immutable'] !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields) if (!same(o[f], old[f])) errs.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

export function validateConfigMap(o: Obj, old: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const data = obj(o['data']);
  const binary = obj(o['binaryData']);
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of configKeyErrors(k)) errs.push(invalid(`data[${k}]`, k, m));
    if (k in binary) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    size += byteLength(str(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of configKeyErrors(k)) errs.push(invalid(`binaryData[${k}]`, k, m));
    size += base64Size(v);
  }
  // The whole object is at fault, which kube marks with an empty field path.
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return [...errs, ...validateImmutableData(o, old, ['data', 'binaryData'])];
}

export function validateSecret(o: Obj, old: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(obj(o['data']))) {
    for (const m of configKeyErrors(k)) errs.push(invalid(`data[${k}]`, k, m));
    size += base64Size(v);
  }
  if (size > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));
  const type = str(o['type']);
  const data = obj(o['data']);
  if (type === 'kubernetes.io/dockerconfigjson' && data['.dockerconfigjson'] === undefined) errs.push(required('data[.dockerconfigjson]'));
  if (type === 'kubernetes.io/tls') for (const k of ['tls.crt', 'tls.key']) if (data[k] === undefined) errs.push(required(`data[${k}]`));
  if (old && str(old['type']) !== type) errs.push(invalid('type', type, IMMUTABLE));
  return [...errs, ...validateImmutableData(o, old, ['data'])];
}
