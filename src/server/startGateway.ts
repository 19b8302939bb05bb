/**
 * The gateway as a running thing: an http server (GraphQL at /graphql, GraphiQL, /healthz,
 * /readyz, /metrics) that listens at once and becomes ready when its fleet is loaded. This is
 * the programmatic entry point that `main.ts`, tests and benchmarks use.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { Redis } from 'ioredis';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Fleet } from '../fleet/Fleet.ts';
import { loadClusterSpecs, type ClusterSpec } from '../fleet/loadClusterSpecs.ts';
import { ClusterClient } from '../kube/ClusterClient.ts';
import { UpstreamMetrics } from '../kube/UpstreamMetrics.ts';
import { WatchCache } from '../live/WatchCache.ts';
import { WatchHub, type WatchHubOptions } from '../live/WatchHub.ts';
import { sharedStreams, startReplicas, type RedisReplicas, type ReplicaOptions } from '../replicas/index.ts';
import { createRequestContext, type RequestContext } from '../loaders/RequestContext.ts';
import { authenticateBearer, refuseHttp, unauthenticatedBindRefusal, type Authenticator, type Identity } from '../auth/index.ts';
import { callerFleet } from '../auth/callerFleet.ts';
import type { MetricsToken } from '../auth/MetricsToken.ts';
import { metricsAccess } from './metricsAccess.ts';
import { policyWithoutAuthentication, type Policy } from '../auth/policy/index.ts';
import { AccessReviewer, type AccessReviewerOptions } from '../auth/AccessReviewer.ts';
import { CallerAccess } from '../auth/CallerAccess.ts';
import { FleetOps } from '../ops/FleetOps.ts';
import type { ManifestLimits } from '../ops/parseManifests.ts';
import type { RolloutOptions } from '../ops/rolloutEngine.ts';
import { clusterFailuresPlugin } from './clusterFailuresPlugin.ts';
import { createFormatError } from './formatError.ts';
import { createSchema } from './createSchema.ts';
import { CompiledExecution } from './compiledExecution.ts';
import { createGraphiqlHandler } from './graphiql.ts';
import { handleGraphqlHttp } from './handleGraphqlHttp.ts';
import { corsPolicy } from './corsPolicy.ts';
import { hostGuard } from './hostGuard.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, stringifyResultWithin } from './stringifyResultWithin.ts';
import { subscriptionOverHttpPlugin } from './subscriptionOverHttp.ts';
import { attachGraphqlWs, type GraphqlWsLimits, type GraphqlWsServer } from './graphqlWs.ts';
import { createLogger, type LogLevel, type Logger } from './logger.ts';
import { RedisOperationStore } from '../store/RedisOperationStore.ts';
import { isLeased } from '../store/LeasedOperationStore.ts';
import { admitOperation, CallerBudgets, RedisCallerBudgets, DEFAULT_QUERY_LIMITS, DEFAULT_RATE_LIMITS, type QueryLimits, type RateLimits } from '../limits/index.ts';
import { fleetView, pricedFleet, queryLimitsPlugin } from './queryLimitsPlugin.ts';
import { executedInOperationScope, operationSpanPlugin, type Tracing } from '../telemetry/index.ts';

export interface GatewayOptions {
  /** Interface to listen on. @default '127.0.0.1' (not reachable from other machines) */
  host?: string;
  /** Port; 0 picks a free one (see `Gateway.url`). @default 4000 */
  port?: number;
  /** @default a pino logger at `logLevel` on stdout */
  logger?: Logger;
  /** @default 'info' */
  logLevel?: LogLevel;
  /** How long shutdown waits for in-flight requests before closing their connections. @default 10000 */
  shutdownGraceMs?: number;
  /** Exact web origins (`https://app.example.com`) allowed to call /graphql from a browser; see corsPolicy.ts. @default none */
  corsOrigins?: readonly string[];
  /** Host names, besides localhost and loopback addresses, served on a loopback bind; see hostGuard.ts. @default none */
  allowedHosts?: readonly string[];
  /** A GraphQL reply larger than this is replaced by a RESPONSE_TOO_LARGE error. @default 64 MiB */
  maxResponseBytes?: number;
  /** Query limits (depth, aliases, tokens, cost, upstream calls, deadline); see docs/limits.md. @default DEFAULT_QUERY_LIMITS */
  limits?: Partial<QueryLimits>;
  /** Per-caller rate limit and cost budget (0: off); see docs/abuse-limits.md. @default DEFAULT_RATE_LIMITS */
  rateLimits?: Partial<RateLimits>;
  /** Watch hub settings (grace period, log size, probe interval); see src/live/WatchHub.ts. */
  live?: Omit<WatchHubOptions, 'clients'>;
  /** Share watches and cursors with other replicas through Redis (`--redis URL`); see docs/replicas.md. @default none: one process */
  replicas?: ReplicaOptions;
  /** Limits of the WebSocket (graphql-ws) endpoint; see src/server/graphqlWs.ts. */
  ws?: GraphqlWsLimits;
  /** Serve reads from the watch hub's stores once synced (`--cache`); see docs/live.md. @default false */
  cache?: boolean;
  /** Access reviews behind per-caller filtering of the cache and subscriptions (TTLs, size); see docs/caller-filtering.md. @default 10 s allowed, 2 s refused, 10,000 answers */
  accessReview?: AccessReviewerOptions;
  /** Size and object-count limits of mutations' manifests. @default 1 MiB, 1000 objects */
  manifestLimits?: ManifestLimits;
  /** Rollouts in waves: operation store and status poll interval. @default in memory, 2000 ms */
  rollout?: RolloutOptions;
  /** Answer `__schema`/`__type` queries (`--introspection`, off under `--production`); see docs/security.md. @default true */
  introspection?: boolean;
  /** Serve the GraphiQL page and its assets (`--graphiql`, off under `--production`). @default true */
  graphiql?: boolean;
  /** Who may call /graphql and /metrics (`TokenFile`, `OidcAuthenticator`, or both through createAuthenticator); see docs/authentication.md. @default none: loopback hosts only */
  authenticator?: Authenticator;
  /** The only credential /metrics accepts (`--metrics-token-file`); see src/server/metricsAccess.ts. @default none: authenticated callers the policy gives every cluster */
  metricsToken?: MetricsToken;
  /** Which callers may use, write to and read secret values of which clusters, on top of cluster RBAC; needs `authenticator`. See docs/policy.md. @default none */
  policy?: Policy;
  /** Spans for operations and cluster calls (`tracingFromEnv`, or a Tracing with any span processors); flushed by `stop`. See docs/tracing.md. @default none */
  tracing?: Tracing;
  /**
   * A Redis shared by the gateway's replicas: rollouts are kept there (any replica answers for
   * any operation, and resumes one whose replica died) and per-caller rate limits are shared.
   * See docs/replicated-operations.md. The client is the caller's to close. @default the
   * `replicas` connection when that is given (`--redis URL`), else none: one process
   */
  redis?: Redis;
}

