/** The public surface of src/limits: what the server (HTTP and WebSocket alike) and the loaders use. */
export { admitOperation, type Admission } from './admitOperation.ts';
export type { Budgets } from './Budgets.ts';
export { RedisCallerBudgets, type RedisCallerBudgetsOptions } from './RedisCallerBudgets.ts';
export { CallerBudgets, callerKey, type BudgetRefusal, type Caller } from './CallerBudgets.ts';
export { assessQueryLimits, checkQueryLimits } from './checkQueryLimits.ts';
export type { FleetView } from './fanOutCost.ts';
export { DEFAULT_QUERY_LIMITS, type QueryLimits } from './QueryLimits.ts';
export { DEFAULT_RATE_LIMITS, type RateLimits } from './RateLimits.ts';
export { RequestBudget } from './RequestBudget.ts';
