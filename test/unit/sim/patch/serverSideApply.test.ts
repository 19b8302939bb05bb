import { describe, expect, it } from 'vitest';
import { ApplyConflictError, recordUpdate, serverSideApply } from '../../../../src/sim/patch/serverSideApply.ts';
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';
import type { JsonObject, KObject, ManagedFieldsEntry } from '../../../../src/sim/types.ts';
import { deepFreeze, errorOf } from './support.ts';

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T10:01:00Z';
const T2 = '2024-05-01T10:02:00Z';

interface Cfg { replicas?: number; image?: string; labels?: Record<string, string>; containers?: JsonObject[] }

function config({ replicas, image = 'nginx:1', labels = { app: 'web' }, containers }: Cfg = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: containers ?? [{ name: 'web', image }] } },
    },
  };
}

/** A client's object, before the server completes its metadata. */
function asObject(obj: JsonObject): KObject {
  return obj as unknown as KObject;
}

/** What the store would hold after a create: the server fills uid, resourceVersion and creationTimestamp. */
function stored(obj: KObject): KObject {
  return deepFreeze({ ...obj, metadata: { ...obj.metadata, uid: 'uid-1', resourceVersion: '1', creationTimestamp: T0 } });
}

function apply(live: KObject | undefined, applied: JsonObject, manager: string, opts: { force?: boolean; now?: string } = {}): KObject {
  return stored(serverSideApply({ live, applied, manager, force: opts.force ?? false, now: opts.now ?? T0 }));
}

function entry(obj: KObject, manager: string): ManagedFieldsEntry | undefined {
  return obj.metadata.managedFields?.find((e) => e.manager === manager);
}

const conflictOf = (fn: () => unknown): ApplyConflictError => errorOf(fn, ApplyConflictError);

const spec = (o: KObject) => o['spec'] as { replicas?: number; template: { spec: { containers: JsonObject[] } } };

