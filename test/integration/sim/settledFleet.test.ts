/**
 * A settled fleet (`SimFleet.start({ settled: true })`, objects written in their final state)
 * against the same Deployments rolled out by the controllers: the same ReplicaSets, owners,
 * statuses and pod conditions through the API; kubectl's rollout status is satisfied; and the
 * controllers, once they look, change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock, SimFleet } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { clientsFor, type Clients } from './helpers.ts';

const PODS = 60;

interface Shape {
  deployments: Record<string, unknown>;
  replicaSets: Record<string, unknown>;
  pods: Record<string, unknown[]>;
}

/** What a rolled-out fleet must look like, without names made of random suffixes, uids or times. */
async function shapeOf(api: Clients): Promise<Shape> {
  const [ds, rss, pods] = await Promise.all([
    api.apps.listDeploymentForAllNamespaces(), api.apps.listReplicaSetForAllNamespaces(), api.core.listPodForAllNamespaces(),
  ]);
  const shape: Shape = { deployments: {}, replicaSets: {}, pods: {} };
  const conditions = (cs: { type: string; status: string; reason?: string }[] | undefined) =>
    (cs ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);
  for (const d of ds.items as V1Deployment[]) {
    const { conditions: cs, ...counts } = d.status ?? {};
    shape.deployments[`${d.metadata?.namespace}/${d.metadata?.name}`] = {
      annotations: d.metadata?.annotations, generation: d.metadata?.generation, counts, conditions: conditions(cs),
    };
  }
  const rsNames = new Map<string, string>();
  for (const rs of rss.items as V1ReplicaSet[]) {
    rsNames.set(rs.metadata?.uid ?? '', rs.metadata?.name ?? '');
    const owner = rs.metadata?.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.controller}/${o.blockOwnerDeletion}`);
    shape.replicaSets[`${rs.metadata?.namespace}/${rs.metadata?.name}`] = {
      labels: rs.metadata?.labels, annotations: rs.metadata?.annotations, owner, spec: rs.spec, status: rs.status,
    };
  }
  for (const p of pods.items as V1Pod[]) {
    if (p.metadata?.namespace === 'kube-system') continue;
    const owner = p.metadata?.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.controller}`).join(',') ?? 'none';
    const c = p.status?.containerStatuses?.[0];
    (shape.pods[owner] ??= []).push({
      name: p.metadata?.name?.replace(/-[a-z0-9]{5}$/, '-XXXXX'),
      labels: p.metadata?.labels,
      phase: p.status?.phase, qos: p.status?.qosClass, bound: Boolean(p.spec?.nodeName), ip: Boolean(p.status?.podIP),
      conditions: conditions(p.status?.conditions),
      container: { image: c?.image, imageID: Boolean(c?.imageID), ready: c?.ready, started: c?.started, state: Object.keys(c?.state ?? {}), id: Boolean(c?.containerID) },
    });
    if (!rsNames.has(p.metadata?.ownerReferences?.[0]?.uid ?? '')) throw new Error(`pod ${p.metadata?.name} is owned by no ReplicaSet`);
  }
  return shape;
}

async function versions(api: Clients): Promise<Map<string, string>> {
  const [ds, rss, pods, eps] = await Promise.all([
    api.apps.listDeploymentForAllNamespaces(), api.apps.listReplicaSetForAllNamespaces(),
    api.core.listPodForAllNamespaces(), api.core.listEndpointsForAllNamespaces(),
  ]);
  const out = new Map<string, string>();
  for (const [kind, items] of [['Deployment', ds.items], ['ReplicaSet', rss.items], ['Pod', pods.items], ['Endpoints', eps.items]] as const) {
    for (const o of items) out.set(`${kind} ${o.metadata?.namespace}/${o.metadata?.name}`, o.metadata?.resourceVersion ?? '');
  }
  return out;
}

