/**
 * The per-caller rate limit and cost budget shared by every gateway replica: the same token
 * buckets as CallerBudgets (operations per minute, cost per minute, burst of the per-minute
 * figure, continuous refill), kept in Redis and refilled and charged in one Lua script, so a
 * caller spreading requests over N replicas gets one budget, not N.
 *
 * Why (threat, mechanism, out of scope): behind a load balancer each replica counting alone lets
 * one caller multiply its limit by the number of replicas. Mechanism: one hash per caller
 * (`<prefix>:<caller key>`: tokens and the time of the last refill, by Redis's own clock so
 * replicas' clocks do not matter), refilled and charged atomically by the script; the key
 * expires after a minute idle (full again: the same as no bucket), so idle callers vanish without
 * a cap on how many are tracked. When Redis is unreachable (its connection lost, an error, or no answer
 * within `timeoutMs`) each replica falls back to its own local buckets and says so once in the
 * log, rather than refusing everyone or letting everyone through; it says so again when Redis is
 * back. Out of scope: the fallback's budgets are per replica (N times the limit during an outage).
 */
import type { Redis } from 'ioredis';
import type { Budgets } from './Budgets.ts';
import { CallerBudgets, type BudgetRefusal } from './CallerBudgets.ts';
import type { RateLimits } from './RateLimits.ts';

const MINUTE_MS = 60_000;
/** ioredis connection states in which a command would only wait for a reconnection. */
const LOST: ReadonlySet<string> = new Set(['reconnecting', 'close', 'end']);

/** KEYS: 1 the caller's bucket. ARGV: ops per minute, cost per minute, ops, cost. Returns {refused limit or '', deficit}. */
const CHARGE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local opsMax, costMax = tonumber(ARGV[1]), tonumber(ARGV[2])
local ops, cost = tonumber(ARGV[3]), tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 'o', 'c', 'at')
local o, c, at = tonumber(b[1]), tonumber(b[2]), tonumber(b[3])
if not at then o = opsMax; c = costMax; at = now end
local elapsed = math.max(0, now - at)
o = math.min(opsMax, o + elapsed * opsMax / ${MINUTE_MS})
c = math.min(costMax, c + elapsed * costMax / ${MINUTE_MS})
local refused, deficit = '', 0
if opsMax > 0 and o < ops then
  refused = 'rate-limit'; deficit = ops - o
elseif costMax > 0 and c < cost then
  refused = 'cost-budget'; deficit = cost - c
else
  if opsMax > 0 then o = o - ops end
  if costMax > 0 then c = c - cost end
end
redis.call('HSET', KEYS[1], 'o', tostring(o), 'c', tostring(c), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ${MINUTE_MS})
return {refused, tostring(deficit)}
`;

export interface RedisCallerBudgetsOptions {
  /** Key prefix. @default 'fleetgraph:budget' */
  prefix?: string;
  /** How long a charge waits for Redis before the local buckets decide. @default 500 */
  timeoutMs?: number;
  /** Told when the shared buckets become unusable (and usable again). */
  log?: (level: 'warn' | 'info', message: string) => void;
}

export class RedisCallerBudgets implements Budgets {
  /** The fallback while Redis is unreachable. */
  readonly local: CallerBudgets;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  /** Whether the last charge fell back to the local buckets. */
  degraded = false;

  constructor(private readonly redis: Redis, private readonly limits: RateLimits, private readonly options: RedisCallerBudgetsOptions = {}) {
    this.local = new CallerBudgets(limits);
    this.prefix = options.prefix ?? 'fleetgraph:budget';
    this.timeoutMs = options.timeoutMs ?? 500;
  }

  get enabled(): boolean {
    return this.local.enabled;
  }

  charge(key: string, operations: number, cost: number): BudgetRefusal | undefined | Promise<BudgetRefusal | undefined> {
    if (!this.enabled) return undefined;
    const { operationsPerMinute: opsMax, costPerMinute: costMax } = this.limits;
    if (costMax > 0 && cost > costMax) return { limit: 'cost-budget', perMinute: costMax, retryAfterSeconds: 60, never: true };
    if (operations === 0 && cost === 0) return undefined;
    // Connection lost: ioredis would queue the command until it reconnects; decide locally now.
    // (Still connecting at start-up: the command waits for the connection, within timeoutMs.)
    if (LOST.has(this.redis.status)) return this.fallback(key, operations, cost, `its connection is ${this.redis.status}`);
    return this.remote(key, operations, cost).catch((e: unknown) => this.fallback(key, operations, cost, e instanceof Error ? e.message : String(e)));
  }

  private async remote(key: string, operations: number, cost: number): Promise<BudgetRefusal | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const { operationsPerMinute: opsMax, costPerMinute: costMax } = this.limits;
      const [limit, deficit] = (await Promise.race([
        this.redis.eval(CHARGE, 1, `${this.prefix}:${key}`, String(opsMax), String(costMax), String(operations), String(cost)),
        late,
      ])) as [string, string];
      if (this.degraded) {
        this.degraded = false;
        this.options.log?.('info', 'rate limits: Redis is reachable again; callers\' budgets are shared by the replicas again');
      }
      if (limit !== 'rate-limit' && limit !== 'cost-budget') return undefined;
      const perMinute = limit === 'rate-limit' ? opsMax : costMax;
      return { limit, perMinute, retryAfterSeconds: Math.max(1, Math.ceil((Number(deficit) * MINUTE_MS) / perMinute / 1000)) };
    } finally {
      clearTimeout(timer);
    }
  }

  private fallback(key: string, operations: number, cost: number, why: string): BudgetRefusal | undefined {
    if (!this.degraded) {
      this.degraded = true;
      this.options.log?.('warn', `rate limits: Redis is unreachable (${why}); each replica counts callers with its own local buckets until it is back`);
    }
    return this.local.charge(key, operations, cost);
  }
}
