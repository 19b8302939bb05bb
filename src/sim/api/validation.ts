/**
 * Object validation as kube-apiserver performs it before storing (the pkg/apis validation packages), with
 * kube's field paths and messages, and the formatting of those errors into the 422 Invalid
 * Status message kubectl prints (`The Deployment "web" is invalid: ...`).
 *
 * Validation runs on the defaulted object (defaults.ts), so fields kube always defaults are
 * only checked when present.
 */

import type { KObject, LabelSelector } from '../types.ts';
import type { ResourceType } from '../resources.ts';
import { groupVersion } from '../resources.ts';
import {
  byteLength, dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors,
  labelSelectorToRequirements, matchesLabelSelector, regexError, SelectorError,
} from './labelSelector.ts';

export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTooMany';
  field: string;
  detail: string;
  badValue?: unknown;
}

/** A bad value already rendered the way Go's %#v prints it (typed nil maps, structs). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

// ---- formatting ------------------------------------------------------------------------------

const TYPE_TEXT: Record<FieldError['type'], string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
};

/** strconv.Quote, which is what %q prints. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const esc = named[ch];
    if (esc !== undefined) out += esc;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** Go's %#v of a map[string]string: keys sorted; `map[string]string(nil)` when absent. */
export function goStringMap(m: Record<string, string> | undefined | null): GoLiteral {
  if (m === undefined || m === null) return new GoLiteral('map[string]string(nil)');
  const body = Object.keys(m).sort().map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ');
  return new GoLiteral(`map[string]string{${body}}`);
}

function goStrings(v: string[] | undefined): string {
  return v === undefined ? '[]string(nil)' : `[]string{${v.map(goQuote).join(', ')}}`;
}

/** The v1.LabelSelector struct as kube prints it in `field is immutable` errors. */
export function goLabelSelector(sel: LabelSelector | undefined | null): GoLiteral {
  if (sel === undefined || sel === null) return new GoLiteral('null');
  const exprs = sel.matchExpressions === undefined
    ? '[]v1.LabelSelectorRequirement(nil)'
    : `[]v1.LabelSelectorRequirement{${sel.matchExpressions.map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${goStrings(e.values)}}`).join(', ')}}`;
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels).text}, MatchExpressions:${exprs}}`);
}

/** field.Error's rendering of a bad value: %q for strings, %v for scalars, %#v otherwise. */
function goValue(v: unknown): string {
  if (v instanceof GoLiteral) return v.text;
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return goStrings(v);
  if (isStringRecord(v)) return goStringMap(v).text;
  return JSON.stringify(v);
}

/** One line of kube's ErrorList text: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(e: FieldError): string {
  let body = TYPE_TEXT[e.type];
  if (e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'FieldValueTooLong') body += `: ${goValue(e.badValue)}`;
  if (e.detail !== '') body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** The Status message of kube's 422: `Deployment.apps "web" is invalid: ...`, several errors as `[a, b]`. */
export function invalidMessage(type: ResourceType, name: string, errors: FieldError[]): string {
  const kind = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
  const msgs = [...new Set(errors.map(formatFieldError))];
  const agg = msgs.length === 0 ? '<nil>' : msgs.length === 1 ? (msgs[0] ?? '') : `[${msgs.join(', ')}]`;
  return `${kind} ${goQuote(name)} is invalid: ${agg}`;
}

// ---- error constructors ----------------------------------------------------------------------

const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
const invalid = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
const duplicate = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' });
const tooLong = (field: string, max: number): FieldError => ({ type: 'FieldValueTooLong', field, detail: `must have at most ${max} bytes` });
const notSupported = (field: string, badValue: unknown, valid: string[]): FieldError => ({
  type: 'FieldValueNotSupported', field, badValue, detail: valid.length > 0 ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '',
});
const IMMUTABLE = 'field is immutable';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strMap = (v: unknown): Record<string, string> | undefined => (isObj(v) ? (v as Record<string, string>) : undefined);

