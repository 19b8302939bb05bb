/**
 * One check of a GraphQL operation against the query limits, before anything runs: the shape
 * limits (graphql-armor: depth, aliases, directives), then the fan-out cost and the upstream
 * calls per cluster it implies. Transport-free: the HTTP path calls it from an Apollo plugin,
 * graphql-ws's onSubscribe can call it with the same arguments. Returns the errors (empty: run it).
 *
 * Why (threat, mechanism, out of scope): one short query can multiply into millions of objects
 * and thousands of upstream LISTs (nested joins, aliases, doubled fragments) and hold the
 * process and every connection slot for everyone. Pricing it before execution refuses it while
 * it still costs nothing. The estimate is an upper bound from assumed sizes, not a measurement;
 * what slips past it meets the per-request call cap, the deadline and the response-size guard.
 * Rate limits per client are out of scope here.
 */
import { getOperationAST, getVariableValues, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { checkShapeLimits } from './armorRules.ts';
import { estimateFanOut, type FleetView } from './fanOutCost.ts';
import type { QueryLimits } from './QueryLimits.ts';
import { queryTooComplex } from './QueryTooComplex.ts';

export function checkQueryLimits(
  schema: GraphQLSchema, document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined | null,
  operationName: string | undefined | null, fleet: FleetView, limits: QueryLimits,
): GraphQLError[] {
  return assessQueryLimits(schema, document, variables, operationName, fleet, limits).errors;
}

/** checkQueryLimits' errors, and the estimated fan-out cost (0 when none was estimated), which the cost budget charges. */
export function assessQueryLimits(
  schema: GraphQLSchema, document: DocumentNode, variables: Readonly<Record<string, unknown>> | undefined | null,
  operationName: string | undefined | null, fleet: FleetView, limits: QueryLimits,
): { errors: GraphQLError[]; cost: number } {
  const none = { errors: [], cost: 0 };
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return none; // graphql-js / Apollo report the missing or ambiguous operation
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], { ...(variables ?? {}) }, { maxErrors: 1 });
  // Variables that do not coerce stop the operation before any resolver runs: let the client
  // hear of that mistake (BAD_USER_INPUT per variable) rather than of a limit.
  if (coerced.errors) return none;
  const shape = checkShapeLimits(schema, document, limits);
  if (shape.length > 0) return { errors: shape, cost: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const estimate = estimateFanOut(schema, operation, fragments, coerced.coerced ?? {}, fleet,
    { list: limits.assumedListSize, join: limits.assumedJoinSize });
  const errors: GraphQLError[] = [];
  if (estimate.cost > limits.maxCost) {
    errors.push(queryTooComplex(
      `query cost ${Math.round(estimate.cost)} exceeds the limit ${limits.maxCost} (--max-cost): an estimate of the fields it would resolve and the objects it would fetch across ${fleet.clusterNames.length} cluster(s) (nested joins, aliases and repeated fragments multiply); select fewer clusters, less nesting or fewer aliases (see docs/limits.md)`,
      'max-cost', estimate.cost, limits.maxCost));
  }
  let worst: [string, number] | undefined;
  for (const entry of estimate.callsPerCluster) if (!worst || entry[1] > worst[1]) worst = entry;
  if (worst && worst[1] > limits.maxUpstreamCallsPerCluster) {
    errors.push(queryTooComplex(
      `query needs ${worst[1]} upstream calls to cluster ${worst[0]}, over the limit ${limits.maxUpstreamCallsPerCluster} per cluster per request (--max-upstream-calls): each distinct selector, namespace or resource is its own LIST; use fewer aliases with distinct arguments`,
      'max-upstream-calls', worst[1], limits.maxUpstreamCallsPerCluster));
  }
  return { errors, cost: estimate.cost };
}
