/**
 * POST, PUT, PATCH and DELETE on resources: request decoding, `dryRun`, `fieldManager`,
 * `fieldValidation` (Strict refuses unknown fields with 400, Warn reports them in a Warning
 * header, Ignore drops them), patch content types, delete options, then the Registry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { storeKey, groupVersion } from '../resources.ts';
import type { DeleteOptions, PatchType, PropagationPolicy, WriteGuard } from '../registry/Registry.ts';
import type { KObject } from '../types.ts';
import type { ApiContext } from './ApiContext.ts';
import { errors } from './ApiError.ts';
import { decodeBody, mediaType, readBody } from './body.ts';
import { checkBytesFields } from './bytesFields.ts';
import { pruneUnknownFields, rootModelFor, rootModelOf } from './kindSchema.ts';
import { compileFilter } from './objectFilter.ts';
import { queryBool } from './queryParams.ts';
import type { ResourceRequest } from './requestInfo.ts';
import { sendJson } from './responses.ts';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

interface WriteParams {
  dryRun: boolean;
  fieldManager: string;
  validation: 'Strict' | 'Warn' | 'Ignore';
}

function writeParams(req: IncomingMessage, query: URLSearchParams): WriteParams {
  const dryRun = query.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const validation = query.get('fieldValidation') ?? 'Warn';
  if (validation !== 'Strict' && validation !== 'Warn' && validation !== 'Ignore') {
    throw errors.badRequest(`fieldValidation: Unsupported value: "${validation}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const explicit = query.get('fieldManager');
  if (explicit !== null && (explicit.length > 128 || explicit === '')) {
    throw errors.badRequest('fieldManager: Invalid value: must be between 1 and 128 characters');
  }
  // Without an explicit manager kube-apiserver names the writer after its user agent's prefix.
  const fieldManager = explicit ?? (req.headers['user-agent'] ?? 'unknown').split('/')[0]!.slice(0, 128);
  return { dryRun: dryRun.length > 0, fieldManager, validation };
}

/** Prune unknown fields per fieldValidation; returns Warning header values. */
function checkFields(rr: ResourceRequest, body: KObject, params: WriteParams, subject: string): string[] {
  const model = rr.subresource === 'scale' ? rootModelOf('autoscaling/v1', 'Scale') : rootModelFor(rr.type);
  if (!model) return [];
  const unknown = pruneUnknownFields(model, body);
  if (unknown.length === 0 || params.validation === 'Ignore') return [];
  if (params.validation === 'Strict') {
    throw errors.badRequest(`${subject} in version "${rr.version}" cannot be handled as a ${subject}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  return unknown.map((f) => `299 - "unknown field \\"${f}\\""`);
}

function asObject(value: unknown, what: string): KObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw errors.badRequest(`${what} must be a JSON object`);
  return value as KObject;
}

function checkIdentity(rr: ResourceRequest, body: KObject): void {
  const gv = groupVersion(rr.type);
  if (body.apiVersion !== undefined && body.apiVersion !== gv && rr.subresource === '') {
    throw errors.badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`);
  }
  if (body.kind !== undefined && body.kind !== rr.type.kind && rr.subresource === '') {
    throw errors.badRequest(`${rr.type.kind} in version "${rr.version}" cannot be handled as a ${rr.type.kind}: the kind in the data (${String(body.kind)}) does not match`);
  }
  const meta = (body.metadata ?? {}) as Partial<KObject['metadata']>;
  if (rr.type.namespaced && rr.namespace && meta.namespace && meta.namespace !== rr.namespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function warningHeaders(warnings: string[]): Record<string, string> {
  return warnings.length ? { Warning: warnings.join(', ') } : {};
}

/** `guard`: the requester's extra check on the written object (RBAC escalation prevention), if any. */
export async function handleCreate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, guard?: WriteGuard): Promise<void> {
  const params = writeParams(req, rr.query);
  const body = asObject(decodeBody(await readBody(req), req.headers['content-type']), 'the request body');
  checkIdentity(rr, body);
  checkBytesFields(rr.type, rr.version, body);
  const warnings = checkFields(rr, body, params, rr.type.kind);
  body.metadata = { ...(body.metadata ?? {}), ...(rr.type.namespaced ? { namespace: rr.namespace || body.metadata?.namespace } : {}) } as KObject['metadata'];
  if (!rr.type.namespaced) delete body.metadata.namespace;
  const created = ctx.registry.create(rr.type, body, { dryRun: params.dryRun, fieldManager: params.fieldManager, ...(guard ? { guard } : {}) });
  sendJson(res, 201, created, warningHeaders(warnings));
}

export async function handleUpdate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, guard?: WriteGuard): Promise<void> {
  const params = writeParams(req, rr.query);
  const body = asObject(decodeBody(await readBody(req), req.headers['content-type']), 'the request body');
  checkIdentity(rr, body);
  if (rr.subresource === '') checkBytesFields(rr.type, rr.version, body);
  const meta = (body.metadata ?? {}) as Partial<KObject['metadata']>;
  if (meta.name !== undefined && meta.name !== rr.name) {
    throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${rr.name})`);
  }
  const warnings = checkFields(rr, body, params, rr.subresource === 'scale' ? 'Scale' : rr.type.kind);
  if (rr.subresource === 'scale') {
    const replicas = (body.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
    // A Scale carrying a resourceVersion is a precondition on its object, as in kube (409 when stale).
    const rv = meta.resourceVersion ? { metadata: { resourceVersion: meta.resourceVersion } } : {};
    const updated = ctx.registry.patch(rr.type, rr.namespace, rr.name, 'merge', { ...rv, spec: { replicas } }, { dryRun: params.dryRun, fieldManager: params.fieldManager, subresource: 'scale' });
    sendJson(res, 200, ctx.registry.scaleOf(rr.type, updated), warningHeaders(warnings));
    return;
  }
  body.metadata = { ...meta, name: rr.name, ...(rr.type.namespaced ? { namespace: rr.namespace } : {}) } as KObject['metadata'];
  const updated = ctx.registry.update(rr.type, body, {
    dryRun: params.dryRun, fieldManager: params.fieldManager, ...(guard ? { guard } : {}),
    ...(rr.subresource === 'status' ? { subresource: 'status' as const } : {}),
  });
  sendJson(res, 200, updated, warningHeaders(warnings));
}

export async function handlePatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, guard?: WriteGuard): Promise<void> {
  const params = writeParams(req, rr.query);
  const type = mediaType(req.headers['content-type']);
  const patchType = PATCH_TYPES[type];
  if (!patchType) throw errors.unsupportedMediaType(req.headers['content-type'] ?? '');
  const force = rr.query.get('force');
  if (force !== null && patchType !== 'apply') throw errors.badRequest('force: Forbidden: may not be specified for non-apply patch');
  if (patchType === 'apply' && rr.query.get('fieldManager') === null) {
    throw errors.invalid(rr.type, rr.name, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
  }
  const body = decodeBody(await readBody(req), req.headers['content-type']);
  if (patchType === 'apply') asObject(body, 'an apply patch');
  else if (patchType !== 'json') asObject(body, 'a patch');
  // Unknown fields are judged on the patched object, whatever the patch type, before anything
  // is written: refused under Strict, dropped (with a warning under Warn) otherwise.
  const warnings: string[] = [];
  const inspect = (patched: KObject) => {
    checkBytesFields(rr.type, rr.version, patched);
    warnings.push(...checkFields(rr, patched, params, rr.type.kind));
  };
  if (patchType === 'apply') inspect(body as KObject);
  // An apply that creates the object answers 201 Created, as kube's patch handler does.
  const creates = patchType === 'apply' && rr.subresource === '' && ctx.registry.getStored(rr.type, rr.type.namespaced ? rr.namespace : '', rr.name) === undefined;
  const updated = ctx.registry.patch(rr.type, rr.namespace, rr.name, patchType, body, {
    dryRun: params.dryRun, fieldManager: params.fieldManager, force: queryBool(rr.query, 'force'), inspect, ...(guard ? { guard } : {}),
    ...(rr.subresource === 'status' || rr.subresource === 'scale' ? { subresource: rr.subresource } : {}),
  });
  sendJson(res, creates ? 201 : 200, rr.subresource === 'scale' ? ctx.registry.scaleOf(rr.type, updated) : updated, warningHeaders(warnings));
}

async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  if (raw.length > 0 && raw.toString('utf8').trim() !== '') body = asObject(decodeBody(raw, req.headers['content-type']), 'DeleteOptions') as unknown as Record<string, unknown>;
  const opts: DeleteOptions = {};
  const policy = (query.get('propagationPolicy') ?? body.propagationPolicy) as string | undefined;
  // The query's boolean follows kube's rule (`True`, `1`, `yes` orphan); the body's is JSON.
  const orphan = query.has('orphanDependents') ? queryBool(query, 'orphanDependents') : body.orphanDependents;
  if (policy !== undefined && orphan !== undefined && orphan !== null) {
    // kube's ValidateDeleteOptions: the legacy flag and the policy may not both be given.
    const message = `Invalid value: ${JSON.stringify(policy)}: orphanDependents and deletionPropagation cannot be both set`;
    throw errors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: ${message}`, [{ reason: 'FieldValueInvalid', message, field: 'propagationPolicy' }]);
  }
  if (policy !== undefined) {
    if (policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
      throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    opts.propagationPolicy = policy as PropagationPolicy;
  } else if (orphan === true) opts.propagationPolicy = 'Orphan';
  const grace = query.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) {
    const g = Number(grace);
    if (!Number.isInteger(g)) throw errors.badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(grace)}`);
    opts.gracePeriodSeconds = Math.max(0, g);
  }
  const dry = query.getAll('dryRun');
  const bodyDry = body.dryRun;
  if (dry.length > 0 || (Array.isArray(bodyDry) && bodyDry.length > 0)) opts.dryRun = true;
  const pre = body.preconditions as { uid?: string; resourceVersion?: string } | undefined;
  if (pre) opts.preconditions = pre;
  return opts;
}

/** Core kinds whose delete answers with the deleted object, as kube's ReturnDeletedObject stores do. */
const RETURNS_DELETED_OBJECT = new Set(['pods', 'services', 'serviceaccounts']);

export async function handleDelete(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(req, rr.query);
  const result = ctx.registry.delete(rr.type, rr.namespace, rr.name, opts);
  // Kinds whose registry sets ReturnDeletedObject answer with the object even when it is gone
  // at once (the OpenAPI, and so typed clients, expect a Pod from a pod delete); others a Status.
  if (!result.deleted || (rr.type.group === '' && RETURNS_DELETED_OBJECT.has(rr.type.resource))) {
    sendJson(res, 200, result.object);
    return;
  }
  const details: Record<string, unknown> = { name: rr.name, kind: rr.type.resource, uid: result.object.metadata.uid };
  if (rr.type.group) details.group = rr.type.group;
  sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

export async function handleDeleteCollection(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest): Promise<void> {
  const opts = await deleteOptions(req, rr.query);
  const filter = compileFilter(rr.type, rr.query, rr.namespace);
  const victims = ctx.store.list(storeKey(rr.type), rr.namespace || undefined).map((s) => s.object).filter(filter);
  const items: KObject[] = [];
  for (const v of victims) {
    try {
      items.push(ctx.registry.delete(rr.type, v.metadata.namespace ?? '', v.metadata.name, opts).object);
    } catch (e) {
      if (!(e instanceof Error && (e as { reason?: string }).reason === 'NotFound')) throw e;
    }
  }
  sendJson(res, 200, { kind: rr.type.listKind, apiVersion: groupVersion(rr.type), metadata: { resourceVersion: String(ctx.store.resourceVersion) }, items });
}