/** Sorted-key JSON: deep equality that ignores key order, as apiequality.Semantic.DeepEqual does. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

function nonNegative(field: string, v: unknown): FieldError[] {
  return typeof v === 'number' && v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];
}

function portNumErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (byteLength(name) > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

// ---- metadata --------------------------------------------------------------------------------

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

function validateMeta(type: ResourceType, o: KObject, old: KObject | undefined): FieldError[] {
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

// ---- pod specs -------------------------------------------------------------------------------

/** resource.Quantity's value, enough to compare requests with limits. */
function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  const scale: Record<string, number> = {
    '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  const s = scale[suffix];
  if (s !== undefined) return n * s;
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  return exp ? n * 10 ** Number(exp[1]) : undefined;
}

/** Native resources (cpu, memory...) may be requested below their limit; others must match it. */
function overcommitAllowed(name: string): boolean {
  return (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');
}

function validateResources(path: string, r: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const limits = obj(r['limits']);
  const requests = obj(r['requests']);
  for (const [section, values] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(values)) {
      const v = quantityValue(q);
      if (v === undefined) errs.push(invalid(`${path}.${section}[${name}]`, q, regexError('quantities must match the regular expression', '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')));
      else if (v < 0) errs.push(invalid(`${path}.${section}[${name}]`, String(q), 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    const req = quantityValue(q);
    const lim = quantityValue(limit);
    if (limit === undefined || req === undefined || lim === undefined) continue;
    if (req !== lim && !overcommitAllowed(name)) errs.push(invalid(`${path}.requests`, String(q), `must be equal to ${name} limit of ${String(limit)}`));
    else if (req > lim) errs.push(invalid(`${path}.requests`, String(q), `must be less than or equal to ${name} limit of ${String(limit)}`));
  }
  return errs;
}

function validateContainer(c: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c['name']);
  if (name === '') errs.push(required(`${path}.name`));
  else for (const m of dns1123LabelErrors(name)) errs.push(invalid(`${path}.name`, name, m));
  if (str(c['image']) === '') errs.push(required(`${path}.image`));
  if (c['imagePullPolicy'] !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(str(c['imagePullPolicy']))) {
    errs.push(notSupported(`${path}.imagePullPolicy`, c['imagePullPolicy'], ['Always', 'IfNotPresent', 'Never']));
  }
  if (c['terminationMessagePolicy'] !== undefined && !['File', 'FallbackToLogsOnError'].includes(str(c['terminationMessagePolicy']))) {
    errs.push(notSupported(`${path}.terminationMessagePolicy`, c['terminationMessagePolicy'], ['File', 'FallbackToLogsOnError']));
  }
  const portNames = new Set<string>();
  objs(c['ports']).forEach((p, i) => {
    const pp = `${path}.ports[${i}]`;
    const port = p['containerPort'];
    if (port === undefined || port === 0) errs.push(required(`${pp}.containerPort`));
    else for (const m of portNumErrors(Number(port))) errs.push(invalid(`${pp}.containerPort`, port, m));
    if (p['hostPort'] !== undefined && p['hostPort'] !== 0) for (const m of portNumErrors(Number(p['hostPort']))) errs.push(invalid(`${pp}.hostPort`, p['hostPort'], m));
    const pn = str(p['name']);
    if (pn !== '') {
      for (const m of portNameErrors(pn)) errs.push(invalid(`${pp}.name`, pn, m));
      if (portNames.has(pn)) errs.push(duplicate(`${pp}.name`, pn));
      portNames.add(pn);
    }
    if (p['protocol'] !== undefined && !['SCTP', 'TCP', 'UDP'].includes(str(p['protocol']))) errs.push(notSupported(`${pp}.protocol`, p['protocol'], ['SCTP', 'TCP', 'UDP']));
  });
  objs(c['env']).forEach((e, i) => {
    if (str(e['name']) === '') errs.push(required(`${path}.env[${i}].name`));
  });
  errs.push(...validateResources(`${path}.resources`, obj(c['resources'])));
  return errs;
}

function validateTolerations(path: string, tolerations: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const tp = `${path}[${i}]`;
    const key = str(t['key']);
    if (key !== '') for (const m of labelKeyErrors(key)) errs.push(invalid(`${tp}.key`, key, m));
    const op = t['operator'] === undefined ? 'Equal' : str(t['operator']);
    if (op === 'Exists' && str(t['value']) !== '') errs.push(invalid(`${tp}.operator`, op, "value must be empty when `operator` is 'Exists'"));
    else if (op !== 'Equal' && op !== 'Exists') errs.push(notSupported(`${tp}.operator`, t['operator'], ['Equal', 'Exists']));
    if (op === 'Equal' && key === '') errs.push(invalid(`${tp}.operator`, op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    const effect = str(t['effect']);
    if (effect !== '' && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) errs.push(notSupported(`${tp}.effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    if (t['tolerationSeconds'] !== undefined && t['tolerationSeconds'] !== null && effect !== 'NoExecute') {
      errs.push(invalid(`${tp}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
  });
  return errs;
}

/** ValidatePodSpec; `workload` names the owning kind for template-only restrictions. */
function validatePodSpec(spec: Obj, path: string, workload?: string): FieldError[] {
  const errs: FieldError[] = [];
  const containers = objs(spec['containers']);
  const inits = objs(spec['initContainers']);
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    errs.push(...validateContainer(c, `${path}.containers[${i}]`));
    const n = str(c['name']);
    if (n !== '' && names.has(n)) errs.push(duplicate(`${path}.containers[${i}].name`, n));
    names.add(n);
  });
  inits.forEach((c, i) => {
    errs.push(...validateContainer(c, `${path}.initContainers[${i}]`));
    const n = str(c['name']);
    if (n !== '' && names.has(n)) errs.push(duplicate(`${path}.initContainers[${i}].name`, n));
    names.add(n);
  });
  const restart = spec['restartPolicy'];
  if (workload !== undefined) {
    if (restart !== undefined && restart !== 'Always') errs.push(notSupported(`${path}.restartPolicy`, restart, ['Always']));
    if (spec['activeDeadlineSeconds'] !== undefined && spec['activeDeadlineSeconds'] !== null) errs.push(forbidden(`${path}.activeDeadlineSeconds`, `activeDeadlineSeconds in ${workload} is not Supported`));
  } else if (restart !== undefined && !['Always', 'OnFailure', 'Never'].includes(str(restart))) {
    errs.push(notSupported(`${path}.restartPolicy`, restart, ['Always', 'OnFailure', 'Never']));
  }
  if (spec['dnsPolicy'] !== undefined && !['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'].includes(str(spec['dnsPolicy']))) {
    errs.push(notSupported(`${path}.dnsPolicy`, spec['dnsPolicy'], ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']));
  }
  const ads = spec['activeDeadlineSeconds'];
  if (workload === undefined && typeof ads === 'number' && (ads < 1 || ads > 2147483647)) errs.push(invalid(`${path}.activeDeadlineSeconds`, ads, 'must be between 1 and 2147483647, inclusive'));
  const nodeName = str(spec['nodeName']);
  if (nodeName !== '') for (const m of dns1123SubdomainErrors(nodeName)) errs.push(invalid(`${path}.nodeName`, nodeName, m));
  errs.push(...validateLabels(`${path}.nodeSelector`, strMap(spec['nodeSelector'])));
  errs.push(...validateTolerations(`${path}.tolerations`, objs(spec['tolerations'])));
  return errs;
}

const POD_UPDATE_FORBIDDEN = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate's spec rule: undo the permitted mutations, then anything left over is forbidden. */
function validatePodSpecUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const copy = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    const now = objs(copy[key]);
    const before = objs(oldSpec[key]);
    if (now.length === before.length) now.forEach((c, i) => { c['image'] = before[i]?.['image']; });
  }
  const oldAds = oldSpec['activeDeadlineSeconds'];
  const newAds = spec['activeDeadlineSeconds'];
  if (typeof oldAds === 'number' && (newAds === undefined || newAds === null)) errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  else if (typeof oldAds === 'number' && typeof newAds === 'number' && newAds > oldAds) errs.push(invalid('spec.activeDeadlineSeconds', newAds, 'must be less than or equal to previous value'));
  copy['activeDeadlineSeconds'] = oldAds;
  const oldTol = objs(oldSpec['tolerations']);
  const newTol = objs(spec['tolerations']);
  if (oldTol.every((t) => newTol.some((n) => same(n, t)))) copy['tolerations'] = oldSpec['tolerations'];
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && spec['terminationGracePeriodSeconds'] === 1) copy['terminationGracePeriodSeconds'] = oldGrace;
  if (!same(copy, oldSpec)) errs.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}

// ---- workloads -------------------------------------------------------------------------------

interface SelectorRules {
  /** Kind named in "empty selector is invalid for <x>". */
  emptyName: string;
  /** DaemonSet validation has no separate "required" error for an absent selector. */
  optional?: boolean;
}

function validateLabelSelector(path: string, sel: LabelSelector): FieldError[] {
  const errs = validateLabels(`${path}.matchLabels`, sel.matchLabels);
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) errs.push(required(`${ep}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(`${ep}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(`${ep}.operator`, e.operator, 'not a valid selector operator'));
    }
    for (const m of labelKeyErrors(e.key)) errs.push(invalid(`${ep}.key`, e.key, m));
    values.forEach((v, vi) => { for (const m of labelValueErrors(v)) errs.push(invalid(`${ep}.values[${vi}]`, v, m)); });
  });
  return errs;
}

