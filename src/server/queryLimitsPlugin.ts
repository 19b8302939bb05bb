/**
 * Wires the query limits (src/limits) into Apollo: every operation is checked after it
 * validated and before it executes; a refused one answers 400 QUERY_TOO_COMPLEX and sends
 * nothing upstream. The token limit is applied while parsing (Apollo's parseOptions, see
 * startGateway), the call cap and deadline by the request's loaders.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Fleet } from '../fleet/Fleet.ts';
import { checkQueryLimits, type FleetView, type QueryLimits } from '../limits/index.ts';
import type { RequestContext } from '../loaders/RequestContext.ts';

/** The fleet as the cost estimate sees it: names, and selection by the same rules as the resolvers. */
export function fleetView(fleet: Fleet): FleetView {
  return {
    clusterNames: fleet.clusters.map((c) => c.name),
    select: (by) => fleet.select({ clusters: by.clusters, clusterNames: by.clusterNames ? [...by.clusterNames] : null }).map((c) => c.name),
  };
}

export function queryLimitsPlugin(limits: QueryLimits, fleet: () => Fleet | undefined): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const f = fleet();
          if (!f) return;
          const errors = checkQueryLimits(schema, document, request.variables, operationName, fleetView(f), limits);
          // Apollo answers one error thrown here, with the status in extensions.http (400).
          if (errors.length > 0) throw errors[0];
        },
      };
    },
  };
}
