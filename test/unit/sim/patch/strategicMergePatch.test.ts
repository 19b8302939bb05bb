import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch } from '../../../../src/sim/patch/strategicMergePatch.ts';
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';
import { deepFreeze, errorOf } from './support.ts';

type Obj = Record<string, unknown>;

/** Reads a nested value of a patched object; tests assert on it with expect. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

function deployment(containers: unknown[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'] },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, tolerations: [{ key: 'a', operator: 'Exists' }], ...extra } },
    },
  };
}

const smp = (original: unknown, patch: unknown) => applyStrategicMergePatch(original, patch, 'apps/v1', 'Deployment') as Obj;
const containersOf = (o: unknown) => at(o, 'spec', 'template', 'spec', 'containers') as Obj[];
const tmplPatch = (spec: Obj) => ({ spec: { template: { spec } } });

describe('applyStrategicMergePatch', () => {
  it('merges a container matched by name and keeps the fields the patch does not mention', () => {
    const original = deployment([{ name: 'web', image: 'nginx:1', imagePullPolicy: 'Always' }, { name: 'log', image: 'fluent' }]);
    const out = smp(original, tmplPatch({ containers: [{ name: 'web', image: 'nginx:2' }] }));
    expect(containersOf(out)).toEqual([{ name: 'web', image: 'nginx:2', imagePullPolicy: 'Always' }, { name: 'log', image: 'fluent' }]);
  });

  it('puts a container the server has never seen in front of the existing ones, as kube does', () => {
    const out = smp(deployment([{ name: 'web', image: 'nginx' }]), tmplPatch({ containers: [{ name: 'side', image: 'busybox' }] }));
    expect(containersOf(out).map((c) => c['name'])).toEqual(['side', 'web']);
  });

  it('merges env vars by name inside a merged container', () => {
    const original = deployment([{ name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }]);
    const out = smp(original, tmplPatch({ containers: [{ name: 'web', env: [{ name: 'B', value: 'two' }] }] }));
    expect(containersOf(out)[0]?.['env']).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }]);
  });

  it('merges container ports by containerPort', () => {
    const original = deployment([{ name: 'web', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }]);
    const out = smp(original, tmplPatch({ containers: [{ name: 'web', ports: [{ containerPort: 80, name: 'web' }] }] }));
    expect(containersOf(out)[0]?.['ports']).toEqual([{ containerPort: 80, name: 'web' }, { containerPort: 443 }]);
  });

  it('orders the merged list by $setElementOrder, the way kubectl apply sends it', () => {
    const original = deployment([{ name: 'a', image: 'x' }, { name: 'b', image: 'y', env: [{ name: 'A', value: '1' }] }]);
    const out = smp(original, tmplPatch({
      '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
      containers: [{ name: 'b', '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }], env: [{ name: 'B', value: '2' }] }, { name: 'c', image: 'z' }],
    }));
    expect(containersOf(out)).toEqual([
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'c', image: 'z' },
    ]);
  });

  it('rejects a patch list whose order contradicts $setElementOrder with 400', () => {
    const e = errorOf(() => smp(deployment([]), tmplPatch({
      '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
      containers: [{ name: 'b', image: 'y' }, { name: 'a', image: 'x' }],
    })));
    expect(e.code).toBe(400);
  });

  it('deletes a list item with $patch: delete by its merge key', () => {
    const out = smp(deployment([{ name: 'web', image: 'nginx' }, { name: 'side', image: 'busybox' }]),
      tmplPatch({ containers: [{ name: 'side', $patch: 'delete' }] }));
    expect(containersOf(out)).toEqual([{ name: 'web', image: 'nginx' }]);
  });

  it('replaces a whole merging list with $patch: replace', () => {
    const out = smp(deployment([{ name: 'web', image: 'nginx' }, { name: 'side', image: 'busybox' }]),
      tmplPatch({ containers: [{ $patch: 'replace' }, { name: 'only', image: 'alpine' }] }));
    expect(containersOf(out)).toEqual([{ name: 'only', image: 'alpine' }]);
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    const original = deployment([]);
    const replaced = smp(original, { metadata: { labels: { $patch: 'replace', tier: 'fe' } } });
    expect(at(replaced, 'metadata', 'labels')).toEqual({ tier: 'fe' });
    const deleted = smp(original, { metadata: { labels: { $patch: 'delete' } } });
    expect(at(deleted, 'metadata', 'labels')).toEqual({});
  });

  it('accepts $patch: merge on a map as the default merge', () => {
    const out = smp(deployment([]), { metadata: { labels: { $patch: 'merge', tier: 'fe' } } });
    expect(at(out, 'metadata', 'labels')).toEqual({ app: 'web', tier: 'fe' });
  });

  it('rejects $patch: merge inside a list, as kube does', () => {
    expect(errorOf(() => smp(deployment([{ name: 'web' }]), tmplPatch({ containers: [{ $patch: 'merge' }] }))).code).toBe(400);
  });

  it('clears the keys $retainKeys does not list', () => {
    const out = smp(deployment([]), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(at(out, 'spec', 'strategy')).toEqual({ type: 'Recreate' });
  });

  it('rejects a patch that sets a key $retainKeys does not list with 400', () => {
    expect(errorOf(() => smp(deployment([]), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: {} } } })).code).toBe(400);
  });

  it('removes values listed in $deleteFromPrimitiveList', () => {
    const out = smp(deployment([]), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } });
    expect(at(out, 'metadata', 'finalizers')).toEqual(['b']);
  });

  it('deletes a map key patched to null and ignores nulls for keys that do not exist', () => {
    const out = smp(deployment([]), { metadata: { labels: { app: null, gone: null } }, spec: { paused: null } });
    expect(at(out, 'metadata', 'labels')).toEqual({});
    expect(out['spec']).not.toHaveProperty('paused');
  });

  it('unions primitive lists with a merge strategy, keeping the server order for known values', () => {
    expect(at(smp(deployment([]), { metadata: { finalizers: ['b', 'c'] } }), 'metadata', 'finalizers')).toEqual(['a', 'b', 'c']);
    expect(at(smp(deployment([]), { metadata: { finalizers: ['z'] } }), 'metadata', 'finalizers')).toEqual(['z', 'a', 'b']);
  });

  it('replaces lists that have no merge strategy', () => {
    const out = smp(deployment([{ name: 'web', args: ['a', 'b'] }]), tmplPatch({
      tolerations: [{ key: 'b', operator: 'Exists' }],
      containers: [{ name: 'web', args: ['c'] }],
    }));
    expect(at(out, 'spec', 'template', 'spec', 'tolerations')).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(containersOf(out)[0]?.['args']).toEqual(['c']);
  });

  it('never lets a directive leak into the result, even where the original has nothing', () => {
    const out = smp({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }, {
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: { spec: {
          '$setElementOrder/containers': [{ name: 'web' }],
          containers: [{ name: 'web', image: 'nginx', env: [{ name: 'gone', $patch: 'delete' }, { name: 'A', value: '1' }] }],
          volumes: [{ name: 'v', $patch: 'delete' }],
        } },
      },
    });
    expect(JSON.stringify(out)).not.toContain('$');
    expect(out['spec']).toEqual({
      strategy: { type: 'Recreate' },
      template: { spec: { containers: [{ name: 'web', image: 'nginx', env: [{ name: 'A', value: '1' }] }], volumes: [] } },
    });
  });

  it('rejects unknown directives with 400', () => {
    expect(errorOf(() => smp(deployment([]), { metadata: { labels: { $patch: 'frobnicate' } } })).code).toBe(400);
    expect(errorOf(() => smp(deployment([]), { metadata: { $frobnicate: true } })).code).toBe(400);
  });

  it('rejects a merging list item without its merge key with 400', () => {
    expect(errorOf(() => smp(deployment([{ name: 'web' }]), tmplPatch({ containers: [{ image: 'nginx' }] }))).code).toBe(400);
  });

  it('rejects a patch that is not a JSON object with 400', () => {
    expect(errorOf(() => smp(deployment([]), [{ op: 'add' }])).code).toBe(400);
  });

  it('leaves deep-frozen inputs untouched and returns a result it does not share with them', () => {
    const original = deepFreeze(deployment([{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }]));
    const patch = deepFreeze(tmplPatch({ containers: [{ name: 'web', image: 'nginx:2' }] }));
    const out = smp(original, patch);
    expect(containersOf(original)[0]?.['image']).toBe('nginx:1');
    expect(patch).toEqual(tmplPatch({ containers: [{ name: 'web', image: 'nginx:2' }] }));
    (at(out, 'spec', 'template', 'spec', 'containers', 0, 'env') as unknown[]).push({ name: 'B' }); // would throw on a frozen, shared list
    (at(out, 'metadata', 'labels') as Obj)['x'] = 'y';
    expect(containersOf(original)[0]?.['env']).toHaveLength(1);
  });

  it('applies the label patch kubectl label sends', () => {
    const out = smp(deployment([]), { metadata: { labels: { env: 'prod' } } });
    expect(at(out, 'metadata', 'labels')).toEqual({ app: 'web', env: 'prod' });
  });

  it('merges pod status conditions by type on a Pod', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }] } };
    const out = applyStrategicMergePatch(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'v1', 'Pod') as Obj;
    expect(at(out, 'status', 'conditions')).toEqual([{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }]);
  });
});
