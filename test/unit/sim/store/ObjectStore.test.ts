import { describe, expect, test } from 'vitest';
import { ObjectStore } from '../../../../src/sim/store/ObjectStore.ts';
import type { KObject } from '../../../../src/sim/types.ts';

function cm(name: string, value: string, namespace = 'default'): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { value } } as unknown as KObject;
}

describe('ObjectStore.list', () => {
  test('returns the current version of an object updated after an earlier list', () => {
    const store = new ObjectStore();
    store.create('/configmaps', cm('a', '1'));
    store.create('/configmaps', cm('b', '1'));
    expect(store.list('/configmaps').map((o) => (o.object as unknown as { data: { value: string } }).data.value)).toEqual(['1', '1']);
    const updated = store.update('/configmaps', cm('b', '2'));
    const listed = store.list('/configmaps');
    expect(listed.map((o) => o.object.metadata.name)).toEqual(['a', 'b']);
    expect(listed[1]).toBe(updated);
    expect(store.list('/configmaps', 'default')[1]!.rv).toBe(updated.rv);
  });

  test('keeps etcd key order across creates and deletes', () => {
    const store = new ObjectStore();
    for (const [ns, name] of [['b', 'x'], ['a', 'z'], ['a', 'y']] as const) store.create('/configmaps', cm(name, '1', ns));
    expect(store.list('/configmaps').map((o) => `${o.object.metadata.namespace}/${o.object.metadata.name}`)).toEqual(['a/y', 'a/z', 'b/x']);
    store.delete('/configmaps', 'a', 'z');
    store.update('/configmaps', cm('x', '2', 'b'));
    expect(store.list('/configmaps').map((o) => `${o.object.metadata.namespace}/${o.object.metadata.name}`)).toEqual(['a/y', 'b/x']);
  });
});
