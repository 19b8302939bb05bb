/**
 * The span attribute names fleetgraph records (docs/tracing.md lists them with their meaning).
 * Stable OpenTelemetry names come from @opentelemetry/semantic-conventions; incubating ones are
 * copied here, as that package advises, since they may be renamed in its minor releases.
 */
export {
  ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_K8S_CLUSTER_NAME,
  ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_SERVICE_NAME,
} from '@opentelemetry/semantic-conventions';

// Incubating OpenTelemetry names.
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_ENDUSER_ID = 'enduser.id';

// fleetgraph's own.
/** ok, partial (some clusters failed; the rest answered) or error; for a cluster call: ok or its error code. */
export const ATTR_OUTCOME = 'fleetgraph.outcome';
/** Cluster calls an operation made, and the HTTP requests they took (retries included). */
export const ATTR_UPSTREAM_CALLS = 'fleetgraph.upstream.calls';
export const ATTR_UPSTREAM_ATTEMPTS = 'fleetgraph.upstream.attempts';
/** Per-cluster failures of an operation: the clusters, and one `fleetgraph.cluster_failures.<CODE>` count per error code. */
export const ATTR_FAILED_CLUSTERS = 'fleetgraph.cluster_failures.clusters';
export const ATTR_FAILURES_PREFIX = 'fleetgraph.cluster_failures.';
/** A cluster call's Kubernetes resource (`pods`, `deployments`, `version`) and verb (`list`, `get`, `patch`, `watch`). */
export const ATTR_RESOURCE = 'fleetgraph.k8s.resource';
export const ATTR_VERB = 'fleetgraph.k8s.verb';
/** Retries a cluster call took (429/503, reset connections). */
export const ATTR_RETRIES = 'fleetgraph.retries';
/** The user a cluster call impersonated (the authenticated caller); absent when the gateway acted as itself. */
export const ATTR_IMPERSONATED_USER = 'fleetgraph.impersonated_user';

/** Longest client-chosen text (an operation name) recorded. */
export const MAX_NAME_LENGTH = 100;