export type GatewayState = 'loading' | 'ready' | 'stopping';

export class Gateway {
  state: GatewayState = 'loading';
  fleet: Fleet | undefined;
  /** The watch hub serving subscriptions (made with the fleet). */
  live: WatchHub | undefined;
  /** The read cache over the hub's stores, when `cache` is on. */
  cache: WatchCache | undefined;
  /** The Redis shared with other replicas (`replicas` option), when given. */
  replicas: RedisReplicas | undefined;
  /** What each authenticated caller may be served of the cache and the hub's streams (docs/caller-filtering.md). */
  access = new CallerAccess(new AccessReviewer());
  ws: GraphqlWsServer | undefined;
  /** The write path's engine for the loaded fleet (mutations); its audit records go to the log. */
  ops: FleetOps | undefined;
  manifestLimits: ManifestLimits = {};
  rolloutOptions: RolloutOptions = {};
  readonly registry = new Registry();
  readonly upstream = new UpstreamMetrics(this.registry);
  /** How queries are executed (compiled or by graphql-js); see compiledExecution.ts. */
  execution: CompiledExecution | undefined;
  /** Where spans go, when tracing is on (docs/tracing.md). */
  tracing: Tracing | undefined;

  constructor(
    readonly httpServer: http.Server,
    readonly apollo: ApolloServer<RequestContext>,
    readonly logger: Logger,
    private readonly liveOptions: Omit<WatchHubOptions, 'clients'> = {},
    private readonly cacheReads = false,
  ) {}

