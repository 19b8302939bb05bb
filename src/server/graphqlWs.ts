/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol, `graphql-transport-ws`), on the
 * gateway's own http server and path: `ws://HOST:PORT/graphql`. Wiring only: the streams are the
 * watch hub's (src/live), the fields are resolvers/Subscription.ts, each event is executed by
 * sharedSubscribe.ts (once for all the subscribers holding the same operation and variables).
 *
 * Limits, each with its default and what a client meets when it is crossed:
 * - `maxMessageBytes` (64 KiB): a bigger incoming message closes the socket with 1009 (ws).
 * - `connectionInitWaitMs` (3 s): no `connection_init` in time closes with 4408 (graphql-ws).
 * - `maxSubscriptionsPerConnection` (100): one more is refused with a BAD_USER_INPUT error for
 *   that subscription; the others carry on.
 * - a credential that expires (an OIDC token): the connection is closed with 4403 when it does
 *   (src/auth/closeAtExpiry.ts); the client reconnects with a fresh token and resumes with its cursors.
 * - `maxBufferedBytes` (4 MiB): when what waits to be sent to one connection exceeds it, the
 *   connection is closed with 4413 ("send buffer full"): the client resumes each subscription
 *   with its last cursor. Before that, each subscription waits for its own previous message to
 *   be written, so a slow reader only falls behind in the hub's log (and gets a gap delivery if it
 *   falls further behind than the log holds); it never delays other connections.
 * Only subscriptions are served here: queries and mutations go over HTTP, where the query
 * limits and CSRF rules apply.
 */
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLError as GraphQLErrorType, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { connectionParamsAuthorization, wsRefusal, type Authentication, type Identity } from '../auth/index.ts';
import { closeAtExpiry } from '../auth/closeAtExpiry.ts';
import { identityKey } from '../auth/identityKey.ts';
import type { ErrorCode } from '../kube/errorCodes.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import { DEFAULT_LIVE_LIMITS } from '../live/liveDefaults.ts';
import { renewRequestContext, type RequestContext } from '../loaders/RequestContext.ts';
import { createSharedSubscribe, type SharedSubscribeStats } from './sharedSubscribe.ts';
import { traceRefusals, traceSubscriptionStart, type Tracing } from '../telemetry/index.ts';

