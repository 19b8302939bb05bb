/**
 * What admitOperation charges: the per-caller buckets of this process (CallerBudgets) or shared
 * by every replica through Redis (RedisCallerBudgets, whose answer comes asynchronously).
 */
import type { BudgetRefusal } from './CallerBudgets.ts';

export interface Budgets {
  readonly enabled: boolean;
  /** Charge both or neither: undefined when they fit, else why not and when to retry. */
  charge(key: string, operations: number, cost: number): BudgetRefusal | undefined | Promise<BudgetRefusal | undefined>;
}
