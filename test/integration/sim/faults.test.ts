/**
 * Injected faults and authentication, as @kubernetes/client-node experiences them over real
 * HTTPS: latency, 500/503/429 answers, a cluster that is down or hangs, watch streams cut after
 * N events or T milliseconds, forced compaction; bearer tokens and impersonation headers as the
 * cluster records them.
 */
import { KubeConfig, CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { abortOpenWatches, clientsFor, corePath, eventually, openWatch, rawRequest, refusal, withSignal, type Clients } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const NS = 'faults';
const VIEWER_TOKEN = 'viewer-token-0123456789';

let fleet: SimFleet;
let cluster: SimCluster;
let api: Clients;

async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The error a call fails with at the transport level (no HTTP answer). */
async function transportError(call: Promise<unknown>): Promise<Error & { code?: string; type?: string }> {
  try {
    await call;
  } catch (e) {
    return e as Error & { code?: string; type?: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  fleet = await SimFleet.start({
    clusters: [{ name: 'faulty', extraTokens: { [VIEWER_TOKEN]: { username: 'viewer', groups: ['viewers', 'system:authenticated'] } } }],
    nodes: 1,
  });
  cluster = fleet.cluster('faulty');
  api = clientsFor(fleet, 'faulty');
  await api.core.createNamespace({ body: { metadata: { name: NS } } });
  for (let i = 0; i < 5; i++) await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: `cm-${i}` } } });
});