  /** http://host:port/graphql of the listening server. */
  get url(): string {
    const a = this.httpServer.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}/graphql`;
  }

  /** Make one ClusterClient per spec and start answering GraphQL (ready). */
  load(specs: readonly ClusterSpec[]): Fleet {
    const clients = specs.map((s) => new ClusterClient({
      name: s.name, labels: s.labels, server: s.server, kubeConfig: s.kubeConfig,
      timeoutMs: s.timeoutMs, concurrency: s.concurrency, chunkSize: s.chunkSize, namespaces: s.namespaces, metrics: this.upstream, tracing: this.tracing,
    }));
    this.fleet = new Fleet(clients);
    this.live = new WatchHub({
      onError: (e) => this.logger.warn({ cluster: e.cluster, resource: e.resource, code: e.code, message: e.message }, 'watch failed; retrying'),
      ...this.liveOptions, clients,
      ...(this.replicas ? { shared: sharedStreams(this.replicas, this.liveOptions) } : {}),
    });
    // `--cache` for every cluster, unless the fleet file says otherwise for one (`cache: true|false`).
    const cached = new Map(specs.map((s) => [s.name, s.cache ?? this.cacheReads]));
    if ([...cached.values()].some(Boolean)) this.cache = new WatchCache({ hub: this.live, cached: (c) => cached.get(c) ?? false, access: this.access });
    this.ops = new FleetOps(this.fleet, {
      limits: this.manifestLimits,
      rollout: this.rolloutOptions,
      audit: (record) => this.logger.info({ audit: { actor: null, ...record } }, `mutation ${record.operation}${record.actor ? ` by ${record.actor.user}` : ''}`),
      onUnexpected: (cluster, e) => this.logger.error({ cluster, err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, 'unexpected error in a mutation'),
    });
    this.state = 'ready';
    return this.fleet;
  }

  /** Graceful stop: not ready at once, no new connections, in-flight requests finish (within the grace period). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.state = 'stopping';
      await this.bounded('rollouts', this.ops?.rollouts.close());
      const store = this.ops?.rollouts.store;
      if (store && isLeased(store)) store.close();
      await this.bounded('websocket', this.ws?.dispose());
      await this.bounded('watches', this.live?.stop());
      await this.bounded('redis', this.replicas?.stop());
      await this.apollo.stop(); // the drain plugin closes the http server and waits for its requests
      this.fleet?.close();
      await this.tracing?.shutdown(); // the last spans, within the flush bound

    })();
    return this.stopped;
  }

  private stopped: Promise<void> | undefined;

  /**
   * One step of a graceful stop, waited for at most `stopStepMs`: a stop must end (an orchestrator
   * kills the process after its grace period anyway, losing the rest of the stop). A step that
   * overruns is logged by name and left to finish on its own.
   */
  private async bounded(step: string, work: Promise<unknown> | undefined): Promise<void> {
    if (!work) return;
    let timer: NodeJS.Timeout | undefined;
    const overran = new Promise<'overran'>((resolve) => { timer = setTimeout(() => resolve('overran'), this.stopStepMs); });
    const failed = (e: unknown) => {
      this.logger.error({ step, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'shutdown step failed; going on');
      return 'done' as const;
    };
    const outcome = await Promise.race([work.then(() => 'done' as const, failed), overran]);
    clearTimeout(timer);
    if (outcome === 'overran') this.logger.warn({ step, waitedMs: this.stopStepMs }, 'shutdown step did not finish in time; going on');
  }

  /** The longest one step of `stop` is waited for (see `bounded`). */
  stopStepMs = 10_000;
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const refusedBind = options.authenticator ? undefined : unauthenticatedBindRefusal(options.host ?? '127.0.0.1');
  if (refusedBind !== undefined) throw new Error(refusedBind);
  if (options.policy && !options.authenticator) throw new Error(policyWithoutAuthentication(options.policy.path));
  const httpServer = http.createServer();
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  const schema = createSchema();
  // Apollo's `gateway` seam: queries run compiled, everything else through graphql-js.
  const execution = new CompiledExecution(schema);
  const apollo = new ApolloServer<RequestContext>({
    gateway: options.tracing ? executedInOperationScope(execution.gateway()) : execution.gateway(),
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    stringifyResult: stringifyResultWithin(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES),
    // The token limit (docs/limits.md) stops the parser itself: no tree is built for a huge document.
    parseOptions: { maxTokens: limits.maxTokens },
    // Shutdown is ours (main.ts, Gateway.stop): Apollo's own SIGTERM handler, installed unless
    // NODE_ENV is 'test', races it and leaves the drain waiting.
    stopOnTerminationSignals: false,
    // Why (security): the schema tells an attacker every field to try; a production gateway
    // need not hand it out (`--introspection off`, `--production`). Mechanism: Apollo's
    // validation rule refuses any document naming __schema or __type (GRAPHQL_VALIDATION_FAILED,
    // a client error; formatError words it). Subscriptions cannot introspect (those fields live
    // on Query only). Out of scope: the schema is no secret (it is in this repository) and field
    // suggestions in validation errors still name fields. Explicit, not Apollo's NODE_ENV guess.
    introspection: options.introspection ?? true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      // Apollo's default landing page loads from a CDN; GraphiQL is served from local assets instead.
      ApolloServerPluginLandingPageDisabled(),
      // We set no cache hints; Apollo's default cache-control plugin cost ~8 ms per 50-cluster dashboard query (profiled).
      ApolloServerPluginCacheControlDisabled(),
      subscriptionOverHttpPlugin(),
    ],
    logger: { debug: (m) => logger.debug(m), info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  const gateway = new Gateway(httpServer, apollo, logger, options.live, options.cache);
  gateway.execution = execution;
  if (options.replicas) gateway.replicas = await startReplicas(options.replicas, logger);
  gateway.tracing = options.tracing;
  if (options.tracing) apollo.addPlugin(operationSpanPlugin(options.tracing));
  gateway.manifestLimits = options.manifestLimits ?? {};
  gateway.access = new CallerAccess(new AccessReviewer(options.accessReview));
  // Rollouts and rate limits shared through Redis: the given client, else the replicas' (`--redis URL`).
  const redis = options.redis ?? gateway.replicas?.redis;
  // Under the replicas' key prefix (one Redis may serve several deployments).
  const prefix = gateway.replicas?.keyPrefix ?? 'fleetgraph:';
  gateway.rolloutOptions = redis
    ? {
      store: new RedisOperationStore(redis, { prefix: `${prefix}ops` }), ...options.rollout,
      // A rollout resumed from another replica runs as its caller, through the fleet the policy gives them.
      fleetFor: (identity) => gateway.fleet!.as(identity, options.policy?.accessFor(identity)),
    }
    : options.rollout ?? {};
  apollo.addPlugin(clusterFailuresPlugin(gateway.registry, logger));
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const budgets = redis
    ? new RedisCallerBudgets(redis, rateLimits, { prefix: `${prefix}budget`, log: (level, m) => (level === 'warn' ? logger.warn(m) : logger.info(m)) })
    : new CallerBudgets(rateLimits);
  apollo.addPlugin(queryLimitsPlugin(limits, () => gateway.fleet, budgets));
  collectDefaultMetrics({ register: gateway.registry, prefix: 'fleetgraph_' });
  await apollo.start();

  // Why: an IDE page is an invitation to explore; `--graphiql off` (`--production`) leaves only
  // the API. Mechanism: the page and its assets are not served; a browser's GET gets a 404 below.
  const graphiql = (options.graphiql ?? true) ? createGraphiqlHandler({ endpoint: '/graphql' }) : graphiqlOff;
  const handlers: HttpHandlers = {
    graphiql,
    cors: corsPolicy(options.corsOrigins ?? []),
    host: hostGuard({ bindHost: options.host ?? '127.0.0.1', allowedHosts: options.allowedHosts }),
    authenticate: options.authenticator && ((authorization) => authenticateBearer(options.authenticator!, authorization)),
    identities: new WeakMap(),
    metrics: { token: options.metricsToken, policy: options.policy },
  };
  const context = async ({ req }: { req: http.IncomingMessage }): Promise<RequestContext> => {
    if (!gateway.fleet) throw new Error('fleet not loaded');
    const identity = handlers.identities.get(req);
    const caller = callerFleet(gateway.fleet, gateway.ops!, identity, identity && options.policy?.accessFor(identity));
    return { ...createRequestContext(caller.fleet, limits, undefined, gateway.cache, caller.ops), identity, remoteAddress: req.socket.remoteAddress };
  };
  const formatError = createFormatError(logger);
  gateway.ws = attachGraphqlWs({
    ...options.ws, httpServer, path: '/graphql', schema, formatError,
    allowedOrigins: options.corsOrigins ?? [], checkHost: handlers.host,
    accepting: () => gateway.state === 'ready',
    maxTokens: limits.maxTokens, tracing: options.tracing,
    // The same gate as over HTTP (admitOperation), checked before a subscription starts.
    // Priced over the caller's fleet, as over HTTP (queryLimitsPlugin.ts).
    checkLimits: (document, variables, operationName, caller) => (gateway.fleet
      ? admitOperation({ schema, document, variables, operationName, fleet: fleetView(pricedFleet(gateway.fleet, options.policy, caller.identity)), limits, budgets, caller }) : []),
    authenticate: handlers.authenticate,
    context: (identity) => {
      const caller = callerFleet(gateway.fleet!, gateway.ops!, identity, identity && options.policy?.accessFor(identity));
      return { ...createRequestContext(caller.fleet, limits, gateway.live, gateway.cache, caller.ops), identity, access: gateway.access };
    },
  });

  httpServer.on('request', (req, res) => {
    route(gateway, handlers, context, req, res).catch((e: unknown) => {
      logger.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e), url: req.url }, 'request failed');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  return gateway;
}

/** With GraphiQL off: what would have got the page (a browser's GET of / or /graphql without a query) gets a 404 saying so. */
async function graphiqlOff(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/graphql' || url.searchParams.has('query') || !/\btext\/html\b/i.test(req.headers.accept ?? '')) return false;
  json(res, 404, { errors: [{ message: 'GraphiQL is off on this gateway (--graphiql off or --production); send GraphQL requests to this URL from a client', extensions: { code: 'NOT_FOUND' } }] });
  return true;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

interface HttpHandlers {
  graphiql: ReturnType<typeof createGraphiqlHandler>;
  cors: ReturnType<typeof corsPolicy>;
  host: ReturnType<typeof hostGuard>;
  /** Absent: authentication is off (a loopback bind). */
  authenticate: ((authorization: unknown) => Promise<Awaited<ReturnType<typeof authenticateBearer>>>) | undefined;
  /** Each authenticated request's caller, for its GraphQL context. */
  identities: WeakMap<http.IncomingMessage, Identity>;
  /** What decides who reads /metrics besides authentication (metricsAccess.ts). */
  metrics: { token?: MetricsToken | undefined; policy?: Policy | undefined };
}

/**
 * Why (security): with authentication on, /graphql (and /metrics, see metricsAccess.ts) answer
 * only callers with an accepted bearer token; anyone else gets 401 and nothing
 * else, not even whether the fleet is loaded. Mechanism: authenticateBearer, the same function
 * the WebSocket side calls. Out of scope here: what an authenticated caller may see (cluster
 * RBAC through impersonation, later); /healthz and /readyz stay open for probes (no fleet data).
 */
async function authenticated(handlers: HttpHandlers, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if (!handlers.authenticate) return true;
  const outcome = await handlers.authenticate(req.headers.authorization);
  if ('refused' in outcome) {
    refuseHttp(res, outcome.refused);
    return false;
  }
  handlers.identities.set(req, outcome.identity);
  return true;
}

async function route(
  gateway: Gateway,
  handlers: HttpHandlers,
  context: (args: { req: http.IncomingMessage }) => Promise<RequestContext>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const refused = handlers.host(req);
  if (refused !== undefined) return json(res, 403, { errors: [{ message: refused, extensions: { code: 'BAD_REQUEST' } }] });
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz') return json(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    return gateway.state === 'ready'
      // Redis down is a degradation, not unreadiness: reads go on live, and taking every replica
      // out of the load balancer at once would turn a Redis outage into a full one.
      ? json(res, 200, { status: 'ready', clusters: gateway.fleet?.clusters.length ?? 0, ...(gateway.replicas ? { redis: gateway.replicas.available ? 'up' : 'down' } : {}) })
      : json(res, 503, { status: gateway.state });
  }
  if (path === '/metrics') {
    // Why (security): the labels name every cluster; see metricsAccess.ts for who may read them.
    const decision = await metricsAccess(req, { ...handlers.metrics, authenticate: handlers.authenticate, fleet: () => gateway.fleet });
    if (!decision.allowed) {
      if ('refused' in decision) return refuseHttp(res, decision.refused);
      return json(res, 403, { errors: [{ message: decision.forbidden, extensions: { code: 'FORBIDDEN' } }] });
    }
    const text = await gateway.registry.metrics();
    res.writeHead(200, { 'content-type': gateway.registry.contentType });
    res.end(text);
    return;
  }
  // Browsers ask for it on every page; an empty answer spares GraphiQL's console a 404.
  if (path === '/favicon.ico') {
    res.writeHead(204, { 'cache-control': 'public, max-age=86400' });
    res.end();
    return;
  }
  if (await handlers.graphiql(req, res)) return;
  if (path === '/graphql') {
    if (handlers.cors(req, res)) return;
    if (!(await authenticated(handlers, req, res))) return;
    if (gateway.state !== 'ready') {
      return json(res, 503, { errors: [{ message: gateway.state === 'loading' ? 'the fleet is still loading; retry shortly' : 'the gateway is shutting down', extensions: { code: 'UNAVAILABLE' } }] });
    }
    return handleGraphqlHttp(gateway.apollo, context, req, res);
  }
  json(res, 404, { errors: [{ message: `no such path: ${path} (GraphQL is at /graphql)`, extensions: { code: 'NOT_FOUND' } }] });
}

export interface FromKubeconfigOptions extends GatewayOptions {
  kubeconfigPath: string;
  contexts?: readonly string[];
  fleetFile?: string;
  /** Per-cluster defaults where the fleet file gives none. @default 5000 ms, 8 */
  timeoutMs?: number;
  concurrency?: number;
  /** Items per LIST page where the fleet file gives none. @default 500 */
  chunkSize?: number;
  extraLabels?: Readonly<Record<string, Record<string, string>>>;
}

/** Start a gateway over the contexts of a kubeconfig (tests, benchmarks); throws FleetConfigError on bad files. */
export async function startGatewayFromKubeconfig(options: FromKubeconfigOptions): Promise<Gateway> {
  const specs = await loadClusterSpecs({
    kubeconfigPath: options.kubeconfigPath, contexts: options.contexts, fleetFile: options.fleetFile,
    defaults: { timeoutMs: options.timeoutMs ?? 5000, concurrency: options.concurrency ?? 8, chunkSize: options.chunkSize ?? 500 },
    extraLabels: options.extraLabels,
  });
  const gateway = await startGateway(options);
  gateway.load(specs);
  return gateway;
}
