/**
 * Every command-line flag, once: parseConfig reads its parseArgs options from this table and
 * `usage` prints its help from it, so a flag cannot exist without being documented.
 */
import { EXPOSURE_FLAGS } from './exposureFlags.ts';
import { LIMIT_FLAGS, MANIFEST_FLAGS, RATE_LIMIT_FLAGS } from './limitFlags.ts';
import { LIVE_FLAGS } from './liveFlags.ts';
import { OIDC_FLAGS } from './oidcFlags.ts';

export interface FlagSpec {
  /** The long name, without `--`; the key parseArgs reports. */
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** The placeholder printed after a string flag in the help. */
  placeholder?: string;
  /** One help line, including the default and any environment variable that stands in. */
  help: string;
  /** A string flag that may be given several times; its values are collected in order. */
  repeatable?: true;
}

export const FLAGS: readonly FlagSpec[] = [
  { name: 'host', type: 'string', placeholder: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
  { name: 'tokens', type: 'string', placeholder: 'FILE', help: 'require a bearer token on /graphql and /metrics, from this file of token,user,uid,"group1,group2" lines (kube-apiserver\'s token file); it or --oidc-issuer is needed to listen beyond loopback, see docs/authentication.md (default: none, loopback only)' },
  ...OIDC_FLAGS,
  { name: 'policy', type: 'string', placeholder: 'FILE', help: 'gateway policy: which users and groups may read, write and see secret values of which clusters, on top of cluster RBAC; deny by default; needs --tokens or --oidc-issuer, see docs/policy.md (default: none)' },
  { name: 'metrics-token-file', type: 'string', placeholder: 'FILE', help: 'the only bearer token /metrics accepts, read from this file (for Prometheus\' credentials_file); without it /metrics answers callers the policy gives every cluster, see docs/security.md (default: none)' },
  { name: 'port', type: 'string', placeholder: 'PORT', help: 'port to listen on, 0 for any free port (default: env PORT, else 4000)' },
  { name: 'kubeconfig', type: 'string', placeholder: 'FILE', help: 'serve the clusters of this kubeconfig\'s contexts (default: none, serve the demo fleet)' },
  { name: 'contexts', type: 'string', placeholder: 'A,B', help: 'serve only these kubeconfig contexts; needs --kubeconfig (default: all contexts)' },
  { name: 'fleet', type: 'string', placeholder: 'FILE', help: 'fleet file: cluster labels and per-cluster settings, see docs/fleet-file.md (default: none)' },
  { name: 'timeout-ms', type: 'string', placeholder: 'MS', help: 'per-cluster upstream request timeout in milliseconds, 1..600000 (default 5000)' },
  { name: 'concurrency', type: 'string', placeholder: 'N', help: 'concurrent upstream requests per cluster, 1..256 (default 8)' },
  { name: 'chunk-size', type: 'string', placeholder: 'N', help: 'items per upstream LIST page (limit/continue, as kubectl --chunk-size), 0..100000, 0 = one piece (default 500)' },
  { name: 'log-level', type: 'string', placeholder: 'LEVEL', help: 'debug, info, warn, error or silent (default: env LOG_LEVEL, else info)' },
  { name: 'cors-origin', type: 'string', placeholder: 'ORIGIN', repeatable: true, help: 'let web pages on this exact origin (e.g. http://localhost:5173) call /graphql from a browser; repeatable, see docs/http.md (default: none)' },
  { name: 'allowed-host', type: 'string', placeholder: 'NAME', repeatable: true, help: 'on a loopback --host, also serve requests whose Host is NAME (besides localhost, 127.0.0.1, [::1]); repeatable (default: none)' },
  { name: 'max-response-bytes', type: 'string', placeholder: 'N', help: 'largest GraphQL reply; a bigger one becomes a RESPONSE_TOO_LARGE error, 1024..1073741824 (default 67108864, 64 MiB)' },
  { name: 'namespaces', type: 'string', placeholder: 'A,B', help: 'read and watch only these namespaces of every cluster, one at a time, never all namespaces (for an identity with Roles, no ClusterRole); the fleet file may set them per cluster, see docs/fleet-file.md (default: every namespace)' },
  { name: 'cache', type: 'boolean', help: 'serve reads from watched in-memory stores once synced, instead of a LIST per request; see docs/live.md (default: off)' },
  { name: 'redis', type: 'string', placeholder: 'URL', help: 'share one watch per cluster and resource, and subscription cursors, between replicas through this Redis (redis:// or rediss://); see docs/replicas.md (default: env REDIS_URL, else none: one process)' },
  { name: 'redis-lease-ttl-ms', type: 'string', placeholder: 'MS', help: 'with --redis: a stream\'s owner holds its lease this long without renewing it; an owner that dies is replaced within this plus --redis-lease-renew-ms, 500..600000 (default 10000)' },
  { name: 'redis-command-timeout-ms', type: 'string', placeholder: 'MS', help: 'with --redis: a Redis command unanswered this long (a paused Redis, a silent network path) counts as Redis gone: subscribers are told UNAVAILABLE, owners stop watching, and the connection is made again, 500..120000 (default 10000)' },
  { name: 'redis-lease-renew-ms', type: 'string', placeholder: 'MS', help: 'with --redis: how often an owner renews its leases and other replicas try to take free ones, 100..300000, less than the TTL (default 3000)' },
  { name: 'operation-lease-ttl-ms', type: 'string', placeholder: 'MS', help: 'with --redis: a running rollout\'s lease lasts this long unless renewed (every third of it); a rollout whose replica dies is resumed by another within this plus --operation-resume-ms, 1000..600000 (default 15000)' },
  { name: 'operation-resume-ms', type: 'string', placeholder: 'MS', help: 'with --redis: how often each replica looks for rollouts nobody holds a lease on (their replica stopped or died) to resume them, 100..300000 (default 5000)' },
  { name: 'demo', type: 'boolean', help: 'serve the embedded demo fleet of simulated clusters (default: on when --kubeconfig is absent)' },
  ...EXPOSURE_FLAGS,
  { name: 'help', type: 'boolean', short: 'h', help: 'print this help and exit' },
  ...LIMIT_FLAGS,
  ...MANIFEST_FLAGS,
  ...RATE_LIMIT_FLAGS,
  ...LIVE_FLAGS,
];
