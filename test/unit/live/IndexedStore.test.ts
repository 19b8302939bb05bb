/**
 * The live stores' indexes: every bucket follows ADDED / MODIFIED / DELETED (objects move between
 * label, node and owner buckets when those change) and stays in LIST order (namespace, then name).
 */
import { describe, expect, test } from 'vitest';
import { compareKeys, IndexedStore, keyOf } from '../../../src/live/IndexedStore.ts';
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

  test('orders by key `namespace/name` as the API server does, also where one namespace is a prefix of another', () => {
    const store = new IndexedStore();
    for (const [ns, name] of [['a', 'x'], ['a-b', 'x'], ['ab', 'x'], ['a.b', 'y'], ['a', 'a-b'], ['', 'node-1'], ['a0', 'z']] as const) {
      put(store, pod(ns, name, { app: 'web' }));
    }
    const keys = ['a/x', 'a-b/x', 'ab/x', 'a.b/y', 'a/a-b', '/node-1', 'a0/z'].sort();
    expect(names(store.sorted())).toEqual(keys);
    expect(names(store.lookup({ by: 'label', key: 'app', value: 'web' }))).toEqual(keys);
    expect(names(store.lookup({ by: 'namespace', namespace: 'a' }))).toEqual(['a/a-b', 'a/x']);
    expect(names(store.lookup({ by: 'namespace', namespace: 'a-b' }))).toEqual(['a-b/x']);
    expect(store.lookup({ by: 'namespace', namespace: 'b' })).toEqual([]);
    expect(store.get('a/x')?.metadata?.name).toBe('x');
    expect(store.get('a-b/y')).toBeUndefined();
    expect(store.has('/node-1')).toBe(true);
    expect(Math.sign(compareKeys('a', 'z', 'a-b', 'a'))).toBe(1);
    expect(Math.sign(compareKeys('a', 'z', 'ab', 'a'))).toBe(-1);
    expect(compareKeys('a', 'z', 'a', 'z')).toBe(0);
  });

  test('random changes keep the store and every bucket equal to a plain recomputation', () => {
    // A seeded generator, so a failure repeats.
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const store = new IndexedStore();
    const truth = new Map<string, LiveObject>();
    const nss = ['a', 'a-b', 'ab', 'b'];
    for (let step = 0; step < 3000; step++) {
      const ns = nss[rand(nss.length)]!;
      const name = `p${rand(60)}`;
      if (rand(4) === 0) {
        expect(store.delete(`${ns}/${name}`)).toBe(truth.delete(`${ns}/${name}`));
      } else {
        const o = pod(ns, name, { app: `v${rand(3)}`, ...(rand(2) ? { tier: 't' } : {}) }, rand(3) ? `n${rand(3)}` : undefined, rand(3) ? `uid-${rand(4)}` : undefined);
        put(store, o);
        truth.set(`${ns}/${name}`, o);
      }
    }
    const all = [...truth.keys()].sort().map((k) => truth.get(k)!);
    expect(store.sorted()).toEqual(all);
    expect(store.size).toBe(truth.size);
    for (const ns of nss) expect(store.lookup({ by: 'namespace', namespace: ns })).toEqual(all.filter((o) => o.metadata?.namespace === ns));
    for (const v of ['v0', 'v1', 'v2']) expect(store.lookup({ by: 'label', key: 'app', value: v })).toEqual(all.filter((o) => (o.metadata?.['labels'] as Record<string, string>)['app'] === v));
    expect(store.lookup({ by: 'label', key: 'tier', value: 't' })).toEqual(all.filter((o) => (o.metadata?.['labels'] as Record<string, string>)['tier'] === 't'));
    for (const n of ['n0', 'n1', 'n2']) expect(store.lookup({ by: 'node', node: n })).toEqual(all.filter((o) => (o['spec'] as { nodeName?: string }).nodeName === n));
    for (const u of ['uid-0', 'uid-1', 'uid-2', 'uid-3']) {
      expect(store.lookup({ by: 'owner', uid: u })).toEqual(all.filter((o) => (o.metadata?.['ownerReferences'] as Array<{ uid: string }> | undefined)?.[0]?.uid === u));
    }
  });

  test('buckets grow past their small size and shrink back, staying in order', () => {
    const store = new IndexedStore();
    for (let i = 99; i >= 0; i--) put(store, pod('ns', `p${String(i).padStart(3, '0')}`, { app: 'web' }, 'n1', 'uid-1'));
    const want = Array.from({ length: 100 }, (_, i) => `ns/p${String(i).padStart(3, '0')}`);
    expect(names(store.lookup({ by: 'label', key: 'app', value: 'web' }))).toEqual(want);
    for (let i = 0; i < 100; i += 2) store.delete(want[i]!);
    for (const q of [{ by: 'label', key: 'app', value: 'web' }, { by: 'node', node: 'n1' }, { by: 'owner', uid: 'uid-1' }] as const) {
      expect(names(store.lookup(q)), q.by).toEqual(want.filter((_, i) => i % 2 === 1));
    }
  });

  test('can be changed while it is iterated (a relist deletes what it no longer sees)', () => {
    const store = new IndexedStore();
    for (const n of ['a', 'b', 'c', 'd']) put(store, pod('ns', n, {}));
    const seen: string[] = [];
    for (const [key] of store) {
      seen.push(key);
      store.delete(key);
    }
    expect(seen).toEqual(['ns/a', 'ns/b', 'ns/c', 'ns/d']);
    expect(store.size).toBe(0);
    put(store, pod('ns', 'e', {}));
    expect([...store.keys()]).toEqual(['ns/e']);
    store.clear();
    expect(store.sorted()).toEqual([]);
  });
});
