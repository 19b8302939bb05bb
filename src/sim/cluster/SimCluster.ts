/**
 * One simulated Kubernetes cluster: object store, registry, controllers and HTTP API server
 * on 127.0.0.1, with handles for tests and benchmarks to steer it (faults, clock, compaction,
 * the record of requests that reached it).
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiServer } from '../api/ApiServer.ts';
import type { ApiContext, UserInfo, VersionInfo } from '../api/ApiContext.ts';
import { seedDefaultRbac } from '../auth/defaultRbac.ts';
import { RbacAuthorizer } from '../auth/RbacAuthorizer.ts';
import { bootstrapCluster } from '../bootstrap/bootstrapCluster.ts';
import { RealClock, type SimClock } from '../clock.ts';
import { DEFAULT_TIMINGS, startControllers, type ClusterTimings, type ControllerContext, type ControllerManager } from '../controllers/ControllerManager.ts';
import { EventRecorder } from '../controllers/EventRecorder.ts';
import { nodeMetrics, podMetrics } from '../metrics/metricsFor.ts';
import { Registry } from '../registry/Registry.ts';
import { SeededRandom } from '../registry/SeededRandom.ts';
import { ObjectStore } from '../store/ObjectStore.ts';
import { NO_FAULTS, validateFaults, type FaultSettings } from './Faults.ts';
import { RequestLog } from './RequestLog.ts';
import { makeServerCredentials, type ServerCredentials } from '../tls.ts';

export interface SimClusterOptions {
  /** Cluster name; also its kubeconfig context, cluster and user name. DNS-1123 label. */
  name: string;
  /** Seed for everything random in the cluster (uids, names, IPs, metrics). @default a hash of the name */
  seed?: number;
  /** Cluster time. Pass a ManualClock to drive time from a test. @default new RealClock(speed) */
  clock?: SimClock;
  /** With the default real clock: how much faster than real time the cluster behaves. @default 1 */
  speed?: number;
  /** Worker nodes created at start. @default 3 */
  nodes?: number;
  /** Node capacity. @default { cpu: '4', memory: '16Gi', pods: 110 } */
  nodeCpu?: string;
  nodeMemory?: string;
  maxPodsPerNode?: number;
  /** Labels of the cluster (env, region, ...), put on its nodes' topology labels where they apply. */
  labels?: Record<string, string>;
  /** Bearer token the cluster accepts (as user `admin`, group `system:masters`). @default random */
  token?: string;
  /** More tokens: token → user. */
  extraTokens?: Record<string, UserInfo>;
  /** Faults active from the start. */
  faults?: Partial<FaultSettings>;
  /** Changes remembered for watch resumption and paginated reads (see ObjectStore). @default 5000 */
  historySize?: number;
  /** Real-time interval between BOOKMARK events on watches that allow them. @default 60000 */
  bookmarkIntervalMs?: number;
  /** Controller and kubelet delays in cluster time. */
  timings?: Partial<ClusterTimings>;
  /** Run controllers (scheduler, kubelet, workload controllers...). @default true */
  controllers?: boolean;
  /** Port to listen on. @default 0 (ephemeral) */
  port?: number;
  /** Kubernetes version reported by /version. @default 'v1.32.4' */
  kubernetesVersion?: string;
  /** Serve metrics.k8s.io (as metrics-server does). false: the group is absent from discovery and its paths answer 404. @default true */
  metricsApi?: boolean;
  /** Server certificate and its CA; a fleet shares one. @default made at start */
  tls?: ServerCredentials;
  /**
   * Also serve the API on plain HTTP (127.0.0.1, its own port, `httpUrl`) without
   * authentication, as `kubectl proxy` does: every request acts as the admin token. @default false
   */
  plainHttp?: boolean;
  /**
   * Enforce RBAC as kube-apiserver does (Roles, ClusterRoles and bindings; impersonation needs
   * the `impersonate` verb; writes of Roles and bindings may not grant more than the writer holds
   * unless he has `escalate` or `bind`; SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview
   * for `kubectl auth can-i` and `whoami`), with the bootstrap roles seeded (cluster-admin,
   * discovery, basic-user, view/edit/admin). See ../auth/. The admin token stays in `system:masters`. false: every authenticated
   * request is allowed, and the self-review APIs are not served. @default false
   */
  rbac?: boolean;
}

/** A token the cluster accepts for a user (as kube-apiserver's token file). */
export interface SimUser {
  token: string;
  user: string;
  /** Groups besides `system:authenticated`, which every authenticated user gets. @default [] */
  groups?: string[];
  uid?: string;
}