/** Selector presence and syntax, then the template's labels against it. */
function validateWorkloadSelector(spec: Obj, rules: SelectorRules): FieldError[] {
  const errs: FieldError[] = [];
  const sel = isObj(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined;
  const empty = sel !== undefined && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  if (sel === undefined) {
    if (!rules.optional) errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector('spec.selector', sel));
    if (empty) errs.push(invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${rules.emptyName}`));
    try {
      labelSelectorToRequirements(sel);
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      return [...errs, invalid('spec.selector', goLabelSelector(sel), 'invalid label selector')];
    }
  }
  const template = obj(spec['template']);
  const labels = strMap(obj(template['metadata'])['labels']);
  // An absent selector selects nothing, so kube also reports the template as unmatched.
  if (!empty && !matchesLabelSelector(sel, labels)) errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  return errs;
}

function validateTemplate(spec: Obj, workload: string): FieldError[] {
  const template = obj(spec['template']);
  const errs = validateLabels('spec.template.metadata.labels', strMap(obj(template['metadata'])['labels']));
  return [...errs, ...validatePodSpec(obj(template['spec']), 'spec.template.spec', workload)];
}

function validateSelectorImmutable(spec: Obj, oldSpec: Obj): FieldError[] {
  if (same(spec['selector'], oldSpec['selector'])) return [];
  return [invalid('spec.selector', goLabelSelector(isObj(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined), IMMUTABLE)];
}

function validateIntOrPercent(path: string, v: unknown): FieldError[] {
  if (typeof v === 'number') return nonNegative(path, v);
  if (typeof v !== 'string') return [];
  if (!/^[0-9]+%$/.test(v)) return [invalid(path, v, regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%'))];
  return Number(v.slice(0, -1)) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

const isZero = (v: unknown): boolean => v === 0 || v === '0%';

function validateDeployment(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...nonNegative('spec.replicas', spec['replicas']), ...validateWorkloadSelector(spec, { emptyName: 'deployment' }), ...validateTemplate(spec, 'ReplicaSet')];
  const strategy = obj(spec['strategy']);
  const st = strategy['type'];
  if (st === 'Recreate' && strategy['rollingUpdate'] !== undefined && strategy['rollingUpdate'] !== null) {
    errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (st === 'RollingUpdate') {
    const ru = obj(strategy['rollingUpdate']);
    errs.push(...validateIntOrPercent('spec.strategy.rollingUpdate.maxUnavailable', ru['maxUnavailable']), ...validateIntOrPercent('spec.strategy.rollingUpdate.maxSurge', ru['maxSurge']));
    if (isZero(ru['maxUnavailable']) && isZero(ru['maxSurge'])) errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru['maxUnavailable'], 'may not be 0 when `maxSurge` is 0'));
  } else if (st !== undefined && st !== 'Recreate') {
    errs.push(notSupported('spec.strategy.type', st, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...nonNegative('spec.minReadySeconds', spec['minReadySeconds']), ...nonNegative('spec.revisionHistoryLimit', spec['revisionHistoryLimit']));
  const pds = spec['progressDeadlineSeconds'];
  if (typeof pds === 'number' && pds <= Number(spec['minReadySeconds'] ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  if (oldSpec) errs.push(...validateSelectorImmutable(spec, oldSpec));
  return errs;
}

function validateReplicaSet(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...nonNegative('spec.replicas', spec['replicas']), ...nonNegative('spec.minReadySeconds', spec['minReadySeconds']), ...validateWorkloadSelector(spec, { emptyName: 'deployment' }), ...validateTemplate(spec, 'ReplicaSet')];
  if (oldSpec) errs.push(...validateSelectorImmutable(spec, oldSpec));
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function validateStatefulSet(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...nonNegative('spec.replicas', spec['replicas']), ...validateWorkloadSelector(spec, { emptyName: 'statefulset' }), ...validateTemplate(spec, 'StatefulSet')];
  const pmp = spec['podManagementPolicy'];
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(notSupported('spec.podManagementPolicy', pmp, ['OrderedReady', 'Parallel']));
  const us = obj(spec['updateStrategy']);
  if (us['type'] !== undefined && us['type'] !== 'RollingUpdate' && us['type'] !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', us['type'], ['OnDelete', 'RollingUpdate']));
  errs.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', obj(us['rollingUpdate'])['partition']));
  if (oldSpec) {
    const strip = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!same(strip(spec), strip(oldSpec))) {
      errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  }
  return errs;
}

function validateDaemonSet(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...validateWorkloadSelector(spec, { emptyName: 'daemonset', optional: true }), ...validateTemplate(spec, 'DaemonSet')];
  const us = obj(spec['updateStrategy']);
  if (us['type'] !== undefined && us['type'] !== 'RollingUpdate' && us['type'] !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', us['type'], ['OnDelete', 'RollingUpdate']));
  errs.push(...nonNegative('spec.revisionHistoryLimit', spec['revisionHistoryLimit']));
  if (oldSpec) errs.push(...validateSelectorImmutable(spec, oldSpec));
  return errs;
}

// ---- core kinds ------------------------------------------------------------------------------

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const isIP = (s: string): boolean => IPV4.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));

function validateService(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec['type'] === undefined ? 'ClusterIP' : spec['type'];
  if (!SERVICE_TYPES.includes(str(type))) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  const clusterIP = str(spec['clusterIP']);
  const headless = clusterIP === 'None';
  const ports = objs(spec['ports']);
  if (type === 'ExternalName') {
    const en = str(spec['externalName']);
    if (en === '') errs.push(required('spec.externalName'));
    else for (const m of dns1123SubdomainErrors(en.replace(/\.$/, ''))) errs.push(invalid('spec.externalName', en, m));
  } else if (ports.length === 0 && !headless) {
    errs.push(required('spec.ports'));
  }
  if (clusterIP !== '' && !headless && !isIP(clusterIP)) errs.push(invalid('spec.clusterIPs[0]', clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    const name = str(p['name']);
    if (ports.length > 1 && name === '') errs.push(required(`${pp}.name`));
    else if (name !== '') {
      for (const m of dns1123LabelErrors(name)) errs.push(invalid(`${pp}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${pp}.name`, name));
      names.add(name);
    }
    for (const m of portNumErrors(Number(p['port'] ?? 0))) errs.push(invalid(`${pp}.port`, p['port'] ?? 0, m));
    if (p['protocol'] !== undefined && !['SCTP', 'TCP', 'UDP'].includes(str(p['protocol']))) errs.push(notSupported(`${pp}.protocol`, p['protocol'], ['SCTP', 'TCP', 'UDP']));
    const tp = p['targetPort'];
    if (typeof tp === 'number') for (const m of portNumErrors(tp)) errs.push(invalid(`${pp}.targetPort`, tp, m));
    else if (typeof tp === 'string') for (const m of portNameErrors(tp)) errs.push(invalid(`${pp}.targetPort`, tp, m));
    if (type === 'ClusterIP' && p['nodePort'] !== undefined && p['nodePort'] !== 0) errs.push(forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  const affinity = spec['sessionAffinity'];
  if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  errs.push(...validateLabels('spec.selector', strMap(spec['selector'])));
  if (oldSpec && type !== 'ExternalName' && oldSpec['type'] !== 'ExternalName') {
    const before = str(oldSpec['clusterIP']);
    if (before !== '' && clusterIP !== '' && before !== clusterIP) {
      const shown = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'] : [clusterIP];
      errs.push(invalid('spec.clusterIPs[0]', shown, 'may not change once set'));
    }
  }
  return errs;
}

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

function validateConfigMap(o: Obj, old: Obj | undefined): FieldError[] {
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

function validateSecret(o: Obj, old: Obj | undefined): FieldError[] {
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

function validateNode(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  objs(spec['taints']).forEach((t, i) => {
    const key = str(t['key']);
    if (key === '') errs.push(required(`spec.taints[${i}].key`));
    else for (const m of labelKeyErrors(key)) errs.push(invalid(`spec.taints[${i}].key`, key, m));
    const effect = str(t['effect']);
    if (effect === '') errs.push(required(`spec.taints[${i}].effect`));
    else if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) errs.push(notSupported(`spec.taints[${i}].effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  });
  return errs;
}

