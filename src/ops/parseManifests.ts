/**
 * Manifests as automation sends them (multi-document YAML, JSON, `kind: List`) → the objects to
 * write, with every problem in the input found and listed at once before anything is written
 * anywhere: a multi-cluster write that stops half-way on a typo in document 7 is the failure
 * this module exists to prevent.
 *
 * YAML is read as kubectl reads it (YAML 1.1: `yes` is a boolean, `0644` octal), so the same
 * text means the same objects here and through `kubectl apply`.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { InputError } from '../loaders/InputError.ts';
import { ManifestError, place, type ManifestProblem } from './ManifestError.ts';
import { quoteInput as quoted } from '../fleet/quoteInput.ts';
import { dns1123LabelProblem, pathSegmentNameProblem } from '../loaders/kubeNames.ts';

export interface ManifestLimits {
  /** Largest manifest text accepted, in bytes (UTF-8). @default 1048576 (1 MiB) */
  maxBytes?: number;
  /** Most objects accepted in one request (each is one write per target cluster). @default 1000 */
  maxObjects?: number;
}

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** The namespace the object names, else the namespace argument; null when neither (the server's default applies to namespaced kinds). */
  namespace: string | null;
  /** The object as written, with `metadata.namespace` left as the manifest had it. */
  object: Record<string, unknown>;
  /** Where it came from, 1-based: the document in the stream, the item of a List, the line. */
  document: number;
  item?: number;
  line: number;
}

export const DEFAULT_MAX_MANIFEST_BYTES = 1024 * 1024;
export const DEFAULT_MAX_MANIFEST_OBJECTS = 1000;

// group/version or version (core): what the REST path can hold, e.g. apps/v1, v1, example.com/v1beta1.
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

/** Problems with a namespace name (an argument or metadata.namespace), or undefined when it is fine. */
export function namespaceProblem(value: string): string | undefined {
  const problem = dns1123LabelProblem(value);
  return problem && `${quoted(value)} is not a namespace name: it ${problem}`;
}

export function parseManifests(text: string, defaultNamespace?: string | null, limits: ManifestLimits = {}): ManifestObject[] {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  const maxObjects = limits.maxObjects ?? DEFAULT_MAX_MANIFEST_OBJECTS;
  if (defaultNamespace !== undefined && defaultNamespace !== null) {
    const problem = namespaceProblem(defaultNamespace);
    if (problem) throw new InputError('namespace', problem);
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ManifestError([{ message: `the manifests are ${bytes} bytes, over the limit of ${maxBytes} bytes; split them into several requests` }]);
  }
  const problems: ManifestProblem[] = [];
  const objects: ManifestObject[] = [];
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, version: '1.1', uniqueKeys: true });
  docs.forEach((doc, i) => {
    const document = i + 1;
    const line = doc.contents?.range ? lines.linePos(doc.contents.range[0]).line : undefined;
    const syntax = [...doc.errors, ...doc.warnings];
    if (syntax.length > 0) {
      for (const e of syntax) problems.push({ document, line: e.linePos?.[0].line, message: firstLine(e.message) });
      return;
    }
    let value: unknown;
    try {
      value = plainJson(doc, document, line, problems);
    } catch (e) {
      problems.push({ document, line, message: e instanceof Error ? firstLine(e.message) : 'the document could not be read' });
      return;
    }
    if (value === null || value === undefined) return; // an empty document (`---` with only comments)
    if (!isMapping(value)) {
      problems.push({ document, line, message: `a document must be an object (a mapping), got ${describe(value)}` });
      return;
    }
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, j) => check(item, { document, item: j + 1, line: line ?? 1 }, defaultNamespace, problems, objects));
    } else {
      check(value, { document, line: line ?? 1 }, defaultNamespace, problems, objects);
    }
  });
  if (problems.length === 0 && objects.length === 0) {
    problems.push({ message: 'no objects: the manifests are empty (or hold only comments and empty documents)' });
  }
  if (objects.length > maxObjects) {
    problems.push({ message: `${objects.length} objects, over the limit of ${maxObjects} per request; split them into several requests` });
  }
  findDuplicates(objects, problems);
  if (problems.length > 0) throw new ManifestError(problems);
  return objects;
}

interface Where {
  document: number;
  item?: number;
  line: number;
}