const ADMIN: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function versionInfo(gitVersion: string): VersionInfo {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1', minor: m?.[2] ?? '32', gitVersion,
    gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean',
    buildDate: '2025-04-22T16:02:27Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
  };
}

export class SimCluster {
  readonly name: string;
  readonly seed: number;
  readonly store: ObjectStore;
  readonly registry: Registry;
  readonly clock: SimClock;
  readonly requests = new RequestLog();
  readonly labels: Readonly<Record<string, string>>;
  private faultSettings: FaultSettings;
  private readonly api: ApiServer;
  private readonly controllers: ControllerManager | undefined;
  private readonly controllerContext: ControllerContext;
  private readonly faultRng: SeededRandom;
  private port = 0;
  private currentToken: string;
  private readonly tokens: Map<string, UserInfo>;
  private plain: HttpServer | undefined;
  private plainPort = 0;
  private listening = false;
  private stopped = false;

  /** PEM of the CA that signed this cluster's serving certificate (for kubeconfigs). */
  readonly caPem: string;

  private constructor(private readonly options: SimClusterOptions, tls: ServerCredentials) {
    this.caPem = tls.caPem;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.name) || options.name.length > 63) {
      throw new Error(`SimCluster: name ${JSON.stringify(options.name)} must be a DNS-1123 label (lower-case letters, digits, '-')`);
    }
    this.name = options.name;
    this.seed = options.seed ?? hashSeed(options.name);
    this.currentToken = options.token ?? randomBytes(24).toString('base64url');
    this.labels = { ...(options.labels ?? {}) };
    this.clock = options.clock ?? new RealClock(options.speed ?? 1);
    this.store = new ObjectStore(options.historySize !== undefined ? { historySize: options.historySize } : {});
    const random = new SeededRandom(this.seed);
    this.faultRng = new SeededRandom(this.seed ^ 0x5bd1e995);
    this.registry = new Registry(this.store, this.clock, random);
    if (options.faults) validateFaults(options.faults);
    this.faultSettings = { ...NO_FAULTS, ...(options.faults ?? {}) };
    bootstrapCluster(this.registry, {
      clusterName: this.name,
      nodes: options.nodes ?? 3,
      ...(options.nodeCpu ? { nodeCpu: options.nodeCpu } : {}),
      ...(options.nodeMemory ? { nodeMemory: options.nodeMemory } : {}),
      ...(options.maxPodsPerNode ? { maxPodsPerNode: options.maxPodsPerNode } : {}),
      kubeletVersion: options.kubernetesVersion ?? 'v1.32.4',
      labels: this.labels,
    });
    const tokens = new Map<string, UserInfo>([[this.currentToken, ADMIN]]);
    this.tokens = tokens;
    for (const [t, u] of Object.entries(options.extraTokens ?? {})) tokens.set(t, u);
    const timings: ClusterTimings = { ...DEFAULT_TIMINGS, ...(options.timings ?? {}) };
    this.controllerContext = {
      registry: this.registry, clock: this.clock, random, clusterName: this.name, timings,
      events: new EventRecorder(this.registry, this.clock, random),
    };
    if (options.controllers !== false) this.controllers = startControllers(this.controllerContext);
    const metricsCtx = { registry: this.registry, clock: this.clock, seed: this.seed };
    const ctx: ApiContext = {
      clusterName: this.name,
      registry: this.registry,
      store: this.store,
      clock: this.clock,
      faults: () => this.faultSettings,
      tokens,
      version: versionInfo(options.kubernetesVersion ?? 'v1.32.4'),
      requests: this.requests,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      metrics: options.metricsApi === false ? undefined : { nodes: () => nodeMetrics(metricsCtx), pods: (ns) => podMetrics(metricsCtx, ns) },
      rbac: options.rbac ? new RbacAuthorizer(this.registry) : undefined,
      faultRandom: () => this.faultRng.next(),
    };
    if (options.rbac) seedDefaultRbac(this.registry);
    this.api = new ApiServer(ctx, tls);
  }

  /** Create the cluster and start serving on 127.0.0.1. */
  static async start(options: SimClusterOptions): Promise<SimCluster> {
    const cluster = new SimCluster(options, options.tls ?? await makeServerCredentials(options.name));
    cluster.port = options.port ?? 0;
    if (!cluster.faultSettings.down) await cluster.listen();
    else cluster.port = await reservePort(cluster.port);
    if (options.plainHttp) await cluster.listenPlain();
    return cluster;
  }

  /** The bearer token the cluster accepts as admin (changes with rotateToken). */
  get token(): string {
    return this.currentToken;
  }

  /**
   * Revoke the admin token and accept a new one (given, or random) instead, as when a cloud
   * credential expires: requests with the old one get 401 from now on. Returns the new token.
   */
  rotateToken(next: string = randomBytes(24).toString('base64url')): string {
    this.tokens.delete(this.currentToken);
    this.currentToken = next;
    this.tokens.set(next, ADMIN);
    return next;
  }

  /** Accept one more bearer token, for this user and groups (plus `system:authenticated`, as kube adds it). */
  addUser(u: SimUser): void {
    if (u.token === '' || /\s/.test(u.token)) throw new Error(`SimCluster.addUser: token must be non-empty without whitespace, got ${JSON.stringify(u.token)}`);
    if (u.user === '') throw new Error('SimCluster.addUser: user must be non-empty');
    if (this.tokens.has(u.token)) throw new Error(`SimCluster.addUser: cluster ${this.name} already accepts that token`);
    const groups = [...(u.groups ?? [])];
    if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
    this.tokens.set(u.token, { username: u.user, groups, ...(u.uid !== undefined ? { uid: u.uid } : {}) });
  }

  /** http://127.0.0.1:PORT of the plain-HTTP listener (only with `plainHttp`). */
  get httpUrl(): string {
    if (!this.plain) throw new Error(`cluster ${this.name} was started without plainHttp`);
    return `http://127.0.0.1:${this.plainPort}`;
  }

  private async listenPlain(): Promise<void> {
    // As kubectl proxy: add the admin credential and hand the request to the one API handler.
    const plain = createHttpServer((req, res) => {
      req.headers.authorization = `Bearer ${this.currentToken}`;
      this.api.server.emit('request', req, res);
    });
    this.plain = plain;
    await new Promise<void>((resolve, reject) => {
      plain.once('error', reject);
      plain.listen(0, '127.0.0.1', () => {
        this.plainPort = (plain.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** https://127.0.0.1:PORT */
  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get faults(): Readonly<FaultSettings> {
    return this.faultSettings;
  }

  /** Change faults. `down: true` stops listening (refused connections); `false` listens again on the same port. */
  async setFaults(patch: Partial<FaultSettings>): Promise<void> {
    validateFaults(patch);
    const wasDown = this.faultSettings.down;
    this.faultSettings = { ...this.faultSettings, ...patch };
    if (this.faultSettings.down && !wasDown) await this.unlisten();
    if (!this.faultSettings.down && wasDown && !this.stopped) await this.listen();
    if (patch.hang === false || patch.down) this.api.dropConnections();
  }

  async resetFaults(): Promise<void> {
    await this.setFaults({ ...NO_FAULTS });
  }

  /** Forget watch history: every older resourceVersion now gets 410 Expired. */
  compact(): void {
    this.store.compact();
  }

  /** Resolves when the controllers have no queued work (time-delayed work does not count). */
  async settle(): Promise<void> {
    await this.controllers?.settle();
  }

  /** Run something that acts on the cluster like a controller (the demo's background activity). */
  startDemoActivity(start: (ctx: ControllerContext) => { stop(): void }): { stop(): void } {
    return start(this.controllerContext);
  }

  /**
   * Reconciles that threw (they are retried with back-off, as real controllers requeue). A
   * healthy run has none; test suites assert that when they stop their fleets.
   */
  get controllerErrors(): { count: number; last: string } {
    const last = this.controllers?.lastError;
    return { count: this.controllers?.errorCount ?? 0, last: last instanceof Error ? last.message : last === undefined ? '' : String(last) };
  }

  get openWatchCount(): number {
    return this.api.openWatchCount;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const failed = this.controllerErrors;
    if (failed.count > 0) process.emitWarning(`simulated cluster ${this.name}: controllers failed ${failed.count} reconciles; last: ${failed.last}`);
    this.controllers?.stop();
    const plain = this.plain;
    if (plain) await new Promise<void>((resolve) => { plain.close(() => resolve()); plain.closeAllConnections(); });
    await this.unlisten();
  }

  private async listen(): Promise<void> {
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(new Error(`cluster ${this.name}: cannot listen on 127.0.0.1:${this.port}: ${e.message}`));
      this.api.server.once('error', onError);
      this.api.server.listen(this.port, '127.0.0.1', () => {
        this.api.server.off('error', onError);
        this.port = (this.api.server.address() as AddressInfo).port;
        this.listening = true;
        resolve();
      });
    });
  }

  private async unlisten(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.api.server.close(() => resolve()));
    this.api.dropConnections();
    await closed;
  }
}

/** Find a free port to stand for a cluster that starts out down. */
async function reservePort(port: number): Promise<number> {
  if (port !== 0) return port;
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
