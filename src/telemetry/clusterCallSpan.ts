/**
 * Spans for cluster calls: one CLIENT span per ClusterClient.request (a LIST page, a GET, a
 * write), from asking for a concurrency slot to the parsed answer, with its retries; and one per
 * watch stream opened, from the request to the answer's headers (the stream itself may last
 * minutes and is not a span).
 *
 * A call made for a GraphQL operation (operationScope.ts) is a child of the operation's span and
 * counts in its calls; any other call (a watch hub's relist, a status probe) is a root span.
 * Watch starts are always root spans: a watch is shared by every subscriber, not one operation's.
 *
 * Recorded: cluster, resource, verb, HTTP method and status, the server's host and port, the
 * outcome (an error code of src/kube/errorCodes.ts), retries, the impersonated user's name.
 * Never: paths and query strings, headers, credentials, request or answer bodies, upstream messages.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { FailureContext } from '../kube/classifyFailure.ts';
import type { UpstreamRequest } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { Identity } from '../auth/Identity.ts';
import {
  ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_IMPERSONATED_USER, ATTR_K8S_CLUSTER_NAME,
  ATTR_OUTCOME, ATTR_RESOURCE, ATTR_RETRIES, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_VERB,
} from './attributes.ts';
import { currentOperation } from './operationScope.ts';

/** What of a ClusterClient a span names. */
export interface CalledCluster {
  readonly name: string;
  readonly server: string;
  readonly actingAs: Identity | undefined;
}

/** Host and port by server URL: one entry per cluster of the fleet, not one URL parse per call. */
const servers = new Map<string, { address: string; port: number }>();

function serverOf(server: string): { address: string; port: number } {
  let known = servers.get(server);
  if (!known) {
    const url = new URL(server);
    known = { address: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
    servers.set(server, known);
  }
  return known;
}

function callAttributes(cluster: CalledCluster, ctx: FailureContext, verb: string, method: string): Attributes {
  const { address, port } = serverOf(cluster.server);
  const attributes: Attributes = {
    [ATTR_K8S_CLUSTER_NAME]: cluster.name,
    [ATTR_RESOURCE]: ctx.resource,
    [ATTR_VERB]: verb,
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_SERVER_ADDRESS]: address,
    [ATTR_SERVER_PORT]: port,
  };
  // The caller's user name (never a token): whom the cluster's RBAC judged this call as.
  if (cluster.actingAs) attributes[ATTR_IMPERSONATED_USER] = cluster.actingAs.user;
  return attributes;
}

function failed(span: Span, e: unknown): void {
  const code = e instanceof ClusterError ? e.code : 'INTERNAL_SERVER_ERROR';
  span.setAttribute(ATTR_OUTCOME, code);
  span.setAttribute(ATTR_ERROR_TYPE, code);
  if (e instanceof ClusterError && e.status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, e.status);
  // The code, not the message: an upstream message can name objects and users of the cluster.
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** `send` (the untraced request path) run under a span, with the request's answer and attempts observed. */
export async function traceClusterCall<T>(tracer: Tracer, cluster: CalledCluster, req: UpstreamRequest,
  send: (req: UpstreamRequest) => Promise<T>): Promise<T> {
  const operation = currentOperation();
  if (operation) operation.calls++;
  const method = req.method ?? 'GET';
  const span = tracer.startSpan(`${req.verb} ${req.ctx.resource}`, { kind: SpanKind.CLIENT, attributes: callAttributes(cluster, req.ctx, req.verb, method) },
    operation?.context ?? ROOT_CONTEXT);
  let status: number | undefined;
  let attempts = 0;
  const observed: UpstreamRequest = {
    ...req,
    onAnswer: (s) => {
      status = s;
      req.onAnswer?.(s);
    },
    onAttempt: () => {
      attempts++;
      if (operation) operation.attempts++;
      req.onAttempt?.();
    },
  };
  try {
    const value = await send(observed);
    span.setAttribute(ATTR_OUTCOME, 'ok');
    if (status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    return value;
  } catch (e) {
    failed(span, e);
    throw e;
  } finally {
    span.setAttribute(ATTR_RETRIES, Math.max(0, attempts - 1));
    span.end();
  }
}

/** `open` (a watch's request, up to its answer's headers) run under a root span `watch <resource>`. */
export async function traceWatchStart<R extends { statusCode?: number | undefined }>(tracer: Tracer, cluster: CalledCluster, ctx: FailureContext,
  open: () => Promise<R | undefined>): Promise<R | undefined> {
  const span = tracer.startSpan(`watch ${ctx.resource}`, { kind: SpanKind.CLIENT, attributes: callAttributes(cluster, ctx, 'watch', 'GET') }, ROOT_CONTEXT);
  try {
    const res = await open();
    span.setAttribute(ATTR_OUTCOME, res ? 'ok' : 'aborted');
    if (res?.statusCode !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
    return res;
  } catch (e) {
    failed(span, e);
    throw e;
  } finally {
    span.end();
  }
}
