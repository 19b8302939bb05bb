/**
 * Field selectors checked as kube-apiserver checks them (`fields.ParseSelector` and the per-kind
 * field label conversion functions), before any cluster is asked. Why: a field a kind does not
 * support is a 400 from every cluster, so an unchecked typo costs one upstream LIST and one
 * error per cluster; checked here it is one BAD_USER_INPUT and no request.
 */
import { quoteInput } from '../fleet/quoteInput.ts';
import { InputError } from './InputError.ts';

/** Longest selector (label or field) the gateway forwards; a URL much longer is a 431 upstream. */
export const MAX_SELECTOR_LENGTH = 4096;

const POD_FIELDS = [
  'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
  'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName',
  // kube's alias for spec.nodeName, kept for old v1 clients.
  'spec.host',
];
const EVENT_FIELDS = [
  'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
  'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath',
  'reason', 'reportingComponent', 'source', 'type',
];
const NAME_AND_NAMESPACE = ['metadata.name', 'metadata.namespace'];

/**
 * The field labels each kind accepts, by the resource names of `src/kube/resources.ts`. Kinds
 * without a conversion function of their own get name and namespace (DefaultMetaV1FieldSelectorConversion).
 */
const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  pods: [...NAME_AND_NAMESPACE, ...POD_FIELDS],
  events: [...NAME_AND_NAMESPACE, ...EVENT_FIELDS],
  nodes: ['metadata.name', 'spec.unschedulable'],
  namespaces: ['metadata.name', 'status.phase'],
  secrets: [...NAME_AND_NAMESPACE, 'type'],
  replicasets: [...NAME_AND_NAMESPACE, 'status.replicas'],
};

export function supportedFields(resource: string): readonly string[] {
  return SUPPORTED[resource] ?? NAME_AND_NAMESPACE;
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  /** As written, escapes included (it is forwarded as it is). */
  value: string;
}

/** Splits at unescaped commas (`\` escapes the next character, as in Kubernetes). */
export function splitFieldSelector(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i++;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms;
}

/** kube's splitTerm: the first position where `!=`, `==` or `=` starts (in that order of preference). */
function splitTerm(term: string): FieldRequirement | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const operator of ['!=', '==', '='] as const) {
      if (term.startsWith(operator, i)) return { field: term.slice(0, i).trim(), operator, value: term.slice(i + operator.length) };
    }
  }
  return undefined;
}

/** kube's UnescapeValue: `\\`, `\,` and `\=` only; a bare `,` or `=` in a value is an error. */
function valueProblem(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '\\') {
      const n = value[i + 1];
      if (n !== '\\' && n !== ',' && n !== '=') return `invalid escape sequence "\\${n ?? ''}" in value (only \\\\, \\, and \\= are escapes)`;
      i++;
    } else if (c === '=') {
      return 'unescaped "=" in value (write \\=)';
    }
  }
  return undefined;
}

/**
 * Parses `text` and checks every field against `resource`'s supported fields; throws InputError
 * naming `argument`. An empty selector selects everything, as in Kubernetes.
 */
export function checkFieldSelector(text: string, resource: string, argument = 'fieldSelector'): FieldRequirement[] {
  if (text.length > MAX_SELECTOR_LENGTH) throw new InputError(argument, `is ${text.length} characters long; at most ${MAX_SELECTOR_LENGTH} are accepted`);
  const requirements: FieldRequirement[] = [];
  for (const raw of splitFieldSelector(text)) {
    if (raw.trim() === '') continue;
    const r = splitTerm(raw);
    if (!r || r.field === '') {
      throw new InputError(argument, `${quoteInput(raw)} is not field=value, field==value or field!=value (set-based operators such as in, notin and exists work only in label selectors)`);
    }
    const problem = valueProblem(r.value);
    if (problem) throw new InputError(argument, `${quoteInput(raw)}: ${problem}`);
    const supported = supportedFields(resource);
    if (!supported.includes(r.field)) {
      throw new InputError(argument, `field ${quoteInput(r.field)} is not supported for ${resource}; supported fields: ${supported.join(', ')}`);
    }
    requirements.push(r);
  }
  return requirements;
}
