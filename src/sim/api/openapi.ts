/**
 * The OpenAPI v3 documents kubectl downloads before `apply`, `create`, `diff` and `edit`:
 * `/openapi/v3` lists one document per group-version; each names its kinds' schemas (with
 * `x-kubernetes-group-version-kind`, generated from the Kubernetes models) and paths whose PATCH
 * operations accept `fieldValidation`, which tells kubectl to let the server validate fields.
 *
 * The PATCH operations deliberately do not list strategic-merge-patch as a request type: kubectl
 * then computes client-side apply patches from its own compiled-in Kubernetes types (exact patch
 * strategies) rather than from these abbreviated schemas. The server still accepts such patches.
 */
import { createHash } from 'node:crypto';
import { RESOURCE_TYPES, type ResourceType } from '../resources.ts';
import { fieldsOfModel, rootModelFor, type FieldType } from './kindSchema.ts';

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function schemaOfField(field: FieldType, depth: number): Record<string, unknown> {
  switch (field.kind) {
    case 'string': return { type: 'string', ...(field.format ? { format: field.format } : {}) };
    case 'number': return { type: 'integer', ...(field.format ? { format: field.format } : {}) };
    case 'boolean': return { type: 'boolean' };
    case 'date': return { type: 'string', format: 'date-time' };
    case 'int-or-string': return { 'x-kubernetes-int-or-string': true };
    case 'any': return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'array': return { type: 'array', items: schemaOfField(field.items, depth) };
    case 'map': return { type: 'object', additionalProperties: schemaOfField(field.values, depth) };
    case 'object': return depth > 0 ? schemaOfModel(field.model, depth - 1) : { type: 'object' };
  }
}

function schemaOfModel(model: string, depth: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, field] of fieldsOfModel(model)) properties[name] = schemaOfField(field, depth);
  return { type: 'object', properties };
}

function gvk(t: ResourceType): Record<string, string> {
  return { group: t.group, version: t.version, kind: t.kind };
}

function operation(t: ResourceType, action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    operationId: `${action}${t.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(t),
    responses: { '200': { description: 'OK' } },
    ...extra,
  };
}

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } }));

export function groupVersionDocument(group: string, version: string, serverVersion: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const base = `/${gvPath(group, version)}`;
  for (const t of types) {
    const scope = t.namespaced ? `${base}/namespaces/{namespace}/${t.resource}` : `${base}/${t.resource}`;
    const writable = t.verbs.includes('create');
    paths[scope] = {
      get: operation(t, 'list'),
      ...(writable ? { post: operation(t, 'post', { parameters: WRITE_PARAMS, requestBody: { content: { '*/*': { schema: { $ref: `#/components/schemas/${schemaName(t)}` } } } } }) } : {}),
    };
    const item: Record<string, unknown> = { get: operation(t, 'get') };
    if (writable) {
      item.put = operation(t, 'put', { parameters: WRITE_PARAMS });
      item.patch = operation(t, 'patch', {
        parameters: [...WRITE_PARAMS, { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }],
        requestBody: { content: Object.fromEntries(PATCH_TYPES.map((p) => [p, { schema: { type: 'object' } }])) },
      });
      item.delete = operation(t, 'delete');
    }
    paths[`${scope}/{name}`] = item;
    const model = rootModelFor(t);
    const schema = model ? schemaOfModel(model, 1) : { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } } };
    schemas[schemaName(t)] = { ...schema, 'x-kubernetes-group-version-kind': [gvk(t)] };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: serverVersion }, paths, components: { schemas } };
}

function schemaName(t: ResourceType): string {
  const g = t.group === '' ? 'core' : t.group.split('.')[0];
  return `io.k8s.api.${g}.${t.version}.${t.kind}`;
}

export interface OpenApiIndex {
  index: Record<string, unknown>;
  documents: Map<string, { hash: string; body: string }>;
}

/** Build every document once per server: they never change while it runs. */
export function buildOpenApi(serverVersion: string): OpenApiIndex {
  const documents = new Map<string, { hash: string; body: string }>();
  const paths: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const t of RESOURCE_TYPES) {
    const key = gvPath(t.group, t.version);
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = groupVersionDocument(t.group, t.version, serverVersion);
    if (!doc) continue;
    const body = JSON.stringify(doc);
    const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
    documents.set(key, { hash, body });
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { index: { paths }, documents };
}