// graphql-js checks schemas and errors with instanceof, and graphql-ws checks with its own copy of
// graphql-js: the one Node's resolution gives (graphql's CommonJS build, which the schema is built
// with too). Under vitest our own `import 'graphql'` can resolve to the ESM build, a second copy;
// taking graphql-js the way Node does keeps one copy here in tests and in production alike.
const { getOperationAST, getVariableValues, GraphQLError, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** Documents held parsed and validated, and the longest query text held (see `documents`). */
const DOCUMENTS = 256;
const MAX_CACHED_QUERY_LENGTH = 4096;

/** Close code for a connection whose send buffer went over `maxBufferedBytes`. */
export const CLOSE_SEND_BUFFER_FULL = 4413;
/**
 * Close code for a connection whose credential expired (src/auth/closeAtExpiry.ts): graphql-ws's
 * `CloseCode.Forbidden`. Its client treats 4403 as retryable (unlike 4401): a client whose
 * `connectionParams` is a function fetches a fresh token and reconnects by itself; one with a
 * fixed token is then refused with 4401, which ends its subscriptions with that error.
 */
export const CLOSE_CREDENTIAL_EXPIRED = 4403;

export interface GraphqlWsLimits {
  /** Largest message accepted from a client, in bytes. @default 65536 */
  maxMessageBytes?: number;
  /** Time a client has to send `connection_init` after connecting. @default 3000 */
  connectionInitWaitMs?: number;
  /** Subscriptions open at once on one connection. @default 100 */
  maxSubscriptionsPerConnection?: number;
  /** Bytes waiting to be sent on one connection before it is closed with 4413. @default 4194304 */
  maxBufferedBytes?: number;
}

export interface GraphqlWsOptions extends GraphqlWsLimits {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  /** A context per subscription, for the connection's authenticated caller (if authentication is on). */
  context: (identity: Identity | undefined) => RequestContext;
  /** Authentication (src/auth): given connectionParams' `authorization`, the caller or why not. Absent: off. */
  authenticate?: (authorization: unknown) => Promise<Authentication>;
  /** Whether new connections are accepted now. */
  accepting: () => boolean;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** The DNS-rebinding check of the HTTP side (hostGuard.ts): a message refuses the upgrade. */
  checkHost?: (req: http.IncomingMessage) => string | undefined;
  /** Web origins besides the gateway's own whose pages may connect (`--cors-origin`). @default none */
  allowedOrigins?: readonly string[];
  /**
   * The operation gate of src/limits (admitOperation: the caller's rate limit and cost budget, the
   * query limits), the same as over HTTP, for the connection's caller; returns the errors (none:
   * run it). A refused subscription gets them as its `error` message; the connection stays open.
   */
  checkLimits?: (document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined, operationName: string | null | undefined,
    caller: { identity?: Identity | undefined; remoteAddress?: string | undefined }) => readonly GraphQLErrorType[] | Promise<readonly GraphQLErrorType[]>;
  /** Lexical tokens accepted in one document (the query limits' maxTokens). @default 2000 */
  maxTokens?: number;
  /** A span per subscription start, refused ones included (src/telemetry). @default none */
  tracing?: Tracing | undefined;
}

export interface GraphqlWsServer {
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Subscription events executed, and deliveries answered from another subscriber's execution (sharedSubscribe.ts). */
  readonly executions: Readonly<SharedSubscribeStats>;
  /** Close every connection (1001) and stop accepting. */
  dispose(): Promise<void>;
}

function sameOrigin(origin: string, req: http.IncomingMessage): boolean {
  try {
    return new URL(origin).host === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The per-cluster failures an execution's fields met (a cluster unreachable, a read refused as
 * the caller), appended to its errors as the HTTP side's clusterFailuresPlugin appends them:
 * without this a subscription's nested read refused by RBAC would be silently empty.
 */
function withClusterFailures(context: RequestContext, result: ExecutionResult): ExecutionResult {
  const failures = context.failures.all();
  if (failures.length === 0) return result;
  const errors = failures.map((f) => new GraphQLError(f.message, {
    // A path (the field that met it first) and the ClusterError: formatError gives code and cluster.
    path: f.path ? [...f.path] : [], originalError: new ClusterError(f.cluster, f.code, f.message, f.resources[0]),
  }));
  return { ...result, errors: [...(result.errors ?? []), ...errors] };
}

const clientError = (message: string, code: ErrorCode = 'BAD_USER_INPUT') => new GraphQLError(message, { extensions: { code } });

export function attachGraphqlWs(options: GraphqlWsOptions): GraphqlWsServer {
  const tracing = options.tracing;
  const maxSubscriptions = options.maxSubscriptionsPerConnection ?? DEFAULT_LIVE_LIMITS.maxSubscriptionsPerConnection;
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_LIVE_LIMITS.maxBufferedBytes;
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const wss = new WebSocketServer({
    server: options.httpServer, path: options.path, maxPayload: options.maxMessageBytes ?? DEFAULT_LIVE_LIMITS.maxMessageBytes,
    // Why (security): browsers let any page open a WebSocket to any address, with no CORS check,
    // and without --tokens (loopback only) this gateway has no authentication: a page on another
    // site could subscribe to the fleet through a visitor's browser (cross-site WebSocket
    // hijacking), or through DNS rebinding. Browsers always send Origin on a WebSocket handshake,
    // so an upgrade whose Origin is neither the gateway's own nor an allowed one (`--cors-origin`)
    // is refused with 403, and the Host check of the HTTP side applies too. Clients outside
    // browsers send no Origin and are unaffected; authentication is `onConnect`'s (src/auth).
    verifyClient: (info: { origin: string; req: http.IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const refusedHost = options.checkHost?.(info.req);
      if (refusedHost !== undefined) return done(false, 403, refusedHost);
      const origin = info.origin;
      if (origin && !allowedOrigins.has(origin) && !sameOrigin(origin, info.req)) {
        return done(false, 403, 'WebSocket connections from web pages of another origin are refused (allow one with --cors-origin)');
      }
      done(true);
    },
  });
  // Parsed and validated documents by query text: a dashboard's subscribers send the same few,
  // and one document (not one per subscriber) is parsed, validated and held. Why (memory): only
  // short queries, and at most DOCUMENTS of them (oldest first out), so a client sending many
  // distinct queries cannot grow it; the per-request query limits are still checked every time.
  const documents = new Map<string, DocumentNode>();
  const remember = (query: string, document: DocumentNode) => {
    if (query.length > MAX_CACHED_QUERY_LENGTH) return;
    documents.set(query, document);
    if (documents.size > DOCUMENTS) documents.delete(documents.keys().next().value!);
  };
  const format = (errors: readonly GraphQLErrorType[]) => errors.map((e) => options.formatError(e.toJSON(), e));

  // Each connection's authenticated caller, by graphql-ws's connection context.
  const identities = new WeakMap<object, Identity>();
  const sharing = createSharedSubscribe({
    renewContext: (context) => renewRequestContext(context as RequestContext),
    callerOf: (context) => identityKey((context as RequestContext).identity),
    finish: (context, result) => withClusterFailures(context as RequestContext, result),
  });
  const server = useServer<Record<string, unknown> | undefined>({
    schema: options.schema,
    // Each hub entry executed once per (operation, variables), not once per subscriber.
    subscribe: (args) => (tracing ? traceSubscriptionStart(tracing, args, () => sharing.subscribe(args)) : sharing.subscribe(args)),
    connectionInitWaitTimeout: options.connectionInitWaitMs ?? DEFAULT_LIVE_LIMITS.connectionInitWaitMs,
    onConnect: async (ctx) => {
      if (!options.accepting()) return false;
      if (!options.authenticate) return true;
      // Why (security): see startGateway's HTTP check; the same function decides here, once per
      // connection, from connectionParams (browsers cannot set headers on a WebSocket). A refused
      // connection is closed with 4401 before any subscription can start (graphql-ws answers
      // subscribe messages before the ack with 4401 too); 1013 when tokens cannot be checked now.
      const outcome = await options.authenticate(connectionParamsAuthorization(ctx.connectionParams));
      if ('refused' in outcome) {
        ctx.extra.socket.close(...wsRefusal(outcome.refused));
        return false;
      }
      identities.set(ctx, outcome.identity);
      const socket = ctx.extra.socket;
      // Why (security): see closeAtExpiry.ts; closing the socket ends every subscription on it.
      const cancel = closeAtExpiry(outcome.identity, () => socket.close(CLOSE_CREDENTIAL_EXPIRED, 'the credential expired: reconnect with a fresh token and resume from your last cursor'));
      socket.once('close', cancel);
      return true;
    },
    context: (ctx) => options.context(identities.get(ctx)),
    onSubscribe: traceRefusals(tracing, (ctx) => identities.get(ctx), (ctx, _id, payload): ExecutionArgs | readonly GraphQLErrorType[] | Promise<ExecutionArgs | readonly GraphQLErrorType[]> => {
      // graphql-ws has added this subscription to ctx.subscriptions already: count it.
      if (Object.keys(ctx.subscriptions).length > maxSubscriptions) {
        return [clientError(`this connection already has ${maxSubscriptions} subscriptions open, the most one connection may have; complete some or open another connection`)];
      }
      let document = documents.get(payload.query);
      if (!document) {
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens ?? 2000 });
        } catch (e) {
          return [new GraphQLError(e instanceof GraphQLError ? e.message : 'the query does not parse', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const invalid = validate(options.schema, document);
        if (invalid.length > 0) return invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        remember(payload.query, document);
      }
      const operation = getOperationAST(document, payload.operationName ?? undefined);
      if (!operation) return [clientError('the document must hold exactly one operation, or name one with operationName')];
      if (operation.operation !== 'subscription') {
        return [clientError(`only subscriptions are served over WebSocket; send ${operation.operation === 'query' ? 'queries' : 'mutations'} as HTTP POST to the same URL`, 'BAD_REQUEST')];
      }
      // Variables that do not coerce are the client's mistake (BAD_USER_INPUT, as over HTTP); left
      // to graphql-js's subscribe they would come back without a code and be masked as internal.
      const coerced = getVariableValues(options.schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 50 });
      if (coerced.errors) return coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
      const caller = { identity: identities.get(ctx), remoteAddress: ctx.extra.request.socket.remoteAddress };
      const refused = options.checkLimits?.(document, payload.variables, payload.operationName, caller) ?? [];
      const args = { schema: options.schema, document, variableValues: payload.variables, operationName: payload.operationName };
      // Re-made with graphql-ws's graphql-js (see above), which it checks them against.
      const answer = (r: readonly GraphQLErrorType[]) => (r.length > 0 ? r.map((e) => new GraphQLError(e.message, { extensions: e.extensions })) : args);
      // Shared (Redis) budgets answer later; local ones at once, keeping the subscription's start synchronous.
      return refused instanceof Promise ? refused.then(answer) : answer(refused);
    }),
    onNext: (ctx, _id, _payload, _args, result: ExecutionResult) => {
      // Why: a reader that stopped reading would otherwise grow our memory without bound.
      if (ctx.extra.socket.bufferedAmount > maxBuffered) {
        ctx.extra.socket.close(CLOSE_SEND_BUFFER_FULL, `send buffer over ${maxBuffered} bytes: resume with your last cursor`);
      }
      return result.errors ? { ...result, errors: format(result.errors) } : undefined;
    },
    onError: (_ctx, _id, _payload, errors) => format(errors),
  }, wss);

  return {
    get connections() {
      return wss.clients.size;
    },
    executions: sharing.stats,
    dispose: async () => {
      await server.dispose();
    },
  };
}
