/**
 * Mutations are part of the API contract (SCHEMA.md) and are built by a later issue. Until
 * then each answers a NOT_IMPLEMENTED error naming the field, instead of a null that would look
 * like a bug.
 */
import { GraphQLError } from 'graphql';
import type { MutationResolvers } from '../src/generated/graphql.ts';

function notBuilt(field: string): never {
  throw new GraphQLError(`${field} is not available yet in this version of fleetgraph`, { extensions: { code: 'NOT_IMPLEMENTED' } });
}

export const Mutation: MutationResolvers = {
  apply: () => notBuilt('Mutation.apply'),
  scale: () => notBuilt('Mutation.scale'),
  expose: () => notBuilt('Mutation.expose'),
  delete: () => notBuilt('Mutation.delete'),
  copy: () => notBuilt('Mutation.copy'),
};
