/**
 * The per-caller rate limits and their defaults (`--rate-limit`, `--cost-budget`,
 * `--rate-limit-callers`): one object read by both transports through admitOperation.
 * docs/abuse-limits.md explains each. 0 turns a limit off.
 */
export interface RateLimits {
  /**
   * Operations one caller may start per minute (queries, mutations, subscriptions; each counts
   * once, those refused by a query limit too; documents that do not parse or validate are not counted). A token bucket: the burst is the per-minute figure, refilled
   * continuously. 0: off. @default 1200
   */
  operationsPerMinute: number;
  /**
   * Estimated fan-out cost (fanOutCost.ts, the figure `--max-cost` bounds per operation) one
   * caller may spend per minute, a token bucket like the above. 0: off. @default 200000000
   */
  costPerMinute: number;
  /** Callers tracked at once; past it the least recently seen is forgotten. @default 10000 */
  maxCallers: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  operationsPerMinute: 1200,
  costPerMinute: 200_000_000,
  maxCallers: 10_000,
});
