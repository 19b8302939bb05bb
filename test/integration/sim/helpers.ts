/**
 * Shared plumbing for the simulator's integration suite: a KubeConfig per cluster loaded from
 * the fleet's own kubeconfig (so @kubernetes/client-node talks to the simulator exactly as it
 * would to a real cluster), per-call client options (content type, abort signal), decoding of
 * the Status a refused request carries, collecting watch events, and raw HTTPS requests for
 * what the typed client cannot send (several header lines, no token).
 */
import { request as httpsRequest } from 'node:https';
import {
  ApiException, AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, Observable, Watch,
  setHeaderOptions, type ConfigurationOptions, type RequestContext, type ResponseContext,
} from '@kubernetes/client-node';
import type { SimCluster, SimFleet } from '../../../src/sim/index.ts';

export interface Clients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  objects: KubernetesObjectApi;
  custom: CustomObjectsApi;
  watch: Watch;
}

/** A KubeConfig from the fleet's kubeconfig YAML with `context` current, and the APIs made from it. */
export function clientsFor(fleet: SimFleet, context: string): Clients {
  const kc = new KubeConfig();
  kc.loadFromString(fleet.kubeconfig());
  kc.setCurrentContext(context);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
    custom: kc.makeApiClient(CustomObjectsApi),
    watch: new Watch(kc),
  };
}

/** Per-call options that change the request before it is sent (appended after the auth setup). */
function preMiddleware(change: (ctx: RequestContext) => void): ConfigurationOptions {
  return {
    middleware: [{
      pre: (ctx: RequestContext) => { change(ctx); return new Observable(Promise.resolve(ctx)); },
      post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
    }],
    middlewareMergeStrategy: 'append',
  };
}

/** Send the body with this Content-Type (the patch strategy of a typed patch call). */
export function withContentType(contentType: string): ConfigurationOptions {
  return setHeaderOptions('Content-Type', contentType);
}

/** Abort the request with this signal (the client's own timeout). */
export function withSignal(signal: AbortSignal): ConfigurationOptions {
  return preMiddleware((ctx) => ctx.setSignal(signal));
}

export interface KubeStatus {
  kind: string;
  status: string;
  message: string;
  reason: string;
  code: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

export interface Refusal {
  code: number;
  status: KubeStatus | undefined;
  headers: Record<string, string>;
}

/** Await a call that must fail with an HTTP error; returns its code, Status body and headers. */
export async function refusal(call: Promise<unknown>): Promise<Refusal> {
  let result: unknown;
  try {
    result = await call;
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    const err = e as ApiException<unknown>;
    let status: KubeStatus | undefined;
    if (typeof err.body === 'string' && err.body !== '') status = JSON.parse(err.body) as KubeStatus;
    else if (err.body && typeof err.body === 'object') status = err.body as KubeStatus;
    return { code: err.code, status, headers: err.headers };
  }
  throw new Error(`expected the call to fail, but it succeeded with ${JSON.stringify(result).slice(0, 300)}`);
}

export interface WatchEvent<T = Record<string, unknown>> {
  type: string;
  object: T;
}

export interface OpenWatch<T = Record<string, unknown>> {
  events: WatchEvent<T>[];
  /** Resolves when the stream ends (server close, abort or error), with the error if any. */
  done: Promise<unknown>;
  abort(): void;
  /** Resolves once `predicate` holds for the events received so far. */
  until(predicate: (events: WatchEvent<T>[]) => boolean, timeoutMs?: number): Promise<WatchEvent<T>[]>;
}

/** Watches opened by openWatch and not yet finished: `abortOpenWatches()` ends them (afterEach). */
const openWatches = new Set<() => void>();

/** Abort every watch a test left open (a failed assertion before its own abort). */
export function abortOpenWatches(): void {
  for (const abort of [...openWatches]) abort();
}

/** Start a watch through client-node's Watch and collect its events. */
export async function openWatch<T = Record<string, unknown>>(
  watch: Watch, path: string, query: Record<string, string | number | boolean>,
): Promise<OpenWatch<T>> {
  const events: WatchEvent<T>[] = [];
  const waiters = new Set<() => void>();
  let finish!: (err: unknown) => void;
  const done = new Promise<unknown>((resolve) => { finish = resolve; });
  let ended = false;
  let abort = () => {};
  const controller = await watch.watch(path, query, (type, object) => {
    events.push({ type, object: object as T });
    for (const w of [...waiters]) w();
  }, (err) => {
    ended = true;
    openWatches.delete(abort);
    finish(err);
    for (const w of [...waiters]) w();
  });
  abort = () => {
    openWatches.delete(abort);
    controller.abort();
  };
  if (!ended) openWatches.add(abort);
  return {
    events,
    done,
    abort,
    until(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            cleanup();
            resolve(events);
          } else if (ended) {
            cleanup();
            reject(new Error(`watch ended before the expected events arrived; got ${JSON.stringify(events.map((e) => e.type))}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for watch events; got ${JSON.stringify(events.map((e) => e.type))}`));
        }, timeoutMs);
        const cleanup = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Resolves when `predicate` holds, polling every 10 ms (real time). */
export async function eventually(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  /** Header values; an array becomes several header lines of the same name. */
  headers?: Record<string, string | string[]>;
  body?: string;
  /** Send the cluster's bearer token. @default true */
  auth?: boolean;
  /** Stop reading after this many body bytes or this text appears (for endless watch streams). */
  until?: (body: string) => boolean;
}

/** One HTTPS request to a cluster, verifying its certificate with the kubeconfig's CA. */
export function rawRequest(cluster: SimCluster, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path, cluster.url);
  const headers: Record<string, string | string[]> = { Accept: 'application/json', ...(req.headers ?? {}) };
  if (req.auth !== false) headers.Authorization = `Bearer ${cluster.token}`;
  return new Promise((resolve, reject) => {
    const r = httpsRequest(url, { method: req.method ?? 'GET', headers, ca: cluster.caPem, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      const finish = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      res.on('data', (chunk: string) => {
        body += chunk;
        if (req.until?.(body)) {
          finish();
          res.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The namespaced path of a collection in the core group: /api/v1/namespaces/<ns>/<resource>. */
export function corePath(namespace: string, resource: string): string {
  return `/api/v1/namespaces/${namespace}/${resource}`;
}
