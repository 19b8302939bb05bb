/**
 * Fields of the API contract that later work builds (mutations not built yet). Until then each
 * answers a NOT_IMPLEMENTED error naming the field, instead of a null that would look like a bug.
 */
import { GraphQLError } from 'graphql';

export function notBuilt(field: string): never {
  throw new GraphQLError(`${field} is not available yet in this version of fleetgraph`, { extensions: { code: 'NOT_IMPLEMENTED' } });
}
