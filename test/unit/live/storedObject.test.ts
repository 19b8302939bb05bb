/**
 * The store's copy of a pod: only what the graph reads, frozen, with the parts that repeat
 * between pods of one owner or one node shared, and never shared where they differ. A change is
 * a new object replacing the old one, so changing one pod never shows in another.
 */
import { describe, expect, test } from 'vitest';
import { IndexedStore, keyOf } from '../../../src/live/IndexedStore.ts';
import type { LiveObject } from '../../../src/live/leanObject.ts';
import { storedObject } from '../../../src/live/storedObject.ts';

interface PodOptions {
  name: string;
  labels?: Record<string, string>;
  owner?: string;
  node?: string;
  restarts?: number[];
  ready?: 'True' | 'False';
  created?: string;
}

/** A pod as the API server sends it (JSON-shaped, with fields the store drops). */
function pod(o: PodOptions): LiveObject {
  return JSON.parse(JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: o.name, namespace: 'shop', uid: `uid-${o.name}`, resourceVersion: '41', creationTimestamp: o.created ?? '2026-12-05T10:00:00Z',
      generateName: 'web-7d4b9c-', annotations: { note: 'dropped' },
      labels: o.labels ?? { app: 'web', 'pod-template-hash': '7d4b9c' },
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${o.owner}`, uid: o.owner, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: { nodeName: o.node, containers: (o.restarts ?? [0]).map((_, i) => ({ name: `c${i}`, image: 'nginx:1.27' })), restartPolicy: 'Always' },
    status: {
      phase: 'Running', podIP: `10.0.0.${o.name.length}`, hostIP: '172.18.0.2', qosClass: 'BestEffort',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: o.ready ?? 'True', lastTransitionTime: '2026-12-05T10:00:01Z' }],
      containerStatuses: (o.restarts ?? [0]).map((restartCount, i) => ({ name: `c${i}`, image: 'nginx:1.27', ready: true, restartCount, state: { running: {} } })),
    },
  })) as LiveObject;
}

function put(store: IndexedStore, object: LiveObject): LiveObject {
  const stored = storedObject(object, 'Pod', store);
  store.set(keyOf(stored), stored);
  return stored;
}

type Stored = {
  metadata: { labels?: Record<string, string>; ownerReferences?: unknown[]; creationTimestamp?: string };
  spec: { nodeName?: string };
  status: { conditions?: unknown[]; containerStatuses?: Array<{ restartCount?: number }> };
};
const parts = (o: LiveObject) => o as unknown as Stored;

describe('storedObject', () => {
  test('keeps exactly the fields the graph reads of a pod, with their values', () => {
    const stored = storedObject(pod({ name: 'a', owner: 'rs1', node: 'n1', restarts: [2, 1] }), 'Pod');
    expect(JSON.parse(JSON.stringify(stored))).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: 'a', namespace: 'shop', uid: 'uid-a', resourceVersion: '41', creationTimestamp: '2026-12-05T10:00:00Z',
        labels: { app: 'web', 'pod-template-hash': '7d4b9c' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs-rs1', uid: 'rs1', controller: true }],
      },
      spec: { nodeName: 'n1' },
      status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ restartCount: 2 }, { restartCount: 1 }] },
    });
  });

  test('keeps other kinds as they are', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { k: 'v' } };
    expect(storedObject(cm, 'ConfigMap')).toBe(cm);
  });

  test('pods of one owner share equal labels, owner references, creation time and restart counts; pods on one node share spec', () => {
    const store = new IndexedStore();
    const a = put(store, pod({ name: 'a', owner: 'rs1', node: 'n1' }));
    const b = put(store, pod({ name: 'b', owner: 'rs1', node: 'n1' }));
    expect(parts(b).metadata.labels).toBe(parts(a).metadata.labels);
    expect(parts(b).metadata.ownerReferences).toBe(parts(a).metadata.ownerReferences);
    expect(parts(b).metadata.creationTimestamp).toBe(parts(a).metadata.creationTimestamp);
    expect(parts(b).status.containerStatuses).toBe(parts(a).status.containerStatuses);
    expect(parts(b).status.conditions).toBe(parts(a).status.conditions);
    expect(parts(b).spec).toBe(parts(a).spec);
  });

  test('parts that differ from the sibling\'s are the pod\'s own', () => {
    const store = new IndexedStore();
    const a = put(store, pod({ name: 'a', owner: 'rs1', node: 'n1', restarts: [0, 0] }));
    const b = put(store, pod({ name: 'b', owner: 'rs1', node: 'n2', labels: { app: 'web', 'pod-template-hash': '7d4b9c', extra: 'x' }, restarts: [0, 3], ready: 'False' }));
    expect(parts(b).metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '7d4b9c', extra: 'x' });
    expect(parts(a).metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '7d4b9c' });
    expect(parts(b).status.containerStatuses).toEqual([{ restartCount: 0 }, { restartCount: 3 }]);
    expect(parts(a).status.containerStatuses).toEqual([{ restartCount: 0 }, { restartCount: 0 }]);
    expect(parts(b).status.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
    expect(parts(b).spec).toEqual({ nodeName: 'n2' });
    // A label set with the same keys but another value is not the sibling's either.
    const c = put(store, pod({ name: 'c', owner: 'rs1', labels: { app: 'web', 'pod-template-hash': 'other' } }));
    expect(parts(c).metadata.labels).toEqual({ app: 'web', 'pod-template-hash': 'other' });
  });

  test('every part is frozen: writing through one pod into a shared part throws instead of changing its siblings', () => {
    const store = new IndexedStore();
    const a = put(store, pod({ name: 'a', owner: 'rs1', node: 'n1' }));
    const b = put(store, pod({ name: 'b', owner: 'rs1', node: 'n1' }));
    expect(() => { parts(a).metadata.labels!['app'] = 'evil'; }).toThrow(TypeError);
    expect(() => { parts(a).spec.nodeName = 'n9'; }).toThrow(TypeError);
    expect(() => { parts(a).status.containerStatuses![0]!.restartCount = 9; }).toThrow(TypeError);
    expect(() => { (parts(a).metadata.ownerReferences as Array<{ name: string }>)[0]!.name = 'x'; }).toThrow(TypeError);
    expect(() => { (a.metadata as Record<string, unknown>)['name'] = 'x'; }).toThrow(TypeError);
    expect(parts(b).metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '7d4b9c' });
    expect(parts(b).spec).toEqual({ nodeName: 'n1' });
  });

  test('a change to one pod (a new version stored) leaves its siblings as they were', () => {
    const store = new IndexedStore();
    put(store, pod({ name: 'a', owner: 'rs1', node: 'n1' }));
    const b = put(store, pod({ name: 'b', owner: 'rs1', node: 'n1' }));
    const a2 = put(store, pod({ name: 'a', owner: 'rs1', node: 'n2', labels: { app: 'moved' }, restarts: [5] }));
    expect(parts(a2).metadata.labels).toEqual({ app: 'moved' });
    expect(parts(a2).status.containerStatuses).toEqual([{ restartCount: 5 }]);
    expect(store.get('shop/b')).toBe(b);
    expect(parts(b).metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '7d4b9c' });
    expect(parts(b).status.containerStatuses).toEqual([{ restartCount: 0 }]);
    expect(parts(b).spec).toEqual({ nodeName: 'n1' });
    expect(store.lookup({ by: 'label', key: 'app', value: 'web' }).map(keyOf)).toEqual(['shop/b']);
  });

  test('keeps the Ready condition only, and says when there is none', () => {
    const noReady = pod({ name: 'a' });
    (noReady['status'] as { conditions: unknown[] }).conditions = [{ type: 'PodScheduled', status: 'True' }];
    expect(parts(storedObject(noReady, 'Pod')).status.conditions).toEqual([]);
    const noConditions = pod({ name: 'b' });
    delete (noConditions['status'] as { conditions?: unknown[] }).conditions;
    expect(parts(storedObject(noConditions, 'Pod')).status.conditions).toBeUndefined();
  });
});