function check(value: unknown, where: Where, defaultNamespace: string | null | undefined, problems: ManifestProblem[], out: ManifestObject[]): void {
  const at = { document: where.document, item: where.item, line: where.line };
  if (!isMapping(value)) {
    problems.push({ ...at, message: `an object must be a mapping, got ${describe(value)}` });
    return;
  }
  const own: string[] = [];
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '') own.push('apiVersion is missing');
  else if (!API_VERSION.test(apiVersion)) own.push(`apiVersion ${quoted(apiVersion)} is not a group/version such as apps/v1 or v1`);
  if (typeof kind !== 'string' || kind === '') own.push('kind is missing');
  else if (!KIND.test(kind)) own.push(`kind ${quoted(kind)} is not a kind name such as Deployment`);
  const metadata = value.metadata;
  let name: string | undefined;
  let namespace: string | null = defaultNamespace ?? null;
  if (!isMapping(metadata)) {
    own.push(metadata === undefined ? 'metadata.name is missing (no metadata)' : `metadata must be a mapping, got ${describe(metadata)}`);
  } else {
    if (metadata.name !== undefined && metadata.name !== null && typeof metadata.name !== 'string') {
      own.push(`metadata.name must be a string, got ${describe(metadata.name)}${typeof metadata.name === 'boolean' ? ' (YAML reads y, yes, on, true... as booleans, as kubectl does: quote the name)' : ''}`);
    } else if (typeof metadata.name !== 'string' || metadata.name === '') {
      own.push(typeof metadata.generateName === 'string' ? 'metadata.name is missing (generateName cannot be applied: apply needs a name)' : 'metadata.name is missing');
    } else if (pathSegmentNameProblem(metadata.name)) {
      // The loosest rule any kind has; the cluster checks the kind's own rule.
      own.push(`metadata.name ${quoted(metadata.name)} cannot be an object name: it ${pathSegmentNameProblem(metadata.name)}`);
    } else {
      name = metadata.name;
    }
    if (metadata.namespace !== undefined && metadata.namespace !== null) {
      if (typeof metadata.namespace !== 'string') {
        own.push(`metadata.namespace must be a string, got ${describe(metadata.namespace)}`);
      } else {
        const problem = metadata.namespace === '' ? undefined : namespaceProblem(metadata.namespace);
        if (problem) own.push(`metadata.namespace: ${problem}`);
        else if (metadata.namespace !== '' && defaultNamespace && metadata.namespace !== defaultNamespace) {
          // kubectl refuses the same contradiction: the caller meant one namespace and the file says another.
          own.push(`metadata.namespace ${quoted(metadata.namespace)} contradicts the namespace argument ${quoted(defaultNamespace)}; drop one of them`);
        } else if (metadata.namespace !== '') {
          namespace = metadata.namespace;
        }
      }
    }
  }
  const label = `${typeof kind === 'string' && kind ? kind : 'object'}${name ? ` ${quoted(name)}` : ''}`;
  for (const message of own) problems.push({ ...at, message: `${label}: ${message}` });
  if (own.length > 0 || name === undefined) return;
  out.push({ apiVersion: apiVersion as string, kind: kind as string, name, namespace, object: value, ...at });
}

function findDuplicates(objects: ManifestObject[], problems: ManifestProblem[]): void {
  const seen = new Map<string, ManifestObject>();
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
    const key = JSON.stringify([group, o.kind, o.namespace ?? '', o.name]);
    const first = seen.get(key);
    if (first) {
      problems.push({ document: o.document, item: o.item, line: o.line,
        message: `${o.kind} ${quoted(o.name)}${o.namespace ? ` in namespace ${quoted(o.namespace)}` : ''} appears twice (first in ${place(first)}); each object may appear once` });
    } else {
      seen.set(key, o);
    }
  }
}

/** The document as plain JSON values: YAML timestamps become strings, !!binary base64 (as Kubernetes' JSON carries bytes). */
function plainJson(doc: Document, document: number, line: number | undefined, problems: ManifestProblem[]): unknown {
  const walk = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map || v instanceof Set) {
      problems.push({ document, line, message: 'a YAML set or ordered map (!!set, !!omap) has no JSON form' });
      return null;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      problems.push({ document, line, message: `${String(v)} has no JSON form` });
      return null;
    }
    if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(doc.toJS({ maxAliasCount: 100 }));
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${quoted(v)}`;
  return typeof v === 'object' ? 'an object of another kind' : `${typeof v} ${quoted(String(v))}`;
}

/** yaml's messages end with an excerpt of the input: keep the first line, which says what and where. */
function firstLine(message: string): string {
  const head = message.split('\n')[0] ?? message;
  return head.length > 200 ? `${head.slice(0, 197)}...` : head;
}
