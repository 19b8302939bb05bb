/**
 * The gateway's validated settings: what parseConfig makes of flags and environment, and the
 * one object the rest of the gateway reads its settings from.
 */
import type { OidcSettings } from '../auth/OidcSettings.ts';
import type { QueryLimits } from '../limits/QueryLimits.ts';
import type { RateLimits } from '../limits/RateLimits.ts';
import type { ManifestLimits } from '../ops/parseManifests.ts';
import type { LiveLimits } from '../live/liveDefaults.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** --redis and its lease settings (docs/replicas.md). */
export interface RedisSettings {
  url: string;
  /** --redis-lease-ttl-ms: how long a stream's owner holds its lease without renewing it. @default 10000 */
  leaseTtlMs: number;
  /** --redis-lease-renew-ms: how often the owner renews it (and others try to take it). @default 3000 */
  renewMs: number;
  /** --redis-command-timeout-ms: a Redis command unanswered this long counts as Redis gone (connections cut and made again). @default 10000 */
  commandTimeoutMs: number;
}

/** --operation-lease-ttl-ms, --operation-resume-ms: rollouts kept in Redis (docs/replicated-operations.md); the names are RolloutOptions'. */
export interface OperationSettings {
  /** How long a running rollout's lease lasts unless renewed (renewed every third of it). @default 15000 */
  leaseTtlMs: number;
  /** How often each replica looks for rollouts nobody holds, to resume them. @default 5000 */
  resumeIntervalMs: number;
}

export interface Config {
  /** --host: the address to listen on. @default '127.0.0.1' */
  host: string;
  /** --tokens, resolved to an absolute path: the static token file (docs/security.md). Absent: authentication off, loopback only. */
  tokens?: string;
  /** --policy, resolved to an absolute path: the gateway policy file (docs/policy.md); needs authentication. Absent: no policy. */
  policy?: string;
  /** --oidc-issuer, --oidc-audience, ...: OIDC/JWT bearer tokens (docs/authentication.md). Absent: OIDC off. */
  oidc?: OidcSettings;
  /** --port, else env PORT; 0 asks the OS for a free port. @default 4000 */
  port: number;
  /** --kubeconfig, resolved to an absolute path from the working directory. Absent in demo mode. */
  kubeconfig?: string;
  /** --contexts a,b: serve only these kubeconfig contexts (only with kubeconfig). Absent: all. */
  contexts?: string[];
  /** --fleet, resolved to an absolute path; whether it exists is checked when it is loaded. */
  fleetFile?: string;
  /** --timeout-ms: per-cluster upstream request timeout. @default 5000 */
  timeoutMs: number;
  /** --concurrency: concurrent upstream requests per cluster. @default 8 */
  concurrency: number;
  /** --chunk-size: items per upstream LIST page; 0 lists in one piece. @default 500 */
  chunkSize: number;
  /** --log-level, else env LOG_LEVEL. @default 'info' */
  logLevel: LogLevel;
  /** --cors-origin (repeatable): exact origins allowed to call /graphql from a browser. @default [] */
  corsOrigins: string[];
  /** --allowed-host (repeatable): Host names served on a loopback bind besides the loopback ones, lowercase. @default [] */
  allowedHosts: string[];
  /** --max-response-bytes: the largest GraphQL reply. @default 67108864 (64 MiB) */
  maxResponseBytes: number;
  /** --namespaces a,b: every cluster's namespace scope, where the fleet file sets none. Absent: cluster-wide. */
  namespaces?: string[];
  /** --introspection on|off: answer __schema/__type queries. @default true; false under --production */
  introspection: boolean;
  /** --graphiql on|off: serve the GraphiQL page. @default true; false under --production */
  graphiql: boolean;
  /** --cache: reads served from the watch hub's stores once synced. @default false */
  cache: boolean;
  /** True when no --kubeconfig was given: the gateway serves the embedded demo fleet. */
  demo: boolean;
  /** --max-depth, --max-cost, ...: the query limits (docs/limits.md). @default DEFAULT_QUERY_LIMITS */
  limits: QueryLimits;
  /** --rate-limit, --cost-budget, --rate-limit-callers: per-caller token buckets (docs/abuse-limits.md). @default DEFAULT_RATE_LIMITS */
  rateLimits: RateLimits;
  /** --metrics-token-file: the file holding the only token /metrics accepts (src/server/metricsAccess.ts). Absent: none. */
  metricsTokenFile?: string;
  /** --max-manifest-bytes, --max-manifest-objects: mutations' manifest limits (docs/limits.md). Absent: neither flag given, the defaults (1 MiB, 1000 objects). */
  manifestLimits?: Required<ManifestLimits>;
  /** --redis, else env REDIS_URL: share watches and cursors between replicas through this Redis (docs/replicas.md). Absent: one process, as without it. */
  redis?: RedisSettings;
  /** With `redis` only: the rollout operations' lease and resume settings. */
  operations?: OperationSettings;
  /** --ws-max-subscriptions, --stream-history, ...: subscription limits (docs/live.md). @default DEFAULT_LIVE_LIMITS */
  live: LiveLimits;
}
