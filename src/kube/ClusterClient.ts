/**
 * The only place that talks to a cluster. One per cluster, shared by all requests: a keep-alive
 * connection pool, a concurrency limit, a timeout on every call (waiting for a slot included),
 * one retry budget for throttling and resets, request counting, and failures turned into
 * ClusterError through the one table in classifyFailure.ts.
 *
 * Credentials come from the cluster's kubeconfig context (KubeconfigCredentials: tokens, client
 * certificates, exec plugins, auth providers, or none for a plain-HTTP endpoint such as
 * `kubectl proxy`); requests go out on Node's own http(s) so we control pooling, deadlines and
 * header lines. Every credential value obtained is scrubbed from upstream messages.
 *
 * One request path (`request`) serves every verb: LISTs here (read in chunks with `limit` and
 * `continue`), and whatever else needs the same deadline, slot, retry and credential handling.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { classifyHttpStatus, classifyNetworkError, fieldConflicts, malformedAnswer, scrubStatusMessage, timeoutError, type FailureContext } from './classifyFailure.ts';
import { ClusterError } from './ClusterError.ts';
import { ClusterHealth } from './ClusterHealth.ts';
import { KubeconfigCredentials, type ClusterCredentials } from './KubeconfigCredentials.ts';
import { collectionPath, type ResourceType } from './resources.ts';
import { SecretScrubber } from './SecretScrubber.ts';
import { Semaphore } from './Semaphore.ts';
import { buildWriteRequest, type WriteAnswer, type WriteRequest } from './writeRequest.ts';
import type { UpstreamMetrics } from './UpstreamMetrics.ts';
import type { Identity } from '../auth/Identity.ts';
import type { Tracing } from '../telemetry/Tracing.ts';

export interface ClusterClientOptions {
  name: string;
  labels: Readonly<Record<string, string>>;
  server: string;
  kubeConfig: KubeConfig;
  metrics: UpstreamMetrics;
  /** Per-call budget, from sending (or queueing) to the whole answer. @default 5000 */
  timeoutMs?: number;
  /** Concurrent requests to this cluster; more wait in line (within their timeout). @default 8 */
  concurrency?: number;
  /** Retries after 429/503 or a reset connection, while the call's deadline allows. @default 2 */
  retries?: number;
  /**
   * How long credentials from the kubeconfig are reused. Exec plugins that give no expiry
   * would otherwise run on every call; a 401 drops them early and the call is retried once.
   * @default 60000
   */
  credentialTtlMs?: number;
  /**
   * Items per LIST page (`limit`), the rest fetched with `continue`, as kubectl's --chunk-size;
   * 0 reads each LIST in one piece. @default 500
   */
  chunkSize?: number;
  /**
   * The cluster's namespace scope (the fleet file's `namespaces`): the gateway reads and watches
   * namespaced resources only in these, one namespace at a time, never across all namespaces
   * (an identity bound by Roles in some namespaces is refused the rest). @default cluster-wide
   */
  namespaces?: readonly string[] | undefined;
  /** Spans for every call and watch start (src/telemetry). @default none */
  tracing?: Tracing | undefined;
}

/** One request on the shared path. `ctx` names the cluster and resource in errors and metrics. */
export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, with its query string. */
  path: string;
  ctx: FailureContext;
  /** The Kubernetes verb, for the upstream metrics ('list', 'get', ...). */
  verb: string;
  body?: string;
  contentType?: string;
  /** Told the HTTP status of a successful answer (a write needs it: 201 Created tells a create). */
  onAnswer?: (status: number) => void;
  /** Told of each HTTP request sent for this call (tracing counts retries). */
  onAttempt?: () => void;
}

export interface ListOptions {
  namespace?: string | null;
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

interface KubeList<T> {
  items?: T[];
  metadata?: { continue?: string };
}

/** Below this much time left before its deadline, a request is not worth sending (or retrying). */
const MIN_REQUEST_MS = 50;

class RetryableFailure extends Error {
  constructor(readonly failure: ClusterError, readonly retryAfterMs: number) {
    super(failure.message);
  }
}

export class ClusterClient {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly server: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly health = new ClusterHealth();
  private readonly kubeConfig: KubeConfig;
  private readonly metrics: UpstreamMetrics;
  private readonly retries: number;
  private readonly slots: Semaphore;
  private readonly url: URL;
  /**
   * What every view of this cluster shares (see `as`): pooled connections, the credentials in use
   * and the version check in flight. One object, so a view's writes reach the client it came from.
   */
  private readonly shared: {
    agent?: http.Agent | undefined;
    watchAgent?: http.Agent | undefined;
    credentials?: { options: Promise<ClusterCredentials>; until: number } | undefined;
    versionInFlight?: Promise<{ gitVersion: string; latencyMs: number }> | undefined;
  } = {};
  /** Whom this view acts as (Impersonate-* headers on every request); undefined: the gateway itself. */
  readonly actingAs: Identity | undefined;
  private readonly credentialTtlMs: number;
  private readonly credentialSource: KubeconfigCredentials;
  /** Every credential value this client has held; nothing it says upstream text may contain them. */
  readonly secrets = new SecretScrubber();
  readonly chunkSize: number;
  /** The namespace scope, sorted (LIST order); undefined: cluster-wide. See ClusterClientOptions.namespaces. */
  readonly namespaces: readonly string[] | undefined;
  /** Where this client's calls are traced (src/telemetry); undefined: not traced. */
  readonly tracing: Tracing | undefined;