describe('serverSideApply', () => {
  it('creates the object and gives the applier an Apply entry owning exactly the applied fields', () => {
    const obj = serverSideApply({ live: undefined, applied: config({ replicas: 2 }), manager: 'kubectl', force: false, now: T0 });
    expect(spec(obj).replicas).toBe(2);
    expect(obj.metadata.managedFields).toEqual([{
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      },
    }]);
  });

  it('fails with kube\'s message when another applier owns a field it would change', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'alice');
    const e = conflictOf(() => serverSideApply({ live, applied: config({ replicas: 3 }), manager: 'bob', force: false, now: T1 }));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(e.conflicts).toEqual([{ manager: 'alice', apiVersion: 'apps/v1', field: '.spec.replicas', operation: 'Apply' }]);
    expect(e.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }]);
  });

  it('lists several conflicts grouped by manager, naming the API version of Update managers', () => {
    const created = apply(undefined, config({ replicas: 2 }), 'alice');
    const edited = stored(recordUpdate({
      old: created,
      updated: { ...created, metadata: { ...created.metadata, labels: { app: 'web', tier: 'fe' } } } as KObject,
      manager: 'kubectl-edit',
      now: T1,
    }));
    const e = conflictOf(() => serverSideApply({
      live: edited,
      applied: config({ replicas: 3, image: 'nginx:2', labels: { app: 'web', tier: 'be' } }),
      manager: 'bob',
      force: false,
      now: T2,
    }));
    expect(e.message).toBe([
      'Apply failed with 3 conflicts: conflicts with "alice":',
      '- .spec.replicas',
      '- .spec.template.spec.containers[name="web"].image',
      'conflicts with "kubectl-edit" using apps/v1:',
      '- .metadata.labels.tier',
    ].join('\n'));
    expect(e.causes.map((c) => c.message)).toEqual(['conflict with "alice"', 'conflict with "alice"', 'conflict with "kubectl-edit" using apps/v1']);
  });

  it('takes ownership of conflicting fields when forced', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'alice');
    const after = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }, 'bob', { force: true, now: T1 });
    expect(spec(after).replicas).toBe(3);
    expect(entry(after, 'bob')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entry(after, 'alice')?.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);
    expect((entry(after, 'alice')?.fieldsV1['f:spec'] as JsonObject)['f:selector']).toEqual({});
  });

  it('shares ownership without conflict when the applied value equals the live one', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'alice');
    const after = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }, 'bob', { now: T1 });
    expect(entry(after, 'bob')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entry(after, 'alice')?.fieldsV1).toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('removes a field the applier stops applying when nobody else owns it', () => {
    const live = apply(undefined, config({ replicas: 2, labels: { app: 'web', tier: 'fe' } }), 'alice');
    const after = apply(live, config({ labels: { app: 'web' } }), 'alice', { now: T1 });
    expect(spec(after)).not.toHaveProperty('replicas');
    expect(after.metadata.labels).toEqual({ app: 'web' });
    expect(entry(after, 'alice')?.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('prunes an applier\'s last label without touching the name and namespace it never owned', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'alice');
    const after = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } }, 'alice', { now: T1 });
    expect(after.metadata).toMatchObject({ name: 'web', namespace: 'default', uid: 'uid-1' });
    expect(after.metadata).not.toHaveProperty('labels');
    expect(after['apiVersion']).toBe('apps/v1');
    expect(after['kind']).toBe('Deployment');
  });

  it('keeps a field the applier stops applying when another manager still owns it', () => {
    const live = apply(undefined, config({ replicas: 2, labels: { app: 'web', tier: 'fe' } }), 'alice');
    const shared = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { tier: 'fe' } } }, 'bob', { now: T1 });
    const after = apply(shared, config({ replicas: 2 }), 'alice', { now: T2 });
    expect(after.metadata.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(entry(after, 'bob')?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
  });

  it('conflicts with the manager of an earlier update, such as kubectl scale', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'kubectl');
    const scaled = stored(recordUpdate({ old: live, updated: { ...live, spec: { ...spec(live), replicas: 5 } } as KObject, manager: 'kubectl-scale', now: T1, subresource: 'scale' }));
    expect(entry(scaled, 'kubectl')?.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);
    const e = conflictOf(() => serverSideApply({ live: scaled, applied: config({ replicas: 3 }), manager: 'kubectl', force: false, now: T2 }));
    expect(e.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas');
    // Re-applying the scaled value is fine, and applying without replicas leaves it to kubectl-scale.
    expect(spec(apply(scaled, config({ replicas: 5 }), 'kubectl', { now: T2 })).replicas).toBe(5);
    expect(spec(apply(scaled, config(), 'kubectl', { now: T2 })).replicas).toBe(5);
  });

  it('merges containers by name: the applier\'s container changes, another manager\'s container stays', () => {
    const live = apply(undefined, config({ image: 'nginx:1' }), 'alice');
    const withSidecar = apply(live, config({ containers: [{ name: 'log', image: 'fluent' }] }), 'bob', { now: T1 });
    expect(spec(withSidecar).template.spec.containers.map((c) => c['name'])).toEqual(['web', 'log']);
    const after = apply(withSidecar, config({ image: 'nginx:2' }), 'alice', { now: T2 });
    expect(spec(after).template.spec.containers).toEqual([{ name: 'web', image: 'nginx:2' }, { name: 'log', image: 'fluent' }]);
    const dropped = apply(after, { ...config(), spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [] } } } }, 'bob', { now: T2 });
    expect(spec(dropped).template.spec.containers).toEqual([{ name: 'web', image: 'nginx:2' }]);
  });

  it('orders a merged keyed list as SMD does: applied order for shared items, live-only items kept in place', () => {
    const c = (name: string) => ({ name, image: name });
    const live = apply(undefined, config({ containers: [c('a'), c('b'), c('c')] }), 'alice');
    const names = (o: KObject) => spec(o).template.spec.containers.map((x) => x['name']);
    expect(names(apply(live, config({ containers: [c('c'), c('a')] }), 'bob', { now: T1 }))).toEqual(['b', 'c', 'a']);
    expect(names(apply(live, config({ containers: [c('a'), c('x'), c('c')] }), 'bob', { now: T1 }))).toEqual(['a', 'b', 'x', 'c']);
  });

  it('keeps fields the server or other writers set inside an applied container', () => {
    const live = apply(undefined, config(), 'alice');
    const defaulted = stored(recordUpdate({
      old: live,
      updated: { ...live, spec: { ...spec(live), template: { ...spec(live).template, spec: { containers: [{ name: 'web', image: 'nginx:1', imagePullPolicy: 'IfNotPresent' }] } } } } as KObject,
      manager: 'defaulter',
      now: T1,
    }));
    const after = apply(defaulted, config({ image: 'nginx:2' }), 'alice', { now: T2 });
    expect(spec(after).template.spec.containers).toEqual([{ name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent' }]);
  });

  it('ignores status on the main resource and touches only status on the status subresource', () => {
    const live = apply(undefined, { ...config({ replicas: 1 }), status: { replicas: 9 } }, 'alice');
    expect(live).not.toHaveProperty('status');
    expect(JSON.stringify(live.metadata.managedFields)).not.toContain('f:status');
    const withStatus = stored(serverSideApply({
      live, applied: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 7 }, status: { replicas: 1 } },
      manager: 'controller', force: false, now: T1, subresource: 'status',
    }));
    expect(withStatus['status']).toEqual({ replicas: 1 });
    expect(spec(withStatus).replicas).toBe(1);
    expect(withStatus.metadata.managedFields?.find((e) => e.manager === 'controller')).toEqual({
      manager: 'controller', operation: 'Apply', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:replicas': {} } }, subresource: 'status',
    });
  });

  it('keeps uid, resourceVersion, creationTimestamp and generation of the live object', () => {
    const created = apply(undefined, config({ replicas: 1 }), 'alice');
    const live = deepFreeze({ ...created, metadata: { ...created.metadata, generation: 4 } });
    const after = serverSideApply({
      live,
      applied: { ...config({ replicas: 2 }), metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, uid: 'forged', resourceVersion: '999' } },
      manager: 'alice',
      force: false,
      now: T1,
    });
    expect(after.metadata).toMatchObject({ uid: 'uid-1', resourceVersion: '1', creationTimestamp: T0, generation: 4 });
    expect(Object.keys(after.metadata)).toEqual(Object.keys(live.metadata));
  });

  it('leaves a repeated identical apply unchanged, time included', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'alice');
    expect(serverSideApply({ live, applied: config({ replicas: 2 }), manager: 'alice', force: false, now: T2 })).toEqual(live);
  });

  it('never modifies the deep-frozen live object and returns one it can modify', () => {
    const live = apply(undefined, config({ replicas: 2 }), 'alice');
    const after = serverSideApply({ live, applied: config({ replicas: 2, image: 'nginx:2' }), manager: 'alice', force: false, now: T1 });
    (spec(after).template.spec.containers[0] as JsonObject)['imagePullPolicy'] = 'Always';
    after.metadata.resourceVersion = '2';
    expect(spec(live).template.spec.containers).toEqual([{ name: 'web', image: 'nginx:1' }]);
  });

  it('lets kubectl take over fields from client-side apply without forcing, and keeps its annotation in sync', () => {
    const lastApplied = JSON.stringify(config({ replicas: 2 }));
    const csa = stored(recordUpdate({
      old: undefined,
      updated: asObject({ ...config({ replicas: 2 }), metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } }),
      manager: 'kubectl-client-side-apply',
      now: T0,
    }));
    const applied = config({ replicas: 3 });
    expect(() => serverSideApply({ live: csa, applied, manager: 'someone-else', force: false, now: T1 })).toThrow(ApplyConflictError);
    const after = serverSideApply({ live: csa, applied, manager: 'kubectl', force: false, now: T1 });
    expect(spec(after).replicas).toBe(3);
    const annotation = after.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
    expect(annotation.endsWith('\n')).toBe(true);
    expect(JSON.parse(annotation)).toEqual(applied);
    expect(annotation.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":')).toBe(true);
  });

  it('rejects applied managedFields and a different API version with 400', () => {
    const live = apply(undefined, config(), 'alice');
    const badFields = () => serverSideApply({ live, applied: { ...config(), metadata: { name: 'web', managedFields: [] } }, manager: 'a', force: false, now: T1 });
    expect(badFields).toThrow(PatchError);
    expect(badFields).toThrow('metadata.managedFields must be nil');
    const badVersion = () => serverSideApply({ live, applied: { ...config(), apiVersion: 'apps/v1beta2' }, manager: 'a', force: false, now: T1 });
    expect(badVersion).toThrow(/Incorrect version specified in apply patch/);
  });
});

