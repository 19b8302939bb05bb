/**
 * A settled fleet (`SimFleet.start({ settled: true })`, objects written in their final state)
 * against the same Deployments rolled out by the controllers: the same ReplicaSets, owners,
 * statuses, pod conditions and managedFields through the API (and kubectl); kubectl's rollout
 * status is satisfied; the controllers, once they look, change nothing, and still do their work
 * afterwards (a scaled Deployment gets its pods, seen by watches). Settled pods share frozen
 * structure with their siblings: a change to one must never show in another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Deployment, V1ManagedFieldsEntry, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock, SimFleet } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { abortOpenWatches, clientsFor, openWatch, withContentType, type Clients } from './helpers.ts';

const PODS = 60;

interface Shape {
  deployments: Record<string, unknown>;
  replicaSets: Record<string, unknown>;
  pods: Record<string, unknown[]>;
}

/**
 * managedFields as `kubectl get --show-managed-fields` shows them, without times (entries are
 * sorted by time first, so also without their order), with the object's own owner uid and IPs
 * in keys named for what they are: a key naming another object's uid or IP stays as it is.
 */
function fieldsOf(o: { metadata?: { managedFields?: V1ManagedFieldsEntry[]; ownerReferences?: { uid: string }[] }; status?: object }): string[] {
  const status = (o.status ?? {}) as { podIP?: string; hostIP?: string };
  const names: [string, string][] = [
    ...(o.metadata?.ownerReferences ?? []).map((r): [string, string] => [JSON.stringify({ uid: r.uid }), '{owner uid}']),
    ...(status.podIP ? [[JSON.stringify({ ip: status.podIP }), '{pod IP}'] as [string, string]] : []),
    ...(status.hostIP ? [[JSON.stringify({ ip: status.hostIP }), '{host IP}'] as [string, string]] : []),
  ];
  return (o.metadata?.managedFields ?? []).map((e) => {
    let fields = JSON.stringify(e.fieldsV1);
    for (const [key, name] of names) fields = fields.split(JSON.stringify(`k:${key}`).slice(1, -1)).join(`k:${name}`);
    return JSON.stringify({ manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource, fieldsType: e.fieldsType, fieldsV1: fields });
  }).sort();
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
      managedFields: fieldsOf(d),
    };
  }
  const rsNames = new Map<string, string>();
  for (const rs of rss.items as V1ReplicaSet[]) {
    rsNames.set(rs.metadata?.uid ?? '', rs.metadata?.name ?? '');
    const owner = rs.metadata?.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.controller}/${o.blockOwnerDeletion}`);
    shape.replicaSets[`${rs.metadata?.namespace}/${rs.metadata?.name}`] = {
      labels: rs.metadata?.labels, annotations: rs.metadata?.annotations, owner, spec: rs.spec, status: rs.status,
      managedFields: fieldsOf(rs),
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
      managedFields: fieldsOf(p),
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
    await reference.writeKubeconfig(join(dir, 'reference-kubeconfig'));
    const [ds, svcs] = await Promise.all([settledApi.apps.listDeploymentForAllNamespaces(), settledApi.core.listServiceForAllNamespaces()]);
    for (const ns of new Set(ds.items.map((d) => d.metadata?.namespace ?? ''))) {
      await referenceApi.core.createNamespace({ body: { metadata: { name: ns } } });
    }
    for (const d of ds.items) {
      await referenceApi.apps.createNamespacedDeployment({
        namespace: d.metadata?.namespace ?? '', fieldManager: 'kubectl-client-side-apply',
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

  afterEach(() => abortOpenWatches());

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
  test.runIf(kubectlAvailable())('shows kubectl the managedFields the controllers would have recorded', async () => {
    const managed = async (kubeconfig: string, context: string, api: Clients) => {
      const d = (await api.apps.listDeploymentForAllNamespaces()).items.find((x) => x.metadata?.name === 'api')!;
      const ns = d.metadata?.namespace ?? '';
      const pod = (await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=api' })).items[0]!;
      const out = await new Kubectl(kubeconfig).ok(context, ['get', 'pod', pod.metadata?.name ?? '', '-n', ns, '-o', 'json', '--show-managed-fields']);
      return fieldsOf(JSON.parse(out) as V1Pod);
    };
    const a = await managed(join(dir, 'kubeconfig'), 'settled-1', settledApi);
    expect(a.map((e) => (JSON.parse(e) as { manager: string }).manager)).toEqual(['kube-controller-manager', 'kube-scheduler', 'kubelet']);
    expect(a).toEqual(await managed(join(dir, 'reference-kubeconfig'), 'rolled-1', referenceApi));
  });

  test('gives every object its own resourceVersion, none newer than the list', async () => {
    const list = await settledApi.core.listPodForAllNamespaces();
    const rvs = list.items.map((p) => Number(p.metadata?.resourceVersion));
    expect(new Set(rvs).size).toBe(rvs.length);
    for (const rv of rvs) expect(rv).toBeLessThanOrEqual(Number(list.metadata?.resourceVersion));
  });

  test('keeps a change to one pod out of its siblings', async () => {
    const pods = (await settledApi.core.listPodForAllNamespaces()).items.filter((p) => p.metadata?.namespace !== 'kube-system');
    const byOwner = new Map<string, V1Pod[]>();
    for (const p of pods) {
      const key = p.metadata?.ownerReferences?.[0]?.uid ?? '';
      byOwner.set(key, [...(byOwner.get(key) ?? []), p]);
    }
    const family = [...byOwner.values()].find((f) => f.length >= 3)!;
    expect(family).toBeDefined();
    const [changed, ...siblings] = family as [V1Pod, ...V1Pod[]];
    const ns = changed.metadata?.namespace ?? '';
    const read = async (p: V1Pod) => JSON.stringify(await settledApi.core.readNamespacedPod({ namespace: ns, name: p.metadata?.name ?? '' }));
    // The stored objects themselves too: the API answers from each object's cached JSON, which
    // would hide a change made in place to a structure siblings share.
    const stored = (p: V1Pod) => JSON.stringify(settled!.clusters[0]!.store.get('/pods', ns, p.metadata?.name ?? '')?.object);
    const before = await Promise.all(siblings.map(read));
    const storedBefore = siblings.map(stored);
    // A label (metadata and managedFields), a container's image (spec), and the status, each as
    // a different manager: every part a settled pod may share with its siblings.
    await settledApi.core.patchNamespacedPod({
      namespace: ns, name: changed.metadata?.name ?? '', fieldManager: 'tester',
      body: { metadata: { labels: { touched: 'yes', app: 'moved' } }, spec: { containers: [{ name: changed.spec?.containers[0]?.name, image: 'busybox:1.37' }] } },
    }, withContentType('application/strategic-merge-patch+json'));
    await settledApi.core.patchNamespacedPodStatus({
      namespace: ns, name: changed.metadata?.name ?? '', fieldManager: 'status-tester',
      body: { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Tested' }], podIP: '10.99.0.1' } },
    }, withContentType('application/strategic-merge-patch+json'));
    expect(siblings.map(stored)).toEqual(storedBefore);
    expect(await Promise.all(siblings.map(read))).toEqual(before);
    const after = await settledApi.core.readNamespacedPod({ namespace: ns, name: changed.metadata?.name ?? '' });
    expect(after.metadata?.labels?.touched).toBe('yes');
    expect(after.spec?.containers[0]?.image).toBe('busybox:1.37');
    expect(after.status?.podIP).toBe('10.99.0.1');
    expect(after.metadata?.managedFields?.map((e) => e.manager)).toContain('tester');
    for (const s of before) {
      expect(s).not.toContain('touched');
      expect(s).not.toContain('busybox');
      expect(s).not.toContain('10.99.0.1');
      expect(s).not.toContain('tester');
    }
  });

  test('scales afterwards: the controllers bring the new pods up, and watches see them', async () => {
    const d = (await settledApi.apps.listDeploymentForAllNamespaces()).items.find((x) => (x.spec?.replicas ?? 0) >= 2 && x.metadata?.name !== 'api')!;
    const ns = d.metadata?.namespace ?? '';
    const name = d.metadata?.name ?? '';
    const replicas = d.spec?.replicas ?? 0;
    const selector = `app=${name}`;
    const list = await settledApi.core.listNamespacedPod({ namespace: ns, labelSelector: selector });
    expect(list.items).toHaveLength(replicas);
    // From resourceVersion 0: the settled pods as synthetic ADDED events; from the list's: only what follows.
    const fromZero = await openWatch<V1Pod>(settledApi.watch, `/api/v1/namespaces/${ns}/pods`, { labelSelector: selector, resourceVersion: '0' });
    const fromList = await openWatch<V1Pod>(settledApi.watch, `/api/v1/namespaces/${ns}/pods`, { labelSelector: selector, resourceVersion: list.metadata?.resourceVersion ?? '' });
    await fromZero.until((es) => es.length >= replicas);
    expect(fromZero.events.map((e) => e.type)).toEqual(Array(replicas).fill('ADDED'));
    expect(new Set(fromZero.events.map((e) => e.object.metadata?.name))).toEqual(new Set(list.items.map((p) => p.metadata?.name)));

    await settledApi.apps.patchNamespacedDeploymentScale({ namespace: ns, name, body: { spec: { replicas: replicas + 2 } } }, withContentType('application/merge-patch+json'));
    for (let i = 0; i < 10; i++) {
      await settledClock.advance(1000);
      await settled!.settle();
    }
    const scaled = await settledApi.core.listNamespacedPod({ namespace: ns, labelSelector: selector });
    expect(scaled.items).toHaveLength(replicas + 2);
    for (const p of scaled.items) {
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    const status = (await settledApi.apps.readNamespacedDeployment({ namespace: ns, name })).status;
    expect(status).toMatchObject({ replicas: replicas + 2, readyReplicas: replicas + 2, availableReplicas: replicas + 2, updatedReplicas: replicas + 2 });
    // New pods got addresses of their own, none a settled pod holds.
    const ips = scaled.items.map((p) => p.status?.podIP);
    expect(new Set(ips).size).toBe(ips.length);

    const created = new Set(scaled.items.map((p) => p.metadata?.name).filter((n) => !list.items.some((p) => p.metadata?.name === n)));
    expect(created.size).toBe(2);
    await fromList.until((es) => [...created].every((n) => es.some((e) => e.type === 'MODIFIED' && e.object.metadata?.name === n && e.object.status?.phase === 'Running')));
    expect(new Set(fromList.events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata?.name))).toEqual(created);
    await fromZero.until((es) => es.filter((e) => e.type === 'ADDED').length === replicas + 2);

    await settledApi.apps.patchNamespacedDeploymentScale({ namespace: ns, name, body: { spec: { replicas: 1 } } }, withContentType('application/merge-patch+json'));
    for (let i = 0; i < 10; i++) {
      await settledClock.advance(1000);
      await settled!.settle();
    }
    expect((await settledApi.core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items).toHaveLength(1);
    expect((await settledApi.apps.readNamespacedDeployment({ namespace: ns, name })).status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(settled!.controllerErrors()).toEqual([]);
  });
});
