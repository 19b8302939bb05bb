/**
 * Every error a client sees goes through here. Why: resolver errors are not masked by Apollo by
 * default, and an unexpected exception's text can carry internals (paths, upstream bodies). So:
 * known error classes map to their closed code with their own (sanitized) message; anything
 * else becomes INTERNAL_SERVER_ERROR with an id, and the detail goes only to the log.
 */
import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { SelectorError } from '../fleet/labelSelector.ts';
import { capMessage } from '../fleet/quoteInput.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import { PolicyForbidden } from '../fleet/PolicyForbidden.ts';
import { ERROR_CODES, type ErrorCode } from '../kube/errorCodes.ts';
import { InputError } from '../loaders/InputError.ts';
import type { Logger } from './logger.ts';
import { APOLLO_GET_SUBSCRIPTION_MESSAGE, SUBSCRIPTION_OVER_HTTP_MESSAGE } from './subscriptionOverHttp.ts';

/** An unknown operationName is quoted whole by graphql-js: a name needs no more than this. */
const MAX_OPERATION_NAME_MESSAGE = 200;

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** Apollo's refusal under `introspection: false`, which tells the client to reconfigure Apollo; ours names the flag. */
const APOLLO_NO_INTROSPECTION_MESSAGE = 'GraphQL introspection is not allowed by Apollo Server';
export const INTROSPECTION_OFF_MESSAGE = 'introspection is off on this gateway (--introspection off or --production): the query asks for __schema or __type';

export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof SelectorError || original instanceof InputError) {
      return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode } };
    }
    if (original instanceof PolicyForbidden) {
      return { ...base, message: original.message, extensions: { code: 'FORBIDDEN' satisfies ErrorCode, clusters: [...original.clusters] } };
    }
    if (original instanceof ClusterError) {
      return { ...base, message: original.message, extensions: { code: original.code, cluster: original.cluster } };
    }
    const code = formatted.extensions?.code;
    // Client mistakes that reach here without one of our codes (Apollo's and graphql-js's own):
    // an operationName the document lacks, more than 50 bad variables, a GET subscription.
    if (code === 'OPERATION_RESOLUTION_FAILURE') {
      return { ...base, message: capMessage(formatted.message, MAX_OPERATION_NAME_MESSAGE), extensions: { code: 'BAD_REQUEST' satisfies ErrorCode } };
    }
    if (formatted.message.startsWith('Too many errors processing variables')) {
      return { ...base, message: formatted.message, extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode } };
    }
    if (formatted.message === APOLLO_GET_SUBSCRIPTION_MESSAGE) {
      return { ...base, message: SUBSCRIPTION_OVER_HTTP_MESSAGE, extensions: { code: 'BAD_REQUEST' satisfies ErrorCode } };
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message.startsWith(APOLLO_NO_INTROSPECTION_MESSAGE)) {
      return { ...base, message: INTROSPECTION_OFF_MESSAGE, extensions: { code } };
    }
    if (code === 'RATE_LIMITED') {
      // Ours (src/limits/RateLimited.ts): the limit and when to retry are for the client's code too.
      return { ...base, message: formatted.message, extensions: { code, limit: formatted.extensions?.limit, retryAfterSeconds: formatted.extensions?.retryAfterSeconds } };
    }
    if (typeof code === 'string' && KNOWN.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
      // Parse and validation errors, variable coercion (BAD_USER_INPUT): written by graphql-js, Apollo or us.
      // graphql-js quotes whole variable values in coercion errors: cap what goes back out.
      return { ...base, message: capMessage(formatted.message), extensions: { code } };
    }
    const id = randomUUID();
    logger.error({ errorId: id, err: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original), path: formatted.path }, 'unexpected error in a GraphQL request');
    return { ...base, message: `Internal server error (id ${id})`, extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode, errorId: id } };
  };
}
