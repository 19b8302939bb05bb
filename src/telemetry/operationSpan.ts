/**
 * The span of one GraphQL operation over HTTP: a SERVER span named as the OpenTelemetry GraphQL
 * conventions have it (`query DashboardQuery`, `mutation`, or `GraphQL Operation` before the
 * operation is known), made by an Apollo Server plugin when the request starts and ended when
 * its response is sent. Its execution runs inside the span's scope (operationScope.ts, entered by
 * the executor wrapper below), so the cluster calls resolvers make become its children.
 *
 * Recorded: operation type and name (the name cut to 100 characters: it is client text), the
 * caller's user name when authenticated, the outcome (ok, partial, error), the error code of a
 * failed request, the clusters that failed and a count per error code, the cluster calls made.
 * Never: the document, variables, results, tokens or headers.
 */
import type { ApolloServerOptionsWithGateway, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { RequestContext } from '../loaders/RequestContext.ts';
import {
  ATTR_ENDUSER_ID, ATTR_ERROR_TYPE, ATTR_FAILED_CLUSTERS, ATTR_FAILURES_PREFIX, ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE,
  ATTR_OUTCOME, ATTR_UPSTREAM_ATTEMPTS, ATTR_UPSTREAM_CALLS, MAX_NAME_LENGTH,
} from './attributes.ts';
import { inOperation, type OperationScope } from './operationScope.ts';
import type { Tracing } from './Tracing.ts';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/** Each request's span and scope, by its context value (what the executor is handed too). */
const scopes = new WeakMap<object, OperationScope & { span: Span }>();

/** Span name and attributes for an operation of `type` named `name` (either may be unknown). */
export function operationNaming(type: string | undefined, name: string | null | undefined): { spanName: string; name: string | undefined } {
  const cut = name ? name.slice(0, MAX_NAME_LENGTH) : undefined;
  return { spanName: type ? (cut ? `${type} ${cut}` : type) : 'GraphQL Operation', name: cut };
}

export function operationSpanPlugin(tracing: Tracing): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const span = tracing.tracer.startSpan('GraphQL Operation', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
      const scope = { span, context: trace.setSpan(ROOT_CONTEXT, span), calls: 0, attempts: 0 };
      scopes.set(contextValue, scope);
      // The caller's user name, never a credential; absent when authentication is off.
      if (contextValue.identity) span.setAttribute(ATTR_ENDUSER_ID, contextValue.identity.user);
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const naming = operationNaming(operation.operation, operationName ?? operation.name?.value);
          span.updateName(naming.spanName);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          if (naming.name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, naming.name);
        },
        async willSendResponse({ errors }) {
          const failures = contextValue.failures.all();
          const outcome = errors && errors.length > 0 ? 'error' : failures.length > 0 ? 'partial' : 'ok';
          span.setAttribute(ATTR_OUTCOME, outcome);
          span.setAttribute(ATTR_UPSTREAM_CALLS, scope.calls);
          span.setAttribute(ATTR_UPSTREAM_ATTEMPTS, scope.attempts);
          if (failures.length > 0) {
            span.setAttribute(ATTR_FAILED_CLUSTERS, [...new Set(failures.map((f) => f.cluster))]);
            const perCode = new Map<string, number>();
            for (const f of failures) perCode.set(f.code, (perCode.get(f.code) ?? 0) + 1);
            for (const [code, n] of perCode) span.setAttribute(`${ATTR_FAILURES_PREFIX}${code}`, n);
          }
          if (outcome === 'error') {
            const code = errors?.[0]?.extensions?.code;
            const type = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
            span.setAttribute(ATTR_ERROR_TYPE, type);
            span.setStatus({ code: SpanStatusCode.ERROR, message: type });
          }
          span.end();
        },
      };
    },
  };
}

/** Apollo's `gateway` with every execution run in its request's operation scope (see operationSpanPlugin). */
export function executedInOperationScope(gateway: GatewayInterface): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    load: async (options) => {
      const loaded = await gateway.load(options);
      const executor = loaded.executor;
      if (!executor) return loaded;
      return {
        ...loaded,
        executor: (request) => {
          const scope = scopes.get(request.context);
          return scope ? inOperation(scope, () => executor(request)) : executor(request);
        },
      };
    },
  };
}
