/**
 * Partial results: after a request ran, each cluster that failed it (one entry per cluster and
 * error code, however many fields hit it) is appended to the response's `errors` with
 * `extensions: { code, cluster, resources }`, while the other clusters' data stays in `data`.
 * Also counts and times GraphQL requests for /metrics and logs one line per request.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { RequestContext } from '../loaders/RequestContext.ts';
import type { Logger } from './logger.ts';

export function clusterFailuresPlugin(registry: Registry, logger: Logger): ApolloServerPlugin<RequestContext> {
  const requests = new Counter({
    name: 'fleetgraph_graphql_requests_total',
    help: 'GraphQL requests, by operation type and outcome (ok, partial: some clusters failed, error).',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'fleetgraph_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request.',
    labelNames: ['operation'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, contextValue, operation, operationName, errors }) {
          const failures = contextValue.failures.all();
          if (response.body.kind === 'single' && failures.length > 0) {
            const result = response.body.singleResult;
            result.errors = [
              ...(result.errors ?? []),
              ...failures.map((f) => ({
                message: f.message,
                ...(f.path ? { path: [...f.path] } : {}),
                extensions: { code: f.code, cluster: f.cluster, resources: f.resources },
              })),
            ];
          }
          const op = operation?.operation ?? 'unknown';
          const outcome = errors && errors.length > 0 ? 'error' : failures.length > 0 ? 'partial' : 'ok';
          const seconds = (performance.now() - started) / 1000;
          requests.inc({ operation: op, outcome });
          duration.observe({ operation: op }, seconds);
          logger.info({
            operation: op, // A name is the client's text and may be a megabyte long: log a prefix.
            operationName: operationName === null || operationName === undefined ? null : operationName.slice(0, 100), outcome, durationMs: Math.round(seconds * 1000),
            clusterFailures: failures.map((f) => ({ cluster: f.cluster, code: f.code, resources: f.resources })),
          }, 'graphql request');
        },
      };
    },
  };
}
