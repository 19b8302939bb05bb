/**
 * The query-abuse limits of the read graph and their defaults: one object read by the HTTP
 * path (Apollo plugin) and, later, by graphql-ws's onSubscribe. docs/limits.md explains each.
 */
export interface QueryLimits {
  /** Deepest field nesting (fragments flattened, introspection ignored). @default 8 */
  maxDepth: number;
  /** Aliased fields in one operation (`__typename` aliases free). @default 15 */
  maxAliases: number;
  /** Lexical tokens in one document, counted while parsing. @default 2000 */
  maxTokens: number;
  /** Directives in one operation. @default 50 */
  maxDirectives: number;
  /** Estimated fan-out cost (fields resolved plus objects fetched); see fanOutCost.ts. @default 2000000 */
  maxCost: number;
  /** Objects assumed per cluster in one LIST, for the cost estimate. @default 100 */
  assumedListSize: number;
  /** Children assumed per parent in a join (a node's pods, a workload's events), for the cost estimate. @default 10 */
  assumedJoinSize: number;
  /** Upstream calls one request may make to any one cluster; checked before execution and counted during it. @default 50 */
  maxUpstreamCallsPerCluster: number;
  /** Time one request may spend waiting on clusters before its remaining upstream calls fail. @default 30000 */
  requestTimeoutMs: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxDepth: 8,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 50,
  maxCost: 2_000_000,
  assumedListSize: 100,
  assumedJoinSize: 10,
  maxUpstreamCallsPerCluster: 50,
  requestTimeoutMs: 30_000,
});
