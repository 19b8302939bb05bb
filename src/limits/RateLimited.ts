/**
 * The error of an operation refused by a caller's rate limit or cost budget: RATE_LIMITED with
 * the limit's flag, its figure and when to retry, in the message and in `extensions`
 * (`limit`, `retryAfterSeconds`). The HTTP side adds status 429 and `Retry-After`.
 */
import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../kube/errorCodes.ts';
import type { BudgetRefusal } from './CallerBudgets.ts';
import { queryTooComplex } from './QueryTooComplex.ts';

export function rateLimited(refusal: BudgetRefusal, cost: number): GraphQLError {
  if (refusal.never) {
    // Waiting would not help: the operation alone costs more than the whole budget.
    return queryTooComplex(
      `query cost ${Math.round(cost)} exceeds the whole cost budget of ${refusal.perMinute} per minute (--cost-budget); it can never run: select fewer clusters, less nesting or fewer aliases`,
      'cost-budget', cost, refusal.perMinute);
  }
  const what = refusal.limit === 'rate-limit'
    ? `rate limit reached: ${refusal.perMinute} operations per minute per caller (--rate-limit)`
    : `cost budget reached: ${refusal.perMinute} estimated fan-out cost per minute per caller (--cost-budget)`;
  return new GraphQLError(`${what}; retry in ${refusal.retryAfterSeconds} s`, {
    extensions: { code: 'RATE_LIMITED' satisfies ErrorCode, limit: refusal.limit, retryAfterSeconds: refusal.retryAfterSeconds },
  });
}
