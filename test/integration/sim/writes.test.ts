/**
 * The write path of a simulated cluster through @kubernetes/client-node: create/get/update with
 * optimistic concurrency, kube's refusals (AlreadyExists, NotFound, Conflict, Invalid), generation
 * bookkeeping, the three patch types, dry runs, the scale and status subresources, cascading
 * deletion and graceful pod deletion. Cluster time is a ManualClock the tests advance.
 */
import { PatchStrategy, type V1Deployment, type V1Secret, type V1Pod, type V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock, SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { clientsFor, rawRequest, refusal, withContentType, type Clients } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const NS = 'writes';
const merge = withContentType(PatchStrategy.MergePatch);
const jsonPatch = withContentType(PatchStrategy.JsonPatch);
const strategic = withContentType(PatchStrategy.StrategicMergePatch);

let fleet: SimFleet;
let cluster: SimCluster;
let clock: ManualClock;
let api: Clients;

function deployment(name: string, replicas = 2, labels: Record<string, string> = { app: name }): V1Deployment {
  return {
    metadata: { name, labels: { team: 'sim' } },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 30,
          containers: [
            { name: 'web', image: 'nginx:1.27.3', ports: [{ containerPort: 80 }] },
            { name: 'sidecar', image: 'busybox:1.36', command: ['sleep', 'infinity'] },
          ],
        },
      },
    },
  };
}

/** Let cluster time pass and the controllers finish what it made due. */
async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await fleet.settle();
}

async function podsOf(app: string): Promise<V1Pod[]> {
  return (await api.core.listNamespacedPod({ namespace: NS, labelSelector: `app=${app}` })).items;
}

async function replicaSetsOf(app: string): Promise<V1ReplicaSet[]> {
  return (await api.apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: `app=${app}` })).items;
}

async function gone(read: Promise<unknown>): Promise<boolean> {
  try {
    await read;
    return false;
  } catch (e) {
    const r = await refusal(Promise.reject(e));
    return r.code === 404;
  }
}