function validateBinding(o: Obj, old: Obj | undefined, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const ref = obj(o['roleRef']);
  if (str(ref['apiGroup']) !== 'rbac.authorization.k8s.io') errs.push(notSupported('roleRef.apiGroup', str(ref['apiGroup']), ['rbac.authorization.k8s.io']));
  if (!kinds.includes(str(ref['kind']))) errs.push(notSupported('roleRef.kind', str(ref['kind']), kinds));
  if (str(ref['name']) === '') errs.push(required('roleRef.name'));
  objs(o['subjects']).forEach((s, i) => {
    if (!['ServiceAccount', 'User', 'Group'].includes(str(s['kind']))) errs.push(notSupported(`subjects[${i}].kind`, str(s['kind']), ['ServiceAccount', 'User', 'Group']));
    if (str(s['name']) === '') errs.push(required(`subjects[${i}].name`));
  });
  if (old && !same(o['roleRef'], old['roleRef'])) {
    errs.push(invalid('roleRef', new GoLiteral(`rbac.RoleRef{APIGroup:${goQuote(str(ref['apiGroup']))}, Kind:${goQuote(str(ref['kind']))}, Name:${goQuote(str(ref['name']))}}`), 'cannot change roleRef'));
  }
  return errs;
}

// ---- entry point -----------------------------------------------------------------------------

