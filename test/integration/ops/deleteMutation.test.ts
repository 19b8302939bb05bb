/**
 * Mutation.delete over GraphQL against a simulated fleet: by name, by label selector and by
 * manifests; dryRun deletes nothing; each propagation policy does to the dependants what
 * Kubernetes does; a missing object is that object's NOT_FOUND; bad input asks no cluster.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { fleetRequests as fleetRequestCount, fleetTestHooks } from '../../support/opsHooks.ts';

let fg: FleetGateway;
const clock = new ManualClock();
/** Pods go after their grace period: let cluster time pass, then let the controllers finish. */
const letTimePass = async () => { for (let i = 0; i < 3; i++) { await clock.advance(60_000); await fg.sim.settle(); } };
const CLUSTERS = ['dl-1', 'dl-2'];

const app = (name: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: app, image: "nginx:1.27" }] }
`;
const configMaps = ['c1:cache', 'c2:cache', 'c3:db'].map((s) => {
  const [name, tier] = s.split(':');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: shop, labels: { tier: ${tier} } }\ndata: { a: "1" }\n`;
});
const SETUP = ['apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n', app('orphan-me'), app('fore'), app('back'), ...configMaps].join('---\n');

interface Del { cluster: string; deleted: boolean; error: { code: string } | null; objects: Array<{ kind: string; namespace: string | null; name: string; deleted: boolean; error: { code: string; message: string } | null }> }

const SELECTION = 'cluster deleted error { code } objects { kind namespace name deleted error { code message } }';
async function del(input: Record<string, unknown>): Promise<{ data: Del[] | null; errors: Array<{ message: string; extensions?: Record<string, unknown> }> | undefined }> {
  const a = await fg.query<{ delete: Del[] | null }>(`mutation D($input: DeleteInput!) { delete(input: $input) { ${SELECTION} } }`, { input });
  return { data: a.data?.delete ?? null, errors: a.errors };
}

const store = (cluster: string) => fg.sim.cluster(cluster).store;
const rsOf = (cluster: string, app: string) => store(cluster).list('apps/replicasets', 'shop').filter((r) => r.object.metadata.name.startsWith(`${app}-`));
const fleetRequests = () => fleetRequestCount(fg);

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 1, clock } });
  const a = await fg.query('mutation A($m: String!) { apply(input: { manifests: $m, allClusters: true }) { clusters { cluster } } }', { m: SETUP });
  expect(a.errors).toBeUndefined();
  await fg.sim.settle();
}, 60_000);

fleetTestHooks(() => fg);

