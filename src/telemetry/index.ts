/**
 * Tracing (OpenTelemetry): spans for GraphQL operations, subscription starts, cluster calls and
 * watch starts, exported over OTLP/HTTP when configured. See docs/tracing.md. This module is the
 * public surface; the gateway's hooks into it are one line each where they are used.
 */
export { Tracing, type TracingOptions } from './Tracing.ts';
export { tracingFromEnv, tracesEndpoint } from './tracingFromEnv.ts';
export { operationSpanPlugin, executedInOperationScope } from './operationSpan.ts';
export { traceRefusals, traceSubscriptionStart } from './subscriptionSpan.ts';
export { outsideOperations } from './operationScope.ts';