beforeAll(async () => {
  clock = new ManualClock();
  fleet = await SimFleet.start({ clusters: 1, namePrefix: 'wr', clock, seed: 3 });
  cluster = fleet.clusters[0]!;
  api = clientsFor(fleet, cluster.name);
  await api.core.createNamespace({ body: { metadata: { name: NS } } });
  await fleet.settle();
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('create, get, update', () => {
  test('create then get returns the stored object with server-set metadata', async () => {
    const created = await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'basic' }, data: { a: '1' } } });
    expect(created.metadata).toMatchObject({ name: 'basic', namespace: NS });
    expect(created.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata!.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata!.creationTimestamp).toBeInstanceOf(Date);
    const got = await api.core.readNamespacedConfigMap({ namespace: NS, name: 'basic' });
    expect(got.data).toEqual({ a: '1' });
    expect(got.metadata!.uid).toBe(created.metadata!.uid);
    expect(got.metadata!.resourceVersion).toBe(created.metadata!.resourceVersion);
  });

  test('an update with the current resourceVersion succeeds; one with a stale resourceVersion is a 409 Conflict with kube\'s message', async () => {
    const v1 = await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'occ' }, data: { n: '1' } } });
    const v2 = await api.core.replaceNamespacedConfigMap({ namespace: NS, name: 'occ', body: { ...v1, data: { n: '2' } } });
    expect(Number(v2.metadata!.resourceVersion)).toBeGreaterThan(Number(v1.metadata!.resourceVersion));
    expect(v2.metadata!.uid).toBe(v1.metadata!.uid);
    const r = await refusal(api.core.replaceNamespacedConfigMap({ namespace: NS, name: 'occ', body: { ...v1, data: { n: 'stale' } } }));
    expect(r.code).toBe(409);
    expect(r.status).toMatchObject({
      kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409,
      message: 'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'occ', kind: 'configmaps' },
    });
    expect((await api.core.readNamespacedConfigMap({ namespace: NS, name: 'occ' })).data).toEqual({ n: '2' });
    // Without a resourceVersion the update is unconditional.
    const v3 = await api.core.replaceNamespacedConfigMap({ namespace: NS, name: 'occ', body: { metadata: { name: 'occ' }, data: { n: '3' } } });
    expect(v3.data).toEqual({ n: '3' });
  });

  test('generateName makes a unique name from the prefix', async () => {
    const a = await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { generateName: 'gen-' } } });
    const b = await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { generateName: 'gen-' } } });
    expect(a.metadata!.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(b.metadata!.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(a.metadata!.name).not.toBe(b.metadata!.name);
    expect(a.metadata!.generateName).toBe('gen-');
  });

  test('creating an existing name is 409 AlreadyExists', async () => {
    await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'dup' } } });
    const r = await refusal(api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'dup' } } }));
    expect(r.code).toBe(409);
    expect(r.status).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "dup" already exists', details: { name: 'dup', kind: 'configmaps' } });
  });

  test('reading, updating or deleting a missing object is 404 NotFound', async () => {
    for (const call of [
      api.core.readNamespacedConfigMap({ namespace: NS, name: 'nope' }),
      api.core.replaceNamespacedConfigMap({ namespace: NS, name: 'nope', body: { metadata: { name: 'nope' } } }),
      api.core.deleteNamespacedConfigMap({ namespace: NS, name: 'nope' }),
      api.apps.readNamespacedDeployment({ namespace: NS, name: 'nope' }),
    ]) {
      const r = await refusal(call);
      expect(r.code).toBe(404);
      expect(r.status?.reason).toBe('NotFound');
      expect(r.status?.message).toMatch(/^(configmaps|deployments\.apps) "nope" not found$/);
    }
  });

  test('an invalid name is 422 Invalid with a metadata.name cause', async () => {
    const r = await refusal(api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'Bad_Name' } } }));
    expect(r.code).toBe(422);
    expect(r.status?.reason).toBe('Invalid');
    expect(r.status?.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(r.status?.details?.causes).toEqual([expect.objectContaining({ reason: 'FieldValueInvalid', field: 'metadata.name' })]);
  });

  test('a Deployment whose selector does not match its template labels is 422 Invalid naming spec.template.metadata.labels', async () => {
    const bad = deployment('mismatch');
    bad.spec!.template.metadata!.labels = { app: 'other' };
    const r = await refusal(api.apps.createNamespacedDeployment({ namespace: NS, body: bad }));
    expect(r.code).toBe(422);
    expect(r.status?.message).toContain('Deployment.apps "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    expect(r.status?.details).toMatchObject({ name: 'mismatch', group: 'apps', kind: 'Deployment' });
    expect(r.status?.details?.causes?.map((c) => c.field)).toContain('spec.template.metadata.labels');
    expect(await gone(api.apps.readNamespacedDeployment({ namespace: NS, name: 'mismatch' }))).toBe(true);
  });

  test('a Deployment\'s selector is immutable', async () => {
    await api.apps.createNamespacedDeployment({ namespace: NS, body: deployment('fixed-sel', 0) });
    const current = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'fixed-sel' });
    current.spec!.selector = { matchLabels: { app: 'changed' } };
    current.spec!.template.metadata!.labels = { app: 'changed' };
    const r = await refusal(api.apps.replaceNamespacedDeployment({ namespace: NS, name: 'fixed-sel', body: current }));
    expect(r.code).toBe(422);
    expect(r.status?.message).toContain('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"changed"}');
    expect(r.status?.message).toContain('field is immutable');
    expect(r.status?.details?.causes).toEqual([expect.objectContaining({ field: 'spec.selector' })]);
  });
});

