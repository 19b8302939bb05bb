/**
 * The fan-out engine without GraphQL: ClusterClients over real HTTPS to simulated clusters,
 * and one request's FleetLoaders. Checks the per-request guarantees directly: one LIST per key,
 * data errors as values per cluster, a dead cluster costing one timeout per request, the
 * concurrency limit, and retries of throttled answers within the timeout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadClusterSpecs } from '../../../src/fleet/loadClusterSpecs.ts';
import { ClusterClient } from '../../../src/kube/ClusterClient.ts';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { UpstreamMetrics } from '../../../src/kube/UpstreamMetrics.ts';
import { FleetLoaders } from '../../../src/loaders/FleetLoaders.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { clientsFor } from '../sim/helpers.ts';
import { rejection } from '../../support/rejection.ts';

let sim: SimFleet;
let dir: string;
let metrics: UpstreamMetrics;
const clients = new Map<string, ClusterClient>();

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 3, namePrefix: 'ld', nodes: 1, pods: 4 });
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-loaders-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfigPath);
  metrics = new UpstreamMetrics(new Registry());
  for (const s of await loadClusterSpecs({ kubeconfigPath, defaults: { timeoutMs: 800, concurrency: 2 } })) {
    clients.set(s.name, new ClusterClient({ ...s, metrics, retries: 2 }));
  }
});

afterAll(async () => {
  for (const c of clients.values()) c.close();
  for (const c of sim?.clusters ?? []) await c.setFaults({ hang: false, errorRate: 0 });
  await stopFleet(sim);
  await rm(dir, { recursive: true, force: true });
});

const client = (name: string) => clients.get(name)!;

describe('FleetLoaders', () => {
  test('sends one LIST per (cluster, resource, namespace, selector) however often it is asked', async () => {
    const loaders = new FleetLoaders();
    const before = metrics.count({ cluster: 'ld-1' });
    const asks = [
      loaders.list(client('ld-1'), RESOURCES.pods),
      loaders.list(client('ld-1'), RESOURCES.pods, { namespace: null }),
      loaders.list(client('ld-1'), RESOURCES.pods, { labelSelector: '' }),
      loaders.list(client('ld-1'), RESOURCES.pods, { namespace: 'frontend' }),
      loaders.list(client('ld-1'), RESOURCES.nodes, { namespace: 'frontend' }), // cluster-scoped: namespace ignored
      loaders.list(client('ld-1'), RESOURCES.nodes),
    ];
    const [all, same1, same2, frontend] = await Promise.all(asks);
    expect(same1).toBe(all);
    expect(same2).toBe(all);
    expect(frontend!.length).toBeLessThan(all!.length);
    await loaders.list(client('ld-1'), RESOURCES.pods); // later in the same request: still cached
    expect(metrics.count({ cluster: 'ld-1' }) - before).toBe(3);
    expect(sim.cluster('ld-1').requests.find({ verb: 'list', resource: 'pods' }).map((r) => r.namespace).slice(-2).sort()).toEqual(['', 'frontend']);
  });

  test('fails only the keys of a failing cluster; the others get their data', async () => {
    await sim.cluster('ld-2').setFaults({ hang: true });
    try {
      const loaders = new FleetLoaders();
      const [ok, bad] = await Promise.allSettled([loaders.list(client('ld-1'), RESOURCES.pods), loaders.list(client('ld-2'), RESOURCES.pods)]);
      expect(ok.status === 'fulfilled' && ok.value.length).toBe(sim.cluster('ld-1').store.count('/pods'));
      expect(bad.status === 'rejected' && bad.reason instanceof ClusterError && bad.reason.code).toBe('CLUSTER_TIMEOUT');
    } finally {
      await sim.cluster('ld-2').setFaults({ hang: false });
    }
  });

  test('once a cluster timed out in a request, its later calls in that request fail at once without a request', async () => {
    await sim.cluster('ld-3').setFaults({ hang: true });
    try {
      const loaders = new FleetLoaders();
      const first = await rejection(loaders.list(client('ld-3'), RESOURCES.pods));
      expect(first.code).toBe('CLUSTER_TIMEOUT');
      const sent = metrics.count({ cluster: 'ld-3' });
      const second = await rejection(loaders.list(client('ld-3'), RESOURCES.replicasets));
      const third = await rejection(loaders.version(client('ld-3')));
      expect([second.code, second.resource, third.code, third.resource]).toEqual(['CLUSTER_TIMEOUT', 'replicasets', 'CLUSTER_TIMEOUT', 'version']);
      expect(metrics.count({ cluster: 'ld-3' })).toBe(sent);
      // A new request tries the cluster again.
      await rejection(new FleetLoaders().list(client('ld-3'), RESOURCES.nodes));
      expect(metrics.count({ cluster: 'ld-3' })).toBe(sent + 1);
    } finally {
      await sim.cluster('ld-3').setFaults({ hang: false });
    }
  });

  test('drops secret values as the list arrives, keeping key names', async () => {
    await clientsFor(sim, 'ld-1').core.createNamespacedSecret({
      namespace: 'frontend',
      body: { metadata: { name: 'db' }, data: { password: Buffer.from('hunter2').toString('base64'), user: Buffer.from('app').toString('base64') } },
    });
    const loaders = new FleetLoaders();
    const secrets = await loaders.list<{ metadata: { name: string }; data?: Record<string, string> }>(client('ld-1'), RESOURCES.secrets);
    const db = secrets.find((s) => s.metadata.name === 'db');
    expect(db?.data).toEqual({ password: '', user: '' });
    expect(JSON.stringify(secrets)).not.toContain(Buffer.from('hunter2').toString('base64'));
  });
});

describe('ClusterClient', () => {
  test('keeps at most `concurrency` requests in flight per cluster', async () => {
    const cluster = sim.cluster('ld-1');
    await cluster.setFaults({ latencyMs: 60 });
    try {
      const c = client('ld-1');
      const start = cluster.requests.count({});
      await Promise.all(Array.from({ length: 6 }, () => c.list(RESOURCES.nodes)));
      const records = cluster.requests.all().slice(start);
      expect(records).toHaveLength(6);
      // The most requests in the cluster at one (logical) moment: +1 on arrival, -1 on answer.
      const changes = records.flatMap((r) => [[r.arrivedAt, 1], [r.answeredAt, -1]] as const).sort((a, b) => a[0] - b[0]);
      let inside = 0;
      let most = 0;
      for (const [, delta] of changes) {
        inside += delta;
        most = Math.max(most, inside);
      }
      expect(most).toBe(2);
    } finally {
      await cluster.setFaults({ latencyMs: 0 });
    }
  });

  test('counts time waiting for a connection slot in the timeout, and says so', async () => {
    const cluster = sim.cluster('ld-2');
    await cluster.setFaults({ hang: true });
    try {
      const c = client('ld-2');
      const sent = metrics.count({ cluster: 'ld-2' });
      const failures = await Promise.all([c.list(RESOURCES.pods), c.list(RESOURCES.nodes), c.list(RESOURCES.services)].map(rejection));
      expect(failures.map((f) => f.message)).toEqual([
        'cluster "ld-2" did not answer within 800 ms',
        'cluster "ld-2" did not answer within 800 ms',
        'cluster "ld-2" did not answer within 800 ms while waiting for one of its connection slots',
      ]);
      // The third never went out.
      expect(metrics.count({ cluster: 'ld-2' }) - sent).toBe(2);
    } finally {
      await cluster.setFaults({ hang: false });
    }
  });

  test('retries 503 and 429 answers within its timeout and counts every attempt', async () => {
    const cluster = sim.cluster('ld-1');
    await cluster.setFaults({ errorRate: 1, errorCodes: [503] });
    const c = client('ld-1');
    const before = metrics.count({ cluster: 'ld-1', resource: 'nodes' });
    const failure = await rejection(c.list(RESOURCES.nodes));
    expect(failure.code).toBe('UPSTREAM_ERROR');
    expect(metrics.count({ cluster: 'ld-1', resource: 'nodes' }) - before).toBe(3);
    await cluster.setFaults({ errorRate: 0 });
    expect((await c.list(RESOURCES.nodes)).length).toBe(1);
  });
});
