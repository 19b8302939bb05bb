/**
 * The `operation(id)` subscription: a rollout's record from the rollout engine's `watch(id)`
 * (the OperationStore's now-then-changes iterable), delivered whole each time, completing after
 * a final state. Thin like resolvers/Operation.ts: the engine is reached through the context.
 */
import { GraphQLError } from 'graphql';
import { quoteInput } from '../src/fleet/quoteInput.ts';
import type { SubscriptionResolvers } from '../src/generated/graphql.ts';
import type { ErrorCode } from '../src/kube/errorCodes.ts';
import { renewRequestContext, type RequestContext } from '../src/loaders/RequestContext.ts';
import type { OperationRecord } from '../src/store/OperationStore.ts';

/**
 * Opens the watch and reads its first record before answering: the store's watch ends at once
 * for an unknown id, which would otherwise be a subscription that completes with nothing said.
 * Reading through the same watch (not a `get` first) leaves no window in which a change could
 * be missed. Ending the subscription aborts the watch: an async generator's `return()` waits
 * for its pending `next()`, which for a quiet operation is the next change, so `return()` alone
 * would leave the store's listener in place until then.
 */
async function watchOperation(id: string, ctx: RequestContext): Promise<AsyncIterableIterator<OperationRecord>> {
  const abort = new AbortController();
  const source = ctx.ops.rollouts.watch(id, abort.signal)[Symbol.asyncIterator]();
  let first: IteratorResult<OperationRecord> | undefined = await source.next();
  if (first.done) throw new GraphQLError(`no operation has id ${quoteInput(id)}`, { extensions: { code: 'NOT_FOUND' satisfies ErrorCode } });
  const iterator: AsyncIterableIterator<OperationRecord> = {
    async next() {
      const r = first ?? (await source.next());
      first = undefined;
      if (r.done) return { done: true, value: undefined };
      renewRequestContext(ctx);
      return { done: false, value: r.value };
    },
    async return() {
      abort.abort();
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

export const operationSubscription: SubscriptionResolvers['operation'] = {
  subscribe: (_, { id }, ctx) => watchOperation(id, ctx),
  resolve: (record: OperationRecord) => record,
};