describe('generation and observedGeneration', () => {
  test('spec changes bump metadata.generation, metadata changes do not, and status.observedGeneration follows', async () => {
    const created = await api.apps.createNamespacedDeployment({ namespace: NS, body: deployment('gen', 1) });
    expect(created.metadata!.generation).toBe(1);
    await fleet.settle();
    expect((await api.apps.readNamespacedDeployment({ namespace: NS, name: 'gen' })).status?.observedGeneration).toBe(1);

    const relabelled = await api.apps.patchNamespacedDeployment({ namespace: NS, name: 'gen', body: { metadata: { labels: { extra: 'yes' } } } }, merge);
    expect(relabelled.metadata!.generation).toBe(1);

    const scaled = await api.apps.patchNamespacedDeployment({ namespace: NS, name: 'gen', body: { spec: { replicas: 3 } } }, merge);
    expect(scaled.metadata!.generation).toBe(2);
    expect(scaled.status?.observedGeneration).toBe(1);
    await fleet.settle();
    const observed = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'gen' });
    expect(observed.status?.observedGeneration).toBe(2);

    // A status write never bumps generation.
    const statusPatched = await api.apps.patchNamespacedDeploymentStatus({ namespace: NS, name: 'gen', body: { status: { observedGeneration: 2 } } }, merge);
    expect(statusPatched.metadata!.generation).toBe(2);
  });
});

describe('patch', () => {
  beforeAll(async () => {
    await api.apps.createNamespacedDeployment({ namespace: NS, body: deployment('patchme', 0) });
  });

  test.each([
    ['application/merge-patch+json', { spec: { paused: true, bogus: 1 } }],
    ['application/strategic-merge-patch+json', { spec: { paused: true, bogus: 1 } }],
    ['application/json-patch+json', [{ op: 'add', path: '/spec/bogus', value: 1 }, { op: 'add', path: '/spec/paused', value: true }]],
  ])('a %s patch with an unknown field under fieldValidation=Strict is refused and writes nothing', async (contentType, patch) => {
    const before = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'patchme' });
    const res = await rawRequest(cluster, {
      method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/patchme?fieldValidation=Strict`,
      headers: { 'Content-Type': contentType }, body: JSON.stringify(patch),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toContain('unknown field "spec.bogus"');
    const after = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'patchme' });
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(after.spec?.paused).toBeUndefined();
  });

  test('under fieldValidation=Warn an unknown field in a patch is dropped with a Warning header and the rest applies', async () => {
    const res = await rawRequest(cluster, {
      method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/patchme?fieldValidation=Warn`,
      headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { warned: 'yes' } }, spec: { bogus: 1 } }),
    });
    expect(res.status).toBe(200);
    expect(String(res.headers.warning)).toContain('unknown field \\"spec.bogus\\"');
    const after = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'patchme' });
    expect(after.metadata?.labels?.warned).toBe('yes');
    expect((after.spec as unknown as Record<string, unknown>).bogus).toBeUndefined();
  });

  test('a merge patch changes the named fields and keeps the rest', async () => {
    await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'mp' }, data: { keep: 'k', change: 'c', drop: 'd' } } });
    const patched = await api.core.patchNamespacedConfigMap({ namespace: NS, name: 'mp', body: { data: { change: 'C', drop: null, add: 'a' } } }, merge);
    expect(patched.data).toEqual({ keep: 'k', change: 'C', add: 'a' });
    expect(cluster.requests.find({ verb: 'patch', resource: 'configmaps' }).at(-1)).toMatchObject({ method: 'PATCH', status: 200 });
  });

  test('a merge patch replaces lists wholesale', async () => {
    const patched = await api.apps.patchNamespacedDeployment({
      namespace: NS, name: 'patchme', body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28.0' }] } } } },
    }, merge);
    expect(patched.spec!.template.spec!.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.28.0']);
    // Put both containers back.
    await api.apps.patchNamespacedDeployment({ namespace: NS, name: 'patchme', body: { spec: { template: { spec: { containers: deployment('patchme').spec!.template.spec!.containers } } } } }, merge);
  });

  test('a strategic merge patch merges containers by name', async () => {
    const patched = await api.apps.patchNamespacedDeployment({
      namespace: NS, name: 'patchme', body: { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.37' }] } } } },
    }, strategic);
    expect(patched.spec!.template.spec!.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['web=nginx:1.27.3', 'sidecar=busybox:1.37']);
    expect(patched.spec!.template.spec!.containers[1]!.command).toEqual(['sleep', 'infinity']);
  });

  test('a strategic merge patch $patch: delete removes one container by name', async () => {
    const patched = await api.apps.patchNamespacedDeployment({
      namespace: NS, name: 'patchme', body: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
    }, strategic);
    expect(patched.spec!.template.spec!.containers.map((c) => c.name)).toEqual(['web']);
  });

  test('a JSON patch applies its operations in order', async () => {
    const patched = await api.apps.patchNamespacedDeployment({
      namespace: NS, name: 'patchme', body: [
        { op: 'replace', path: '/spec/replicas', value: 0 },
        { op: 'add', path: '/metadata/labels/patched', value: 'json' },
        { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'extra', image: 'redis:7.4.1' } },
        { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'extra' },
      ],
    }, jsonPatch);
    expect(patched.metadata!.labels).toMatchObject({ patched: 'json' });
    expect(patched.spec!.template.spec!.containers.map((c) => c.name)).toEqual(['web', 'extra']);
  });

  test('a JSON patch whose test operation fails changes nothing and is 422', async () => {
    const before = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'patchme' });
    const r = await refusal(api.apps.patchNamespacedDeployment({
      namespace: NS, name: 'patchme', body: [
        { op: 'replace', path: '/spec/replicas', value: 7 },
        { op: 'test', path: '/metadata/name', value: 'other' },
      ],
    }, jsonPatch));
    expect(r.code).toBe(422);
    const after = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'patchme' });
    expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
    expect(after.spec!.replicas).toBe(0);
  });

  test('a patch naming a stale resourceVersion is a 409 Conflict', async () => {
    const current = await api.core.readNamespacedConfigMap({ namespace: NS, name: 'mp' });
    await api.core.patchNamespacedConfigMap({ namespace: NS, name: 'mp', body: { data: { bump: '1' } } }, merge);
    const r = await refusal(api.core.patchNamespacedConfigMap({ namespace: NS, name: 'mp', body: { metadata: { resourceVersion: current.metadata!.resourceVersion }, data: { bump: '2' } } }, merge));
    expect(r.code).toBe(409);
    expect(r.status?.reason).toBe('Conflict');
  });
});

