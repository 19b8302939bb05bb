/**
 * The error of a request refused before execution by one of the limits: a client error
 * (QUERY_TOO_COMPLEX, HTTP 400) whose message names the limit, the value found and the flag.
 */
import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../kube/errorCodes.ts';

export function queryTooComplex(message: string, limit: string, found: number, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_TOO_COMPLEX' satisfies ErrorCode, limit, found, max, http: { status: 400 } },
  });
}
