/**
 * The write verbs of the write path (src/ops), as requests on ClusterClient's one request path:
 * server-side apply, create, replace, merge / strategic-merge / JSON patches, delete with
 * DeleteOptions, and a single object's GET (what a write is compared against). This module only
 * builds the method, path, query, content type and body; sending, deadlines, the retry policy
 * (a write is never retried once it may have reached the server) and error classification are
 * ClusterClient's.
 */
import type { FailureContext } from './classifyFailure.ts';
import { collectionPath, type ResourceType } from './resources.ts';

/** Where an object lives: its REST mapping (from the cluster's discovery), namespace and name. */
export interface ObjectLocation {
  type: ResourceType;
  /** Ignored for cluster-scoped types. */
  namespace?: string | null;
  name: string;
  /** `scale` or `status`. */
  subresource?: 'scale' | 'status';
}

interface WriteOptions {
  /** `dryRun=All`: the server runs every stage (admission, validation, defaulting) but persists nothing. */
  dryRun?: boolean;
  /** Who owns the fields written (managedFields). Required for apply. */
  fieldManager?: string;
}

export type PatchType = 'merge' | 'strategic' | 'json';

export type WriteRequest =
  | { verb: 'get'; at: ObjectLocation }
  | ({ verb: 'apply'; at: ObjectLocation; object: object; fieldManager: string; force?: boolean } & WriteOptions)
  | ({ verb: 'create'; type: ResourceType; namespace?: string | null; object: object } & WriteOptions)
  | ({ verb: 'update'; at: ObjectLocation; object: object } & WriteOptions)
  | ({ verb: 'patch'; at: ObjectLocation; patchType: PatchType; patch: object } & WriteOptions)
  | {
    verb: 'delete'; at: ObjectLocation; dryRun?: boolean;
    /** @default the server's (Background for most kinds) */
    propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  };

/** What ClusterClient.send answers: the HTTP status (201 tells a create) and the decoded body. */
export interface WriteAnswer<T> {
  status: number;
  body: T;
}

/** The shape ClusterClient's request path takes (kept structural so this module needs nothing else from it). */
export interface BuiltRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  ctx: FailureContext;
  verb: string;
  body?: string;
  contentType?: string;
}

const PATCH_CONTENT_TYPES: Record<PatchType | 'apply', string> = {
  apply: 'application/apply-patch+yaml',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export function objectPath(at: ObjectLocation): string {
  const base = `${collectionPath(at.type, at.type.namespaced ? at.namespace : null)}/${encodeURIComponent(at.name)}`;
  return at.subresource ? `${base}/${at.subresource}` : base;
}

function withQuery(path: string, query: URLSearchParams): string {
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

function writeQuery(o: WriteOptions, extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams();
  if (o.fieldManager !== undefined) q.set('fieldManager', o.fieldManager);
  // Unknown fields are a mistake in automation's manifests: refuse them (kubectl's default) rather than drop them silently.
  q.set('fieldValidation', 'Strict');
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  if (o.dryRun) q.set('dryRun', 'All');
  return q;
}

function resourceOf(type: ResourceType, subresource?: string): string {
  return subresource ? `${type.name}/${subresource}` : type.name;
}

/** The request for one write verb on one cluster. */
export function buildWriteRequest(w: WriteRequest, cluster: string): BuiltRequest {
  switch (w.verb) {
    case 'get':
      return { method: 'GET', path: objectPath(w.at), ctx: ctxOf(cluster, w.at.type, w.at.subresource), verb: 'get' };
    case 'apply':
      // JSON is YAML: the apply-patch+yaml body needs no YAML encoder.
      return {
        method: 'PATCH', verb: 'patch', ctx: ctxOf(cluster, w.at.type, w.at.subresource),
        path: withQuery(objectPath(w.at), writeQuery(w, w.force ? { force: 'true' } : {})),
        body: JSON.stringify(w.object), contentType: PATCH_CONTENT_TYPES.apply,
      };
    case 'create':
      return {
        method: 'POST', verb: 'create', ctx: ctxOf(cluster, w.type),
        path: withQuery(collectionPath(w.type, w.type.namespaced ? w.namespace : null), writeQuery(w)),
        body: JSON.stringify(w.object), contentType: 'application/json',
      };
    case 'update':
      return {
        method: 'PUT', verb: 'update', ctx: ctxOf(cluster, w.at.type, w.at.subresource),
        path: withQuery(objectPath(w.at), writeQuery(w)), body: JSON.stringify(w.object), contentType: 'application/json',
      };
    case 'patch':
      return {
        method: 'PATCH', verb: 'patch', ctx: ctxOf(cluster, w.at.type, w.at.subresource),
        path: withQuery(objectPath(w.at), writeQuery(w)), body: JSON.stringify(w.patch), contentType: PATCH_CONTENT_TYPES[w.patchType],
      };
    case 'delete': {
      const q = new URLSearchParams();
      if (w.dryRun) q.set('dryRun', 'All');
      const options: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
      if (w.propagationPolicy) options.propagationPolicy = w.propagationPolicy;
      if (w.dryRun) options.dryRun = ['All'];
      return {
        method: 'DELETE', verb: 'delete', ctx: ctxOf(cluster, w.at.type, w.at.subresource),
        path: withQuery(objectPath(w.at), q), body: JSON.stringify(options), contentType: 'application/json',
      };
    }
  }
}

function ctxOf(cluster: string, type: ResourceType, subresource?: string): FailureContext {
  return { cluster, resource: resourceOf(type, subresource), group: type.group };
}