describe('dryRun=All', () => {
  test('a dry-run create answers with the object but stores nothing', async () => {
    const rvBefore = cluster.store.resourceVersion;
    const answered = await api.core.createNamespacedConfigMap({ namespace: NS, dryRun: 'All', body: { metadata: { name: 'dry' }, data: { a: '1' } } });
    expect(answered.metadata!.name).toBe('dry');
    expect(answered.metadata!.uid).toBeTruthy();
    expect(await gone(api.core.readNamespacedConfigMap({ namespace: NS, name: 'dry' }))).toBe(true);
    expect(cluster.store.resourceVersion).toBe(rvBefore);
  });

  test('a dry-run create is still validated', async () => {
    const r = await refusal(api.core.createNamespacedConfigMap({ namespace: NS, dryRun: 'All', body: { metadata: { name: 'Not Valid' } } }));
    expect(r.code).toBe(422);
  });

  test('dry-run update, patch and delete leave the object and its resourceVersion unchanged', async () => {
    const original = await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'dry-target' }, data: { v: 'orig' } } });
    const rv = original.metadata!.resourceVersion;
    const storeRv = cluster.store.resourceVersion;

    const updated = await api.core.replaceNamespacedConfigMap({ namespace: NS, name: 'dry-target', dryRun: 'All', body: { ...original, data: { v: 'updated' } } });
    expect(updated.data).toEqual({ v: 'updated' });
    const patched = await api.core.patchNamespacedConfigMap({ namespace: NS, name: 'dry-target', dryRun: 'All', body: { data: { v: 'patched' } } }, merge);
    expect(patched.data).toEqual({ v: 'patched' });
    await api.core.deleteNamespacedConfigMap({ namespace: NS, name: 'dry-target', dryRun: 'All' });

    const after = await api.core.readNamespacedConfigMap({ namespace: NS, name: 'dry-target' });
    expect(after.data).toEqual({ v: 'orig' });
    expect(after.metadata!.resourceVersion).toBe(rv);
    expect(cluster.store.resourceVersion).toBe(storeRv);
    expect(cluster.requests.find({ namespace: NS }).filter((r) => r.query.includes('dryRun=All')).map((r) => r.verb)).toEqual(
      expect.arrayContaining(['update', 'patch', 'delete']),
    );
  });

  test('a dry-run delete of a Deployment keeps it and its pods', async () => {
    await api.apps.createNamespacedDeployment({ namespace: NS, body: deployment('dry-deploy', 1) });
    await fleet.settle();
    const before = await podsOf('dry-deploy');
    expect(before).toHaveLength(1);
    await api.apps.deleteNamespacedDeployment({ namespace: NS, name: 'dry-deploy', dryRun: 'All', propagationPolicy: 'Foreground' });
    await fleet.settle();
    const d = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'dry-deploy' });
    expect(d.metadata!.deletionTimestamp).toBeUndefined();
    expect(d.metadata!.finalizers).toBeUndefined();
    expect((await podsOf('dry-deploy')).map((p) => p.metadata!.name)).toEqual(before.map((p) => p.metadata!.name));
  });
});