describe('delete', () => {
  test('dryRun deletes nothing, and says what would be deleted', async () => {
    const a = await del({ kind: 'ConfigMap', namespace: 'shop', name: 'c3', clusterNames: ['dl-1'], dryRun: true });
    expect(a.data).toEqual([{ cluster: 'dl-1', deleted: true, error: null, objects: [{ kind: 'ConfigMap', namespace: 'shop', name: 'c3', deleted: true, error: null }] }]);
    expect(store('dl-1').get('/configmaps', 'shop', 'c3')).toBeDefined();
    const sent = fg.sim.cluster('dl-1').requests.find({ method: 'DELETE' });
    expect(sent.map((r) => new URLSearchParams(r.query).get('dryRun'))).toEqual(['All']);
  });

  test('by label selector: what it matches on each cluster', async () => {
    const a = await del({ kind: 'ConfigMap', namespace: 'shop', labelSelector: 'tier=cache', allClusters: true });
    expect(a.data?.map((c) => [c.cluster, c.deleted, c.objects.map((o) => `${o.name}:${o.deleted}`)])).toEqual([
      ['dl-1', true, ['c1:true', 'c2:true']],
      ['dl-2', true, ['c1:true', 'c2:true']],
    ]);
    for (const c of CLUSTERS) {
      expect(store(c).get('/configmaps', 'shop', 'c1')).toBeUndefined();
      expect(store(c).get('/configmaps', 'shop', 'c3')).toBeDefined();
    }
  });

  test('a missing object is that object\'s NOT_FOUND', async () => {
    const a = await del({ kind: 'ConfigMap', namespace: 'shop', name: 'c1', clusterNames: ['dl-1'] });
    expect(a.data).toEqual([{ cluster: 'dl-1', deleted: false, error: null, objects: [{ kind: 'ConfigMap', namespace: 'shop', name: 'c1', deleted: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('"c1" not found') } }] }]);
  });

  test('ORPHAN leaves the ReplicaSets; BACKGROUND (the default) and FOREGROUND take them along', async () => {
    expect(rsOf('dl-1', 'orphan-me')).toHaveLength(1);
    const orphan = await del({ kind: 'Deployment', namespace: 'shop', name: 'orphan-me', clusterNames: ['dl-1'], propagationPolicy: 'ORPHAN' });
    expect(orphan.data?.[0]?.deleted).toBe(true);
    const back = await del({ kind: 'Deployment', namespace: 'shop', name: 'back', clusterNames: ['dl-1'] });
    expect(back.data?.[0]?.deleted).toBe(true);
    const fore = await del({ kind: 'Deployment', namespace: 'shop', name: 'fore', clusterNames: ['dl-1'], propagationPolicy: 'FOREGROUND' });
    expect(fore.data?.[0]?.deleted).toBe(true);
    const policies = fg.sim.cluster('dl-1').requests.find({ method: 'DELETE' }).map((r) => new URLSearchParams(r.query).get('dryRun'));
    expect(policies).toEqual([null, null, null]);
    await letTimePass();
    for (const d of ['orphan-me', 'back', 'fore']) expect(store('dl-1').get('apps/deployments', 'shop', d)).toBeUndefined();
    expect(rsOf('dl-1', 'orphan-me'), 'orphaned').toHaveLength(1);
    expect(rsOf('dl-1', 'orphan-me')[0]?.object.metadata.ownerReferences ?? []).toEqual([]);
    expect(rsOf('dl-1', 'back')).toHaveLength(0);
    expect(rsOf('dl-1', 'fore')).toHaveLength(0);
    expect(rsOf('dl-2', 'back'), 'the untargeted cluster keeps its own').toHaveLength(1);
  });

  test('by manifests: in the reverse of apply\'s order, the Namespace last', async () => {
    const a = await del({ manifests: SETUP, clusterNames: ['dl-2'] });
    const [c] = a.data ?? [];
    expect(c?.objects.map((o) => `${o.kind}/${o.name}:${o.deleted ? 'deleted' : o.error?.code}`)).toEqual([
      'ConfigMap/c3:deleted', 'ConfigMap/c2:NOT_FOUND', 'ConfigMap/c1:NOT_FOUND',
      'Deployment/back:deleted', 'Deployment/fore:deleted', 'Deployment/orphan-me:deleted', 'Namespace/shop:deleted',
    ]);
    expect(c?.deleted).toBe(false);
    await letTimePass();
    expect(store('dl-2').get('/namespaces', '', 'shop')).toBeUndefined();
  });
});

describe('bad input asks no cluster', () => {
  test.each([
    ['name and selector', { kind: 'ConfigMap', namespace: 'shop', name: 'c3', labelSelector: 'a=b', allClusters: true }, 'input: give exactly one of name and labelSelector'],
    ['empty selector', { kind: 'ConfigMap', namespace: 'shop', labelSelector: ' ', allClusters: true }, 'input.labelSelector: an empty selector matches every object of the kind; name the objects, or a selector that chooses some'],
    ['no targets', { kind: 'ConfigMap', namespace: 'shop', name: 'c3' }, 'input: name the target clusters with clusters (a label selector over cluster labels), clusterNames, or allClusters: true; a write to the whole fleet is never the default'],
    ['unknown kind without apiVersion', { kind: 'Widget', name: 'w', allClusters: true }, /^input.apiVersion: is required for kind "Widget"/],
    ['nothing chosen', { namespace: 'shop', allClusters: true }, 'input: choose what to delete: kind with name or labelSelector, or manifests'],
    ['bad manifests', { manifests: 'kind: ConfigMap\n', allClusters: true }, /^manifests: 2 problems, nothing was written: document 1 \(line 1\): ConfigMap: apiVersion is missing/],
    ['manifests and kind', { manifests: SETUP, kind: 'ConfigMap', allClusters: true }, 'input.manifests: cannot be combined with kind, apiVersion, name or labelSelector: choose the objects one way'],
    ['malformed selector', { kind: 'ConfigMap', namespace: 'shop', labelSelector: 'tier in (a', allClusters: true }, /^input.labelSelector: /],
  ])('%s', async (_what, input, message) => {
    const a = await del(input);
    expect(a.data).toBeNull();
    expect(a.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    if (typeof message === 'string') expect(a.errors?.[0]?.message).toBe(message);
    else expect(a.errors?.[0]?.message).toMatch(message);
    expect(fleetRequests()).toBe(0);
  });
});
