/** The public surface of src/limits: what the server (HTTP now, WebSocket later) and the loaders use. */
export { checkQueryLimits } from './checkQueryLimits.ts';
export type { FleetView } from './fanOutCost.ts';
export { DEFAULT_QUERY_LIMITS, type QueryLimits } from './QueryLimits.ts';
export { RequestBudget } from './RequestBudget.ts';