describe('scale subresource', () => {
  test('get, replace and patch of deployments/scale read and set spec.replicas as an autoscaling/v1 Scale', async () => {
    await api.apps.createNamespacedDeployment({ namespace: NS, body: deployment('scaled', 1) });
    await fleet.settle();
    const before = cluster.requests.count({ resource: 'deployments/scale' });

    const scale = await api.apps.readNamespacedDeploymentScale({ namespace: NS, name: 'scaled' });
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'scaled', namespace: NS }, spec: { replicas: 1 } });
    expect(scale.status).toMatchObject({ replicas: 1, selector: 'app=scaled' });

    const replaced = await api.apps.replaceNamespacedDeploymentScale({ namespace: NS, name: 'scaled', body: { ...scale, spec: { replicas: 4 } } });
    expect(replaced.spec!.replicas).toBe(4);
    expect((await api.apps.readNamespacedDeployment({ namespace: NS, name: 'scaled' })).spec!.replicas).toBe(4);
    await fleet.settle();
    expect(await podsOf('scaled')).toHaveLength(4);

    const patched = await api.apps.patchNamespacedDeploymentScale({ namespace: NS, name: 'scaled', body: { spec: { replicas: 2 } } }, merge);
    expect(patched.spec!.replicas).toBe(2);
    expect((await api.apps.readNamespacedDeployment({ namespace: NS, name: 'scaled' })).spec!.replicas).toBe(2);

    expect(cluster.requests.count({ resource: 'deployments/scale' }) - before).toBe(3);
    expect(cluster.requests.find({ resource: 'deployments/scale' }).slice(-3).map((r) => r.verb)).toEqual(['get', 'update', 'patch']);
  });

  test('a Scale with a stale resourceVersion is a 409 Conflict and changes nothing', async () => {
    const scale = await api.apps.readNamespacedDeploymentScale({ namespace: NS, name: 'scaled' });
    await api.apps.patchNamespacedDeployment({ namespace: NS, name: 'scaled', body: { metadata: { annotations: { touched: 'yes' } } } }, merge);
    const r = await refusal(api.apps.replaceNamespacedDeploymentScale({ namespace: NS, name: 'scaled', body: { ...scale, spec: { replicas: 9 } } }));
    expect(r.code).toBe(409);
    expect(r.status?.message).toBe('Operation cannot be fulfilled on deployments.apps "scaled": the object has been modified; please apply your changes to the latest version and try again');
    expect((await api.apps.readNamespacedDeployment({ namespace: NS, name: 'scaled' })).spec!.replicas).toBe(2);
    // With the current resourceVersion (or none) it goes through.
    const fresh = await api.apps.readNamespacedDeploymentScale({ namespace: NS, name: 'scaled' });
    expect((await api.apps.replaceNamespacedDeploymentScale({ namespace: NS, name: 'scaled', body: { ...fresh, spec: { replicas: 3 } } })).spec!.replicas).toBe(3);
    expect((await api.apps.replaceNamespacedDeploymentScale({ namespace: NS, name: 'scaled', body: { metadata: { name: 'scaled' }, spec: { replicas: 2 } } })).spec!.replicas).toBe(2);
  });

  test('a negative replica count through the scale subresource is 422 Invalid', async () => {
    const r = await refusal(api.apps.patchNamespacedDeploymentScale({ namespace: NS, name: 'scaled', body: { spec: { replicas: -1 } } }, merge));
    expect(r.code).toBe(422);
    expect(r.status?.message).toContain('spec.replicas');
  });
});

