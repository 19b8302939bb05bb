/**
 * Rollout operations over GraphQL: `operation`, `operations`, `cancelOperation`, and `apply`
 * with a strategy (Mutation.ts hands it here). Thin: the rollout engine (src/ops/rolloutEngine)
 * keeps and runs them; the Operation types' fields are the stored record's.
 */
import { GraphQLError } from 'graphql';
import type { MutationResolvers, QueryResolvers, RolloutStrategyInput } from '../src/generated/graphql.ts';
import type { ErrorCode } from '../src/kube/errorCodes.ts';
import type { RolloutApplyInput } from '../src/ops/rolloutPlan.ts';
import type { RequestContext } from '../src/loaders/RequestContext.ts';
import type { OperationRecord } from '../src/store/OperationStore.ts';
import { quoteInput } from '../src/fleet/quoteInput.ts';

export const OperationQuery: Pick<QueryResolvers, 'operation' | 'operations'> = {
  operation: async (_, { id }, { ops }) => (await ops.rollouts.get(id)) ?? null,
  operations: (_, { state }, { ops }) => ops.rollouts.list(state),
};

export const OperationMutation: Pick<MutationResolvers, 'cancelOperation'> = {
  cancelOperation: async (_, { id }, { ops }) => {
    const op = await ops.rollouts.cancel(id);
    if (!op) throw new GraphQLError(`no operation has id ${quoteInput(id)}`, { extensions: { code: 'NOT_FOUND' satisfies ErrorCode } });
    return op;
  },
};

/** `apply` with a strategy: the started operation, the clusters' outcomes follow in it. */
export async function startRollout(input: RolloutApplyInput & { strategy: RolloutStrategyInput }, { ops }: RequestContext): Promise<{ clusters: []; operation: OperationRecord }> {
  return { clusters: [], operation: await ops.rollouts.start(input) };
}
