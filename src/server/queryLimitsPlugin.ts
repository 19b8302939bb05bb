/**
 * Wires the operation gate (src/limits' admitOperation: the caller's rate limit, the query
 * limits, the caller's cost budget) into Apollo: every operation is checked after it validated
 * and before it executes; a refused one sends nothing upstream and answers 400
 * QUERY_TOO_COMPLEX, or 429 RATE_LIMITED with `Retry-After`. The token limit is applied while
 * parsing (Apollo's parseOptions, see startGateway), the call cap and deadline by the request's
 * loaders. graphql-ws calls the same admitOperation in onSubscribe (graphqlWs.ts). Both price an
 * operation over the caller's fleet: the clusters a gateway policy gives them, all without one.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Identity } from '../auth/Identity.ts';
import type { Policy } from '../auth/policy/Policy.ts';
import type { Fleet } from '../fleet/Fleet.ts';
import { admitOperation, type Budgets, type FleetView, type QueryLimits } from '../limits/index.ts';
import type { RequestContext } from '../loaders/RequestContext.ts';

/** The fleet as the cost estimate sees it: names, and selection by the same rules as the resolvers. */
export function fleetView(fleet: Fleet): FleetView {
  return {
    clusterNames: fleet.clusters.map((c) => c.name),
    select: (by) => fleet.select({ clusters: by.clusters, clusterNames: by.clusterNames ? [...by.clusterNames] : null }).map((c) => c.name),
  };
}

/** The clusters an operation of `identity` can reach, which its cost is estimated over: the policy's share of the fleet, or all of it. */
export function pricedFleet(fleet: Fleet, policy: Policy | undefined, identity: Identity | undefined): Fleet {
  return identity && policy ? fleet.as(identity, policy.accessFor(identity)) : fleet;
}

/** A RATE_LIMITED error gets HTTP 429 and `Retry-After` (seconds, RFC 9110), which Apollo takes from extensions.http. */
export function withHttpStatus(error: GraphQLError): GraphQLError {
  if (error.extensions.code === 'RATE_LIMITED') {
    const headers = new HeaderMap([['retry-after', String(error.extensions.retryAfterSeconds)]]);
    Object.assign(error.extensions, { http: { status: 429, headers } });
  }
  return error;
}

export function queryLimitsPlugin(limits: QueryLimits, fleet: () => Fleet | undefined, budgets?: Budgets): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          if (!fleet()) return;
          // Priced over the caller's fleet (the clusters the policy gives them, src/auth/callerFleet.ts),
          // the clusters the operation can reach: a caller given 2 of 50 clusters pays for 2.
          const errors = await admitOperation({
            schema, document, variables: request.variables, operationName, fleet: fleetView(contextValue.fleet), limits, budgets,
            caller: { identity: contextValue.identity, remoteAddress: contextValue.remoteAddress },
          });
          // Apollo answers one error thrown here, with the status in extensions.http (400 or 429).
          if (errors.length > 0) throw withHttpStatus(errors[0]!);
        },
      };
    },
  };
}