describe('status subresource', () => {
  const condition = { type: 'Checked', status: 'True', reason: 'ByTest', message: 'set through /status', lastTransitionTime: new Date('2026-01-01T00:00:00Z') };

  test('a write to the main resource ignores status; a write to /status changes only status', async () => {
    await api.core.createNamespacedService({ namespace: NS, body: { metadata: { name: 'svc' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } } });
    const svc = await api.core.readNamespacedService({ namespace: NS, name: 'svc' });

    const mainWrite = await api.core.replaceNamespacedService({ namespace: NS, name: 'svc', body: { ...svc, status: { conditions: [condition] } } });
    expect(mainWrite.status?.conditions).toBeUndefined();

    const statusWrite = await api.core.replaceNamespacedServiceStatus({
      namespace: NS, name: 'svc',
      body: { ...mainWrite, metadata: { ...mainWrite.metadata, labels: { sneaky: 'yes' } }, spec: { ...mainWrite.spec, ports: [{ port: 9999 }] }, status: { conditions: [condition] } },
    });
    expect(statusWrite.status?.conditions?.map((c) => c.type)).toEqual(['Checked']);
    expect(statusWrite.spec!.ports!.map((p) => p.port)).toEqual([80]);
    expect(statusWrite.metadata!.labels).toBeUndefined();

    const read = await api.core.readNamespacedServiceStatus({ namespace: NS, name: 'svc' });
    expect(read.status?.conditions?.[0]).toMatchObject({ type: 'Checked', reason: 'ByTest' });
    expect(cluster.requests.find({ resource: 'services/status' }).map((r) => r.verb)).toEqual(['update', 'get']);
  });

  test('a merge patch of /status changes status', async () => {
    const patched = await api.core.patchNamespacedServiceStatus({ namespace: NS, name: 'svc', body: { status: { conditions: [{ ...condition, type: 'Patched' }] } } }, merge);
    expect(patched.status?.conditions?.map((c) => c.type)).toEqual(['Patched']);
  });
});

