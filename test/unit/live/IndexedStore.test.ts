/**
 * The live stores' indexes: every bucket follows ADDED / MODIFIED / DELETED (objects move between
 * label, node and owner buckets when those change) and stays in LIST order (namespace, then name).
 */
import { describe, expect, test } from 'vitest';
import { IndexedStore, keyOf } from '../../../src/live/IndexedStore.ts';
import type { LiveObject } from '../../../src/live/leanObject.ts';

function pod(namespace: string, name: string, labels: Record<string, string>, node?: string, owner?: string): LiveObject {
  return {
    kind: 'Pod',
    metadata: { namespace, name, labels, ...(owner ? { ownerReferences: [{ uid: owner, kind: 'ReplicaSet', name: 'rs' }] } : {}) },
    spec: node ? { nodeName: node } : {},
  };
}

const names = (items: readonly LiveObject[]) => items.map((o) => keyOf(o));

function put(store: IndexedStore, object: LiveObject): void {
  store.set(keyOf(object), object);
}

describe('IndexedStore', () => {
  test('keeps every object and every bucket in LIST order whatever the insertion order', () => {
    const store = new IndexedStore();
    put(store, pod('b', 'z', { app: 'web' }, 'n1'));
    put(store, pod('a', 'y', { app: 'web' }, 'n1'));
    put(store, pod('b', 'a', { app: 'db' }, 'n2'));
    put(store, pod('a', 'x', { app: 'web' }, 'n2'));
    expect(names(store.sorted())).toEqual(['a/x', 'a/y', 'b/a', 'b/z']);
    expect(names(store.lookup({ by: 'namespace', namespace: 'b' }))).toEqual(['b/a', 'b/z']);
    expect(names(store.lookup({ by: 'label', key: 'app', value: 'web' }))).toEqual(['a/x', 'a/y', 'b/z']);
    expect(names(store.lookup({ by: 'node', node: 'n1' }))).toEqual(['a/y', 'b/z']);
    expect(names(store.lookup({ by: 'name', namespace: 'b', name: 'a' }))).toEqual(['b/a']);
    expect(store.size).toBe(4);
  });

  test('a change moves the object between buckets: label value, label removed, node, owner', () => {
    const store = new IndexedStore();
    put(store, pod('ns', 'p', { app: 'web', tier: 'front' }, 'n1', 'uid-1'));
    put(store, pod('ns', 'q', { app: 'web' }, 'n1', 'uid-1'));
    // MODIFIED: relabelled, dropped a label, rescheduled, adopted by another owner.
    put(store, pod('ns', 'p', { app: 'db' }, 'n2', 'uid-2'));
    expect(names(store.lookup({ by: 'label', key: 'app', value: 'web' }))).toEqual(['ns/q']);
    expect(names(store.lookup({ by: 'label', key: 'app', value: 'db' }))).toEqual(['ns/p']);
    expect(store.lookup({ by: 'label', key: 'tier', value: 'front' })).toEqual([]);
    expect(names(store.lookup({ by: 'node', node: 'n1' }))).toEqual(['ns/q']);
    expect(names(store.lookup({ by: 'node', node: 'n2' }))).toEqual(['ns/p']);
    expect(names(store.lookup({ by: 'owner', uid: 'uid-1' }))).toEqual(['ns/q']);
    expect(names(store.lookup({ by: 'owner', uid: 'uid-2' }))).toEqual(['ns/p']);
    // A bucket holds the newest version of an object that stays in it.
    const again = pod('ns', 'q', { app: 'web', v: '2' }, 'n1', 'uid-1');
    put(store, again);
    expect(store.lookup({ by: 'label', key: 'app', value: 'web' })[0]).toBe(again);
    expect(store.lookup({ by: 'node', node: 'n1' })[0]).toBe(again);
  });

  test('DELETED empties every bucket of the object; unknown keys are a no-op', () => {
    const store = new IndexedStore();
    put(store, pod('ns', 'p', { app: 'web' }, 'n1', 'uid-1'));
    expect(store.delete('ns/p')).toBe(true);
    expect(store.delete('ns/p')).toBe(false);
    expect(store.size).toBe(0);
    expect(store.sorted()).toEqual([]);
    for (const q of [{ by: 'namespace', namespace: 'ns' }, { by: 'label', key: 'app', value: 'web' }, { by: 'node', node: 'n1' }, { by: 'owner', uid: 'uid-1' }] as const) {
      expect(store.lookup(q), q.by).toEqual([]);
    }
  });

  test('only pods are filed by node (a Node has no spec.nodeName; other kinds are not joined by it)', () => {
    const store = new IndexedStore();
    put(store, { kind: 'ConfigMap', metadata: { namespace: 'ns', name: 'c' }, spec: { nodeName: 'n1' } });
    expect(store.lookup({ by: 'node', node: 'n1' })).toEqual([]);
  });
});
