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
import { checkWriteAccessByName, fleetHoldsAll } from '../src/ops/checkWriteAccess.ts';

/** The clusters an operation writes to, over all its waves. */
const clustersOf = (op: OperationRecord): string[] => op.waves.flatMap((w) => w.clusters.map((c) => c.cluster));

// With a gateway policy (docs/policy.md), a caller sees only operations on clusters all theirs
// (another's rollout on a cluster withheld from them would name it), and cancels only what they could have started.
export const OperationQuery: Pick<QueryResolvers, 'operation' | 'operations'> = {
  operation: async (_, { id }, { ops, fleet }) => {
    const op = await ops.rollouts.get(id);
    return op && fleetHoldsAll(fleet, clustersOf(op)) ? op : null;
  },
  operations: async (_, { state }, { ops, fleet }) => (await ops.rollouts.list(state)).filter((op) => fleetHoldsAll(fleet, clustersOf(op))),
};

export const OperationMutation: Pick<MutationResolvers, 'cancelOperation'> = {
  cancelOperation: async (_, { id }, { ops, fleet }) => {
    const before = await ops.rollouts.get(id);
    if (before && fleetHoldsAll(fleet, clustersOf(before))) checkWriteAccessByName(fleet, clustersOf(before), 'cancelOperation');
    const op = before && fleetHoldsAll(fleet, clustersOf(before)) ? await ops.rollouts.cancel(id) : undefined;
    if (!op) throw new GraphQLError(`no operation has id ${quoteInput(id)}`, { extensions: { code: 'NOT_FOUND' satisfies ErrorCode } });
    return op;
  },
};

/** `apply` with a strategy: the started operation, the clusters' outcomes follow in it. */
export async function startRollout(input: RolloutApplyInput & { strategy: RolloutStrategyInput }, { ops }: RequestContext): Promise<{ clusters: []; operation: OperationRecord }> {
  return { clusters: [], operation: await ops.rollouts.start(input) };
}
