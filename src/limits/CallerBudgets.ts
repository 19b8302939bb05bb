/**
 * Per-caller token buckets: operations per minute and fan-out cost per minute, each with a burst
 * of its per-minute figure, refilled continuously. Transport-free; admitOperation charges it for
 * HTTP requests and graphql-ws subscriptions alike.
 *
 * Why (threat, mechanism, out of scope): the query limits bound one operation; nothing bounded
 * how many a caller sends. One client looping over costly queries (a script gone wrong, a
 * stolen token) holds the gateway's CPU and every cluster's connection slots for everyone
 * else. A bucket per caller (the authenticated user; without authentication, which is
 * loopback-only, the client's address) refuses the excess with RATE_LIMITED and the time to
 * wait, at O(1) per operation. Memory is bounded: a bucket idle long enough to be full again
 * is the same as no bucket and is dropped, and at most `maxCallers` are held (the least
 * recently seen is forgotten first). Shared across replicas: RedisCallerBudgets (same buckets
 * in Redis; these are its fallback). Out of scope: unauthenticated floods before authentication
 * (refused with 401 without reading the body), and fairness between users of one address.
 */
import type { RateLimits } from './RateLimits.ts';

const MINUTE_MS = 60_000;

/** Who is counted: the authenticated user, else the client's address (one key per address). */
export interface Caller {
  /** The authenticated identity (src/auth's Identity), when authentication is on. */
  identity?: { readonly user: string } | undefined;
  /** The client's socket address (no X-Forwarded-For: a header anyone can write). */
  remoteAddress?: string | undefined;
}

export function callerKey(caller: Caller): string {
  if (caller.identity) return `user:${caller.identity.user}`;
  return `address:${caller.remoteAddress ?? 'unknown'}`;
}

/** Why a charge was refused: the limit's flag, its figure, and the seconds until it would pass. */
export interface BudgetRefusal {
  limit: 'rate-limit' | 'cost-budget';
  perMinute: number;
  retryAfterSeconds: number;
  /** The cost bucket can never hold this much: waiting does not help. */
  never?: true;
}

interface Buckets {
  operations: number;
  cost: number;
  /** When the two were last refilled. */
  at: number;
}

export class CallerBudgets {
  private readonly buckets = new Map<string, Buckets>();

  constructor(private readonly limits: RateLimits, private readonly now: () => number = Date.now) {}

  get enabled(): boolean {
    return this.limits.operationsPerMinute > 0 || this.limits.costPerMinute > 0;
  }

  /** Callers currently held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Charge `operations` and `cost` to the caller, both or neither: undefined when they fit,
   * else why not and when to retry.
   */
  charge(key: string, operations: number, cost: number): BudgetRefusal | undefined {
    if (!this.enabled) return undefined;
    const now = this.now();
    const { operationsPerMinute: opsMax, costPerMinute: costMax } = this.limits;
    if (costMax > 0 && cost > costMax) return { limit: 'cost-budget', perMinute: costMax, retryAfterSeconds: 60, never: true };
    const b = this.refilled(key, now);
    if (opsMax > 0 && b.operations < operations) return this.refusal('rate-limit', opsMax, operations - b.operations);
    if (costMax > 0 && b.cost < cost) return this.refusal('cost-budget', costMax, cost - b.cost);
    if (opsMax > 0) b.operations -= operations;
    if (costMax > 0) b.cost -= cost;
    return undefined;
  }

  private refusal(limit: BudgetRefusal['limit'], perMinute: number, deficit: number): BudgetRefusal {
    return { limit, perMinute, retryAfterSeconds: Math.max(1, Math.ceil((deficit * MINUTE_MS) / perMinute / 1000)) };
  }

  /** The caller's buckets refilled up to now, moved to the most recently seen end. */
  private refilled(key: string, now: number): Buckets {
    const { operationsPerMinute: opsMax, costPerMinute: costMax } = this.limits;
    let b = this.buckets.get(key);
    if (b) {
      const elapsed = Math.max(0, now - b.at);
      b.operations = Math.min(opsMax, b.operations + (elapsed * opsMax) / MINUTE_MS);
      b.cost = Math.min(costMax, b.cost + (elapsed * costMax) / MINUTE_MS);
      b.at = now;
      this.buckets.delete(key);
    } else {
      b = { operations: opsMax, cost: costMax, at: now };
    }
    this.forgetIdle(now);
    this.buckets.set(key, b);
    return b;
  }

  /** Drop buckets full again (a minute without use refills both), oldest first; then enforce the cap. */
  private forgetIdle(now: number): void {
    for (const [key, b] of this.buckets) {
      if (now - b.at < MINUTE_MS) break; // Map order is least recently seen first
      this.buckets.delete(key);
    }
    while (this.buckets.size >= this.limits.maxCallers) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      this.buckets.delete(oldest.value);
    }
  }
}