  constructor(options: ClusterClientOptions) {
    this.name = options.name;
    this.labels = options.labels;
    this.server = options.server;
    this.kubeConfig = options.kubeConfig;
    this.metrics = options.metrics;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.concurrency = options.concurrency ?? 8;
    this.retries = options.retries ?? 2;
    this.credentialTtlMs = options.credentialTtlMs ?? 60_000;
    this.chunkSize = options.chunkSize ?? 500;
    // In the order of the API server's keys (`namespace/name`): "a-b/..." sorts before "a/...".
    this.namespaces = options.namespaces ? [...options.namespaces].sort((a, b) => (`${a}/` < `${b}/` ? -1 : 1)) : undefined;
    this.credentialSource = new KubeconfigCredentials(options.kubeConfig, (path) => readFileSync(path));
    this.slots = new Semaphore(this.concurrency);
    this.url = new URL(options.server);
    this.tracing = options.tracing;
  }

  /**
   * LIST a collection, in pages of `chunkSize` joined here; items only (the list's own metadata
   * is not needed by the graph). Each page is one request with its own timeout, counted in the
   * upstream metrics. A continue token that expired between pages (410: the cluster compacted)
   * restarts the list once from the beginning, as kubectl would have the user do; twice is an error.
   */
  async list<T>(type: ResourceType, options: ListOptions = {}): Promise<T[]> {
    const base = new URLSearchParams();
    if (options.labelSelector) base.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) base.set('fieldSelector', options.fieldSelector);
    if (this.chunkSize > 0) base.set('limit', String(this.chunkSize));
    const ctx: FailureContext = { cluster: this.name, resource: type.name, group: type.group };
    for (let restarted = false; ; restarted = true) {
      const items: T[] = [];
      let token: string | undefined;
      try {
        do {
          const query = new URLSearchParams(base);
          if (token !== undefined) query.set('continue', token);
          const qs = query.toString();
          const page = await this.getJson<KubeList<T>>(collectionPath(type, options.namespace) + (qs ? `?${qs}` : ''), ctx, 'list');
          for (const item of page.items ?? []) items.push(item);
          token = page.metadata?.continue || undefined;
        } while (token !== undefined);
        return items;
      } catch (e) {
        if (!(e instanceof ClusterError) || e.status !== 410 || token === undefined) throw e;
        if (restarted) {
          const error = new ClusterError(this.name, 'UPSTREAM_ERROR',
            `cluster "${this.name}": ${type.name}: the list changed faster than it could be read in chunks of ${this.chunkSize} ` +
            '(its continue token expired twice); a larger --chunk-size (or chunkSize in the fleet file) reads it in fewer pages', type.name, 410);
          this.recordFailure(error);
          throw error;
        }
      }
    }
  }

  /** GET /version, recording the version and latency in the cluster's health. */
  /**
   * GET /version, recording the version and latency in the cluster's health. Requests that ask
   * while a check is in flight share it: a dashboard polled by many viewers costs one check per
   * cluster at a time, not one per request (each answer is still a check made while it waited).
   */
  version(): Promise<{ gitVersion: string; latencyMs: number }> {
    this.shared.versionInFlight ??= this.checkVersion().finally(() => {
      this.shared.versionInFlight = undefined;
    });
    return this.shared.versionInFlight;
  }

  /**
   * This cluster as seen by `identity`: the same connections, slots, deadlines, health and
   * credentials, with every request made as that user through Kubernetes impersonation.
   *
   * Why: the gateway holds credentials to every cluster; serving callers with them would let each
   * caller do whatever the gateway may (the fleet caches of karmada#3176). Mechanism: each request
   * carries `Impersonate-User`, `Impersonate-Uid` and one `Impersonate-Group` line per group, built
   * here from the authenticated identity only (a client's own Impersonate-* headers never reach a
   * cluster: nothing copies client headers upstream), so the cluster's RBAC decides; the gateway's
   * own identity needs only the `impersonate` verb. Out of scope: `Impersonate-Extra-*` (no
   * authenticator here yields extra fields).
   */
  as(identity: Identity): ClusterClient {
    const view = Object.create(ClusterClient.prototype) as ClusterClient;
    Object.assign(view, this);
    (view as { actingAs: Identity | undefined }).actingAs = identity;
    return view;
  }