describe('delete', () => {
  async function runningDeployment(name: string, replicas = 2): Promise<{ rs: V1ReplicaSet; pods: V1Pod[] }> {
    await api.apps.createNamespacedDeployment({ namespace: NS, body: deployment(name, replicas) });
    await advance(5_000);
    const rss = await replicaSetsOf(name);
    expect(rss).toHaveLength(1);
    const pods = await podsOf(name);
    expect(pods).toHaveLength(replicas);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    expect(pods.every((p) => p.metadata!.ownerReferences?.[0]?.uid === rss[0]!.metadata!.uid)).toBe(true);
    return { rs: rss[0]!, pods };
  }

  test('background propagation removes the owner at once and its ReplicaSet and pods afterwards', async () => {
    await runningDeployment('bg');
    await api.apps.deleteNamespacedDeployment({ namespace: NS, name: 'bg', propagationPolicy: 'Background' });
    expect(await gone(api.apps.readNamespacedDeployment({ namespace: NS, name: 'bg' }))).toBe(true);
    await fleet.settle();
    expect(await replicaSetsOf('bg')).toEqual([]);
    const terminating = await podsOf('bg');
    expect(terminating.every((p) => p.metadata!.deletionTimestamp)).toBe(true);
    await advance(35_000);
    expect(await podsOf('bg')).toEqual([]);
  });

  test('foreground propagation keeps the owner, marked for deletion, until its dependents are gone', async () => {
    await runningDeployment('fg');
    await api.apps.deleteNamespacedDeployment({ namespace: NS, name: 'fg', propagationPolicy: 'Foreground' });
    const marked = await api.apps.readNamespacedDeployment({ namespace: NS, name: 'fg' });
    expect(marked.metadata!.deletionTimestamp).toBeInstanceOf(Date);
    expect(marked.metadata!.finalizers).toContain('foregroundDeletion');
    await fleet.settle();
    // Pods are still terminating, so the ReplicaSet and the Deployment wait.
    expect(await gone(api.apps.readNamespacedDeployment({ namespace: NS, name: 'fg' }))).toBe(false);
    await advance(35_000);
    expect(await podsOf('fg')).toEqual([]);
    expect(await replicaSetsOf('fg')).toEqual([]);
    expect(await gone(api.apps.readNamespacedDeployment({ namespace: NS, name: 'fg' }))).toBe(true);
  });

  test('orphan propagation removes the owner and leaves its ReplicaSet and pods, released', async () => {
    const { rs, pods } = await runningDeployment('orph');
    await api.apps.deleteNamespacedDeployment({ namespace: NS, name: 'orph', propagationPolicy: 'Orphan' });
    await advance(35_000);
    expect(await gone(api.apps.readNamespacedDeployment({ namespace: NS, name: 'orph' }))).toBe(true);
    const left = await replicaSetsOf('orph');
    expect(left.map((r) => r.metadata!.uid)).toEqual([rs.metadata!.uid]);
    expect(left[0]!.metadata!.ownerReferences ?? []).toEqual([]);
    const podsLeft = await podsOf('orph');
    expect(podsLeft.map((p) => p.metadata!.name).sort()).toEqual(pods.map((p) => p.metadata!.name).sort());
    expect(podsLeft.every((p) => !p.metadata!.deletionTimestamp)).toBe(true);
  });

  test('a running pod is deleted gracefully: deletionTimestamp first, gone after the kubelet stops it', async () => {
    await api.core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'graceful' }, spec: { terminationGracePeriodSeconds: 20, containers: [{ name: 'c', image: 'nginx:1.27.3' }] } } });
    await advance(5_000);
    expect((await api.core.readNamespacedPod({ namespace: NS, name: 'graceful' })).status?.phase).toBe('Running');
    const answered = await api.core.deleteNamespacedPod({ namespace: NS, name: 'graceful' }) as unknown as V1Pod;
    expect(answered.kind).toBe('Pod');
    const marked = await api.core.readNamespacedPod({ namespace: NS, name: 'graceful' });
    expect(marked.metadata!.deletionTimestamp).toBeInstanceOf(Date);
    expect(marked.metadata!.deletionGracePeriodSeconds).toBe(20);
    expect(marked.metadata!.deletionTimestamp!.getTime()).toBe(Math.floor(clock.now() / 1000) * 1000 + 20_000);
    await fleet.settle();
    expect(await gone(api.core.readNamespacedPod({ namespace: NS, name: 'graceful' }))).toBe(false);
    await advance(25_000);
    expect(await gone(api.core.readNamespacedPod({ namespace: NS, name: 'graceful' }))).toBe(true);
  });

  test('gracePeriodSeconds=0 deletes a running pod at once', async () => {
    await api.core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'now' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27.3' }] } } });
    await advance(5_000);
    // Pods answer a delete with the deleted Pod (kube's ReturnDeletedObject), which the typed client decodes.
    const answered = await api.core.deleteNamespacedPod({ namespace: NS, name: 'now', gracePeriodSeconds: 0 });
    expect(answered.kind).toBe('Pod');
    expect(answered.metadata!.name).toBe('now');
    expect(await gone(api.core.readNamespacedPod({ namespace: NS, name: 'now' }))).toBe(true);
  });

  test('a deleted namespace is Terminating, refuses new content, and goes once its contents are gone', async () => {
    await api.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await api.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'inside' } } });
    await api.apps.createNamespacedDeployment({ namespace: 'doomed', body: deployment('inner', 1) });
    await advance(5_000);
    const answered = await api.core.deleteNamespace({ name: 'doomed' }) as unknown as { kind: string; status?: { phase?: string } };
    expect(answered).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    const r = await refusal(api.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }));
    expect(r.code).toBe(403);
    expect(r.status?.message).toContain('because it is being terminated');
    await advance(35_000);
    expect(await gone(api.core.readNamespace({ name: 'doomed' }))).toBe(true);
    expect((await api.core.listPodForAllNamespaces({ fieldSelector: 'metadata.namespace=doomed' })).items).toEqual([]);
  });

  test('a delete with a stale resourceVersion precondition is a 409 Conflict', async () => {
    const cm = await api.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'precond' } } });
    await api.core.patchNamespacedConfigMap({ namespace: NS, name: 'precond', body: { data: { x: '1' } } }, merge);
    const r = await refusal(api.core.deleteNamespacedConfigMap({ namespace: NS, name: 'precond', body: { preconditions: { resourceVersion: cm.metadata!.resourceVersion } } }));
    expect(r.code).toBe(409);
    expect(r.status?.message).toContain('Precondition failed');
    expect(await gone(api.core.readNamespacedConfigMap({ namespace: NS, name: 'precond' }))).toBe(false);
  });
});

