/**
 * The span of a GraphQL subscription's start over WebSocket (graphql-ws): one SERVER span per
 * subscribe message, named like an HTTP operation's (`subscription PodChanges`), from the
 * message to the event stream being set up (or refused). The span ends there: a subscription
 * may stay open for days, and a span is exported only once it ends. Events delivered later are
 * not recorded (neither as spans nor as span events); the watch streams feeding them have spans
 * of their own (`watch <resource>`, clusterCallSpan.ts).
 *
 * Recorded as for an HTTP operation (operationSpan.ts): type, name, the caller's user name,
 * outcome, the error code of a refused start, the cluster calls made while starting.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Identity } from '../auth/Identity.ts';
import type { RequestContext } from '../loaders/RequestContext.ts';
import { ATTR_ENDUSER_ID, ATTR_ERROR_TYPE, ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE, ATTR_OUTCOME, ATTR_UPSTREAM_ATTEMPTS, ATTR_UPSTREAM_CALLS } from './attributes.ts';
import { operationNaming } from './operationSpan.ts';
import { inOperation } from './operationScope.ts';
import type { Tracing } from './Tracing.ts';

interface ErrorLike {
  readonly extensions?: { readonly code?: unknown } | undefined;
}

function startSpan(tracing: Tracing, type: string | undefined, name: string | null | undefined, identity: Identity | undefined): Span {
  const naming = operationNaming(type, name);
  const span = tracing.tracer.startSpan(naming.spanName, { kind: SpanKind.SERVER }, ROOT_CONTEXT);
  if (type) span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
  if (naming.name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, naming.name);
  // The caller's user name, never a credential; absent when authentication is off.
  if (identity) span.setAttribute(ATTR_ENDUSER_ID, identity.user);
  return span;
}

function endRefused(span: Span, errors: readonly ErrorLike[]): void {
  const code = errors[0]?.extensions?.code;
  const type = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  span.setAttribute(ATTR_OUTCOME, 'error');
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  span.end();
}

/**
 * graphql-ws's `onSubscribe` (which parses, validates and admits a subscription, returning its
 * execution arguments or the errors that refuse it) with a span for each refusal. Admitted
 * subscriptions get theirs from `traceSubscriptionStart`.
 */
export function traceRefusals<C, P extends { operationName?: string | null | undefined }, R>(tracing: Tracing | undefined,
  identityOf: (ctx: C) => Identity | undefined, onSubscribe: (ctx: C, id: string, payload: P) => R): (ctx: C, id: string, payload: P) => R {
  if (!tracing) return onSubscribe;
  return (ctx, id, payload) => {
    const result = onSubscribe(ctx, id, payload);
    const refused = (r: unknown) => {
      if (Array.isArray(r)) endRefused(startSpan(tracing, undefined, payload.operationName, identityOf(ctx)), r as readonly ErrorLike[]);
    };
    // The shared (Redis) rate limits answer asynchronously.
    if (result instanceof Promise) return result.then((r: unknown) => { refused(r); return r; }) as R;
    refused(result);
    return result;
  };
}

/** `subscribe` (setting up an admitted subscription's event stream) under its span and operation scope. */
export async function traceSubscriptionStart(tracing: Tracing, args: ExecutionArgs,
  subscribe: () => Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const operation = getOperationAST(args.document, args.operationName);
  const span = startSpan(tracing, operation?.operation, args.operationName ?? operation?.name?.value, (args.contextValue as RequestContext | undefined)?.identity);
  const scope = { context: trace.setSpan(ROOT_CONTEXT, span), calls: 0, attempts: 0 };
  const counted = () => {
    span.setAttribute(ATTR_UPSTREAM_CALLS, scope.calls);
    span.setAttribute(ATTR_UPSTREAM_ATTEMPTS, scope.attempts);
  };
  try {
    const result = await inOperation(scope, subscribe);
    counted();
    if (Symbol.asyncIterator in result) {
      span.setAttribute(ATTR_OUTCOME, 'ok');
      span.end();
    } else endRefused(span, (result.errors ?? []) as readonly ErrorLike[]);
    return result;
  } catch (e) {
    counted();
    endRefused(span, []);
    throw e;
  }
}
