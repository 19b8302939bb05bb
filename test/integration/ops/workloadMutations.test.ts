/**
 * scale, restart and rollback over GraphQL against a simulated fleet: one result per target,
 * a missing workload as that cluster's NOT_FOUND, the writes kubectl would send (scale
 * subresource, restartedAt annotation, the old ReplicaSet's template), and bad input refused
 * before any cluster is asked.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { fleetRequests as fleetRequestCount, fleetTestHooks } from '../../support/opsHooks.ts';

let fg: FleetGateway;
const clock = new ManualClock();
const CLUSTERS = ['wm-1', 'wm-2', 'wm-3'];

const deployment = (image: string, replicas = 2) => `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
`;

interface Result { cluster: string; error: { code: string; message: string } | null; [k: string]: unknown }

async function mutate(field: string, input: Record<string, unknown>, selection: string): Promise<{ data: Result[] | null; errors: unknown[] | undefined }> {
  const inputType = { scale: 'ScaleInput', restart: 'WorkloadRefInput', rollback: 'RollbackInput', apply: 'ApplyInput', expose: 'ExposeInput' }[field];
  const a = await fg.query<Record<string, Result[] | null>>(`mutation M($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`, { input });
  return { data: a.data?.[field] ?? null, errors: a.errors };
}

const applyApp = async (image: string, clusterNames = ['wm-1', 'wm-2']) => {
  // force: a scale in between owns the replica count (as after kubectl scale, apply must take it back).
  const a = await fg.query<{ apply: { clusters: Array<{ objects: Array<{ error: unknown }> }> } }>(
    'mutation M($m: String!, $c: [String!]) { apply(input: { manifests: $m, clusterNames: $c, force: true }) { clusters { objects { error { code } } } } }',
    { m: deployment(image), c: clusterNames },
  );
  expect(a.errors).toBeUndefined();
  expect(a.data?.apply.clusters.flatMap((c) => c.objects.map((o) => o.error))).toEqual(clusterNames.flatMap(() => [null, null]));
  await fg.sim.settle();
};

const stored = (cluster: string) => fg.sim.cluster(cluster).store.get('apps/deployments', 'shop', 'web')?.object as unknown as {
  metadata: { annotations?: Record<string, string> };
  spec: { replicas: number; paused?: boolean; template: { metadata: { annotations?: Record<string, string> }; spec: { containers: Array<{ image: string }> } } };
} | undefined;
const fleetRequests = () => fleetRequestCount(fg);

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 1, clock } });
  await applyApp('nginx:1.27');
}, 60_000);

fleetTestHooks(() => fg);

describe('scale', () => {
  test('sets replicas through the scale subresource on every target; a missing workload is that cluster\'s NOT_FOUND', async () => {
    const a = await mutate('scale', { kind: 'Deployment', namespace: 'shop', name: 'web', replicas: 4, allClusters: true }, 'cluster previousReplicas replicas error { code message }');
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual([
      { cluster: 'wm-1', previousReplicas: 2, replicas: 4, error: null },
      { cluster: 'wm-2', previousReplicas: 2, replicas: 4, error: null },
      { cluster: 'wm-3', previousReplicas: null, replicas: null, error: { code: 'NOT_FOUND', message: expect.stringContaining('cluster "wm-3"') } },
    ]);
    expect(stored('wm-1')?.spec.replicas).toBe(4);
    expect(fg.sim.cluster('wm-1').requests.find({ method: 'PATCH' }).map((r) => r.resource)).toEqual(['deployments/scale']);
  });

  test('bad input is refused before any cluster is asked', async () => {
    const kind = await mutate('scale', { kind: 'DaemonSet', namespace: 'shop', name: 'web', replicas: 1, allClusters: true }, 'cluster');
    expect(kind.data).toBeNull();
    expect(kind.errors).toMatchObject([{ message: 'input.kind: "DaemonSet" is not one of Deployment, StatefulSet, ReplicaSet', extensions: { code: 'BAD_USER_INPUT' } }]);
    const negative = await mutate('scale', { kind: 'Deployment', namespace: 'shop', name: 'web', replicas: -1, clusterNames: ['wm-1'] }, 'cluster');
    expect(negative.errors).toMatchObject([{ message: expect.stringMatching(/^input.replicas: must be a whole number from 0/), extensions: { code: 'BAD_USER_INPUT' } }]);
    const untargeted = await mutate('scale', { kind: 'Deployment', namespace: 'shop', name: 'web', replicas: 1 }, 'cluster');
    expect(untargeted.errors).toMatchObject([{ message: expect.stringMatching(/^input: name the target clusters/), extensions: { code: 'BAD_USER_INPUT' } }]);
    const badName = await mutate('scale', { kind: 'Deployment', namespace: 'Shop', name: 'web', replicas: 1, allClusters: true }, 'cluster');
    expect(badName.errors).toMatchObject([{ message: expect.stringMatching(/^input.namespace: "Shop" is not a namespace name/) }]);
    expect(fleetRequests()).toBe(0);
  });
});

describe('restart', () => {
  test('annotates the pod template with restartedAt, and the controller rolls a new ReplicaSet', async () => {
    const rsCount = () => fg.sim.cluster('wm-1').store.list('apps/replicasets', 'shop').length;
    const before = rsCount();
    const a = await mutate('restart', { kind: 'Deployment', namespace: 'shop', name: 'web', clusterNames: ['wm-1', 'wm-3'] }, 'cluster restartedAt error { code }');
    expect(a.data).toEqual([
      { cluster: 'wm-1', restartedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), error: null },
      { cluster: 'wm-3', restartedAt: null, error: { code: 'NOT_FOUND' } },
    ]);
    expect(stored('wm-1')?.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(a.data?.[0]?.restartedAt);
    expect(stored('wm-2')?.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'], 'untargeted').toBeUndefined();
    await fg.sim.settle();
    expect(rsCount()).toBe(before + 1);
  });

  test('a paused Deployment is refused on its cluster, as kubectl refuses it', async () => {
    const pause = (paused: boolean) => fg.gateway.fleet!.get('wm-2')!.send({
      verb: 'patch', at: { type: RESOURCES.deployments, namespace: 'shop', name: 'web' }, patchType: 'merge', patch: { spec: { paused } }, fieldManager: 'test',
    });
    await pause(true);
    try {
      const a = await mutate('restart', { kind: 'Deployment', namespace: 'shop', name: 'web', clusterNames: ['wm-2'] }, 'cluster error { code message }');
      expect(a.data).toEqual([{ cluster: 'wm-2', error: { code: 'BAD_USER_INPUT', message: 'cluster "wm-2": deployments "web": can\'t restart paused deployment (run rollout resume first)' } }]);
    } finally {
      await pause(false);
    }
  });
});

describe('expose', () => {
  const SERVICE = 'cluster service { name type clusterIP ports { port targetPort } externalIPs } error { code message }';

  test('a Service selecting the workload\'s pods on every target; a missing workload is that cluster\'s NOT_FOUND', async () => {
    const a = await mutate('expose', { kind: 'Deployment', namespace: 'shop', name: 'web', port: 80, targetPort: 8080, allClusters: true }, SERVICE);
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual([
      { cluster: 'wm-1', service: { name: 'web', type: 'CLUSTER_IP', clusterIP: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), ports: [{ port: 80, targetPort: '8080' }], externalIPs: [] }, error: null },
      { cluster: 'wm-2', service: expect.objectContaining({ name: 'web' }), error: null },
      { cluster: 'wm-3', service: null, error: { code: 'NOT_FOUND', message: expect.stringContaining('cluster "wm-3"') } },
    ]);
    const stored = fg.sim.cluster('wm-1').store.get('/services', 'shop', 'web')?.object as unknown as { spec: { selector: Record<string, string> } };
    expect(stored.spec.selector).toEqual({ app: 'web' });
    const again = await mutate('expose', { kind: 'Deployment', namespace: 'shop', name: 'web', port: 80, clusterNames: ['wm-1'] }, SERVICE);
    expect(again.data).toEqual([{ cluster: 'wm-1', service: null, error: { code: 'CONFLICT', message: expect.stringContaining('already exists') } }]);
  });

  test('a LoadBalancer with waitForIngressSeconds answers once the ingress is assigned', async () => {
    let done = false;
    const pending = mutate('expose', { kind: 'Deployment', namespace: 'shop', name: 'web', port: 80, type: 'LOAD_BALANCER', serviceName: 'web-lb', waitForIngressSeconds: 60, clusterNames: ['wm-1'] }, SERVICE)
      .finally(() => { done = true; });
    // Cluster time moves only when the test moves it: provisioning happens as it does.
    while (!done) {
      await clock.advance(2_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    const a = await pending;
    expect(a.data).toEqual([{ cluster: 'wm-1', service: expect.objectContaining({ name: 'web-lb', type: 'LOAD_BALANCER', externalIPs: [expect.any(String)] }), error: null }]);
  });

  test('bad input is refused before any cluster is asked', async () => {
    for (const [input, message] of [
      [{ kind: 'DaemonSet', namespace: 'shop', name: 'web', port: 80, allClusters: true }, 'input.kind: "DaemonSet" is not one of Deployment, ReplicaSet, StatefulSet, Pod'],
      [{ kind: 'Deployment', namespace: 'shop', name: 'web', port: 70000, allClusters: true }, 'input.port: must be a port number from 1 to 65535, got 70000'],
      [{ kind: 'Deployment', namespace: 'shop', name: 'web', port: 80, waitForIngressSeconds: 5, allClusters: true }, 'input.waitForIngressSeconds: applies only to type LOAD_BALANCER'],
      [{ kind: 'Deployment', namespace: 'shop', name: 'web', port: 80, type: 'EXTERNAL_NAME', allClusters: true }, 'input.type: EXTERNAL_NAME selects no pods: expose makes CLUSTER_IP, NODE_PORT or LOAD_BALANCER Services'],
    ] as const) {
      const a = await mutate('expose', input, 'cluster');
      expect(a.data).toBeNull();
      expect(a.errors).toMatchObject([{ message, extensions: { code: 'BAD_USER_INPUT' } }]);
    }
    expect(fleetRequests()).toBe(0);
  });
});

describe('rollback', () => {
  test('goes back to the previous revision\'s template, then to a chosen one; an unknown revision is that cluster\'s error', async () => {
    await applyApp('nginx:1.28', ['wm-2']);
    const revision = () => Number(stored('wm-2')?.metadata.annotations?.['deployment.kubernetes.io/revision']);
    const image = () => stored('wm-2')?.spec.template.spec.containers[0]?.image;
    expect(image()).toBe('nginx:1.28');
    const current = revision();

    const undo = await mutate('rollback', { kind: 'Deployment', namespace: 'shop', name: 'web', clusterNames: ['wm-2'] }, 'cluster revision changed error { code }');
    expect(undo.data).toEqual([{ cluster: 'wm-2', revision: current - 1, changed: true, error: null }]);
    expect(image()).toBe('nginx:1.27');
    expect(stored('wm-2')?.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
    await fg.sim.settle();
    expect(revision(), 'the controller made the old template the newest revision').toBe(current + 1);

    const to = await mutate('rollback', { kind: 'Deployment', namespace: 'shop', name: 'web', toRevision: current, clusterNames: ['wm-2'] }, 'cluster revision changed');
    expect(to.data).toEqual([{ cluster: 'wm-2', revision: current, changed: true }]);
    expect(image()).toBe('nginx:1.28');
    await fg.sim.settle();

    const same = await mutate('rollback', { kind: 'Deployment', namespace: 'shop', name: 'web', toRevision: revision(), clusterNames: ['wm-2'] }, 'cluster revision changed');
    expect(same.data).toEqual([{ cluster: 'wm-2', revision: revision(), changed: false }]);

    const missing = await mutate('rollback', { kind: 'Deployment', namespace: 'shop', name: 'web', toRevision: 99, clusterNames: ['wm-2', 'wm-3'] }, 'cluster error { code message }');
    expect(missing.data).toEqual([
      { cluster: 'wm-2', error: { code: 'BAD_USER_INPUT', message: 'cluster "wm-2": deployments "web": unable to find specified revision 99 in history' } },
      { cluster: 'wm-3', error: { code: 'NOT_FOUND', message: expect.any(String) } },
    ]);
  });

  test('only Deployments are rolled back this way', async () => {
    const a = await mutate('rollback', { kind: 'StatefulSet', namespace: 'shop', name: 'web', allClusters: true }, 'cluster');
    expect(a.errors).toMatchObject([{ message: 'input.kind: "StatefulSet" is not one of Deployment', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(fleetRequests()).toBe(0);
  });
});
