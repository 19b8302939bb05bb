/**
 * Mutation.apply as automation meets it: GraphQL over real HTTP to a gateway in front of a
 * simulated fleet. Targets must be named; every bad input is refused with its problems listed
 * and writes nothing anywhere (checked on each cluster's request log); a plan writes nothing
 * and shows diffs; conflicts come back with fields and managers; a down cluster is one result
 * among the others; each mutation leaves one audit line in the log.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { collectLogLines, fleetRequests as fleetRequestCount, fleetTestHooks, labelledFleetFile } from '../../support/opsHooks.ts';

const LABELS: Record<string, Record<string, string>> = {
  'mu-dev': { env: 'dev' },
  'mu-prod-eu': { env: 'prod', region: 'eu' },
  'mu-prod-us': { env: 'prod', region: 'us' },
};
const ALL = Object.keys(LABELS);
let fg: FleetGateway;
const { lines: logLines, sink } = collectLogLines();

beforeAll(async () => {
  const fleetFile = labelledFleetFile(LABELS);
  fg = await startFleetGateway({
    sim: { clusters: ALL.map((name) => ({ name })), nodes: 1, clock: new ManualClock() },
    fleetFile,
    gateway: { logger: createLogger('info', sink), manifestLimits: { maxBytes: 64 * 1024 } },
  });
}, 60_000);

fleetTestHooks(() => fg, () => { logLines.length = 0; });

const APPLY = `mutation Apply($input: ApplyInput!) {
  apply(input: $input) {
    operation { id }
    clusters {
      cluster
      error { code message }
      objects { apiVersion kind namespace name action diff warning conflicts { field manager } error { code message } }
    }
  }
}`;

interface Obj { apiVersion: string; kind: string; namespace: string | null; name: string; action: string | null; diff: string | null; warning: string | null; conflicts: Array<{ field: string; manager: string }> | null; error: { code: string; message: string } | null }
interface ApplyData { apply: { operation: null; clusters: Array<{ cluster: string; error: { code: string; message: string } | null; objects: Obj[] }> } | null }

const app = (color = 'blue', replicas = 2) => `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: shop }
data: { color: ${color} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.27" }] }
`;

const apply = (input: Record<string, unknown>) => fg.query<ApplyData>(APPLY, { input });
const actions = (d: ApplyData) => d.apply?.clusters.map((c) => [c.cluster, c.error?.code ?? null, c.objects.map((o) => o.action ?? o.error?.code)]);
const fleetRequests = () => fleetRequestCount(fg);
const fleetWrites = () => fg.sim.clusters.flatMap((c) => c.requests.all().filter((r) => r.method !== 'GET').map((r) => `${c.name} ${r.method} ${r.path}${r.query}`));
const audits = () => logLines.filter((l) => l['audit'] !== undefined).map((l) => l['audit'] as Record<string, unknown>);

describe('apply', () => {
  test('applies to the clusters a selector chooses, leaves the others untouched, and writes one audit line', async () => {
    const a = await apply({ manifests: app(), clusters: 'env=prod' });
    expect(a.errors).toBeUndefined();
    expect(a.data?.apply?.operation).toBeNull();
    expect(actions(a.data!)).toEqual([
      ['mu-prod-eu', null, ['CREATED', 'CREATED', 'CREATED']],
      ['mu-prod-us', null, ['CREATED', 'CREATED', 'CREATED']],
    ]);
    expect(a.data?.apply?.clusters[0]?.objects.map((o) => [o.apiVersion, o.kind, o.namespace, o.name, o.diff, o.conflicts, o.error])).toEqual([
      ['v1', 'Namespace', null, 'shop', null, null, null],
      ['v1', 'ConfigMap', 'shop', 'web-config', null, null, null],
      ['apps/v1', 'Deployment', 'shop', 'web', null, null, null],
    ]);
    for (const name of ['mu-prod-eu', 'mu-prod-us']) {
      expect(fg.sim.cluster(name).store.get('/configmaps', 'shop', 'web-config')?.object.data).toEqual({ color: 'blue' });
      expect(fg.sim.cluster(name).store.get('apps/deployments', 'shop', 'web')).toBeDefined();
    }
    expect(fg.sim.cluster('mu-dev').requests.count(), 'the untargeted cluster was not asked anything').toBe(0);
    expect(fg.sim.cluster('mu-dev').store.get('/namespaces', '', 'shop')).toBeUndefined();
    const [record] = audits();
    expect(audits()).toHaveLength(1);
    expect(record).toMatchObject({
      operation: 'apply', dryRun: false, force: false, fieldManager: 'fleetgraph', targets: ['mu-prod-eu', 'mu-prod-us'], outcome: 'done',
      clusters: [{ cluster: 'mu-prod-eu', error: null, actions: { CREATED: 3 } }, { cluster: 'mu-prod-us', error: null, actions: { CREATED: 3 } }],
      objects: [{ kind: 'Namespace', namespace: null, name: 'shop' }, { kind: 'ConfigMap', namespace: 'shop', name: 'web-config' }, { kind: 'Deployment', namespace: 'shop', name: 'web' }],
      objectCount: 3, durationMs: expect.any(Number),
    });
  });

  test('re-applying is UNCHANGED everywhere; allClusters reaches the rest', async () => {
    const again = await apply({ manifests: app(), clusterNames: ['mu-prod-eu', 'mu-prod-us'] });
    expect(actions(again.data!)).toEqual([['mu-prod-eu', null, ['UNCHANGED', 'UNCHANGED', 'UNCHANGED']], ['mu-prod-us', null, ['UNCHANGED', 'UNCHANGED', 'UNCHANGED']]]);
    const all = await apply({ manifests: app(), allClusters: true });
    expect(actions(all.data!)).toEqual([
      ['mu-dev', null, ['CREATED', 'CREATED', 'CREATED']],
      ['mu-prod-eu', null, ['UNCHANGED', 'UNCHANGED', 'UNCHANGED']],
      ['mu-prod-us', null, ['UNCHANGED', 'UNCHANGED', 'UNCHANGED']],
    ]);
  });

  test('a conflict with another manager comes back with its fields; force takes them over', async () => {
    // Another team's automation owns the replica count on mu-prod-eu.
    const scaleOnly = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec: { replicas: 4 }\n';
    const other = await apply({ manifests: scaleOnly, clusterNames: ['mu-prod-eu'], fieldManager: 'team-a', force: true });
    expect(actions(other.data!)).toEqual([['mu-prod-eu', null, ['CONFIGURED']]]);
    const mine = await apply({ manifests: app('blue', 3), clusters: 'env=prod' });
    const eu = mine.data?.apply?.clusters[0];
    expect(eu?.objects[2]).toMatchObject({ action: null, conflicts: [{ field: '.spec.replicas', manager: 'team-a' }], error: { code: 'CONFLICT' } });
    expect(actions(mine.data!)).toEqual([['mu-prod-eu', null, ['UNCHANGED', 'UNCHANGED', 'CONFLICT']], ['mu-prod-us', null, ['UNCHANGED', 'UNCHANGED', 'CONFIGURED']]]);
    const forced = await apply({ manifests: app('blue', 3), clusters: 'env=prod', force: true });
    expect(actions(forced.data!)).toEqual([['mu-prod-eu', null, ['UNCHANGED', 'UNCHANGED', 'CONFIGURED']], ['mu-prod-us', null, ['UNCHANGED', 'UNCHANGED', 'UNCHANGED']]]);
    expect(audits().map((r) => r['clusters'])).toContainEqual([
      { cluster: 'mu-prod-eu', error: null, actions: { UNCHANGED: 2, CONFLICT: 1 } },
      { cluster: 'mu-prod-us', error: null, actions: { UNCHANGED: 2, CONFIGURED: 1 } },
    ]);
  });

  test('a plan (dryRun) writes nothing and shows the diff', async () => {
    const a = await apply({ manifests: app('green', 3), clusters: 'env=prod', dryRun: true });
    expect(a.errors).toBeUndefined();
    expect(actions(a.data!)).toEqual([['mu-prod-eu', null, ['UNCHANGED', 'CONFIGURED', 'UNCHANGED']], ['mu-prod-us', null, ['UNCHANGED', 'CONFIGURED', 'UNCHANGED']]]);
    expect(a.data?.apply?.clusters[0]?.objects[1]?.diff).toContain('-  color: blue\n+  color: green\n');
    expect(fleetWrites().filter((w) => !w.includes('dryRun=All')), 'only dry-run writes reached the clusters').toEqual([]);
    expect(fg.sim.cluster('mu-prod-eu').store.get('/configmaps', 'shop', 'web-config')?.object.data).toEqual({ color: 'blue' });
    expect(audits()[0]).toMatchObject({ operation: 'apply', dryRun: true, outcome: 'done' });
  });

  test('a down cluster is CLUSTER_UNREACHABLE beside the others\' results', async () => {
    await fg.sim.cluster('mu-prod-us').setFaults({ down: true });
    try {
      const a = await apply({ manifests: app('red', 3), clusters: 'env=prod', force: true });
      expect(a.errors).toBeUndefined();
      expect(actions(a.data!)).toEqual([['mu-prod-eu', null, ['UNCHANGED', 'CONFIGURED', 'UNCHANGED']], ['mu-prod-us', 'CLUSTER_UNREACHABLE', ['CLUSTER_UNREACHABLE']]]);
      expect(a.data?.apply?.clusters[1]?.error?.message).toMatch(/^cluster "mu-prod-us" is unreachable/);
    } finally {
      await fg.sim.cluster('mu-prod-us').setFaults({ down: false });
    }
  });
});

describe('bad input writes nothing anywhere', () => {
  const refused = async (input: Record<string, unknown>): Promise<string> => {
    const a = await apply(input);
    expect(a.status).toBe(200);
    expect(a.data).toEqual({ apply: null });
    expect(a.errors).toHaveLength(1);
    expect(a.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(fleetRequests(), 'no cluster was asked anything').toBe(0);
    const record = audits().at(-1);
    expect(record).toMatchObject({ operation: 'apply', outcome: 'rejected', clusters: [] });
    return a.errors?.[0]?.message ?? '';
  };

  test('targets must be named, and must match a cluster', async () => {
    expect(await refused({ manifests: app() })).toBe('input: name the target clusters with clusters (a label selector over cluster labels), clusterNames, or allClusters: true; a write to the whole fleet is never the default');
    expect(await refused({ manifests: app(), allClusters: false })).toMatch(/^input: name the target clusters/);
    expect(await refused({ manifests: app(), clusters: '' })).toBe('input.clusters: an empty selector matches every cluster; to write to all of them say allClusters: true');
    expect(await refused({ manifests: app(), clusterNames: [] })).toBe('input: no cluster matches clusterNames []; nothing was written');
    expect(await refused({ manifests: app(), clusters: 'env=staging' })).toBe('input: no cluster matches clusters "env=staging"; nothing was written');
    expect(await refused({ manifests: app(), clusterNames: ['mu-prod'] })).toMatch(/^input.clusterNames: unknown cluster "mu-prod"/);
    expect(await refused({ manifests: app(), clusters: 'env in (prod' })).toMatch(/^input.clusters: /);
    expect(await refused({ manifests: app(), allClusters: true, clusterNames: ['mu-dev'] })).toBe('input.allClusters: cannot be combined with clusters or clusterNames: name the targets one way');
  });

  test('manifests: empty, syntax errors, missing fields, duplicates, a contradicting namespace, oversize', async () => {
    expect(await refused({ manifests: '', allClusters: true })).toBe('manifests: 1 problem, nothing was written: no objects: the manifests are empty (or hold only comments and empty documents)');
    const broken = `${app()}---\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: [x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { namespace: shop }\n---\n${app()}`;
    const message = await refused({ manifests: broken, allClusters: true });
    expect(message).toMatch(/^manifests: 7 problems, nothing was written: document 4 \(line 21\): ConfigMap "a": apiVersion is missing; document 5 \(line 27\): Flow sequence in block collection/);
    expect(message).toContain('document 6 (line 28): ConfigMap: metadata.name is missing');
    expect(message).toContain('Namespace "shop" appears twice (first in document 1 (line 2))');
    expect(await refused({ manifests: app(), namespace: 'other', allClusters: true }))
      .toBe('manifests: 2 problems, nothing was written: document 2 (line 6): ConfigMap "web-config": metadata.namespace "shop" contradicts the namespace argument "other"; drop one of them; '
        + 'document 3 (line 11): Deployment "web": metadata.namespace "shop" contradicts the namespace argument "other"; drop one of them');
    expect(await refused({ manifests: `${app()}#${'x'.repeat(70_000)}\n`, allClusters: true })).toMatch(/^manifests: 1 problem, nothing was written: the manifests are \d+ bytes, over the limit of 65536 bytes/);
    expect(await refused({ manifests: app(), namespace: 'Bad_NS', allClusters: true })).toMatch(/^input.namespace: "Bad_NS" is not a namespace name/);
    expect(await refused({ manifests: app(), fieldManager: '', allClusters: true })).toBe('input.fieldManager: "" is not a field manager name: 1 to 128 printable characters');
  });

  test('a refused mutation costs only its own field: an earlier one in the same request keeps its outcome', async () => {
    const a = await fg.query<{ ok: { clusters: Array<{ cluster: string }> } | null; bad: unknown }>(
      'mutation Two($m: String!) { ok: apply(input: { manifests: $m, clusterNames: ["mu-dev"] }) { clusters { cluster } } bad: apply(input: { manifests: $m }) { clusters { cluster } } }',
      { m: app() },
    );
    expect(a.data).toEqual({ ok: { clusters: [{ cluster: 'mu-dev' }] }, bad: null });
    expect(a.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([[['bad'], 'BAD_USER_INPUT']]);
  });
});


test('a copy whose source cluster is down writes nothing, answers its error and is audited as failed', async () => {
  await fg.sim.cluster('mu-dev').setFaults({ down: true });
  try {
    const a = await fg.query('mutation { copy(input: { fromCluster: "mu-dev", kind: "ConfigMap", namespace: "shop", names: ["web-config"], clusters: "env=prod" }) { clusters { cluster } } }');
    expect(a.data).toEqual({ copy: null });
    expect(a.errors).toMatchObject([{ path: ['copy'], extensions: { code: 'CLUSTER_UNREACHABLE', cluster: 'mu-dev' } }]);
    expect(fleetWrites()).toEqual([]);
    expect(audits()).toMatchObject([{ operation: 'copy', outcome: 'failed', targets: ['mu-prod-eu', 'mu-prod-us'], clusters: [{ cluster: 'mu-dev', error: 'CLUSTER_UNREACHABLE' }] }]);
  } finally {
    await fg.sim.cluster('mu-dev').setFaults({ down: false });
  }
});
