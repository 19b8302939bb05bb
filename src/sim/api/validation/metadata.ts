/**
 * ValidateObjectMeta: name and generateName in the format the kind requires, namespace,
 * labels, annotations, and the metadata fields an update may not change.
 */

import type { KObject } from '../../types.ts';
import type { ResourceType } from '../../resources.ts';
import { byteLength, dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { forbidden, IMMUTABLE, invalid, nonNegative, required, tooLong } from './fieldError.ts';

type NameCheck = (name: string) => string[];

function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  if (name.includes('/')) errs.push("may not contain '/'");
  if (name.includes('%')) errs.push("may not contain '%'");
  return errs;
}

function nameCheck(type: ResourceType): NameCheck {
  if (type.group === 'rbac.authorization.k8s.io') return pathSegmentErrors;
  if (type.group === '' && type.kind === 'Namespace') return dns1123LabelErrors;
  if (type.group === '' && type.kind === 'Service') return dns1035LabelErrors;
  return dns1123SubdomainErrors;
}

export function validateLabels(field: string, labels: Record<string, string> | undefined): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of labelKeyErrors(k)) errs.push(invalid(field, k, m));
    for (const m of labelValueErrors(typeof v === 'string' ? v : String(v))) errs.push(invalid(field, v, m));
  }
  return errs;
}

const ANNOTATIONS_LIMIT = 256 * 1024;

export function validateMeta(type: ResourceType, o: KObject, old: KObject | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const meta = o.metadata;
  const check = nameCheck(type);
  // generateName is checked as a prefix: a trailing '-' is fine there.
  if (meta.generateName) for (const m of check(meta.generateName.replace(/-$/, 'a'))) errs.push(invalid('metadata.generateName', meta.generateName, m));
  if (!meta.name) {
    if (!meta.generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const m of check(meta.name)) errs.push(invalid('metadata.name', meta.name, m));
  }
  if (type.namespaced) {
    if (!meta.namespace) errs.push(required('metadata.namespace'));
    else for (const m of dns1123LabelErrors(meta.namespace)) errs.push(invalid('metadata.namespace', meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...nonNegative('metadata.generation', meta.generation));
  errs.push(...validateLabels('metadata.labels', meta.labels));
  let size = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    // Annotation keys are qualified names compared case-insensitively.
    for (const m of labelKeyErrors(k.toLowerCase())) errs.push(invalid('metadata.annotations', k, m));
    size += byteLength(k) + byteLength(typeof v === 'string' ? v : String(v));
  }
  if (size > ANNOTATIONS_LIMIT) errs.push(tooLong('metadata.annotations', ANNOTATIONS_LIMIT));
  if (old) {
    if (meta.name !== old.metadata.name) errs.push(invalid('metadata.name', meta.name, IMMUTABLE));
    if ((meta.namespace ?? '') !== (old.metadata.namespace ?? '')) errs.push(invalid('metadata.namespace', meta.namespace ?? '', IMMUTABLE));
    if (meta.uid && old.metadata.uid && meta.uid !== old.metadata.uid) errs.push(invalid('metadata.uid', meta.uid, IMMUTABLE));
  }
  return errs;
}
