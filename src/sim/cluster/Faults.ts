/**
 * Per-cluster fault injection, for tests and benchmarks of how a client copes with a bad
 * cluster: added latency with jitter, a share of 500/503/429 answers, a cluster that is down
 * (connection refused), one that hangs (accepts, never answers), one that forbids everything, watch streams cut after N
 * events or T milliseconds. Forced compaction lives on the store (`SimCluster.compact()`).
 */

export type ErrorCode = 500 | 503 | 429;

export interface FaultSettings {
  /** Added to every request before it is handled. @default 0 */
  latencyMs: number;
  /** Uniform random extra latency in [0, jitterMs). @default 0 */
  jitterMs: number;
  /** Share of requests (0..1) answered with an error from `errorCodes`. @default 0 */
  errorRate: number;
  /** Which errors to answer with, chosen at random. @default [500, 503, 429] */
  errorCodes: ErrorCode[];
  /** Retry-After seconds sent with 429. @default 1 */
  retryAfterSeconds: number;
  /** Stop listening: connections are refused until set back to false. @default false */
  down: boolean;
  /** Accept connections and read requests but never answer. @default false */
  hang: boolean;
  /**
   * Answer every resource request with 403 Forbidden, as kube-apiserver does for a user with no
   * RBAC bindings (discovery and /version stay open, as system:discovery allows). @default false
   */
  forbidden: boolean;
  /**
   * Answer 403 to every resource request outside these namespaces (cluster-scoped and
   * all-namespaces ones included), as kube-apiserver does for an identity bound by Roles in these
   * namespaces only (a tenant's service account). undefined: no such limit. @default undefined
   */
  onlyNamespaces: readonly string[] | undefined;
  /** Close each watch stream after this many events (undefined: never). */
  watchCutAfterEvents: number | undefined;
  /** Close each watch stream after this many milliseconds (undefined: never). */
  watchCutAfterMs: number | undefined;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorCodes: [500, 503, 429] as ErrorCode[],
  retryAfterSeconds: 1,
  down: false,
  hang: false,
  forbidden: false,
  onlyNamespaces: undefined,
  watchCutAfterEvents: undefined,
  watchCutAfterMs: undefined,
});

export function validateFaults(patch: Partial<FaultSettings>): void {
  const bad = (what: string) => { throw new Error(`invalid fault setting: ${what}`); };
  if (patch.latencyMs !== undefined && !(patch.latencyMs >= 0)) bad(`latencyMs must be >= 0, got ${patch.latencyMs}`);
  if (patch.jitterMs !== undefined && !(patch.jitterMs >= 0)) bad(`jitterMs must be >= 0, got ${patch.jitterMs}`);
  if (patch.errorRate !== undefined && !(patch.errorRate >= 0 && patch.errorRate <= 1)) bad(`errorRate must be within 0..1, got ${patch.errorRate}`);
  if (patch.errorCodes !== undefined && (patch.errorCodes.length === 0 || patch.errorCodes.some((c) => ![500, 503, 429].includes(c)))) bad(`errorCodes must be a non-empty list of 500, 503, 429; got ${JSON.stringify(patch.errorCodes)}`);
  if (patch.watchCutAfterEvents !== undefined && !(patch.watchCutAfterEvents >= 1)) bad(`watchCutAfterEvents must be >= 1, got ${patch.watchCutAfterEvents}`);
  if (patch.watchCutAfterMs !== undefined && !(patch.watchCutAfterMs >= 1)) bad(`watchCutAfterMs must be >= 1, got ${patch.watchCutAfterMs}`);
}
