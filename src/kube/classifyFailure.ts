/**
 * The one table that turns what a cluster did (an HTTP status, a network errno, our own timer)
 * into fleetgraph's closed error codes and a message fit for clients. Everything that talks to
 * a cluster goes through here, so a code means the same thing wherever it appears.
 */
import { ClusterError, type FieldConflict } from './ClusterError.ts';
import type { ErrorCode } from './errorCodes.ts';
import type { SecretScrubber } from './SecretScrubber.ts';

/** HTTP status → code. Anything else 5xx is UPSTREAM_ERROR; other 4xx are UPSTREAM_ERROR too. */
const STATUS_CODES: ReadonlyMap<number, ErrorCode> = new Map([
  [400, 'BAD_USER_INPUT'],
  [401, 'UNAUTHENTICATED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [409, 'CONFLICT'],
  [410, 'UPSTREAM_ERROR'],
  [422, 'BAD_USER_INPUT'],
  [429, 'RATE_LIMITED'],
  [504, 'CLUSTER_TIMEOUT'],
]);

/** Node network errno → code and the words we say instead of the raw error. */
const ERRNO_CODES: ReadonlyMap<string, [ErrorCode, string]> = new Map([
  ['ECONNREFUSED', ['CLUSTER_UNREACHABLE', 'connection refused']],
  ['ECONNRESET', ['CLUSTER_UNREACHABLE', 'connection reset']],
  ['EPIPE', ['CLUSTER_UNREACHABLE', 'connection closed']],
  ['EHOSTUNREACH', ['CLUSTER_UNREACHABLE', 'host unreachable']],
  ['ENETUNREACH', ['CLUSTER_UNREACHABLE', 'network unreachable']],
  ['ENOTFOUND', ['CLUSTER_UNREACHABLE', 'host name not found']],
  ['EAI_AGAIN', ['CLUSTER_UNREACHABLE', 'host name lookup failed']],
  ['ETIMEDOUT', ['CLUSTER_TIMEOUT', 'connection timed out']],
  ['ECONNABORTED', ['CLUSTER_UNREACHABLE', 'connection aborted']],
  ['UND_ERR_SOCKET', ['CLUSTER_UNREACHABLE', 'connection closed']],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', ['CLUSTER_UNREACHABLE', 'TLS: self-signed certificate not trusted']],
  ['SELF_SIGNED_CERT_IN_CHAIN', ['CLUSTER_UNREACHABLE', 'TLS: self-signed certificate in chain not trusted']],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', ['CLUSTER_UNREACHABLE', 'TLS: server certificate not trusted']],
  ['CERT_HAS_EXPIRED', ['CLUSTER_UNREACHABLE', 'TLS: server certificate expired']],
  ['ERR_TLS_CERT_ALTNAME_INVALID', ['CLUSTER_UNREACHABLE', 'TLS: server certificate does not match the host name']],
  ['EPROTO', ['CLUSTER_UNREACHABLE', 'TLS or protocol error']],
]);

const STATUS_WORDS: ReadonlyMap<ErrorCode, string> = new Map([
  ['UNAUTHENTICATED', 'the cluster rejected the credentials'],
  ['FORBIDDEN', 'forbidden'],
  ['NOT_FOUND', 'not found'],
  ['RATE_LIMITED', 'rate limited by the cluster'],
  ['CLUSTER_TIMEOUT', 'the cluster timed out'],
]);

export interface FailureContext {
  cluster: string;
  resource: string;
  /** The API group of the resource ('' for core), to tell a missing metrics API from a missing object. */
  group?: string;
}

/**
 * A Kubernetes Status message, kept only when it looks like one: short, one line, no secrets.
 *
 * Why: upstream text reaches unauthenticated GraphQL clients and Cluster.status.lastError.
 * First every credential value the client holds is removed in any of its encodings (`secrets`,
 * see SecretScrubber); then, as a second layer for credentials the gateway does not hold,
 * keyword rules: a word after Bearer/Basic, the value after token/password/secret/authorization
 * keys (`key: v`, `key=v`, `"key":"v"`, `token "v"`), and anything shaped like a JWT.
 */
export function scrubStatusMessage(message: unknown, secrets?: SecretScrubber): string | undefined {
  if (typeof message !== 'string' || message.length === 0) return undefined;
  // Scrub by value before and after folding whitespace: a PEM key spans lines.
  const byValue = (t: string) => (secrets ? secrets.scrub(t) : t);
  // Only the first 300 characters are kept: the keyword rules need not read past a margin beyond them
  // (a credential cut at the margin cannot reach the kept part), and bounded input keeps them linear.
  const oneLine = byValue(byValue(message).replace(/\s+/g, ' ').trim()).slice(0, 1000);
  const scrubbed = oneLine
    .replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(/(["']?)(\b[\w-]{0,40}?(?:token|password|passwd|secret|authorization|key-data|apikey|api-key)[\w-]{0,40})\1\s*[:=]\s*("[^"]*"?|'[^']*'?|[^\s,;}]+)/gi, '$1$2$1=[redacted]')
    .replace(/\b(token|password|secret)\s+("[^"]*"?|'[^']*'?)/gi, '$1 [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted]');
  return scrubbed.length > 300 ? `${scrubbed.slice(0, 297)}...` : scrubbed;
}

/** An HTTP error answer from a cluster. `status` is the Status object's message when the body was one. */
export function classifyHttpStatus(ctx: FailureContext, httpStatus: number, statusMessage?: string, conflicts?: readonly FieldConflict[]): ClusterError {
  let code: ErrorCode = STATUS_CODES.get(httpStatus) ?? 'UPSTREAM_ERROR';
  if (code === 'NOT_FOUND' && ctx.group === 'metrics.k8s.io') {
    return new ClusterError(ctx.cluster, 'METRICS_UNAVAILABLE',
      `cluster "${ctx.cluster}" serves no metrics API (metrics.k8s.io/v1beta1), so usage is unknown there`, ctx.resource, httpStatus);
  }
  if (httpStatus === 410) code = 'UPSTREAM_ERROR';
  const detail = statusMessage ?? STATUS_WORDS.get(code) ?? `HTTP ${httpStatus}`;
  return new ClusterError(ctx.cluster, code, `cluster "${ctx.cluster}": ${ctx.resource}: ${detail}`, ctx.resource, httpStatus,
    code === 'CONFLICT' && conflicts && conflicts.length > 0 ? conflicts : undefined);
}

/**
 * The conflicts of a server-side apply, from its 409 Status: one cause per field, reason
 * FieldManagerConflict, message `conflict with "manager"` (plus ` using apps/v1` or
 * ` with subresource "scale"` for Update managers), as kube's apply conflict error words them.
 * Capped like every upstream text: at most 100 conflicts, each field and manager scrubbed.
 */
export function fieldConflicts(body: unknown, secrets?: SecretScrubber): FieldConflict[] | undefined {
  if (typeof body !== 'object' || body === null || !('details' in body)) return undefined;
  const details = body.details;
  const causes = typeof details === 'object' && details !== null && 'causes' in details && Array.isArray(details.causes) ? (details.causes as unknown[]) : [];
  const out: FieldConflict[] = [];
  for (const cause of causes.slice(0, 100)) {
    if (typeof cause !== 'object' || cause === null) continue;
    const c = cause as { reason?: unknown; field?: unknown; message?: unknown };
    if (c.reason !== 'FieldManagerConflict' || typeof c.field !== 'string') continue;
    const quoted = typeof c.message === 'string' ? /^conflict with ("(?:[^"\\]|\\.)*")/.exec(c.message)?.[1] : undefined;
    let manager = 'unknown';
    if (quoted !== undefined) {
      try {
        manager = String(JSON.parse(quoted));
      } catch {
        manager = quoted.slice(1, -1);
      }
    }
    out.push({ field: scrubStatusMessage(c.field, secrets) ?? '', manager: scrubStatusMessage(manager, secrets) ?? 'unknown' });
  }
  return out.length > 0 ? out : undefined;
}

/** A failure below HTTP: a socket error, TLS, or our own timer. Never echoes the raw error text. */
export function classifyNetworkError(ctx: FailureContext, error: unknown): ClusterError {
  const errno = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const known = errno === undefined ? undefined : ERRNO_CODES.get(errno);
  if (known) {
    const [code, words] = known;
    const verb = code === 'CLUSTER_TIMEOUT' ? 'timed out' : 'is unreachable';
    return new ClusterError(ctx.cluster, code, `cluster "${ctx.cluster}" ${verb} (${words})`, ctx.resource);
  }
  return new ClusterError(ctx.cluster, 'CLUSTER_UNREACHABLE',
    `cluster "${ctx.cluster}" is unreachable (${errno ? `network error ${errno}` : 'network error'})`, ctx.resource);
}

export function timeoutError(ctx: FailureContext, timeoutMs: number, waitingForSlot = false): ClusterError {
  const why = waitingForSlot ? ` while waiting for one of its connection slots` : '';
  return new ClusterError(ctx.cluster, 'CLUSTER_TIMEOUT', `cluster "${ctx.cluster}" did not answer within ${timeoutMs} ms${why}`, ctx.resource);
}

export function malformedAnswer(ctx: FailureContext, httpStatus: number): ClusterError {
  return new ClusterError(ctx.cluster, 'UPSTREAM_ERROR', `cluster "${ctx.cluster}": ${ctx.resource}: the answer (HTTP ${httpStatus}) is not Kubernetes JSON`, ctx.resource, httpStatus);
}