describe('recordUpdate', () => {
  const base = (): KObject => asObject(config({ replicas: 1 }));

  it('gives the creator every field of the created object', () => {
    const created = recordUpdate({ old: undefined, updated: base(), manager: 'kubectl-create', now: T0 });
    expect(created.metadata.managedFields).toEqual([{
      manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      },
    }]);
  });

  it('moves changed fields to the writer, drops removed ones, and merges into its earlier entry', () => {
    const created = stored(recordUpdate({ old: undefined, updated: base(), manager: 'kubectl-create', now: T0 }));
    const scaled = stored(recordUpdate({ old: created, updated: { ...created, spec: { ...spec(created), replicas: 3 } } as KObject, manager: 'ops', now: T1 }));
    expect(entry(scaled, 'ops')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(entry(scaled, 'kubectl-create')?.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);

    const unlabelled = stored(recordUpdate({
      old: scaled,
      updated: { ...scaled, metadata: { ...scaled.metadata, labels: { app: 'web', team: 'x' } }, spec: { ...spec(scaled), replicas: 4 } } as KObject,
      manager: 'ops',
      now: T2,
    }));
    const ops = unlabelled.metadata.managedFields?.filter((e) => e.manager === 'ops');
    expect(ops).toHaveLength(1);
    expect(ops?.[0]?.time).toBe(T2);
    expect(ops?.[0]?.fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:team': {} } }, 'f:spec': { 'f:replicas': {} } });

    const noSelector = recordUpdate({ old: unlabelled, updated: { ...unlabelled, spec: { ...spec(unlabelled), selector: undefined } } as KObject, manager: 'x', now: T2 });
    expect(JSON.stringify(noSelector.metadata.managedFields)).not.toContain('f:selector');
  });

  it('records nothing for a write that changes no field', () => {
    const created = stored(recordUpdate({ old: undefined, updated: base(), manager: 'kubectl-create', now: T0 }));
    const same = recordUpdate({ old: created, updated: { ...created, metadata: { ...created.metadata, resourceVersion: '2' } }, manager: 'noop', now: T1 });
    expect(same.metadata.managedFields).toEqual(created.metadata.managedFields);
  });

  it('resets managedFields when the request sends an empty list, and keeps the old ones when it sends none', () => {
    const created = stored(recordUpdate({ old: undefined, updated: base(), manager: 'kubectl-create', now: T0 }));
    const reset = recordUpdate({ old: created, updated: { ...created, metadata: { ...created.metadata, managedFields: [] } }, manager: 'x', now: T1 });
    expect(reset.metadata).not.toHaveProperty('managedFields');
    const { managedFields: _dropped, ...metaWithout } = created.metadata;
    const kept = recordUpdate({ old: created, updated: { ...created, metadata: metaWithout, spec: { ...spec(created), replicas: 9 } } as KObject, manager: 'x', now: T1 });
    expect(kept.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl-create', 'x']);
  });

  it('ignores status on the main resource and records only status on the status subresource', () => {
    const created = stored(recordUpdate({ old: undefined, updated: base(), manager: 'kubectl-create', now: T0 }));
    const both = { ...created, spec: { ...spec(created), replicas: 2 }, status: { replicas: 2 } } as KObject;
    expect(JSON.stringify(recordUpdate({ old: created, updated: both, manager: 'main', now: T1 }).metadata.managedFields)).not.toContain('f:status');
    const status = recordUpdate({ old: created, updated: both, manager: 'kube-controller-manager', now: T1, subresource: 'status' });
    expect(entry(status, 'kube-controller-manager')).toEqual({
      manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { '.': {}, 'f:replicas': {} } }, subresource: 'status',
    });
  });

  it('sorts entries as kube does: Apply before Update, then oldest first', () => {
    const applied = apply(undefined, config({ replicas: 1 }), 'zed', { now: T2 });
    const updated = recordUpdate({ old: applied, updated: { ...applied, spec: { ...spec(applied), replicas: 2 } } as KObject, manager: 'alpha', now: T1 });
    expect(updated.metadata.managedFields?.map((e) => `${e.operation}:${e.manager}`)).toEqual(['Apply:zed', 'Update:alpha']);
  });

  it('is fast enough to run on every write', () => {
    const created = stored(recordUpdate({ old: undefined, updated: base(), manager: 'kubectl-create', now: T0 }));
    const start = performance.now();
    for (let i = 0; i < 200; i++) recordUpdate({ old: created, updated: { ...created, spec: { ...spec(created), replicas: i } } as KObject, manager: 'ops', now: T1 });
    expect((performance.now() - start) / 200).toBeLessThan(1);
  });
});
