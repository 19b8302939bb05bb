/**
 * Per-caller access answers for what the gateway serves from its own stores (the `--cache` read
 * cache and subscriptions, both filled under the gateway's identity): "may this caller <verb>
 * <resource> in <namespace or all namespaces> of this cluster?", asked of the cluster as the
 * caller (selfSubjectAccessReview.ts) and kept briefly.
 *
 * Why (security): the stores hold everything the gateway may see; served as they are, every
 * caller would see the gateway's view (the fleet caches of karmada#3176). Mechanism: before a
 * store serves a caller, the cluster's own RBAC is asked as that caller, and a refusal is the
 * same FORBIDDEN error (Kubernetes' 403 wording) a live request as the caller would get.
 *
 * TTLs (defaults): an allowed answer is kept 10 s, a refusal 2 s, a failed review 2 s.
 * - 10 s allowed is how long a revoked Role or RoleBinding can still let a caller read the
 *   gateway's cache or receive events: short next to what Kubernetes itself tolerates (its
 *   webhook authorizer caches allowed answers 5 min; an established watch is never re-checked;
 *   aggregated API servers cache 10 s), and long enough that a dashboard polling every few
 *   seconds, or a stream of events, costs one review per 10 s per (cluster, caller, verb,
 *   resource, namespace), not one per read or event.
 * - 2 s refused: a caller just granted access (and retrying) is served within 2 s, while one
 *   hammering what it may not read still costs at most one review per 2 s per question.
 * - Failed reviews (cluster unreachable or timing out, a 403 on the review itself because the
 *   gateway may not impersonate, an answer that is not a review) count as refused (fail closed),
 *   with an error naming the cluster; kept 2 s so a dead cluster is not asked on every read.
 *
 * Concurrent askers of the same question share one review. The answers are an LRU of at most
 * `maxEntries` (10,000, about 3 MB): many identities (or one client inventing namespaces) evict
 * the least recently used answers, which are asked again when needed; they cannot grow memory.
 * Out of scope: noticing a revocation sooner than the TTL (Kubernetes has no RBAC change feed
 * for a caller; watching every Role and binding of every cluster would be the gateway's own
 * RBAC-evaluation, which is exactly what asking the cluster avoids).
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import { classifyHttpStatus, scrubStatusMessage } from '../kube/classifyFailure.ts';
import type { Identity } from './Identity.ts';
import { identityKey } from './identityKey.ts';
import { selfSubjectAccessReview, type AccessQuestion, type ReviewAnswer } from './selfSubjectAccessReview.ts';

export type { AccessQuestion } from './selfSubjectAccessReview.ts';

/** An access answer: allowed, or the error to give the caller instead (FORBIDDEN, or why the review failed). */
export type AccessVerdict = { readonly allowed: true } | { readonly allowed: false; readonly error: ClusterError };

export const ALLOWED: AccessVerdict = Object.freeze({ allowed: true });

export interface AccessReviewerOptions {
  /** How long an allowed answer is kept. @default 10000 */
  allowedTtlMs?: number;
  /** How long a refusal, or a failed review, is kept. @default 2000 */
  deniedTtlMs?: number;
  /** Answers kept at most (least recently used first out). @default 10000 */
  maxEntries?: number;
  /** The clock (ms). @default performance.now */
  now?: () => number;
  /** How a question is put to a cluster (tests count and fail them). @default selfSubjectAccessReview */
  review?: (client: ClusterClient, identity: Identity, question: AccessQuestion) => Promise<ReviewAnswer>;
}

/** Counts for tests and status: reviews sent, answers from the cache, askers that joined a review in flight. */
export interface AccessReviewStats {
  reviews: number;
  hits: number;
  joined: number;
}

interface Entry {
  verdict: AccessVerdict;
  until: number;
}

export class AccessReviewer {
  readonly stats: AccessReviewStats = { reviews: 0, hits: 0, joined: 0 };
  private readonly answers = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<AccessVerdict>>();
  private readonly allowedTtlMs: number;
  private readonly deniedTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly review: NonNullable<AccessReviewerOptions['review']>;

