/**
 * Field selectors (`?fieldSelector=`) as kube-apiserver handles them: the grammar of
 * k8s.io/apimachinery/pkg/fields (with its backslash escaping), the fields each kind lets a
 * client select on, and matching.
 */

import type { CoreEvent, KObject, Node, Pod, ReplicaSet } from '../types.ts';
import type { ResourceType } from '../resources.ts';
import { groupVersion } from '../resources.ts';
import { SelectorError } from './labelSelector.ts';

export { SelectorError };

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** Split on commas that are not escaped; an escaped comma stays escaped for UnescapeValue. */
function splitTerms(text: string): string[] {
  if (text.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first operator position wins, trying `!=` then `==` then `=` at each position. */
function splitTerm(term: string): { field: string; operator: FieldRequirement['operator']; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), operator: op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\\`, `\,` and `\=` are the only escapes; bare `,` or `=` is an error. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue, the inverse of unescapeFieldValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
}

/** fields.ParseSelector. Terms come back sorted as kube sorts them; an empty string selects everything. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const part of splitTerms(text).sort()) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    reqs.push({ field: t.field, operator: t.operator, value: unescapeFieldValue(t.rhs) });
  }
  return reqs;
}

// `spec.host` is kube's alias for spec.nodeName, kept for old v1 clients.
const POD_FIELDS = ['spec.host', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'];
const EVENT_FIELDS = ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'];

/**
 * The field labels kube's conversion functions accept per kind. Kinds without their own
 * function get runtime.DefaultMetaV1FieldSelectorConversion (name and namespace, whatever the
 * scope); Node and Namespace register functions that leave metadata.namespace out.
 */
function supportedFields(type: ResourceType): string[] {
  const key = `${groupVersion(type)}/${type.kind}`;
  switch (key) {
    case 'v1/Pod':
      return ['metadata.name', 'metadata.namespace', ...POD_FIELDS];
    case 'v1/Event':
      return ['metadata.name', 'metadata.namespace', ...EVENT_FIELDS];
    case 'v1/Node':
      return ['metadata.name', 'spec.unschedulable'];
    case 'v1/Namespace':
      return ['metadata.name', 'status.phase'];
    case 'v1/Secret':
      return ['metadata.name', 'metadata.namespace', 'type'];
    case 'apps/v1/ReplicaSet':
      return ['metadata.name', 'metadata.namespace', 'status.replicas'];
    default:
      return ['metadata.name', 'metadata.namespace'];
  }
}

/** Throws kube's 400 text `field label not supported: <name>` for the first unsupported field. */
export function checkFieldSelector(type: ResourceType, reqs: FieldRequirement[]): void {
  const ok = new Set(supportedFields(type));
  for (const r of reqs) {
    if (!ok.has(r.field)) throw new SelectorError(`field label not supported: ${r.field}`);
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The selectable field set of an object (kube's GetAttrs); absent values are "". */
export function fieldsOf(type: ResourceType, obj: KObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name };
  if (type.namespaced) fields['metadata.namespace'] = obj.metadata.namespace ?? '';
  const key = `${groupVersion(type)}/${type.kind}`;
  switch (key) {
    case 'v1/Pod': {
      const pod = obj as Pod;
      const spec = record(pod.spec);
      const status = record(pod.status);
      fields['spec.nodeName'] = str(spec['nodeName']);
      fields['spec.host'] = fields['spec.nodeName'];
      fields['spec.restartPolicy'] = str(spec['restartPolicy']);
      fields['spec.schedulerName'] = str(spec['schedulerName']);
      fields['spec.serviceAccountName'] = str(spec['serviceAccountName']);
      fields['spec.hostNetwork'] = spec['hostNetwork'] === true ? 'true' : 'false';
      fields['status.phase'] = str(status['phase']);
      fields['status.podIP'] = str(status['podIP']);
      fields['status.nominatedNodeName'] = str(status['nominatedNodeName']);
      break;
    }
    case 'v1/Event': {
      const ev = obj as CoreEvent;
      const io = record(ev.involvedObject);
      for (const f of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) {
        fields[`involvedObject.${f}`] = str(io[f]);
      }
      fields['reason'] = str(ev.reason);
      fields['reportingComponent'] = str(ev.reportingComponent);
      // kube falls back to the reporting controller when the legacy source is empty.
      fields['source'] = str(record(ev.source)['component']) || str(ev.reportingComponent);
      fields['type'] = str(ev.type);
      break;
    }
    case 'v1/Node':
      fields['spec.unschedulable'] = record((obj as Node).spec)['unschedulable'] === true ? 'true' : 'false';
      break;
    case 'v1/Namespace':
      fields['status.phase'] = str(record(obj['status'])['phase']);
      break;
    case 'v1/Secret':
      fields['type'] = str(obj['type']);
      break;
    case 'apps/v1/ReplicaSet':
      fields['status.replicas'] = String(Number(record((obj as ReplicaSet).status)['replicas'] ?? 0) || 0);
      break;
  }
  return fields;
}

/** Every requirement must hold; a field absent from the set compares as "". */
export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  return reqs.every((r) => {
    const have = fields[r.field] ?? '';
    return r.operator === '!=' ? have !== r.value : have === r.value;
  });
}