describe('a settled fleet', () => {
  let settled: SimFleet | undefined;
  let reference: SimFleet | undefined;
  let settledClock: ManualClock;
  let settledApi: Clients;
  let referenceApi: Clients;
  let dir = '';
  /** Writes made after the settled objects were in place (the controllers' work, if any). */
  const writesAfter: string[] = [];

  beforeAll(async () => {
    settledClock = new ManualClock();
    settled = await SimFleet.start({ clusters: 1, namePrefix: 'settled', seed: 5, pods: PODS, nodes: 3, clock: settledClock, settled: true, waitForPods: false });
    // Controllers run on the next turn of the event loop: from here on, every write is theirs.
    settled.clusters[0]!.store.onChange((c) => writesAfter.push(`${c.type} ${c.resource} ${c.namespace}/${c.name}`));
    await settled.settle();
    settledApi = clientsFor(settled, 'settled-1');
    dir = mkdtempSync(join(tmpdir(), 'settled-'));
    await settled.writeKubeconfig(join(dir, 'kubeconfig'));

    // The same Deployments and Services, created through the API and rolled out by the controllers.
    const clock = new ManualClock();
    reference = await SimFleet.start({ clusters: 1, namePrefix: 'rolled', seed: 5, nodes: 3, clock });
    referenceApi = clientsFor(reference, 'rolled-1');
    const [ds, svcs] = await Promise.all([settledApi.apps.listDeploymentForAllNamespaces(), settledApi.core.listServiceForAllNamespaces()]);
    for (const ns of new Set(ds.items.map((d) => d.metadata?.namespace ?? ''))) {
      await referenceApi.core.createNamespace({ body: { metadata: { name: ns } } });
    }
    for (const d of ds.items) {
      await referenceApi.apps.createNamespacedDeployment({
        namespace: d.metadata?.namespace ?? '',
        body: { metadata: { name: d.metadata?.name, namespace: d.metadata?.namespace, labels: d.metadata?.labels }, spec: d.spec! },
      });
    }
    for (const s of svcs.items.filter((x) => x.metadata?.namespace !== 'default')) {
      await referenceApi.core.createNamespacedService({
        namespace: s.metadata?.namespace ?? '',
        body: { metadata: { name: s.metadata?.name, namespace: s.metadata?.namespace, labels: s.metadata?.labels }, spec: { selector: s.spec?.selector, ports: s.spec?.ports } },
      });
    }
    for (let i = 0; i < 60; i++) {
      await clock.advance(1000);
      await reference.settle();
    }
  }, 120_000);

  afterAll(async () => {
    await stopFleet(settled);
    await stopFleet(reference);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('has the pods asked for, all Running and Ready on nodes, owned by ReplicaSets owned by Deployments', async () => {
    const pods = (await settledApi.core.listPodForAllNamespaces()).items.filter((p) => p.metadata?.namespace !== 'kube-system');
    expect(pods).toHaveLength(PODS);
    for (const p of pods) {
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(p.spec?.nodeName).toMatch(/^settled-1-node-\d$/);
      expect(p.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    }
    const rss = (await settledApi.apps.listReplicaSetForAllNamespaces()).items;
    for (const rs of rss) expect(rs.metadata?.ownerReferences?.[0]?.kind).toBe('Deployment');
    const ds = (await settledApi.apps.listDeploymentForAllNamespaces()).items;
    expect(rss).toHaveLength(ds.length);
    expect(ds.length).toBeGreaterThan(5);
  });

  test('looks like the same Deployments rolled out by the controllers', async () => {
    const a = await shapeOf(settledApi);
    const b = await shapeOf(referenceApi);
    expect(Object.keys(a.deployments).length).toBeGreaterThan(5);
    expect(a.deployments).toEqual(b.deployments);
    expect(a.replicaSets).toEqual(b.replicaSets);
    const sortPods = (s: Shape) => Object.fromEntries(Object.entries(s.pods).map(([k, v]) => [k, v.map((x) => JSON.stringify(x)).sort()]));
    expect(sortPods(a)).toEqual(sortPods(b));
    // Endpoints of the Services list every ready pod, as after a rollout.
    const addresses = async (api: Clients) => Object.fromEntries((await api.core.listEndpointsForAllNamespaces()).items
      .filter((e) => e.metadata?.namespace !== 'default')
      .map((e) => [`${e.metadata?.namespace}/${e.metadata?.name}`, (e.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0)]));
    expect(await addresses(settledApi)).toEqual(await addresses(referenceApi));
  });

  test.runIf(kubectlAvailable())('satisfies kubectl rollout status', async () => {
    const d = (await settledApi.apps.listDeploymentForAllNamespaces()).items[0]!;
    const out = await new Kubectl(join(dir, 'kubeconfig')).ok('settled-1', ['rollout', 'status', `deployment/${d.metadata?.name}`, '-n', d.metadata?.namespace ?? '', '--timeout=10s']);
    expect(out).toContain('successfully rolled out');
  });

  test('is left unchanged by the controllers once they run', async () => {
    // The rollout's objects are final as written. Left to their controllers: Endpoints and
    // EndpointSlices (one write per Service) and each new namespace's ServiceAccount and ConfigMap.
    expect(writesAfter.filter((w) => / (apps\/deployments|apps\/replicasets|\/pods) /.test(w))).toEqual([]);
    expect(writesAfter.length).toBeGreaterThan(0);
    const before = await versions(settledApi);
    for (let i = 0; i < 10; i++) {
      await settledClock.advance(30_000);
      await settled!.settle();
    }
    const after = await versions(settledApi);
    expect(before.size).toBeGreaterThan(PODS);
    expect(after).toEqual(before);
  });
});
