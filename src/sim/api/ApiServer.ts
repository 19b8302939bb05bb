/**
 * The HTTPS front of one simulated cluster: a Node https server on 127.0.0.1 speaking the
 * Kubernetes REST API (TLS because clients send bearer tokens only over TLS; see ../tls.ts). Per request it applies the cluster's injected faults (latency, error
 * answers, hang), authenticates the bearer token (401 otherwise, as kube-apiserver does without
 * anonymous access), records what arrived (including Impersonate-* headers, one entry per header
 * line), with `rbac` applies impersonation and RBAC as kube-apiserver does (../auth/), and dispatches to discovery, OpenAPI, version/health or the resource handlers.
 *
 * `down` is implemented by SimCluster closing the listener: connections are then refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { ALWAYS_ALLOW, handleAccessReview } from '../auth/accessReviews.ts';
import { authorizeRequest, reviewResource } from '../auth/authorizeRequest.ts';
import { headerLines, impersonate } from '../auth/impersonate.ts';
import { escalationGuard } from '../auth/preventEscalation.ts';
import type { WriteGuard } from '../registry/Registry.ts';
import type { ApiContext, UserInfo } from './ApiContext.ts';
import { ApiError, errors } from './ApiError.ts';
import {
  AGGREGATED_DISCOVERY_V2, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, wantsAggregatedDiscovery,
} from './discovery.ts';
import { buildOpenApi, type OpenApiIndex } from './openapi.ts';
import { buildOpenApiV2, openApiV2Format } from './openApiV2.ts';
import { handleGet, handleList } from './readHandlers.ts';
import { parseRequest, type RouteInfo } from './requestInfo.ts';
import { sendError, sendJson, sendRaw } from './responses.ts';
import { handleWatch, type OpenWatches } from './watchHandler.ts';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './writeHandlers.ts';

/** Paths kube-apiserver serves without authentication (system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);

const METRICS_GROUP = 'metrics.k8s.io';
const NO_GROUPS: ReadonlySet<string> = new Set();

function servesGroup(route: RouteInfo, group: string): boolean {
  if (route.route === 'resource') return route.request.type.group === group;
  return (route.route === 'group' || route.route === 'groupVersion') && route.group === group;
}

export class ApiServer {
  readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches: OpenWatches = new Set();
  private readonly openapi: OpenApiIndex;
  private openapiV2: { json: string; protobuf: Buffer } | undefined;

  constructor(private readonly ctx: ApiContext, tls: { certPem: string; keyPem: string }) {
    this.openapi = buildOpenApi(ctx.version.gitVersion);
    this.server = createServer({ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 30_000 }, (req, res) => { void this.handle(req, res); });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** End every watch and drop every connection (server stop, or the cluster going down). */
  dropConnections(): void {
    for (const close of [...this.watches]) close();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  get openWatchCount(): number {
    return this.watches.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const faults = this.ctx.faults();
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const record = {
      method: req.method ?? 'GET', path: url.pathname, query: url.search, verb: '', resource: '', namespace: '',
      user: '', impersonateUser: req.headers['impersonate-user'] as string | undefined,
      impersonateGroups: headerLines(req, 'impersonate-group'), impersonateUid: req.headers['impersonate-uid'] as string | undefined, userAgent: req.headers['user-agent'] ?? '', status: 0,
      arrivedAt: this.ctx.requests.now(), answeredAt: 0,
    };
    try {
      if (faults.hang) {
        // Read and hold: the client sees an accepted connection that never answers.
        req.resume();
        return;
      }
      const delay = faults.latencyMs + (faults.jitterMs > 0 ? this.ctx.faultRandom() * faults.jitterMs : 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (faults.errorRate > 0 && this.ctx.faultRandom() < faults.errorRate) {
        const code = faults.errorCodes[Math.floor(this.ctx.faultRandom() * faults.errorCodes.length)] ?? 500;
        throw code === 429 ? errors.tooManyRequests(faults.retryAfterSeconds)
          : code === 503 ? errors.serviceUnavailable() : errors.internal('injected fault');
      }
      let user: UserInfo | undefined;
      if (!PUBLIC_PATHS.has(url.pathname)) {
        user = this.authenticate(req);
        record.user = user.username;
      }
      const rbac = this.ctx.rbac;
      if (rbac && user) {
        // RBAC on (see ../auth/authorizeRequest.ts): impersonation, then the request's own check.
        user = impersonate(req, user, rbac);
        const review = reviewResource(url.pathname);
        if (review !== undefined) {
          if (req.method !== 'POST') throw errors.methodNotAllowed();
          authorizeRequest(req, url.pathname, { route: 'review', resource: review }, user, rbac);
          record.verb = 'create';
          record.resource = review;
          return await handleAccessReview(req, res, review, user, rbac);
        }
      } else if (user && reviewResource(url.pathname) !== undefined) {
        // Without RBAC every request is allowed, and its reviews say so (ALWAYS_ALLOW).
        if (req.method !== 'POST') throw errors.methodNotAllowed();
        record.verb = 'create';
        record.resource = reviewResource(url.pathname)!;
        return await handleAccessReview(req, res, record.resource, user, ALWAYS_ALLOW);
      }
      const route = parseRequest(req.method ?? 'GET', url);
      if (!this.ctx.metrics && servesGroup(route, METRICS_GROUP)) {
        // No metrics-server: kube-apiserver knows nothing of the group (and the request log
        // records no resource verb for a path nothing serves).
        throw errors.resourceNotFound();
      }
      if (route.route === 'resource') {
        const rr = route.request;
        record.verb = rr.verb;
        record.resource = rr.subresource ? `${rr.type.resource}/${rr.subresource}` : rr.type.resource;
        record.namespace = rr.namespace;
      }
      let guard: WriteGuard | undefined;
      if (rbac && user) {
        const attrs = authorizeRequest(req, url.pathname, route, user, rbac);
        // Writes of Roles and bindings are also checked for escalation, in the registry (../auth/preventEscalation.ts).
        guard = escalationGuard(rbac, attrs);
      }
      if (route.route === 'resource') {
        const rr = route.request;
        if (faults.forbidden || (faults.onlyNamespaces && !faults.onlyNamespaces.includes(rr.namespace))) {
          const scope = rr.namespace ? `in the namespace "${rr.namespace}"` : 'at the cluster scope';
          throw errors.forbidden(`${record.resource} is forbidden: User "${record.user}" cannot ${rr.verb} resource "${record.resource}" in API group "${rr.type.group}" ${scope}`, rr.type, rr.name);
        }
      }
      await this.dispatch(route, req, res, guard);
    } catch (e) {
      const err = e instanceof ApiError ? e : errors.internal(e instanceof Error ? e.message : String(e));
      if (!(e instanceof ApiError)) {
        process.emitWarning(`sim ${this.ctx.clusterName}: ${req.method} ${req.url}: ${e instanceof Error ? e.stack : String(e)}`);
      }
      sendError(res, err);
    } finally {
      record.status = res.statusCode;
      record.answeredAt = this.ctx.requests.now();
      if (!faults.hang) this.ctx.requests.add(record);
    }
  }

  private authenticate(req: IncomingMessage): UserInfo {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match ? this.ctx.tokens.get(match[1]!) : undefined;
    if (!user) throw errors.unauthorized();
    return user;
  }

  private async dispatch(route: RouteInfo, req: IncomingMessage, res: ServerResponse, guard: WriteGuard | undefined): Promise<void> {
    const accept = req.headers.accept;
    const method = req.method ?? 'GET';
    if (route.route !== 'resource' && method !== 'GET' && method !== 'HEAD') throw errors.methodNotAllowed();
    switch (route.route) {
      case 'api':
        if (wantsAggregatedDiscovery(accept)) return sendJson(res, 200, aggregatedDiscovery(true), { 'Content-Type': AGGREGATED_DISCOVERY_V2 });
        return sendJson(res, 200, apiVersions(`127.0.0.1:${this.port}`));
      case 'apis':
        if (wantsAggregatedDiscovery(accept)) return sendJson(res, 200, aggregatedDiscovery(false, this.hiddenGroups), { 'Content-Type': AGGREGATED_DISCOVERY_V2 });
        return sendJson(res, 200, apiGroupList(this.hiddenGroups));
      case 'group': {
        const group = this.hiddenGroups.has(route.group) ? undefined : apiGroup(route.group);
        if (!group) throw errors.resourceNotFound();
        return sendJson(res, 200, group);
      }
      case 'groupVersion': {
        const list = apiResourceList(route.group, route.version);
        if (!list) throw errors.resourceNotFound();
        return sendJson(res, 200, list);
      }
      case 'other':
        return this.serveOther(route.path, accept, res);
      case 'resource': {
        const rr = route.request;
        switch (rr.verb) {
          case 'get': return handleGet(this.ctx, req, res, rr);
          case 'list': return handleList(this.ctx, req, res, rr);
          case 'watch': return handleWatch(this.ctx, req, res, rr, this.watches);
          case 'create':
            if (rr.name !== '') throw errors.methodNotAllowed();
            return handleCreate(this.ctx, req, res, rr, guard);
          case 'update': return handleUpdate(this.ctx, req, res, rr, guard);
          case 'patch': return handlePatch(this.ctx, req, res, rr, guard);
          case 'delete': return handleDelete(this.ctx, req, res, rr);
          case 'deletecollection': return handleDeleteCollection(this.ctx, req, res, rr);
        }
      }
    }
  }

  /** API groups this cluster does not serve (metrics.k8s.io without metrics-server). */
  private get hiddenGroups(): ReadonlySet<string> {
    return this.ctx.metrics ? NO_GROUPS : new Set([METRICS_GROUP]);
  }

  private get port(): number {
    const addr = this.server.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }

  private serveOther(path: string, accept: string | undefined, res: ServerResponse): void {
    // go-restful serves `/version/` too (the Python client asks for it).
    if (path === '/version' || path === '/version/') return sendJson(res, 200, this.ctx.version);
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendRaw(res, 200, 'ok', {}, 'text/plain; charset=utf-8');
    if (path === '/openapi/v2') {
      const format = openApiV2Format(accept);
      if (!format) return sendRaw(res, 406, '', { Vary: 'Accept' }, 'text/plain; charset=utf-8');
      this.openapiV2 ??= buildOpenApiV2(this.ctx.version.gitVersion);
      if (format === 'json') return sendRaw(res, 200, this.openapiV2.json, { Vary: 'Accept' });
      // What kube-openapi's http.ServeContent sniffs for it: the media type itself has an '@',
      // which Go's mime parser (and so client-go) refuses in a Content-Type.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache, private', Vary: 'Accept' });
      res.end(this.openapiV2.protobuf);
      return;
    }
    if (path === '/openapi/v3') return sendJson(res, 200, this.openapi.index);
    if (path.startsWith('/openapi/v3/')) {
      const doc = this.openapi.documents.get(path.slice('/openapi/v3/'.length));
      if (doc) return sendRaw(res, 200, doc.body);
    }
    sendRaw(res, 404, '404 page not found\n', {}, 'text/plain; charset=utf-8');
  }
}