  private async checkVersion(): Promise<{ gitVersion: string; latencyMs: number }> {
    const started = performance.now();
    const body = await this.getJson<{ gitVersion?: unknown }>('/version', { cluster: this.name, resource: 'version' }, 'get');
    const latencyMs = performance.now() - started;
    const gitVersion = typeof body.gitVersion === 'string' ? body.gitVersion : 'unknown';
    this.health.checked(gitVersion, latencyMs);
    return { gitVersion, latencyMs };
  }

  /**
   * One write verb (or one object's GET) for the write path, built by writeRequest.ts and sent on
   * the one request path, answered with its HTTP status. Failures are ClusterErrors; a CONFLICT
   * from a server-side apply carries the conflicting fields and their managers.
   */
  async send<T>(write: WriteRequest): Promise<WriteAnswer<T>> {
    let status = 0;
    const body = await this.request<T>({ ...buildWriteRequest(write, this.name), onAnswer: (s) => { status = s; } });
    return { status, body };
  }

  /** GET a path and parse its JSON (see `request`). */
  getJson<T>(path: string, ctx: FailureContext, verb: string): Promise<T> {
    return this.request<T>({ path, ctx, verb });
  }

  /**
   * The one way to send a request: within this cluster's timeout (waiting for a slot included),
   * retrying what may pass on a second try (429/503 and reset connections; only 429 for verbs
   * that change state, since the server refused those before acting), refreshing credentials
   * once on 401, recording health and metrics, parsing the JSON answer.
   */
  request<T>(req: UpstreamRequest): Promise<T> {
    return this.tracing ? this.tracing.clusterCall(this, req, (traced) => this.untracedRequest<T>(traced)) : this.untracedRequest<T>(req);
  }

