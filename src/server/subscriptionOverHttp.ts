/**
 * Subscriptions sent as plain HTTP requests: refused as the client's mistake, with where to go.
 * graphql-js would otherwise execute the subscription's root fields once, like a query, and
 * their resolvers (which return event streams) would fail as internal errors.
 */
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorCode } from '../kube/errorCodes.ts';

export const SUBSCRIPTION_OVER_HTTP_MESSAGE =
  'subscriptions are not served over HTTP POST or GET: open a WebSocket to ws://HOST:PORT/graphql (wss:// behind TLS) with the graphql-ws protocol (graphql-transport-ws), e.g. graphql-ws\'s createClient or GraphiQL';

/** Apollo's own refusal of a GET subscription (405), which formatError rewords to the message above. */
export const APOLLO_GET_SUBSCRIPTION_MESSAGE = 'GET requests only support query operations, not subscription operations';

export function subscriptionOverHttpPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          const code: ErrorCode = 'BAD_REQUEST';
          throw new GraphQLError(SUBSCRIPTION_OVER_HTTP_MESSAGE, { extensions: { code, http: { status: 400 } } });
        },
      };
    },
  };
}
