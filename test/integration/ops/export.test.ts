/**
 * Query.export and Mutation.copy over GraphQL: a clean bundle (no server-set fields, no objects
 * the cluster makes itself, Secret values only when asked), the round trip (the bundle applied
 * to another cluster recreates equal objects: its own export is the same text), and copy of
 * objects chosen by name or label selector to other clusters without the source's server-set
 * fields.
 */
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { fleetTestHooks } from '../../support/opsHooks.ts';

let fg: FleetGateway;

const APP = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: web } }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
type: Opaque
data: { password: c2VjcmV0 }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: shop }
data: { color: blue }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: shop }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: web-reader, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { serviceAccountName: web, containers: [{ name: web, image: "nginx:1.27" }] }
`;

interface Bundle { yaml: string; objects: Array<{ kind: string; namespace: string | null; name: string }> }
const EXPORT = 'query E($c: String!, $ns: [String!], $k: [String!], $s: Boolean) { export(cluster: $c, namespaces: $ns, kinds: $k, includeSecrets: $s) { yaml objects { kind namespace name } } }';
async function exportOf(cluster: string, vars: Record<string, unknown> = {}): Promise<Bundle> {
  const a = await fg.query<{ export: Bundle }>(EXPORT, { c: cluster, ns: ['shop'], ...vars });
  expect(a.errors).toBeUndefined();
  return a.data!.export;
}

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: [{ name: 'ex-1' }, { name: 'ex-2' }, { name: 'ex-3' }], nodes: 1, clock: new ManualClock() } });
  const a = await fg.query('mutation A($m: String!) { apply(input: { manifests: $m, clusterNames: ["ex-1"] }) { clusters { objects { error { code message } } } } }', { m: APP });
  expect(JSON.stringify(a)).not.toContain('"code"');
  await fg.sim.settle();
}, 60_000);

fleetTestHooks(() => fg);

describe('export', () => {
  test('lists what the manifests made, without server-set fields or what the cluster made itself', async () => {
    const bundle = await exportOf('ex-1');
    expect(bundle.objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'Namespace/shop', 'ServiceAccount/web', 'Secret/db', 'ConfigMap/web-config', 'Role/reader', 'RoleBinding/web-reader', 'Service/web', 'Deployment/web',
    ]);
    expect(bundle.yaml).not.toMatch(/uid:|resourceVersion:|managedFields:|creationTimestamp:|status:|clusterIP|ownerReferences|deployment\.kubernetes\.io\/revision/);
    const docs = bundle.yaml.split(/^---$/m).map((d) => parse(d) as { kind: string; data?: Record<string, string> });
    expect(docs.find((d) => d.kind === 'Secret')?.data, 'keys without values').toEqual({ password: '' });
    expect(fg.sim.clusters.flatMap((c) => c.requests.all().filter((r) => r.method !== 'GET')), 'an export writes nothing').toEqual([]);
  });

  test('Secret values only with includeSecrets', async () => {
    const bundle = await exportOf('ex-1', { k: ['Secret'], s: true });
    expect(bundle.objects).toEqual([{ kind: 'Secret', namespace: 'shop', name: 'db' }]);
    expect((parse(bundle.yaml) as { data: Record<string, string> }).data).toEqual({ password: 'c2VjcmV0' });
  });

  test('round trip: the bundle applied to another cluster recreates equal objects', async () => {
    const bundle = await exportOf('ex-1', { s: true });
    const a = await fg.query<{ apply: { clusters: Array<{ objects: Array<{ action: string | null; error: unknown }> }> } }>(
      'mutation A($m: String!) { apply(input: { manifests: $m, clusterNames: ["ex-2"] }) { clusters { objects { action error { code message } } } } }', { m: bundle.yaml });
    expect(a.data?.apply.clusters[0]?.objects.map((o) => o.action ?? o.error)).toEqual(bundle.objects.map(() => 'CREATED'));
    await fg.sim.settle();
    expect((await exportOf('ex-2', { s: true })).yaml).toBe(bundle.yaml);
  });

  test('bad arguments ask no cluster', async () => {
    for (const [vars, message] of [
      [{ c: 'nope' }, /^cluster: unknown cluster "nope"; known clusters: ex-1, ex-2, ex-3$/],
      [{ c: 'ex-1', k: ['Pod'] }, /^kinds: "Pod" cannot be exported; exported kinds: Namespace, /],
      [{ c: 'ex-1', ns: ['Bad_NS'] }, /^namespaces: "Bad_NS" is not a namespace name/],
    ] as const) {
      const a = await fg.query<{ export: unknown }>(EXPORT, { ns: ['shop'], ...vars });
      expect(a.data).toEqual({ export: null });
      expect(a.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(a.errors?.[0]?.message).toMatch(message);
    }
    expect(fg.sim.clusters.reduce((n, c) => n + c.requests.count(), 0)).toBe(0);
  });
});

describe('copy', () => {
  const COPY = 'mutation C($input: CopyInput!) { copy(input: $input) { operation { id } clusters { cluster error { code } objects { kind name action diff error { code message } } } } }';
  interface Copied { copy: { clusters: Array<{ cluster: string; error: unknown; objects: Array<{ kind: string; name: string; action: string | null; diff: string | null; error: { code: string; message: string } | null }> }> } | null }
  const copy = (input: Record<string, unknown>) => fg.query<Copied>(COPY, { input });
  const writes = () => fg.sim.clusters.flatMap((c) => c.requests.all().filter((r) => r.method !== 'GET' && !r.query.includes('dryRun=All')));

  test('a plan writes nothing; the copy recreates the objects on the targets without the source\'s server fields', async () => {
    const plan = await copy({ fromCluster: 'ex-1', kind: 'Namespace', namespace: 'shop', names: ['shop'], clusterNames: ['ex-3'], dryRun: true });
    expect(plan.data?.copy?.clusters[0]?.objects.map((o) => [o.name, o.action])).toEqual([['shop', 'CREATED']]);
    expect(writes()).toEqual([]);
    for (const [kind, names] of [['Namespace', ['shop']], ['Secret', ['db']], ['Service', ['web']]] as const) {
      const a = await copy({ fromCluster: 'ex-1', kind, namespace: 'shop', names, clusterNames: ['ex-3'] });
      expect(a.data?.copy?.clusters.map((c) => c.objects.map((o) => `${o.kind}/${o.name}:${o.action ?? o.error?.code}`))).toEqual([names.map((n) => `${kind}/${n}:CREATED`)]);
    }
    const source = fg.sim.cluster('ex-1').store.get('/services', 'shop', 'web')?.object as unknown as { metadata: { uid: string }; spec: { clusterIP: string } };
    const copied = fg.sim.cluster('ex-3').store.get('/services', 'shop', 'web')?.object as unknown as { metadata: { uid: string; managedFields: Array<{ manager: string }> }; spec: { clusterIP: string; ports: unknown } };
    expect(copied.metadata.uid).not.toBe(source.metadata.uid);
    expect(copied.metadata.managedFields.map((m) => m.manager)).toEqual(['fleetgraph']);
    expect(copied.spec.ports).toEqual((source as unknown as { spec: { ports: unknown } }).spec.ports);
    expect(fg.sim.cluster('ex-3').store.get('/secrets', 'shop', 'db')?.object.data, 'a copy carries Secret values').toEqual({ password: 'c2VjcmV0' });
  });

  test('a name missing on the source is refused and nothing is written', async () => {
    const a = await copy({ fromCluster: 'ex-1', kind: 'ConfigMap', namespace: 'shop', names: ['web-config', 'nope'], allClusters: true });
    expect(a.data).toEqual({ copy: null });
    expect(a.errors).toMatchObject([{ message: 'input.names: not found on "ex-1": "nope"; nothing was written', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(writes()).toEqual([]);
  });

  describe('by label selector', () => {
    const CMS = (deploymentUid: string) => ['fe-a', 'fe-b', 'be'].map((name) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: ${name}, namespace: shop, labels: { tier: ${name === 'be' ? 'be' : 'fe'} } }
data: { file: ${name} }
`).join('---') + `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fe-owned
  namespace: shop
  labels: { tier: fe, owned: "yes" }
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: ${deploymentUid} }]
data: { file: owned }
---
apiVersion: v1
kind: Namespace
metadata: { name: other }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: fe-elsewhere, namespace: other, labels: { tier: fe } }
data: { file: elsewhere }
`;
    type Stored = { metadata: { name: string; uid: string; resourceVersion: string; creationTimestamp: string; managedFields: Array<{ manager: string }>; labels?: Record<string, string> }; data: Record<string, string> };
    const stored = (cluster: string, namespace: string) => fg.sim.cluster(cluster).store.list('/configmaps', namespace)
      .map((s) => s.object as unknown as Stored).filter((o) => o.metadata.labels?.['tier'] === 'fe');

    beforeAll(async () => {
      const uid = (fg.sim.cluster('ex-1').store.get('apps/deployments', 'shop', 'web')?.object as unknown as Stored).metadata.uid;
      const a = await fg.query('mutation A($m: String!) { apply(input: { manifests: $m, clusterNames: ["ex-1"] }) { clusters { objects { error { code message } } } } }', { m: CMS(uid) });
      expect(JSON.stringify(a)).not.toContain('"code"');
      const ns = await copy({ fromCluster: 'ex-1', kind: 'Namespace', namespace: 'shop', names: ['shop'], clusterNames: ['ex-2', 'ex-3'] });
      expect(JSON.stringify(ns)).not.toContain('"code"');
    });

    test('copies exactly the matching objects of the namespace, without server fields or what the cluster made', async () => {
      const plan = await copy({ fromCluster: 'ex-1', kind: 'ConfigMap', namespace: 'shop', labelSelector: 'tier in (fe)', clusterNames: ['ex-2', 'ex-3'], dryRun: true });
      expect(plan.data?.copy?.clusters.map((c) => c.objects.map((o) => o.action))).toEqual([['CREATED', 'CREATED'], ['CREATED', 'CREATED']]);
      expect(writes()).toEqual([]);
      fg.sim.cluster('ex-1').requests.clear();
      const a = await copy({ fromCluster: 'ex-1', kind: 'ConfigMap', namespace: 'shop', labelSelector: 'tier in (fe)', clusterNames: ['ex-2', 'ex-3'] });
      expect(a.errors).toBeUndefined();
      expect(a.data?.copy?.clusters.map((c) => [c.cluster, c.objects.map((o) => `${o.name}:${o.action ?? o.error?.code}`)])).toEqual([
        ['ex-2', ['fe-a:CREATED', 'fe-b:CREATED']], ['ex-3', ['fe-a:CREATED', 'fe-b:CREATED']],
      ]);
      expect(fg.sim.cluster('ex-1').requests.find({ verb: 'list', resource: 'configmaps' }).map((r) => r.query), 'one LIST with the selector').toEqual([
        expect.stringContaining(new URLSearchParams({ labelSelector: 'tier in (fe)' }).toString()),
      ]);
      const source = new Map(stored('ex-1', 'shop').map((o) => [o.metadata.name, o]));
      for (const target of ['ex-2', 'ex-3']) {
        const copied = stored(target, 'shop');
        expect(copied.map((o) => o.metadata.name).sort()).toEqual(['fe-a', 'fe-b']);
        expect(stored(target, 'other'), 'another namespace is not copied').toEqual([]);
        for (const o of copied) {
          const from = source.get(o.metadata.name)!;
          expect(o.data).toEqual(from.data);
          expect(o.metadata.labels).toEqual(from.metadata.labels);
          expect(o.metadata.uid).not.toBe(from.metadata.uid);
          expect(o.metadata.managedFields.map((m) => m.manager), 'only the copy\'s own apply, none of the source\'s managers').toEqual(['fleetgraph']);
          expect(o.metadata).not.toHaveProperty('ownerReferences');
        }
      }
    });

    test('both, neither, a malformed or empty selector, or no match: BAD_USER_INPUT naming the field, nothing written', async () => {
      const base = { fromCluster: 'ex-1', kind: 'ConfigMap', namespace: 'shop', clusterNames: ['ex-2'] };
      for (const [input, message, asksSource] of [
        [{ ...base, names: ['fe-a'], labelSelector: 'tier=fe' }, 'input: give exactly one of names and labelSelector to choose the objects to copy', false],
        [base, 'input: give exactly one of names and labelSelector to choose the objects to copy', false],
        [{ ...base, labelSelector: 'tier in (fe' }, /^input\.labelSelector: /, false],
        [{ ...base, labelSelector: '  ' }, /^input\.labelSelector: an empty selector matches every object of the kind/, false],
        [{ ...base, labelSelector: 'tier=nope' }, 'input.labelSelector: no ConfigMap in namespace "shop" on "ex-1" matches "tier=nope"; nothing was written', true],
        [{ ...base, labelSelector: 'owned=yes' }, 'input.labelSelector: no ConfigMap in namespace "shop" on "ex-1" matches "owned=yes" (1 matching made by the cluster itself, which copy leaves out); nothing was written', true],
      ] as const) {
        for (const c of fg.sim.clusters) c.requests.clear();
        const a = await copy(input);
        expect(a.data, JSON.stringify(input)).toEqual({ copy: null });
        expect(a.errors).toHaveLength(1);
        expect(a.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
        if (typeof message === 'string') expect(a.errors?.[0]?.message).toBe(message);
        else expect(a.errors?.[0]?.message).toMatch(message);
        expect(writes()).toEqual([]);
        const asked = fg.sim.clusters.reduce((n, c) => n + c.requests.count({ resource: 'configmaps' }), 0);
        expect(asked, `${JSON.stringify(input)} lists the source only when the input is good`).toBe(asksSource ? 1 : 0);
      }
    });
  });
});
