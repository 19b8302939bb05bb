/**
 * GET of one object and LIST of a collection: resourceVersion semantics, label and field
 * selectors, `limit`/`continue` pagination, and server-side Table printing for kubectl.
 * LIST bodies are assembled from each object's cached JSON, so thousands of objects cost
 * string concatenation rather than serialization.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { R, groupVersion, storeKey } from '../resources.ts';
import { StoredObject } from '../store/ObjectStore.ts';
import type { KObject } from '../types.ts';
import type { ApiContext } from './ApiContext.ts';
import { errors } from './ApiError.ts';
import { compileFilter } from './objectFilter.ts';
import { queryInt } from './queryParams.ts';
import type { ResourceRequest } from './requestInfo.ts';
import { TABLE_CONTENT_TYPE, sendJson, sendRaw, wantsTable } from './responses.ts';
import { toTable } from './table.ts';

/** Objects per write when a LIST body is streamed. */
const LIST_CHUNK = 250;

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the error below
  }
  throw errors.badRequest('continue key is not valid: the continue token is malformed');
}

function keyOf(obj: KObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

function includeObject(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Objects of a metrics.k8s.io resource, computed on the fly. */
function metricsObjects(ctx: ApiContext, rr: ResourceRequest): KObject[] | undefined {
  if (rr.type === R.nodeMetrics) return ctx.metrics?.nodes() ?? [];
  if (rr.type === R.podMetrics) return ctx.metrics?.pods(rr.namespace || undefined) ?? [];
  return undefined;
}

export function handleGet(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest): void {
  const computed = metricsObjects(ctx, rr);
  let obj: KObject | undefined;
  let json: string | undefined;
  if (computed) {
    obj = computed.find((o) => o.metadata.name === rr.name && (!rr.type.namespaced || o.metadata.namespace === rr.namespace));
    if (!obj) {
      // metrics-server's answers: its pod/node lister's NotFound when the object does not exist,
      // NotFound of podmetrics/nodemetrics (named namespace/name) when it has no readings.
      const source = rr.type === R.podMetrics ? R.pods : R.nodes;
      if (!ctx.store.get(storeKey(source), rr.type.namespaced ? rr.namespace : '', rr.name)) throw errors.notFound(source, rr.name);
      const kind = rr.type === R.podMetrics ? 'podmetrics' : 'nodemetrics';
      throw errors.notFound({ group: rr.type.group, resource: kind }, rr.type.namespaced ? `${rr.namespace}/${rr.name}` : rr.name);
    }
  } else {
    const stored = ctx.store.get(storeKey(rr.type), rr.type.namespaced ? rr.namespace : '', rr.name);
    obj = stored?.object;
    json = stored?.json;
  }
  if (!obj) throw errors.notFound(rr.type, rr.name);
  if (rr.subresource === 'scale') {
    sendJson(res, 200, ctx.registry.scaleOf(rr.type, obj));
    return;
  }
  if (wantsTable(req.headers.accept)) {
    sendJson(res, 200, toTable(rr.type, [obj], { now: new Date(ctx.clock.now()), includeObject: includeObject(rr.query) }), { 'Content-Type': TABLE_CONTENT_TYPE });
    return;
  }
  sendRaw(res, 200, json ?? JSON.stringify(obj));
}

export function handleList(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest): void {
  const { type, query } = rr;
  const filter = compileFilter(type, query, rr.namespace);
  // As kube's storage reads it: 0, absent or negative is no limit.
  const limit = Math.max(0, queryInt(query, 'limit') ?? 0);
  const continueText = query.get('continue');
  const rvText = query.get('resourceVersion') ?? '';
  const rvMatch = query.get('resourceVersionMatch') ?? '';
  if (rvMatch !== '' && rvMatch !== 'NotOlderThan' && rvMatch !== 'Exact') {
    throw errors.badRequest(`resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`);
  }
  if (rvMatch !== '' && rvText === '') throw errors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (continueText && rvText !== '') throw errors.badRequest('specifying resource version is not allowed when using continue');

  const currentRv = ctx.store.resourceVersion;
  if (rvText !== '' && rvText !== '0') {
    const wanted = Number(rvText);
    if (!Number.isInteger(wanted) || wanted < 0) throw errors.badRequest(`invalid resource version: ${JSON.stringify(rvText)}`);
    if (wanted > currentRv) throw errors.timeout(`Too large resource version: ${wanted}, current: ${currentRv}`);
    // An exact read of an older version is served from retained history, as etcd reads a revision.
    if (rvMatch === 'Exact' && wanted < ctx.store.oldestResumableVersion) throw errors.expired(`too old resource version: ${wanted} (${ctx.store.oldestResumableVersion})`);
  }

  let listRv = rvMatch === 'Exact' && rvText !== '' && rvText !== '0' ? Number(rvText) : currentRv;
  let start = '';
  if (continueText) {
    const token = decodeContinue(continueText);
    if (token.rv < ctx.store.oldestResumableVersion) {
      throw errors.expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    }
    listRv = token.rv;
    start = token.start;
  }

  const computed = metricsObjects(ctx, rr);
  const entries: readonly StoredObject[] = computed
    ? computed.map((obj) => new StoredObject(obj, 0))
    // Later pages (and Exact reads) come from the snapshot at listRv, as kube's etcd reads do.
    : ctx.store.listAt(storeKey(type), listRv, rr.namespace || undefined);

  const selected: StoredObject[] = [];
  let next = '';
  let remaining = 0;
  for (const e of entries) {
    if (start !== '' && keyOf(e.object) < start) continue;
    if (!filter(e.object)) continue;
    if (limit > 0 && selected.length >= limit) {
      if (next === '') next = keyOf(e.object);
      remaining++;
      continue;
    }
    selected.push(e);
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (next !== '') {
    metadata.continue = encodeContinue({ rv: listRv, start: next });
    // kube only knows the remaining count when no selector narrows the list.
    if (!filter.selective) metadata.remainingItemCount = remaining;
  }

  if (wantsTable(req.headers.accept)) {
    const table = toTable(type, selected.map((e) => e.object), {
      now: new Date(ctx.clock.now()),
      includeObject: includeObject(query),
      listMeta: metadata as { resourceVersion?: string; continue?: string; remainingItemCount?: number },
    });
    sendJson(res, 200, table, { 'Content-Type': TABLE_CONTENT_TYPE });
    return;
  }
  const head = `{"kind":${JSON.stringify(type.listKind)},"apiVersion":${JSON.stringify(groupVersion(type))},"metadata":${JSON.stringify(metadata)},"items":[`;
  if (selected.length <= LIST_CHUNK) {
    sendRaw(res, 200, head + selected.map((e) => e.json).join(',') + ']}');
    return;
  }
  // Large lists go out in chunks: the first bytes leave sooner and no multi-megabyte string is
  // built (and thrown away) per request, which keeps GC pauses down in a process hosting a fleet.
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.write(head);
  for (let i = 0; i < selected.length; i += LIST_CHUNK) {
    res.write((i === 0 ? '' : ',') + selected.slice(i, i + LIST_CHUNK).map((e) => e.json).join(','));
  }
  res.end(']}');
}