describe('KubernetesObjectApi (generic, discovery-driven)', () => {
  test('create, read, list, replace and delete any kind by its apiVersion and kind', async () => {
    const secret: V1Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: NS }, type: 'Opaque', stringData: { token: 's3cret' } };
    const created = await api.objects.create(secret);
    expect(created).toMatchObject({ kind: 'Secret', metadata: { name: 'generic', namespace: NS } });
    const read = await api.objects.read<V1Secret>({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: NS } });
    // stringData is folded into base64 data, as kube does.
    expect(read.data).toEqual({ token: Buffer.from('s3cret').toString('base64') });
    const listed = await api.objects.list('v1', 'Secret', NS);
    expect(listed.items.map((s) => s.metadata!.name)).toContain('generic');
    const replaced = await api.objects.replace<V1Secret>({ ...read, metadata: { ...read.metadata, labels: { replaced: 'yes' } } });
    expect(replaced.metadata!.labels).toEqual({ replaced: 'yes' });
    const status = await api.objects.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'generic', namespace: NS } });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'generic', kind: 'secrets' } });
    expect(await gone(api.core.readNamespacedSecret({ namespace: NS, name: 'generic' }))).toBe(true);
    // The client found the resource through discovery of /api/v1.
    expect(cluster.requests.find({ method: 'GET' }).some((r) => r.path === '/api/v1')).toBe(true);
  });

  test('a cluster-scoped kind and an apps/v1 kind resolve through discovery too', async () => {
    const nodes = await api.objects.list('v1', 'Node');
    expect(nodes.items.length).toBe(3);
    const rs = await api.objects.list('apps/v1', 'ReplicaSet', NS);
    const typed = await api.apps.listNamespacedReplicaSet({ namespace: NS });
    expect(rs.items.map((r) => r.metadata!.name).sort()).toEqual(typed.items.map((r) => r.metadata!.name).sort());
    expect(rs.items.length).toBeGreaterThan(0);
    const r = await refusal(api.objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nope', namespace: NS } }));
    expect(r.code).toBe(404);
  });
});