afterEach(async () => {
  abortOpenWatches();
  await cluster.resetFaults();
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('latency', () => {
  test('every request takes at least the injected latency', async () => {
    await cluster.setFaults({ latencyMs: 250 });
    expect(await elapsed(() => api.core.listNamespacedConfigMap({ namespace: NS }))).toBeGreaterThanOrEqual(250);
    expect(await elapsed(() => api.core.readNamespacedConfigMap({ namespace: NS, name: 'cm-0' }))).toBeGreaterThanOrEqual(250);
  });

  test('jitter adds to the latency, never takes from it', async () => {
    await cluster.setFaults({ latencyMs: 100, jitterMs: 100 });
    for (let i = 0; i < 3; i++) expect(await elapsed(() => api.core.readNamespacedConfigMap({ namespace: NS, name: 'cm-0' }))).toBeGreaterThanOrEqual(100);
  });

  test('a watch is delayed by the latency too', async () => {
    await cluster.setFaults({ latencyMs: 200 });
    const start = performance.now();
    const w = await openWatch(api.watch, corePath(NS, 'configmaps'), {});
    await w.until((e) => e.length >= 1);
    expect(performance.now() - start).toBeGreaterThanOrEqual(200);
    w.abort();
  });
});

describe('error answers', () => {
  test.each([
    [500, 'InternalError'],
    [503, 'ServiceUnavailable'],
    [429, 'TooManyRequests'],
  ] as const)('errorRate 1 with code %i answers every request with %s', async (code, reason) => {
    await cluster.setFaults({ errorRate: 1, errorCodes: [code], retryAfterSeconds: 7 });
    const before = cluster.requests.count();
    for (let i = 0; i < 3; i++) {
      const r = await refusal(api.core.listNamespacedConfigMap({ namespace: NS }));
      expect(r.code).toBe(code);
      expect(r.status).toMatchObject({ kind: 'Status', status: 'Failure', code, reason });
      if (code === 429) {
        expect(r.headers['retry-after']).toBe('7');
        expect(r.status?.details?.retryAfterSeconds).toBe(7);
      } else {
        expect(r.headers['retry-after']).toBeUndefined();
      }
    }
    // The failed requests still reached the cluster and are recorded with their status.
    const recorded = cluster.requests.all().slice(before);
    expect(recorded.map((r) => r.status)).toEqual([code, code, code]);
  });

  test('a watch refused by an injected error ends with that status code', async () => {
    await cluster.setFaults({ errorRate: 1, errorCodes: [503] });
    const w = await openWatch(api.watch, corePath(NS, 'configmaps'), {});
    const err = await w.done as { statusCode?: number };
    expect(err.statusCode).toBe(503);
    expect(w.events).toEqual([]);
  });

  test('errorRate 0 after an error phase answers normally again', async () => {
    await cluster.setFaults({ errorRate: 1, errorCodes: [500] });
    expect((await refusal(api.core.readNamespacedConfigMap({ namespace: NS, name: 'cm-0' }))).code).toBe(500);
    await cluster.setFaults({ errorRate: 0 });
    expect((await api.core.readNamespacedConfigMap({ namespace: NS, name: 'cm-0' })).metadata!.name).toBe('cm-0');
  });
});

describe('down', () => {
  test('a down cluster refuses connections, and comes back on the same URL', async () => {
    const url = cluster.url;
    const w = await openWatch(api.watch, corePath(NS, 'configmaps'), {});
    await w.until((e) => e.length >= 5);
    await cluster.setFaults({ down: true });
    // Open watches end when the cluster goes down.
    await w.done;
    expect(cluster.openWatchCount).toBe(0);
    const err = await transportError(api.core.listNamespacedConfigMap({ namespace: NS }));
    expect(err.code).toBe('ECONNREFUSED');
    await cluster.setFaults({ down: false });
    expect(cluster.url).toBe(url);
    const list = await api.core.listNamespacedConfigMap({ namespace: NS });
    expect(list.items.map((c) => c.metadata!.name)).toContain('cm-0');
  });

  test('a cluster that starts down has its URL reserved and serves there once up', async () => {
    const late = await SimFleet.start({ clusters: 1, namePrefix: 'late', nodes: 1, faults: { down: true } });
    try {
      const c = late.clusters[0]!;
      expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:[1-9]\d*$/);
      const lateApi = clientsFor(late, c.name);
      expect((await transportError(lateApi.core.listNode())).code).toBe('ECONNREFUSED');
      await c.setFaults({ down: false });
      expect((await lateApi.core.listNode()).items).toHaveLength(1);
    } finally {
      await late.stop();
    }
  });
});

describe('hang', () => {
  test('a hanging cluster accepts the request and never answers: the client\'s own timeout fires', async () => {
    await cluster.setFaults({ hang: true });
    const start = performance.now();
    const err = await transportError(api.core.listNamespacedConfigMap({ namespace: NS }, withSignal(AbortSignal.timeout(300))));
    // The client gave up on its own timeout (timer granularity aside), not on an answer.
    expect(performance.now() - start).toBeGreaterThanOrEqual(295);
    expect(err.name).toBe('AbortError');
    await cluster.setFaults({ hang: false });
    expect((await api.core.readNamespacedConfigMap({ namespace: NS, name: 'cm-1' })).metadata!.name).toBe('cm-1');
  });
});

describe('watch cuts', () => {
  test('watchCutAfterEvents ends each stream after that many events', async () => {
    await cluster.setFaults({ watchCutAfterEvents: 3 });
    const w = await openWatch(api.watch, corePath(NS, 'configmaps'), {});
    expect(await w.done).toBeNull();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    await eventually(() => cluster.openWatchCount === 0);
    // The next watch gets cut the same way: three of the four changes that follow.
    const list = await api.core.listNamespacedConfigMap({ namespace: NS });
    const resumed = await openWatch(api.watch, corePath(NS, 'configmaps'), { resourceVersion: list.metadata!.resourceVersion! });
    for (const n of ['late-1', 'late-2', 'late-3', 'late-4']) await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: n } } });
    await resumed.done;
    expect(resumed.events.map((e) => (e.object as V1ConfigMap).metadata!.name)).toEqual(['late-1', 'late-2', 'late-3']);
  });

  test('watchCutAfterMs ends each stream after that long', async () => {
    await cluster.setFaults({ watchCutAfterMs: 300 });
    const start = performance.now();
    const w = await openWatch(api.watch, corePath(NS, 'configmaps'), {});
    expect(await w.done).toBeNull();
    expect(performance.now() - start).toBeGreaterThanOrEqual(300);
    expect(w.events.length).toBeGreaterThan(0);
    await eventually(() => cluster.openWatchCount === 0);
  });
});

