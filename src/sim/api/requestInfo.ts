/**
 * Turns a request URL into what the API server needs to dispatch it, the way kube-apiserver's
 * RequestInfoFactory does: API group/version, resource, namespace, name, subresource and the
 * Kubernetes verb (list vs get, watch vs list, deletecollection vs delete).
 */
import { findResource, type ResourceType } from '../resources.ts';
import { errors } from './ApiError.ts';
import { queryBool } from './queryParams.ts';

export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceRequest {
  type: ResourceType;
  group: string;
  version: string;
  namespace: string; // '' when none
  name: string; // '' for collections
  subresource: string; // '' when none
  verb: KubeVerb;
  query: URLSearchParams;
}

export type RouteInfo =
  | { route: 'resource'; request: ResourceRequest }
  | { route: 'groupVersion'; group: string; version: string }
  | { route: 'api' }
  | { route: 'apis' }
  | { route: 'group'; group: string }
  | { route: 'other'; path: string };

function verbFor(method: string, collection: boolean, query: URLSearchParams, legacyWatch: boolean): KubeVerb {
  switch (method) {
    case 'GET': case 'HEAD':
      if (legacyWatch) return 'watch';
      // As RequestInfoFactory decides: `watch` turns a collection GET into a watch; a GET of
      // one object stays a get whatever `watch` says (kube serves the object).
      if (collection) return queryBool(query, 'watch') ? 'watch' : 'list';
      return 'get';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return collection ? 'deletecollection' : 'delete';
    default: throw errors.methodNotAllowed();
  }
}

export function parseRequest(method: string, url: URL): RouteInfo {
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { route: 'api' };
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { route: 'apis' };
    if (parts.length === 2) return { route: 'group', group: parts[1]! };
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return { route: 'other', path: url.pathname };
  }
  if (rest.length === 0) return { route: 'groupVersion', group, version };
  // The deprecated `/watch/` prefix (`/api/v1/watch/namespaces/NS/pods[/NAME]`), still served by
  // kube 1.32: a watch whatever the method's query says; with a name, a watch of that object.
  const legacyWatch = rest[0] === 'watch';
  if (legacyWatch) {
    if (method !== 'GET' && method !== 'HEAD') throw errors.methodNotAllowed();
    rest = rest.slice(1);
    if (rest.length === 0) throw errors.resourceNotFound();
  }

  let namespace = '';
  // `/namespaces/<ns>/<resource>...` addresses namespaced resources, except the namespace
  // object's own subresources (`/api/v1/namespaces/<name>/status` and `/finalize`).
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource, name = '', subresource = '', ...extra] = rest;
  // Paths the server has no handler for (unknown resources, subresources such as pods/log that
  // are not modelled, too many segments) get the answer of a real server without that resource,
  // never a NotFound naming an object, which would read as if the object were missing.
  if (extra.length > 0 || resource === undefined) throw errors.resourceNotFound();
  const type = findResource(group, version, resource);
  if (!type) throw errors.resourceNotFound();
  if (namespace !== '' && !type.namespaced) throw errors.resourceNotFound();
  if (subresource !== '' && !type.subresources.includes(subresource as 'status' | 'scale') && !(type.resource === 'namespaces' && subresource === 'finalize')) {
    throw errors.resourceNotFound();
  }
  if (legacyWatch && subresource !== '') throw errors.resourceNotFound();
  const query = url.searchParams;
  const verb = verbFor(method, name === '', query, legacyWatch);
  if (!type.verbs.includes(verb) && subresource === '') throw errors.methodNotAllowed();
  return { route: 'resource', request: { type, group, version, namespace, name, subresource, verb, query } };
}