/** Everything kube-apiserver would reject about `obj` (an update when `old` is given); [] if valid. */
export function validateObject(type: ResourceType, o: KObject, old?: KObject): FieldError[] {
  const errs = validateMeta(type, o, old);
  const rec = o as Obj;
  const prev = old as Obj | undefined;
  const spec = obj(rec['spec']);
  const oldSpec = prev ? obj(prev['spec']) : undefined;
  switch (`${groupVersion(type)}/${type.kind}`) {
    case 'v1/Pod':
      errs.push(...validatePodSpec(spec, 'spec'));
      if (oldSpec) errs.push(...validatePodSpecUpdate(spec, oldSpec));
      break;
    case 'apps/v1/Deployment':
      errs.push(...validateDeployment(spec, oldSpec));
      break;
    case 'apps/v1/ReplicaSet':
      errs.push(...validateReplicaSet(spec, oldSpec));
      break;
    case 'apps/v1/StatefulSet':
      errs.push(...validateStatefulSet(spec, oldSpec));
      break;
    case 'apps/v1/DaemonSet':
      errs.push(...validateDaemonSet(spec, oldSpec));
      break;
    case 'v1/Service':
      errs.push(...validateService(spec, oldSpec));
      break;
    case 'v1/ConfigMap':
      errs.push(...validateConfigMap(rec, prev));
      break;
    case 'v1/Secret':
      errs.push(...validateSecret(rec, prev));
      break;
    case 'v1/Node':
      errs.push(...validateNode(spec));
      break;
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      errs.push(...validateBinding(rec, prev, ['Role', 'ClusterRole']));
      break;
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      errs.push(...validateBinding(rec, prev, ['ClusterRole']));
      break;
  }
  return errs;
}
