/**
 * The closed set of error codes fleetgraph gives clients, in `extensions.code` of a GraphQL
 * error and in `ClusterError.code` of per-cluster results. Clients switch on these; adding one
 * is an API change, renaming one breaks them.
 */
export const ERROR_CODES = [
  /** The cluster could not be reached: connection refused or reset, DNS, TLS. */
  'CLUSTER_UNREACHABLE',
  /** The cluster did not answer within its timeout. */
  'CLUSTER_TIMEOUT',
  /** The cluster rejected our credentials (HTTP 401). */
  'UNAUTHENTICATED',
  /** The cluster's RBAC denied the request (HTTP 403), or the gateway policy did before any cluster was asked (docs/policy.md). */
  'FORBIDDEN',
  /** The object or API does not exist on the cluster (HTTP 404). */
  'NOT_FOUND',
  /** The cluster serves no metrics API (metrics.k8s.io), so usage is unknown there. */
  'METRICS_UNAVAILABLE',
  /** A write conflicted with the object's current state (HTTP 409). */
  'CONFLICT',
  /**
   * Slow down: either a cluster asked us to (HTTP 429) and retries did not get through in time, or
   * the gateway refused the caller's operation for its rate limit or cost budget (`--rate-limit`,
   * `--cost-budget`; HTTP 429 with Retry-After, `extensions.retryAfterSeconds`, docs/abuse-limits.md).
   */
  'RATE_LIMITED',
  /** The cluster failed (HTTP 5xx) or answered something that is not Kubernetes JSON. */
  'UPSTREAM_ERROR',
  /** The request was invalid: a malformed selector, cursor or argument (or HTTP 400/422 upstream). */
  'BAD_USER_INPUT',
  /** The query was refused before it ran: deeper, wider or costlier than the gateway's limits (docs/limits.md). */
  'QUERY_TOO_COMPLEX',
  /** The request reached its cap of upstream calls to a cluster or its deadline; the calls past it were not sent. */
  'REQUEST_LIMIT_EXCEEDED',
  /** The request itself was not GraphQL over HTTP as we serve it (Apollo's code). */
  'BAD_REQUEST',
  /** The query text does not parse (Apollo's code). */
  'GRAPHQL_PARSE_FAILED',
  /** The query does not validate against the schema (Apollo's code). */
  'GRAPHQL_VALIDATION_FAILED',
  /** The reply would exceed the gateway's maximum response size (`--max-response-bytes`): ask for less. */
  'RESPONSE_TOO_LARGE',
  /** The fleet is still loading (start-up) or the gateway is shutting down. */
  'UNAVAILABLE',
  /** A bug in fleetgraph: the message says only that, the details are in the log under the same id. */
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