  private async untracedRequest<T>(req: UpstreamRequest): Promise<T> {
    const { ctx } = req;
    const deadline = Date.now() + this.timeoutMs;
    const granted = await this.slots.acquire(deadline);
    // A slot freed at (or a timer tick before) the deadline leaves no time for a request: do not send one.
    if (!granted || deadline - Date.now() < MIN_REQUEST_MS) {
      if (granted) this.slots.release();
      const error = timeoutError(ctx, this.timeoutMs, true);
      this.recordFailure(error);
      throw error;
    }
    const idempotent = (req.method ?? 'GET') === 'GET';
    let refreshedCredentials = false;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const value = await this.attempt<T>(req, deadline);
          this.health.succeeded();
          return value;
        } catch (e) {
          const retryable = e instanceof RetryableFailure && (idempotent || e.failure.status === 429);
          const failure = e instanceof RetryableFailure ? e.failure : (e as ClusterError);
          const wait = e instanceof RetryableFailure ? e.retryAfterMs : 0;
          if (failure.status === 401 && !refreshedCredentials && this.shared.credentials) {
            // Cached credentials may have expired (an exec plugin's token): get fresh ones, once.
            refreshedCredentials = true;
            this.shared.credentials = undefined;
            attempt--;
            continue;
          }
          if (retryable && attempt < this.retries && Date.now() + wait < deadline - MIN_REQUEST_MS) {
            await new Promise((r) => setTimeout(r, wait));
            continue;
          }
          this.recordFailure(failure);
          throw failure;
        }
      }
    } finally {
      this.slots.release();
    }
  }

  /**
   * Request options for a long-lived streamed GET (a watch, see watchStream.ts): this client's
   * credentials and TLS settings, but connections of their own. A watch holds its socket for
   * minutes; on the shared pool (maxSockets = concurrency) a few watches would starve every LIST,
   * so watches take neither a pooled socket nor a concurrency slot. Their number is bounded by the
   * watch hub instead (one per cluster × resource × namespace scope).
   */
  async streamRequestOptions(path: string): Promise<https.RequestOptions> {
    const options = await this.requestOptions({ path, ctx: { cluster: this.name, resource: 'watch' }, verb: 'watch' });
    this.shared.watchAgent ??= this.url.protocol === 'https:'
      ? new https.Agent({ ...(options.agent as https.Agent).options, keepAlive: false, maxSockets: Infinity })
      : new http.Agent({ keepAlive: false });
    return { ...options, agent: this.shared.watchAgent };
  }

  /**
   * A failure into the cluster's shared health. A view acting as a caller records only what says
   * something about the cluster (unreachable, timed out, failing): its refusals and not-founds are
   * that caller's answer, and Cluster.status.lastError, shown to every caller, must not carry
   * another user's 403 (which names them and what they tried).
   */
  private recordFailure(error: ClusterError): void {
    if (this.actingAs && !['CLUSTER_UNREACHABLE', 'CLUSTER_TIMEOUT', 'UPSTREAM_ERROR'].includes(error.code)) return;
    this.health.failed(error);
  }

  /** Drop pooled connections (shutdown). */
  close(): void {
    this.shared.agent?.destroy();
    this.shared.watchAgent?.destroy();
  }

  /** Credentials (headers, TLS material) from the kubeconfig context, reused for credentialTtlMs. */
  private credentialOptions(): Promise<ClusterCredentials> {
    const current = this.shared.credentials;
    if (current && Date.now() < current.until) return current.options;
    // One lookup shared by the calls that need it meanwhile (a plugin runs once, not once per call).
    const options = this.credentialSource.resolve().then((c) => {
      // Known before any request carries them, so no answer to that request can echo them unscrubbed.
      this.secrets.add(...c.secrets);
      return c;
    });
    const entry = { options, until: Date.now() + this.credentialTtlMs };
    this.shared.credentials = entry;
    options.catch(() => {
      if (this.shared.credentials === entry) this.shared.credentials = undefined;
    });
    return options;
  }

  private async requestOptions(req: UpstreamRequest): Promise<https.RequestOptions> {
    const credentials = await this.credentialOptions();
    if (!this.shared.agent) {
      const tls = Object.fromEntries(Object.entries(credentials.tls).filter(([, v]) => v !== undefined));
      this.shared.agent = this.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: this.concurrency, ...tls })
        : new http.Agent({ keepAlive: true, maxSockets: this.concurrency });
    }
    const basePath = this.url.pathname.replace(/\/$/, '');
    const headers: http.OutgoingHttpHeaders = { ...credentials.headers, accept: 'application/json', 'user-agent': 'fleetgraph' };
    if (this.actingAs) Object.assign(headers, impersonationHeaders(this.actingAs));
    if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(req.body);
    }
    return {
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || (this.url.protocol === 'https:' ? 443 : 80),
      path: basePath + req.path,
      method: req.method ?? 'GET',
      headers,
      agent: this.shared.agent,
    };
  }

  private async attempt<T>(req: UpstreamRequest, deadline: number): Promise<T> {
    const { ctx, verb } = req;
    const started = performance.now();
    req.onAttempt?.();
    const observe = (outcome: string) =>
      this.metrics.observe({ cluster: this.name, resource: ctx.resource, verb, outcome, seconds: (performance.now() - started) / 1000 });
    let options: https.RequestOptions;
    try {
      options = await this.requestOptions(req);
    } catch {
      // A failing exec plugin or unreadable credential file: the message may carry secrets.
      const error = new ClusterError(this.name, 'UNAUTHENTICATED', `cluster "${this.name}": could not obtain credentials from its kubeconfig context`, ctx.resource);
      observe(error.code);
      throw error;
    }
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (error: ClusterError | RetryableFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        observe(error instanceof RetryableFailure ? error.failure.code : error.code);
        reject(error);
      };
      const request = transport.request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(classifyNetworkError(ctx, e)));
        res.on('end', () => {
          if (settled) return;
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          if (status >= 200 && status < 300) {
            if (body === undefined || typeof body !== 'object' || body === null) {
              fail(malformedAnswer(ctx, status));
              return;
            }
            settled = true;
            clearTimeout(timer);
            observe('ok');
            req.onAnswer?.(status);
            resolve(body as T);
            return;
          }
          // Upstream text reaches unauthenticated clients: scrub the credentials we hold (any encoding), then keywords.
          const message = scrubStatusMessage(typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined, this.secrets);
          const failure = classifyHttpStatus(ctx, status, message, status === 409 ? fieldConflicts(body, this.secrets) : undefined);
          if (status === 429 || status === 503) {
            const retryAfter = Number(res.headers['retry-after']);
            fail(new RetryableFailure(failure, Number.isFinite(retryAfter) ? Math.min(retryAfter * 1000, 2000) : 200));
          } else {
            fail(failure);
          }
        });
      });
      const timer = setTimeout(() => {
        fail(timeoutError(ctx, this.timeoutMs));
        request.destroy();
      }, Math.max(0, deadline - Date.now()));
      request.on('error', (e) => {
        const failure = classifyNetworkError(ctx, e);
        const code = (e as NodeJS.ErrnoException).code;
        fail(code === 'ECONNRESET' || code === 'EPIPE' ? new RetryableFailure(failure, 50) : failure);
      });
      request.end(req.body);
    });
  }
}

/** The Impersonate-* header lines for `identity` (one `Impersonate-Group` line per group). */
export function impersonationHeaders(identity: Identity): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { 'impersonate-user': identity.user };
  if (identity.uid) headers['impersonate-uid'] = identity.uid;
  if (identity.groups.length > 0) headers['impersonate-group'] = [...identity.groups];
  return headers;
}
