/**
 * Server-side apply through @kubernetes/client-node: KubernetesObjectApi.patch with
 * PatchStrategy.ServerSideApply and typed patch calls with the application/apply-patch+yaml
 * content type. Creation by apply, managedFields, conflicts between managers, force, and
 * removal of fields an applier stops applying.
 */
import { PatchStrategy, type KubernetesObject, type V1ConfigMap, type V1Deployment, type V1ManagedFieldsEntry } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { clientsFor, refusal, withContentType, type Clients } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const NS = 'apply';
const ssa = withContentType(PatchStrategy.ServerSideApply);

let fleet: SimFleet;
let cluster: SimCluster;
let api: Clients;

function cmConfig(name: string, data: Record<string, string>, labels?: Record<string, string>): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, ...(labels ? { labels } : {}) }, data };
}

function deploymentConfig(name: string, replicas: number): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }] } },
    },
  };
}

/** Apply through KubernetesObjectApi, as `kubectl apply --server-side` would. */
function apply<T extends KubernetesObject>(config: T, fieldManager: string, force = false, dryRun?: string): Promise<T> {
  return api.objects.patch(config, undefined, dryRun, fieldManager, force, PatchStrategy.ServerSideApply);
}

function entry(obj: KubernetesObject, manager: string): V1ManagedFieldsEntry | undefined {
  return obj.metadata?.managedFields?.find((m) => m.manager === manager);
}

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: 1, namePrefix: 'ssa', nodes: 1, speed: 50 });
  cluster = fleet.clusters[0]!;
  api = clientsFor(fleet, cluster.name);
  await api.core.createNamespace({ body: { metadata: { name: NS } } });
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('server-side apply', () => {
  test('applying an object that does not exist creates it (201) and records the applier as an Apply manager', async () => {
    const rvBefore = cluster.store.resourceVersion;
    const created = await apply(cmConfig('created', { a: '1' }), 'alice');
    expect(created.metadata!.uid).toBeTruthy();
    // One write, as kube makes it: a watcher from before the apply sees exactly one ADDED.
    const changes: string[] = [];
    cluster.store.watch('/configmaps', rvBefore, (c) => { if (c.name === 'created') changes.push(c.type); }).stop();
    expect(changes).toEqual(['ADDED']);
    expect((created as V1ConfigMap).data).toEqual({ a: '1' });
    const record = cluster.requests.find({ verb: 'patch', resource: 'configmaps' }).at(-1)!;
    expect(record).toMatchObject({ method: 'PATCH', status: 201 });
    expect(record.query).toContain('fieldManager=alice');
    const fields = created.metadata!.managedFields!;
    expect(fields).toHaveLength(1);
    expect(fields[0]).toMatchObject({ manager: 'alice', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1' });
    expect(fields[0]!.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    const got = await api.core.readNamespacedConfigMap({ namespace: NS, name: 'created' });
    expect(got.metadata!.managedFields).toEqual(fields);
    // Re-applying the same configuration is a no-op: same resourceVersion, answered 200.
    const again = await apply(cmConfig('created', { a: '1' }), 'alice');
    expect(again.metadata!.resourceVersion).toBe(created.metadata!.resourceVersion);
    expect(cluster.requests.find({ verb: 'patch', resource: 'configmaps' }).at(-1)!.status).toBe(200);
  });

  test('a typed patch call with the apply-patch+yaml content type applies too', async () => {
    const d = await api.apps.patchNamespacedDeployment({ namespace: NS, name: 'web', body: deploymentConfig('web', 2), fieldManager: 'alice' }, ssa);
    expect(d.spec!.replicas).toBe(2);
    expect(d.metadata!.generation).toBe(1);
    const alice = entry(d, 'alice')!;
    expect(alice).toMatchObject({ operation: 'Apply', apiVersion: 'apps/v1' });
    expect(alice.fieldsV1).toMatchObject({ 'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': expect.any(Object) } });
  });

  test('a second manager changing a field the first owns gets 409 Conflict with FieldManagerConflict causes', async () => {
    const r = await refusal(api.apps.patchNamespacedDeployment({ namespace: NS, name: 'web', body: deploymentConfig('web', 5), fieldManager: 'bob' }, ssa));
    expect(r.code).toBe(409);
    expect(r.status).toMatchObject({
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas',
      details: { name: 'web', group: 'apps', kind: 'deployments', causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }] },
    });
    expect((await api.apps.readNamespacedDeployment({ namespace: NS, name: 'web' })).spec!.replicas).toBe(2);
  });

  test('force=true takes ownership of the conflicting field away from the first manager', async () => {
    const d = await api.apps.patchNamespacedDeployment({ namespace: NS, name: 'web', body: deploymentConfig('web', 5), fieldManager: 'bob', force: true }, ssa);
    expect(d.spec!.replicas).toBe(5);
    expect(d.metadata!.generation).toBe(2);
    expect(JSON.stringify(entry(d, 'bob')!.fieldsV1)).toContain('"f:replicas"');
    expect(JSON.stringify(entry(d, 'alice')!.fieldsV1)).not.toContain('"f:replicas"');
    // Now alice is the one who conflicts.
    const r = await refusal(api.apps.patchNamespacedDeployment({ namespace: NS, name: 'web', body: deploymentConfig('web', 2), fieldManager: 'alice' }, ssa));
    expect(r.status?.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "bob"', field: '.spec.replicas' }]);
  });

  test('managers applying the same value share the field without conflict', async () => {
    await apply(cmConfig('shared', { k: 'same' }), 'alice');
    const both = await apply(cmConfig('shared', { k: 'same' }), 'bob');
    expect(entry(both, 'alice')!.fieldsV1).toEqual({ 'f:data': { 'f:k': {} } });
    expect(entry(both, 'bob')!.fieldsV1).toEqual({ 'f:data': { 'f:k': {} } });
  });

  test('a field removed from the applied configuration is removed from the object', async () => {
    await apply(cmConfig('shrink', { keep: '1', drop: '2' }, { tier: 'a', gone: 'soon' }), 'alice');
    const shrunk = await apply(cmConfig('shrink', { keep: '1' }, { tier: 'a' }), 'alice') as V1ConfigMap;
    expect(shrunk.data).toEqual({ keep: '1' });
    expect(shrunk.metadata!.labels).toEqual({ tier: 'a' });
    expect(entry(shrunk, 'alice')!.fieldsV1).toEqual({ 'f:data': { 'f:keep': {} }, 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  });

  test('a field another manager also owns survives when one applier drops it', async () => {
    await apply(cmConfig('co-owned', { x: '1', y: '2' }), 'alice');
    await apply(cmConfig('co-owned', { y: '2' }), 'bob');
    const after = await apply(cmConfig('co-owned', { x: '1' }), 'alice') as V1ConfigMap;
    expect(after.data).toEqual({ x: '1', y: '2' });
    expect(entry(after, 'bob')!.fieldsV1).toEqual({ 'f:data': { 'f:y': {} } });
  });

  test('an ordinary update is recorded as an Update manager, and applying over it conflicts naming that manager and its apiVersion', async () => {
    await apply(cmConfig('edited', { v: 'applied' }), 'alice');
    const edited = await api.core.patchNamespacedConfigMap({ namespace: NS, name: 'edited', body: { data: { v: 'edited' } }, fieldManager: 'editor' }, withContentType(PatchStrategy.MergePatch));
    expect(entry(edited, 'editor')).toMatchObject({ operation: 'Update', apiVersion: 'v1', fieldsV1: { 'f:data': { 'f:v': {} } } });
    expect(entry(edited, 'alice')).toBeUndefined();
    const r = await refusal(apply(cmConfig('edited', { v: 'applied-again' }), 'alice'));
    expect(r.code).toBe(409);
    expect(r.status?.message).toBe('Apply failed with 1 conflict: conflict with "editor" using v1: .data.v');
  });

  test('apply without a fieldManager is refused', async () => {
    const r = await refusal(api.core.patchNamespacedConfigMap({ namespace: NS, name: 'edited', body: cmConfig('edited', { v: 'x' }) }, ssa));
    expect(r.code).toBe(422);
    expect(r.status?.message).toContain('fieldManager: Required value: is required for apply patch');
  });

  test('a dry-run apply neither creates nor changes anything', async () => {
    const answered = await apply(cmConfig('dry-apply', { a: '1' }), 'alice', false, 'All') as V1ConfigMap;
    expect(answered.data).toEqual({ a: '1' });
    expect((await refusal(api.core.readNamespacedConfigMap({ namespace: NS, name: 'dry-apply' }))).code).toBe(404);
    const before = await api.core.readNamespacedConfigMap({ namespace: NS, name: 'created' });
    await apply(cmConfig('created', { a: 'dry' }), 'alice', false, 'All');
    const after = await api.core.readNamespacedConfigMap({ namespace: NS, name: 'created' });
    expect(after.data).toEqual({ a: '1' });
    expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
  });

  test('the Deployment applied above runs its pods through the controllers', async () => {
    await fleet.settle();
    const rs = await api.apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: 'app=web' });
    expect(rs.items).toHaveLength(1);
    expect(rs.items[0]!.spec!.replicas).toBe(5);
  });
});