  constructor(options: AccessReviewerOptions = {}) {
    this.allowedTtlMs = options.allowedTtlMs ?? 10_000;
    this.deniedTtlMs = options.deniedTtlMs ?? 2000;
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!(this.maxEntries >= 1)) throw new Error(`AccessReviewer: maxEntries must be at least 1, got ${options.maxEntries}`);
    this.now = options.now ?? (() => performance.now());
    this.review = options.review ?? selfSubjectAccessReview;
  }

  /** Answers held now. */
  get size(): number {
    return this.answers.size;
  }

  /** The answer if one is held and fresh; undefined: it must be asked (`check`). Synchronous, for per-event use. */
  known(client: ClusterClient, identity: Identity, question: AccessQuestion): AccessVerdict | undefined {
    return this.held(keyOf(client.name, identity, question));
  }

  /** The answer: held, or from one review shared with everyone asking the same meanwhile. Never rejects (fail closed). */
  check(client: ClusterClient, identity: Identity, question: AccessQuestion): AccessVerdict | Promise<AccessVerdict> {
    const key = keyOf(client.name, identity, question);
    const held = this.held(key);
    if (held) return held;
    const flying = this.inFlight.get(key);
    if (flying) {
      this.stats.joined++;
      return flying;
    }
    this.stats.reviews++;
    const asking = this.review(client, identity, question).then(
      (answer): AccessVerdict => (answer.allowed ? ALLOWED : { allowed: false, error: refusal(client, identity, question, answer.reason) }),
      (e: unknown): AccessVerdict => ({ allowed: false, error: reviewFailed(client.name, question, e) }),
    ).then((verdict) => {
      this.remember(key, verdict);
      return verdict;
    }).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, asking);
    return asking;
  }

  private held(key: string): AccessVerdict | undefined {
    const entry = this.answers.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.until) {
      this.answers.delete(key);
      return undefined;
    }
    // Most recently used last: the Map's order is the eviction order.
    this.answers.delete(key);
    this.answers.set(key, entry);
    this.stats.hits++;
    return entry.verdict;
  }

  private remember(key: string, verdict: AccessVerdict): void {
    this.answers.delete(key);
    this.answers.set(key, { verdict, until: this.now() + (verdict.allowed ? this.allowedTtlMs : this.deniedTtlMs) });
    while (this.answers.size > this.maxEntries) this.answers.delete(this.answers.keys().next().value!);
  }
}

// Only the cluster name can hold the separator (the other parts are Kubernetes names and JSON),
// and it comes first: the key still names one question.
function keyOf(cluster: string, identity: Identity, q: AccessQuestion): string {
  return `${cluster}\u0000${q.verb}\u0000${q.group}\u0000${q.resource}\u0000${q.namespace ?? ''}\u0000${identityKey(identity)}`;
}

/**
 * The refusal a request as the caller would have met, worded as kube-apiserver words a 403
 * (`pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace
 * "b"`) and made into a ClusterError the way the live path makes one from that 403.
 */
export function refusal(client: ClusterClient, identity: Identity, q: AccessQuestion, reason?: string): ClusterError {
  const scope = q.namespace ? `in the namespace "${q.namespace}"` : 'at the cluster scope';
  const qualified = q.group ? `${q.resource}.${q.group}` : q.resource;
  let message = `${qualified} is forbidden: User "${identity.user}" cannot ${q.verb} resource "${q.resource}" in API group "${q.group}" ${scope}`;
  if (reason) message = `${message}: ${reason}`;
  return classifyHttpStatus({ cluster: client.name, resource: q.resource, group: q.group }, 403, scrubStatusMessage(message, client.secrets));
}

function reviewFailed(cluster: string, q: AccessQuestion, e: unknown): ClusterError {
  const cause = e instanceof ClusterError ? e : undefined;
  const detail = cause ? cause.message.replace(`cluster "${cluster}": `, '') : 'unexpected error';
  return new ClusterError(cluster, cause?.code ?? 'UPSTREAM_ERROR',
    `cluster "${cluster}": ${q.resource}: refused, as the caller's access could not be checked (its SelfSubjectAccessReview failed: ${detail})`,
    q.resource, cause?.status);
}
