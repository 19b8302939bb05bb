/**
 * Whether one operation may run, the same decision for HTTP requests and graphql-ws
 * subscriptions: it counts against its caller's rate limit, then meets the query limits
 * (depth, aliases, directives, fan-out cost, upstream calls per cluster), then its estimated
 * cost is charged to the caller's cost budget. Returns the errors (empty: run it).
 *
 * The operation is counted first, refused or not, so a caller flooding refused operations is
 * itself slowed down; the cost is charged only for an operation that runs.
 */
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Budgets } from './Budgets.ts';
import { callerKey, type BudgetRefusal, type Caller } from './CallerBudgets.ts';
import { assessQueryLimits } from './checkQueryLimits.ts';
import type { FleetView } from './fanOutCost.ts';
import type { QueryLimits } from './QueryLimits.ts';
import { rateLimited } from './RateLimited.ts';

export interface Admission {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Readonly<Record<string, unknown>> | undefined | null;
  operationName: string | undefined | null;
  fleet: FleetView;
  limits: QueryLimits;
  /** This process's buckets (answer at once) or the replicas' shared ones in Redis (answer later). */
  budgets?: Budgets | undefined;
  caller: Caller;
}

/** Synchronous with local budgets (as before shared ones existed); a promise with budgets in Redis. */
export function admitOperation(a: Admission): GraphQLError[] | Promise<GraphQLError[]> {
  const key = callerKey(a.caller);
  const counted = a.budgets?.charge(key, 1, 0);
  return counted instanceof Promise ? counted.then((c) => afterCount(a, key, c)) : afterCount(a, key, counted);
}

function afterCount(a: Admission, key: string, counted: BudgetRefusal | undefined): GraphQLError[] | Promise<GraphQLError[]> {
  if (counted) return [rateLimited(counted, 0)];
  const { errors, cost } = assessQueryLimits(a.schema, a.document, a.variables, a.operationName, a.fleet, a.limits);
  if (errors.length > 0) return errors;
  const charged = a.budgets?.charge(key, 0, cost);
  const answer = (c: BudgetRefusal | undefined) => (c ? [rateLimited(c, cost)] : []);
  return charged instanceof Promise ? charged.then(answer) : answer(charged);
}
