/**
 * The programmatic fleet API as a test or benchmark uses it: N clusters on distinct ports, one
 * kubeconfig context per cluster that @kubernetes/client-node follows to the right cluster,
 * `pods` populating each cluster, fleet-wide faults, and `stop()` freeing the ports.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, Metrics } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { SimFleet } from '../../../src/sim/index.ts';
import { clientsFor, corePath, openWatch } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const PODS = 20;

let fleet: SimFleet;
let ports: number[];

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: 3, namePrefix: 'fl', pods: PODS, nodes: 2, seed: 5, speed: 100 });
  ports = fleet.clusters.map((c) => portOf(c.url));
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('SimFleet', () => {
  test('starts N clusters named after the prefix, each on its own port of 127.0.0.1', () => {
    expect(fleet.clusters.map((c) => c.name)).toEqual(['fl-1', 'fl-2', 'fl-3']);
    expect(new Set(ports).size).toBe(3);
    for (const c of fleet.clusters) expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fleet.cluster('fl-2')).toBe(fleet.clusters[1]);
    expect(() => fleet.cluster('nope')).toThrow(/no cluster named nope/);
  });

  test('its kubeconfig has one context per cluster, each pointing at that cluster with its token', () => {
    const doc = parseYaml(fleet.kubeconfig()) as {
      contexts: { name: string; context: { cluster: string; user: string } }[];
      clusters: { name: string; cluster: { server: string } }[];
      users: { name: string; user: { token: string } }[];
    };
    expect(doc.contexts.map((c) => c.name)).toEqual(['fl-1', 'fl-2', 'fl-3']);
    for (const c of fleet.clusters) {
      expect(doc.clusters.find((x) => x.name === c.name)!.cluster.server).toBe(c.url);
      expect(doc.users.find((x) => x.name === c.name)!.user.token).toBe(c.token);
    }
    expect(new Set(fleet.clusters.map((c) => c.token)).size).toBe(3);
  });

  test('client-node reads the kubeconfig, from a string or from the 0600 file writeKubeconfig leaves', async () => {
    const fromString = clientsFor(fleet, 'fl-1').kc;
    expect(fromString.getContexts().map((c) => c.name)).toEqual(['fl-1', 'fl-2', 'fl-3']);
    const dir = await mkdtemp(join(tmpdir(), 'simfleet-'));
    try {
      const file = join(dir, 'kubeconfig');
      await fleet.writeKubeconfig(file);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const kc = new KubeConfig();
      kc.loadFromFile(file);
      kc.setCurrentContext('fl-3');
      expect(kc.getCurrentCluster()!.server).toBe(fleet.cluster('fl-3').url);
      const nodes = await kc.makeApiClient(CoreV1Api).listNode();
      expect(nodes.items.map((n) => n.metadata!.name).every((n) => n?.startsWith('fl-3-'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('each context reaches its own cluster and no other', async () => {
    const before = fleet.clusters.map((c) => c.requests.count({ verb: 'list', resource: 'namespaces' }));
    for (const c of fleet.clusters) {
      const api = clientsFor(fleet, c.name);
      expect(api.kc.getCurrentCluster()!.server).toBe(c.url);
      await api.core.createNamespace({ body: { metadata: { name: `only-${c.name}` } } });
      const names = (await api.core.listNamespace()).items.map((n) => n.metadata!.name);
      expect(names.filter((n) => n?.startsWith('only-'))).toEqual([`only-${c.name}`]);
    }
    const after = fleet.clusters.map((c) => c.requests.count({ verb: 'list', resource: 'namespaces' }));
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1, 1]);
  });

  test('the pods option populates exactly that many pods in every cluster', async () => {
    for (const c of fleet.clusters) {
      const api = clientsFor(fleet, c.name);
      const pods = (await api.core.listPodForAllNamespaces()).items;
      expect(pods).toHaveLength(PODS);
      expect(pods.every((p) => p.metadata!.ownerReferences?.length === 1)).toBe(true);
      const nodes = (await api.core.listNode()).items;
      expect(nodes).toHaveLength(2);
    }
  });

  test('clusters are independent: different seeds give different pod names', async () => {
    const names = await Promise.all(fleet.clusters.map(async (c) => (await clientsFor(fleet, c.name).core.listPodForAllNamespaces()).items.map((p) => p.metadata!.name).join(',')));
    expect(new Set(names).size).toBe(3);
  });

  test('fleet-wide faults apply to every cluster', async () => {
    const faulty = await SimFleet.start({ clusters: 2, namePrefix: 'ff', nodes: 1, faults: { errorRate: 1, errorCodes: [503] } });
    try {
      for (const c of faulty.clusters) {
        expect(c.faults.errorRate).toBe(1);
        await expect(clientsFor(faulty, c.name).core.listNamespace()).rejects.toMatchObject({ code: 503 });
      }
    } finally {
      await faulty.stop();
    }
  });

  test('stop() ends open watches and frees every port', async () => {
    const own = await SimFleet.start({ clusters: 2, namePrefix: 'fs', nodes: 1, pods: 4 });
    const ownPorts = own.clusters.map((c) => portOf(c.url));
    const w = await openWatch(clientsFor(own, 'fs-1').watch, corePath('default', 'configmaps'), {});
    await w.until((e) => e.length >= 1);
    expect(own.clusters[0]!.openWatchCount).toBe(1);
    for (const p of ownPorts) expect(await canListen(p)).toBe(false);
    await own.stop();
    await w.done;
    expect(own.clusters[0]!.openWatchCount).toBe(0);
    for (const p of ownPorts) {
      expect(await connectRefused(p)).toBe(true);
      expect(await canListen(p)).toBe(true);
    }
    // Stopping twice is harmless.
    await own.stop();
  });
});

describe('metrics.k8s.io', () => {
  test('node and pod metrics are served for client-node\'s Metrics and CustomObjectsApi', async () => {
    const c = fleet.clusters[0]!;
    const api = clientsFor(fleet, c.name);
    const metrics = new Metrics(api.kc);
    const nodes = await metrics.getNodeMetrics();
    expect(nodes.items.map((n) => n.metadata.name).sort()).toEqual((await api.core.listNode()).items.map((n) => n.metadata!.name).sort());
    for (const n of nodes.items) {
      expect(n.usage.cpu).toMatch(/^\d+(n|u|m)?$/);
      expect(n.usage.memory).toMatch(/^\d+(Ki|Mi|Gi)?$/);
    }
    const pods = await metrics.getPodMetrics('frontend');
    const running = (await api.core.listNamespacedPod({ namespace: 'frontend', fieldSelector: 'status.phase=Running' })).items;
    expect(pods.items.map((p) => p.metadata.name).sort()).toEqual(running.map((p) => p.metadata!.name).sort());
    expect(pods.items.every((p) => p.containers.length > 0)).toBe(true);
    const custom = await api.custom.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' }) as { kind: string; items: unknown[] };
    expect(custom.kind).toBe('NodeMetricsList');
    expect(custom.items).toHaveLength(nodes.items.length);
    expect(c.requests.count({ verb: 'list', resource: 'nodes' })).toBeGreaterThan(0);
  });
});
