/**
 * apply and plan against a simulated fleet over real HTTPS, through the gateway's ClusterClients:
 * objects land on the targets as the simulator stores them and nowhere else, re-applying is
 * UNCHANGED everywhere, a conflict with another manager is reported with its fields and stops
 * nothing else, force takes the fields over, a plan writes nothing and shows the diff, and a
 * down cluster costs only its own results.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { applyToClusters, type ClusterApplyOutcome } from '../../../src/ops/applyToClusters.ts';
import { parseManifests } from '../../../src/ops/parseManifests.ts';
import { RestMapper } from '../../../src/ops/RestMapper.ts';
import { startOpsFleet, type OpsFleet } from '../../support/opsFleet.ts';
import { fleetTestHooks } from '../../support/opsHooks.ts';

let ops: OpsFleet;
let mapper: RestMapper;

beforeAll(async () => {
  ops = await startOpsFleet({ clusters: 3, namePrefix: 'ap', clock: new ManualClock() });
  mapper = new RestMapper();
});

fleetTestHooks(() => ops);

function manifests(opts: { replicas?: number; color?: string; extra?: string } = {}): string {
  return `
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  color: ${opts.color ?? 'blue'}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: ${opts.replicas ?? 2}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: web-reader
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get]
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
${opts.extra ?? ''}`;
}

const apply = (targets: string[], text: string, options: Parameters<typeof applyToClusters>[3] = {}) =>
  applyToClusters(targets.map((n) => ops.client(n)), parseManifests(text, 'shop'), mapper, options);

const summary = (outcome: ClusterApplyOutcome[]) =>
  outcome.map((c) => [c.cluster, c.error?.code ?? null, c.objects.map((o) => `${o.kind}/${o.name}:${o.action ?? o.error?.code}`)]);

const writes = (cluster: string) => ops.cluster(cluster).requests.all().filter((r) => r.method !== 'GET');

describe('apply', () => {
  test('applies every object to the chosen clusters only, Namespaces first, and reports CREATED', async () => {
    const outcome = await apply(['ap-1', 'ap-2'], manifests());
    expect(summary(outcome)).toEqual(['ap-1', 'ap-2'].map((c) => [c, null, [
      'Namespace/shop:CREATED', 'ConfigMap/web-config:CREATED', 'Deployment/web:CREATED', 'ClusterRole/web-reader:CREATED',
    ]]));
    expect(outcome[0]?.objects.map((o) => o.namespace)).toEqual([null, 'shop', 'shop', null]);
    for (const name of ['ap-1', 'ap-2']) {
      const store = ops.cluster(name).store;
      expect(store.get('/namespaces', '', 'shop')).toBeDefined();
      expect(store.get('/configmaps', 'shop', 'web-config')?.object.data).toEqual({ color: 'blue' });
      const dep = store.get('apps/deployments', 'shop', 'web')?.object as unknown as { spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } } };
      expect(dep.spec.replicas).toBe(2);
      expect(dep.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
      expect(store.get('rbac.authorization.k8s.io/clusterroles', '', 'web-reader')).toBeDefined();
      const managers = (store.get('/configmaps', 'shop', 'web-config')?.object.metadata.managedFields ?? []).map((m) => m.manager);
      expect(managers).toEqual(['fleetgraph']);
    }
    expect(ops.cluster('ap-3').requests.all(), 'an untargeted cluster is not asked anything').toEqual([]);
    expect(ops.cluster('ap-3').store.get('/configmaps', 'shop', 'web-config')).toBeUndefined();
  });

  test('re-applying the same manifests is UNCHANGED everywhere', async () => {
    const outcome = await apply(['ap-1', 'ap-2'], manifests());
    expect(summary(outcome)).toEqual(['ap-1', 'ap-2'].map((c) => [c, null, [
      'Namespace/shop:UNCHANGED', 'ConfigMap/web-config:UNCHANGED', 'Deployment/web:UNCHANGED', 'ClusterRole/web-reader:UNCHANGED',
    ]]));
  });

  test('a change is CONFIGURED where it changed something', async () => {
    const outcome = await apply(['ap-1', 'ap-2'], manifests({ color: 'green' }));
    expect(summary(outcome)[0]?.[2]).toEqual(['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:CONFIGURED', 'Deployment/web:UNCHANGED', 'ClusterRole/web-reader:UNCHANGED']);
    expect(ops.cluster('ap-2').store.get('/configmaps', 'shop', 'web-config')?.object.data).toEqual({ color: 'green' });
  });

  test('a conflict names the fields and the other manager, stops nothing else; force takes the fields over', async () => {
    // Another team scales the Deployment on ap-1 with its own apply: it now owns .spec.replicas there.
    await ops.client('ap-1').send({
      verb: 'apply', at: { type: RESOURCES.deployments, namespace: 'shop', name: 'web' }, fieldManager: 'team-a',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 5 } }, force: true,
    });
    const outcome = await apply(['ap-1', 'ap-2'], manifests({ replicas: 3, color: 'red' }));
    expect(summary(outcome)).toEqual([
      ['ap-1', null, ['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:CONFIGURED', 'Deployment/web:CONFLICT', 'ClusterRole/web-reader:UNCHANGED']],
      ['ap-2', null, ['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:CONFIGURED', 'Deployment/web:CONFIGURED', 'ClusterRole/web-reader:UNCHANGED']],
    ]);
    const conflicted = outcome[0]?.objects[2];
    expect(conflicted?.conflicts).toEqual([{ field: '.spec.replicas', manager: 'team-a' }]);
    expect(conflicted?.error?.message).toContain('team-a');
    const replicas = (c: string) => (ops.cluster(c).store.get('apps/deployments', 'shop', 'web')?.object as unknown as { spec: { replicas: number } }).spec.replicas;
    expect(replicas('ap-1')).toBe(5);
    expect(replicas('ap-2')).toBe(3);

    const forced = await apply(['ap-1'], manifests({ replicas: 3, color: 'red' }), { force: true });
    expect(summary(forced)[0]?.[2]).toEqual(['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:UNCHANGED', 'Deployment/web:CONFIGURED', 'ClusterRole/web-reader:UNCHANGED']);
    expect(replicas('ap-1')).toBe(3);
    const patch = ops.cluster('ap-1').requests.find({ method: 'PATCH', resource: 'deployments' }).at(-1);
    expect(new URLSearchParams(patch?.query).get('force')).toBe('true');
  });
});

describe('plan (dryRun)', () => {
  test('writes nothing anywhere and shows what would change as a diff', async () => {
    const extra = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new-config\ndata:\n  a: "1"\n';
    const outcome = await apply(['ap-1', 'ap-2', 'ap-3'], manifests({ replicas: 3, color: 'purple', extra }), { dryRun: true });
    expect(summary(outcome)).toEqual([
      ['ap-1', null, ['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:CONFIGURED', 'Deployment/web:UNCHANGED', 'ClusterRole/web-reader:UNCHANGED', 'ConfigMap/new-config:CREATED']],
      ['ap-2', null, ['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:CONFIGURED', 'Deployment/web:UNCHANGED', 'ClusterRole/web-reader:UNCHANGED', 'ConfigMap/new-config:CREATED']],
      ['ap-3', null, ['Namespace/shop:CREATED', 'ConfigMap/web-config:CREATED', 'Deployment/web:CREATED', 'ClusterRole/web-reader:CREATED', 'ConfigMap/new-config:CREATED']],
    ]);
    for (const c of ['ap-1', 'ap-2', 'ap-3']) {
      const sent = writes(c);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((r) => new URLSearchParams(r.query).get('dryRun') !== 'All'), `${c}: every write was a dry run`).toEqual([]);
    }
    expect(ops.cluster('ap-1').store.get('/configmaps', 'shop', 'web-config')?.object.data).toEqual({ color: 'red' });
    expect(ops.cluster('ap-1').store.get('/configmaps', 'shop', 'new-config')).toBeUndefined();
    expect(ops.cluster('ap-3').store.get('/namespaces', '', 'shop')).toBeUndefined();

    const [, cm, dep, , created] = outcome[0]!.objects;
    expect(cm?.diff).toBe([
      '--- live/v1.ConfigMap.shop.web-config',
      '+++ planned/v1.ConfigMap.shop.web-config',
      '@@ -1,6 +1,6 @@',
      ' apiVersion: v1',
      ' data:',
      '-  color: red',
      '+  color: purple',
      ' kind: ConfigMap',
      ' metadata:',
      '   name: web-config',
      '',
    ].join('\n'));
    expect(dep?.diff, 'no diff where nothing changes').toBe('');
    expect(created?.diff).toMatch(/^--- live\/v1\.ConfigMap\.shop\.new-config\n\+\+\+ planned\/v1\.ConfigMap\.shop\.new-config\n@@ -0,0 \+1,7 @@\n\+apiVersion: v1\n/);
    expect(cm?.diff).not.toMatch(/managedFields|resourceVersion|creationTimestamp|uid:/);
    expect(cm?.warning).toBeNull();
    // ap-3 has no namespace shop: the server cannot dry-run what goes in it, and the plan says so.
    const inNewNamespace = outcome[2]!.objects[1]!;
    expect(inNewNamespace.warning).toMatch(/^namespace "shop" does not exist yet \(this plan creates it\), so the cluster could not dry-run this object/);
    expect(inNewNamespace.diff).toContain('+  color: purple');
    expect(outcome[2]!.objects[0]!.warning, 'the Namespace itself was dry-run').toBeNull();
  });

  test('a plan of a conflicting change reports the conflict, as the apply would', async () => {
    await ops.client('ap-2').send({
      verb: 'apply', at: { type: RESOURCES.configmaps, namespace: 'shop', name: 'web-config' }, fieldManager: 'team-b',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { color: 'black' } },
      force: true,
    });
    const outcome = await apply(['ap-2'], manifests({ replicas: 3, color: 'red' }), { dryRun: true });
    expect(outcome[0]?.objects[1]).toMatchObject({ action: null, error: { code: 'CONFLICT' }, conflicts: [{ field: '.data.color', manager: 'team-b' }] });
  });
});

describe('failures stay where they happen', () => {
  test('an unknown kind fails that object on each cluster; the others are applied', async () => {
    const extra = '---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';
    const outcome = await apply(['ap-1'], manifests({ replicas: 3, color: 'red', extra }), { force: true });
    const widget = outcome[0]?.objects.at(-1);
    expect(widget).toMatchObject({ kind: 'Widget', action: null, error: { code: 'NOT_FOUND', cluster: 'ap-1' } });
    expect(widget?.error?.message).toBe('cluster "ap-1": no Widget in example.com/v1 (it does not serve example.com/v1)');
    expect(outcome[0]?.error).toBeNull();
    expect(outcome[0]?.objects.slice(0, -1).every((o) => o.error === null)).toBe(true);
  });

  test('a down cluster yields CLUSTER_UNREACHABLE and the others\' results', async () => {
    await ops.cluster('ap-2').setFaults({ down: true });
    try {
      const outcome = await apply(['ap-1', 'ap-2'], manifests({ replicas: 3, color: 'orange' }), { force: true });
      expect(summary(outcome)).toEqual([
        ['ap-1', null, ['Namespace/shop:UNCHANGED', 'ConfigMap/web-config:CONFIGURED', 'Deployment/web:UNCHANGED', 'ClusterRole/web-reader:UNCHANGED']],
        ['ap-2', 'CLUSTER_UNREACHABLE', ['Namespace/shop:CLUSTER_UNREACHABLE']],
      ]);
      expect(outcome[1]?.error?.cluster).toBe('ap-2');
    } finally {
      await ops.cluster('ap-2').setFaults({ down: false });
    }
  });
});