describe('forced compaction', () => {
  test('after compact() a watch from an older resourceVersion gets 410 Expired, and a fresh list-then-watch works', async () => {
    const list = await api.core.listNamespacedConfigMap({ namespace: NS });
    await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'post-list' } } });
    cluster.compact();
    const stale = await openWatch(api.watch, corePath(NS, 'configmaps'), { resourceVersion: list.metadata!.resourceVersion! });
    await stale.done;
    expect(stale.events).toHaveLength(1);
    expect(stale.events[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    // What an informer does next: list again and watch from there.
    const relist = await api.core.listNamespacedConfigMap({ namespace: NS });
    const fresh = await openWatch(api.watch, corePath(NS, 'configmaps'), { resourceVersion: relist.metadata!.resourceVersion! });
    await api.core.deleteNamespacedConfigMap({ namespace: NS, name: 'post-list' });
    const events = await fresh.until((e) => e.length >= 1);
    expect(events.map((e) => e.type)).toEqual(['DELETED']);
    fresh.abort();
    await eventually(() => cluster.openWatchCount === 0);
  });
});

describe('bearer tokens', () => {
  test('a request without a token is 401 Unauthorized', async () => {
    const res = await rawRequest(cluster, { path: corePath(NS, 'configmaps'), auth: false });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect(cluster.requests.all().at(-1)).toMatchObject({ status: 401, user: '' });
  });

  test('a request with a wrong token is 401 Unauthorized, through client-node too', async () => {
    const res = await rawRequest(cluster, { path: corePath(NS, 'configmaps'), auth: false, headers: { Authorization: 'Bearer not-the-token' } });
    expect(res.status).toBe(401);
    const kc = new KubeConfig();
    kc.loadFromString(fleet.kubeconfig().replace(cluster.token, 'not-the-token'));
    kc.setCurrentContext('faulty');
    const r = await refusal(kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: NS }));
    expect(r.code).toBe(401);
  });

  test('/version and /healthz answer without a token', async () => {
    const version = await rawRequest(cluster, { path: '/version', auth: false });
    expect(version.status).toBe(200);
    expect(JSON.parse(version.body)).toMatchObject({ gitVersion: expect.stringMatching(/^v1\./) });
    expect((await rawRequest(cluster, { path: '/healthz', auth: false })).status).toBe(200);
  });

  test('each token acts as its own user in the request log', async () => {
    await api.core.listNamespacedConfigMap({ namespace: NS });
    expect(cluster.requests.all().at(-1)!.user).toBe('admin');
    const res = await rawRequest(cluster, { path: corePath(NS, 'configmaps'), auth: false, headers: { Authorization: `Bearer ${VIEWER_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(cluster.requests.all().at(-1)).toMatchObject({ user: 'viewer', verb: 'list', resource: 'configmaps', namespace: NS });
  });

  test('Impersonate-User and several Impersonate-Group header lines are recorded as separate entries', async () => {
    const res = await rawRequest(cluster, {
      path: corePath(NS, 'configmaps'),
      headers: { 'Impersonate-User': 'jane@example.com', 'Impersonate-Group': ['developers', 'oncall', 'a,b'] },
    });
    expect(res.status).toBe(200);
    const record = cluster.requests.all().at(-1)!;
    expect(record).toMatchObject({ user: 'admin', impersonateUser: 'jane@example.com', verb: 'list', resource: 'configmaps' });
    expect(record.impersonateGroups).toEqual(['developers', 'oncall', 'a,b']);
    // Without the headers nothing is impersonated.
    await api.core.listNamespacedConfigMap({ namespace: NS });
    expect(cluster.requests.all().at(-1)).toMatchObject({ impersonateUser: undefined, impersonateGroups: [] });
  });
});
