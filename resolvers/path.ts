/** The response path of the field being resolved, recorded with per-cluster failures. */
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';

export function pathOf(info: GraphQLResolveInfo): ReadonlyArray<string | number> {
  return responsePathAsArray(info.path);
}
