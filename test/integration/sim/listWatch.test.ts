/**
 * LIST and WATCH semantics of a simulated cluster, driven through @kubernetes/client-node over
 * real HTTPS: selectors, pagination, resourceVersions, watch resumption, bookmarks, 410 Expired.
 */
import { PatchStrategy, makeInformer, type CoreV1Event, type V1ConfigMap, type V1Pod } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock, SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { abortOpenWatches, clientsFor, corePath, eventually, openWatch, rawRequest, refusal, withContentType, type Clients, type OpenWatch } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const withMerge = () => withContentType(PatchStrategy.MergePatch);

const BOOKMARK_MS = 150;

let fleet: SimFleet;
let cluster: SimCluster;
let small: SimCluster;
let api: Clients;
let smallApi: Clients;
let clock: ManualClock;
let allPods: V1Pod[];

async function makeNamespace(name: string, c: Clients = api): Promise<void> {
  await c.core.createNamespace({ body: { metadata: { name } } });
}

async function makeConfigMaps(namespace: string, count: number, labels: (i: number) => Record<string, string> = () => ({})): Promise<void> {
  for (let i = 0; i < count; i++) {
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: `cm-${String(i).padStart(3, '0')}`, labels: labels(i) }, data: { i: String(i) } } });
  }
}

function names(items: { metadata?: { namespace?: string; name?: string } }[]): string[] {
  return items.map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`);
}

/** Close the watch and wait until the cluster has let go of it. */
async function closeWatch(w: OpenWatch<unknown>, c: SimCluster = cluster): Promise<void> {
  w.abort();
  await w.done;
  await eventually(() => c.openWatchCount === 0, 5000, 'the cluster to close the aborted watch');
}

beforeAll(async () => {
  clock = new ManualClock();
  fleet = await SimFleet.start({
    clusters: [{ name: 'lw' }, { name: 'lw-small', historySize: 5, controllers: false, nodes: 1 }],
    clock,
    pods: 14,
    seed: 7,
    clusterDefaults: { bookmarkIntervalMs: BOOKMARK_MS },
  });
  cluster = fleet.cluster('lw');
  small = fleet.cluster('lw-small');
  api = clientsFor(fleet, 'lw');
  smallApi = clientsFor(fleet, 'lw-small');
  // Let the kubelets start every pod: Running and Ready.
  await clock.advance(30_000);
  await fleet.settle();
  // One pod no node can take: it stays Pending.
  await api.core.createNamespacedPod({
    namespace: 'default',
    body: { metadata: { name: 'stuck', labels: { app: 'stuck' } }, spec: { nodeSelector: { 'no-such-label': 'x' }, containers: [{ name: 'c', image: 'busybox:1.36' }] } },
  });
  await clock.advance(5_000);
  await fleet.settle();
  allPods = (await api.core.listPodForAllNamespaces()).items;
});

afterEach(() => {
  abortOpenWatches();
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('list with label selectors', () => {
  const cases: [string, (l: Record<string, string>) => boolean][] = [
    ['app=web', (l) => l.app === 'web'],
    ['app==api', (l) => l.app === 'api'],
    ['app!=web', (l) => l.app !== 'web'],
    ['app in (web,api)', (l) => l.app === 'web' || l.app === 'api'],
    ['app notin (web,api)', (l) => l.app !== 'web' && l.app !== 'api'],
    ['app.kubernetes.io/part-of', (l) => 'app.kubernetes.io/part-of' in l],
    ['!app.kubernetes.io/part-of', (l) => !('app.kubernetes.io/part-of' in l)],
    ['app in (web,api),app.kubernetes.io/part-of=frontend', (l) => (l.app === 'web' || l.app === 'api') && l['app.kubernetes.io/part-of'] === 'frontend'],
  ];

  test.each(cases)('labelSelector %s returns exactly the pods whose labels match', async (selector, predicate) => {
    const expected = names(allPods.filter((p) => predicate(p.metadata?.labels ?? {}))).sort();
    const got = await api.core.listPodForAllNamespaces({ labelSelector: selector });
    expect(names(got.items).sort()).toEqual(expected);
  });

  test('the selectors used above split the pods non-trivially', () => {
    const web = allPods.filter((p) => p.metadata?.labels?.app === 'web').length;
    expect(web).toBeGreaterThan(0);
    expect(web).toBeLessThan(allPods.length);
    expect(allPods.some((p) => !p.metadata?.labels?.['app.kubernetes.io/part-of'])).toBe(true);
  });

  test('a malformed label selector is refused with 400 BadRequest', async () => {
    const r = await refusal(api.core.listPodForAllNamespaces({ labelSelector: 'app in (web' }));
    expect(r.code).toBe(400);
    expect(r.status?.reason).toBe('BadRequest');
  });
});

describe('list with field selectors', () => {
  test('metadata.name and metadata.namespace select one pod', async () => {
    const target = allPods.find((p) => p.metadata?.namespace === 'backend')!;
    const got = await api.core.listPodForAllNamespaces({ fieldSelector: `metadata.name=${target.metadata!.name},metadata.namespace=backend` });
    expect(names(got.items)).toEqual([`backend/${target.metadata!.name}`]);
  });

  test('metadata.namespace!= excludes a namespace', async () => {
    const got = await api.core.listPodForAllNamespaces({ fieldSelector: 'metadata.namespace!=frontend' });
    expect(names(got.items).sort()).toEqual(names(allPods.filter((p) => p.metadata?.namespace !== 'frontend')).sort());
    expect(got.items.length).toBeLessThan(allPods.length);
  });

  test('spec.nodeName selects the pods bound to a node, and "" the unbound ones', async () => {
    const node = allPods.find((p) => p.spec?.nodeName)!.spec!.nodeName!;
    const onNode = await api.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` });
    expect(onNode.items.length).toBeGreaterThan(0);
    expect(names(onNode.items).sort()).toEqual(names(allPods.filter((p) => p.spec?.nodeName === node)).sort());
    const unbound = await api.core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=' });
    expect(names(unbound.items)).toEqual(['default/stuck']);
  });

  test('status.phase selects Running pods and the Pending one apart', async () => {
    const running = await api.core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Running' });
    expect(running.items.length).toBe(allPods.length - 1);
    expect(running.items.every((p) => p.status?.phase === 'Running')).toBe(true);
    const notRunning = await api.core.listPodForAllNamespaces({ fieldSelector: 'status.phase!=Running' });
    expect(names(notRunning.items)).toEqual(['default/stuck']);
    expect(notRunning.items[0]!.status?.phase).toBe('Pending');
  });

  test('label and field selectors combine', async () => {
    const got = await api.core.listPodForAllNamespaces({ labelSelector: 'app=stuck', fieldSelector: 'status.phase=Pending' });
    expect(names(got.items)).toEqual(['default/stuck']);
    const none = await api.core.listPodForAllNamespaces({ labelSelector: 'app=stuck', fieldSelector: 'status.phase=Running' });
    expect(none.items).toEqual([]);
  });

  test('an unsupported field label is refused with 400 and kube\'s message', async () => {
    const r = await refusal(api.core.listPodForAllNamespaces({ fieldSelector: 'spec.containers=x' }));
    expect(r.code).toBe(400);
    expect(r.status?.message).toContain('field label not supported: spec.containers');
  });

  describe('on events', () => {
    beforeAll(async () => {
      await makeNamespace('ev');
      const mk = (name: string, kind: string, obj: string, type: string, reason: string): CoreV1Event => ({
        metadata: { name },
        involvedObject: { kind, name: obj, namespace: 'ev', apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1' },
        type, reason, message: `${reason} ${obj}`, source: { component: 'test' },
        firstTimestamp: new Date(clock.now()), lastTimestamp: new Date(clock.now()), count: 1,
      });
      for (const e of [
        mk('e1', 'Pod', 'p1', 'Normal', 'Scheduled'),
        mk('e2', 'Pod', 'p1', 'Warning', 'BackOff'),
        mk('e3', 'Pod', 'p2', 'Warning', 'Failed'),
        mk('e4', 'Deployment', 'd1', 'Normal', 'ScalingReplicaSet'),
      ]) await api.core.createNamespacedEvent({ namespace: 'ev', body: e });
    });

    const eventName = (e: CoreV1Event) => e.metadata?.name;

    test('involvedObject.kind and involvedObject.name select the events about one object', async () => {
      const got = await api.core.listNamespacedEvent({ namespace: 'ev', fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=p1' });
      expect(got.items.map(eventName).sort()).toEqual(['e1', 'e2']);
    });

    test('involvedObject.namespace selects across namespaces', async () => {
      const got = await api.core.listEventForAllNamespaces({ fieldSelector: 'involvedObject.namespace=ev' });
      expect(got.items.map(eventName).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
    });

    test('type=Warning selects warnings only', async () => {
      const got = await api.core.listNamespacedEvent({ namespace: 'ev', fieldSelector: 'type=Warning' });
      expect(got.items.map(eventName).sort()).toEqual(['e2', 'e3']);
    });

    test('reason selects by reason, including events the controllers recorded', async () => {
      const got = await api.core.listNamespacedEvent({ namespace: 'ev', fieldSelector: 'reason=ScalingReplicaSet' });
      expect(got.items.map(eventName)).toEqual(['e4']);
      const scheduled = await api.core.listEventForAllNamespaces({ fieldSelector: 'reason=Scheduled,involvedObject.kind=Pod' });
      const podsScheduled = new Set(scheduled.items.map((e) => `${e.involvedObject.namespace}/${e.involvedObject.name}`));
      // Every pod the scheduler bound has its Scheduled event (plus our hand-written one).
      for (const p of allPods.filter((x) => x.spec?.nodeName)) expect(podsScheduled.has(`${p.metadata!.namespace}/${p.metadata!.name}`)).toBe(true);
      expect(scheduled.items.every((e) => e.reason === 'Scheduled')).toBe(true);
    });
  });
});

describe('list pagination', () => {
  beforeAll(async () => {
    await makeNamespace('page');
    await makeConfigMaps('page', 25, (i) => ({ parity: i % 2 === 0 ? 'even' : 'odd' }));
  });

  test('limit/continue walks every page: no duplicates, no gaps, remainingItemCount counts down', async () => {
    const before = cluster.requests.count({ verb: 'list', resource: 'configmaps' });
    const seen: string[] = [];
    const remaining: (number | undefined)[] = [];
    const rvs = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await api.core.listNamespacedConfigMap({ namespace: 'page', limit: 7, ...(token ? { _continue: token } : {}) });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((c) => c.metadata!.name!));
      remaining.push(page.metadata?.remainingItemCount);
      rvs.add(page.metadata!.resourceVersion!);
      token = page.metadata?._continue || undefined;
    } while (token);
    expect(pages).toBe(4);
    // Every namespace gets the kube-root-ca.crt ConfigMap, as in kube.
    expect(seen).toEqual([...Array.from({ length: 25 }, (_, i) => `cm-${String(i).padStart(3, '0')}`), 'kube-root-ca.crt']);
    expect(remaining).toEqual([19, 12, 5, undefined]);
    // Every page is served from the first page's snapshot.
    expect(rvs.size).toBe(1);
    expect(cluster.requests.count({ verb: 'list', resource: 'configmaps' }) - before).toBe(4);
  });

  test('a paginated walk with a selector returns the same items as one unpaginated list', async () => {
    const full = await api.core.listNamespacedConfigMap({ namespace: 'page', labelSelector: 'parity=odd' });
    const walked: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.core.listNamespacedConfigMap({ namespace: 'page', labelSelector: 'parity=odd', limit: 5, ...(token ? { _continue: token } : {}) });
      walked.push(...page.items.map((c) => c.metadata!.name!));
      token = page.metadata?._continue || undefined;
    } while (token);
    expect(full.items).toHaveLength(12);
    expect(walked).toEqual(full.items.map((c) => c.metadata!.name!));
  });

  test('all-namespace pod pages add up to the unpaginated list', async () => {
    const walked: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.core.listPodForAllNamespaces({ limit: 4, ...(token ? { _continue: token } : {}) });
      walked.push(...names(page.items));
      token = page.metadata?._continue || undefined;
    } while (token);
    expect(walked).toEqual(names(allPods));
    expect(new Set(walked).size).toBe(walked.length);
  });

  test('later pages come from the first page\'s snapshot, whatever is written in between', async () => {
    const first = await api.core.listNamespacedConfigMap({ namespace: 'page', limit: 10 });
    const token = first.metadata!._continue!;
    // Writes after the first page: a new object sorting into a later page, a deleted one, a changed one.
    await api.core.createNamespacedConfigMap({ namespace: 'page', body: { metadata: { name: 'cm-0125' } } });
    await api.core.deleteNamespacedConfigMap({ namespace: 'page', name: 'cm-020' });
    await api.core.patchNamespacedConfigMap({ namespace: 'page', name: 'cm-015', body: { data: { i: 'changed' } } }, withMerge());
    const rest: V1ConfigMap[] = [];
    let next: string | undefined = token;
    while (next) {
      const page = await api.core.listNamespacedConfigMap({ namespace: 'page', limit: 10, _continue: next });
      expect(page.metadata!.resourceVersion).toBe(first.metadata!.resourceVersion);
      rest.push(...page.items);
      next = page.metadata?._continue || undefined;
    }
    expect(rest.map((c) => c.metadata!.name)).toEqual([...Array.from({ length: 15 }, (_, i) => `cm-${String(i + 10).padStart(3, '0')}`), 'kube-root-ca.crt']);
    expect(rest.find((c) => c.metadata!.name === 'cm-015')!.data).toEqual({ i: '15' });
    // Put things back for the other tests.
    await api.core.deleteNamespacedConfigMap({ namespace: 'page', name: 'cm-0125' });
    await api.core.createNamespacedConfigMap({ namespace: 'page', body: { metadata: { name: 'cm-020', labels: { parity: 'even' } }, data: { i: '20' } } });
    await api.core.patchNamespacedConfigMap({ namespace: 'page', name: 'cm-015', body: { data: { i: '15' } } }, withMerge());
  });

  test('a continue token from before a compaction is refused with 410 Expired', async () => {
    const first = await api.core.listNamespacedConfigMap({ namespace: 'page', limit: 5 });
    expect(first.metadata?._continue).toBeTruthy();
    // A write after the first page, then compaction past it.
    await api.core.createNamespacedConfigMap({ namespace: 'page', body: { metadata: { name: 'zz-after' } } });
    cluster.compact();
    const r = await refusal(api.core.listNamespacedConfigMap({ namespace: 'page', limit: 5, _continue: first.metadata!._continue! }));
    expect(r.code).toBe(410);
    expect(r.status?.reason).toBe('Expired');
    expect(r.status?.message).toContain('continue parameter is too old');
    await api.core.deleteNamespacedConfigMap({ namespace: 'page', name: 'zz-after' });
  });

  test('a malformed continue token is refused with 400', async () => {
    const r = await refusal(api.core.listNamespacedConfigMap({ namespace: 'page', limit: 5, _continue: 'not-a-token' }));
    expect(r.code).toBe(400);
  });
});

describe('list resourceVersion', () => {
  test('a list carries the cluster\'s current resourceVersion, newer than every item, and grows with writes', async () => {
    await makeNamespace('rv');
    await api.core.createNamespacedConfigMap({ namespace: 'rv', body: { metadata: { name: 'a' } } });
    const list1 = await api.core.listNamespacedConfigMap({ namespace: 'rv' });
    const rv1 = Number(list1.metadata!.resourceVersion);
    expect(rv1).toBe(cluster.store.resourceVersion);
    for (const item of list1.items) expect(Number(item.metadata!.resourceVersion)).toBeLessThanOrEqual(rv1);
    const created = await api.core.createNamespacedConfigMap({ namespace: 'rv', body: { metadata: { name: 'b' } } });
    expect(Number(created.metadata!.resourceVersion)).toBeGreaterThan(rv1);
    const list2 = await api.core.listNamespacedConfigMap({ namespace: 'rv' });
    expect(Number(list2.metadata!.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata!.resourceVersion));
  });

  test('resourceVersionMatch=Exact reads the collection as it was at that resourceVersion', async () => {
    await api.core.createNamespacedConfigMap({ namespace: 'rv', body: { metadata: { name: 'x' }, data: { v: 'old' } } });
    const then = await api.core.listNamespacedConfigMap({ namespace: 'rv' });
    await api.core.patchNamespacedConfigMap({ namespace: 'rv', name: 'x', body: { data: { v: 'new' } } }, withMerge());
    await api.core.createNamespacedConfigMap({ namespace: 'rv', body: { metadata: { name: 'y' } } });
    const exact = await api.core.listNamespacedConfigMap({ namespace: 'rv', resourceVersion: then.metadata!.resourceVersion!, resourceVersionMatch: 'Exact' });
    expect(exact.metadata!.resourceVersion).toBe(then.metadata!.resourceVersion);
    expect(exact.items).toEqual(then.items);
    const notOlder = await api.core.listNamespacedConfigMap({ namespace: 'rv', resourceVersion: then.metadata!.resourceVersion!, resourceVersionMatch: 'NotOlderThan' });
    expect(notOlder.items.map((c) => c.metadata!.name)).toContain('y');
    expect(notOlder.items.find((c) => c.metadata!.name === 'x')!.data).toEqual({ v: 'new' });
    await api.core.deleteNamespacedConfigMap({ namespace: 'rv', name: 'x' });
    await api.core.deleteNamespacedConfigMap({ namespace: 'rv', name: 'y' });
    cluster.compact();
    const r = await refusal(api.core.listNamespacedConfigMap({ namespace: 'rv', resourceVersion: then.metadata!.resourceVersion!, resourceVersionMatch: 'Exact' }));
    expect(r.code).toBe(410);
  });

  test('resourceVersion=0 serves the current state; a future resourceVersion is a 504 Timeout', async () => {
    const now = await api.core.listNamespacedConfigMap({ namespace: 'rv', resourceVersion: '0' });
    expect(now.items.map((c) => c.metadata!.name)).toEqual(['a', 'b', 'kube-root-ca.crt']);
    const r = await refusal(api.core.listNamespacedConfigMap({ namespace: 'rv', resourceVersion: String(cluster.store.resourceVersion + 1000) }));
    expect(r.code).toBe(504);
    expect(r.status?.message).toContain('Too large resource version');
  });
});

describe('watch', () => {
  let ns = 0;
  async function freshNamespace(): Promise<string> {
    const name = `w${++ns}`;
    await makeNamespace(name);
    return name;
  }
  const cmPath = (namespace: string) => corePath(namespace, 'configmaps');
  const nameOf = (o: unknown) => (o as V1ConfigMap).metadata?.name;
  const rvOf = (o: unknown) => Number((o as V1ConfigMap).metadata?.resourceVersion);

  test('delivers ADDED, MODIFIED and DELETED in order, each with a growing resourceVersion', async () => {
    const namespace = await freshNamespace();
    const list = await api.core.listNamespacedConfigMap({ namespace });
    const w = await openWatch(api.watch, cmPath(namespace), { resourceVersion: list.metadata!.resourceVersion! });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'x' }, data: { v: '1' } } });
    await api.core.patchNamespacedConfigMap({ namespace, name: 'x', body: { data: { v: '2' } } }, withMerge());
    await api.core.deleteNamespacedConfigMap({ namespace, name: 'x' });
    const events = await w.until((e) => e.length >= 3);
    expect(events.map((e) => `${e.type} ${nameOf(e.object)}`)).toEqual(['ADDED x', 'MODIFIED x', 'DELETED x']);
    expect((events[1]!.object as V1ConfigMap).data).toEqual({ v: '2' });
    const rvs = events.map((e) => rvOf(e.object));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(new Set(rvs).size).toBe(3);
    expect(cluster.openWatchCount).toBe(1);
    await closeWatch(w);
  });

  test('without a resourceVersion starts with ADDED for what exists', async () => {
    const namespace = await freshNamespace();
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'pre-1' } } });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'pre-2' } } });
    const w = await openWatch(api.watch, cmPath(namespace), {});
    await w.until((e) => e.length >= 3);
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'live' } } });
    const events = await w.until((e) => e.length >= 4);
    expect(events.map((e) => `${e.type} ${nameOf(e.object)}`)).toEqual(['ADDED kube-root-ca.crt', 'ADDED pre-1', 'ADDED pre-2', 'ADDED live']);
    await closeWatch(w);
  });

  test('resuming from the last seen resourceVersion after a reconnect misses nothing and repeats nothing', async () => {
    const namespace = await freshNamespace();
    const list = await api.core.listNamespacedConfigMap({ namespace });
    const first = await openWatch(api.watch, cmPath(namespace), { resourceVersion: list.metadata!.resourceVersion! });
    for (const n of ['a', 'b']) await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: n } } });
    const seen = await first.until((e) => e.length >= 2);
    const lastRv = String(rvOf(seen[seen.length - 1]!.object));
    await closeWatch(first);
    // Changes while disconnected.
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'c' } } });
    await api.core.patchNamespacedConfigMap({ namespace, name: 'a', body: { data: { k: 'v' } } }, withMerge());
    await api.core.deleteNamespacedConfigMap({ namespace, name: 'b' });
    const watchesBefore = cluster.requests.count({ verb: 'watch', resource: 'configmaps' });
    const second = await openWatch(api.watch, cmPath(namespace), { resourceVersion: lastRv });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'd' } } });
    const resumed = await second.until((e) => e.length >= 4);
    expect(resumed.map((e) => `${e.type} ${nameOf(e.object)}`)).toEqual(['ADDED c', 'MODIFIED a', 'DELETED b', 'ADDED d']);
    const all = [...seen, ...resumed].map((e) => rvOf(e.object));
    expect(new Set(all).size).toBe(all.length);
    expect(cluster.requests.count({ verb: 'watch', resource: 'configmaps' }) - watchesBefore).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(second.events).toHaveLength(4);
    await closeWatch(second);
  });

  test('allowWatchBookmarks brings periodic BOOKMARK events carrying a resumable resourceVersion', async () => {
    const namespace = await freshNamespace();
    const list = await api.core.listNamespacedConfigMap({ namespace });
    const w = await openWatch(api.watch, cmPath(namespace), { resourceVersion: list.metadata!.resourceVersion!, allowWatchBookmarks: true });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'x' } } });
    const events = await w.until((e) => e.filter((x) => x.type === 'BOOKMARK').length >= 2, 5 * BOOKMARK_MS + 2000);
    const bookmarks = events.filter((e) => e.type === 'BOOKMARK');
    for (const b of bookmarks) {
      const obj = b.object as V1ConfigMap;
      expect(obj.kind).toBe('ConfigMap');
      expect(Number(obj.metadata!.resourceVersion)).toBeGreaterThanOrEqual(rvOf(events[0]!.object));
    }
    await closeWatch(w);
    // A watch without the flag gets none.
    const plain = await openWatch(api.watch, cmPath(namespace), { resourceVersion: (bookmarks[0]!.object as V1ConfigMap).metadata!.resourceVersion! });
    await new Promise((r) => setTimeout(r, 3 * BOOKMARK_MS));
    expect(plain.events.filter((e) => e.type === 'BOOKMARK')).toEqual([]);
    await closeWatch(plain);
  });

  test('timeoutSeconds ends the stream cleanly', async () => {
    const namespace = await freshNamespace();
    const started = Date.now();
    const w = await openWatch(api.watch, cmPath(namespace), { timeoutSeconds: 1 });
    const err = await w.done;
    const took = Date.now() - started;
    expect(err).toBeNull();
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(10_000);
    await eventually(() => cluster.openWatchCount === 0);
  });

  test('a resourceVersion from before a compaction gets the 410 Expired ERROR event', async () => {
    const namespace = await freshNamespace();
    const list = await api.core.listNamespacedConfigMap({ namespace });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'x' } } });
    cluster.compact();
    const w = await openWatch(api.watch, cmPath(namespace), { resourceVersion: list.metadata!.resourceVersion! });
    await w.done;
    expect(w.events).toHaveLength(1);
    expect(w.events[0]!.type).toBe('ERROR');
    expect(w.events[0]!.object).toMatchObject({ kind: 'Status', status: 'Failure', code: 410, reason: 'Expired' });
    expect(String(w.events[0]!.object.message)).toContain('too old resource version');
    await eventually(() => cluster.openWatchCount === 0);
  });

  test('a resourceVersion older than a small retained history gets 410 Expired', async () => {
    await makeNamespace('hist', smallApi);
    const list = await smallApi.core.listNamespacedConfigMap({ namespace: 'hist' });
    // Within the window: resumes fine.
    const within = await openWatch(smallApi.watch, cmPath('hist'), { resourceVersion: list.metadata!.resourceVersion! });
    for (let i = 0; i < 8; i++) await smallApi.core.createNamespacedConfigMap({ namespace: 'hist', body: { metadata: { name: `h${i}` } } });
    await within.until((e) => e.length >= 8);
    expect(within.events.every((e) => e.type === 'ADDED')).toBe(true);
    await closeWatch(within, small);
    // Eight changes later, the list's resourceVersion has fallen out of a five-change history.
    const late = await openWatch(smallApi.watch, cmPath('hist'), { resourceVersion: list.metadata!.resourceVersion! });
    await late.done;
    expect(late.events.map((e) => e.type)).toEqual(['ERROR']);
    expect(late.events[0]!.object).toMatchObject({ code: 410, reason: 'Expired' });
    await eventually(() => small.openWatchCount === 0);
  });

  test('a label-selector watch turns objects leaving the selection into DELETED and returning ones into ADDED', async () => {
    const namespace = await freshNamespace();
    const list = await api.core.listNamespacedConfigMap({ namespace });
    const w = await openWatch(api.watch, cmPath(namespace), { resourceVersion: list.metadata!.resourceVersion!, labelSelector: 'tier=a' });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'm', labels: { tier: 'a' } } } });
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'other', labels: { tier: 'b' } } } });
    await api.core.patchNamespacedConfigMap({ namespace, name: 'm', body: { data: { x: '1' } } }, withMerge());
    await api.core.patchNamespacedConfigMap({ namespace, name: 'm', body: { metadata: { labels: { tier: 'b' } } } }, withMerge());
    await api.core.patchNamespacedConfigMap({ namespace, name: 'm', body: { data: { x: '2' } } }, withMerge());
    await api.core.patchNamespacedConfigMap({ namespace, name: 'm', body: { metadata: { labels: { tier: 'a' } } } }, withMerge());
    await api.core.deleteNamespacedConfigMap({ namespace, name: 'other' });
    const events = await w.until((e) => e.length >= 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.events.map((e) => `${e.type} ${nameOf(e.object)}`)).toEqual(['ADDED m', 'MODIFIED m', 'DELETED m', 'ADDED m']);
    expect((events[2]!.object as V1ConfigMap).metadata!.labels).toEqual({ tier: 'b' });
    await closeWatch(w);
  });

  test('sendInitialEvents ends the initial ADDED events with the k8s.io/initial-events-end bookmark', async () => {
    const namespace = await freshNamespace();
    for (const n of ['i1', 'i2', 'i3']) await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: n } } });
    const w = await openWatch(api.watch, cmPath(namespace), { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true });
    await w.until((e) => e.some((x) => x.type === 'BOOKMARK'));
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'after' } } });
    const events = await w.until((e) => e.some((x) => x.type === 'ADDED' && nameOf(x.object) === 'after'));
    const initial = events.slice(0, 5);
    expect(initial.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'ADDED', 'ADDED', 'BOOKMARK']);
    expect(initial.slice(0, 4).map((e) => nameOf(e.object))).toEqual(['i1', 'i2', 'i3', 'kube-root-ca.crt']);
    const end = initial[4]!.object as V1ConfigMap;
    expect(end.metadata!.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    const endRv = Number(end.metadata!.resourceVersion);
    expect(endRv).toBeGreaterThanOrEqual(Math.max(...initial.slice(0, 4).map((e) => rvOf(e.object))));
    const after = events.find((e) => nameOf(e.object) === 'after')!;
    expect(rvOf(after.object)).toBeGreaterThan(endRv);
    await closeWatch(w);
  });

  test('sendInitialEvents over a raw request with the kubeconfig CA and token gets the same bookmark', async () => {
    const namespace = await freshNamespace();
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'only' } } });
    const res = await rawRequest(cluster, {
      path: `${cmPath(namespace)}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
      until: (body) => body.includes('initial-events-end'),
    });
    expect(res.status).toBe(200);
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: V1ConfigMap });
    expect(lines.map((l) => `${l.type} ${l.object.metadata!.name ?? ''}`)).toEqual(['ADDED kube-root-ca.crt', 'ADDED only', 'BOOKMARK ']);
    expect(lines[2]!.object.metadata!.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
    await eventually(() => cluster.openWatchCount === 0);
  });

  test('sendInitialEvents without resourceVersionMatch=NotOlderThan is refused as Invalid', async () => {
    const res = await rawRequest(cluster, { path: `${cmPath('default')}?watch=true&sendInitialEvents=true` });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ reason: 'Invalid' });
  });

  test('a field-selector watch on pods sees only the selected pod change', async () => {
    const list = await api.core.listNamespacedPod({ namespace: 'default' });
    const w = await openWatch(api.watch, corePath('default', 'pods'), { resourceVersion: list.metadata!.resourceVersion!, fieldSelector: 'metadata.name=stuck' });
    await api.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'unrelated' }, spec: { nodeSelector: { 'no-such-label': 'x' }, containers: [{ name: 'c', image: 'busybox:1.36' }] } } });
    await api.core.patchNamespacedPod({ namespace: 'default', name: 'stuck', body: { metadata: { labels: { touched: 'yes' } } } }, withMerge());
    const events = await w.until((e) => e.length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.events.map((e) => `${e.type} ${nameOf(e.object)}`)).toEqual(['MODIFIED stuck']);
    expect((events[0]!.object as V1Pod).metadata!.labels).toMatchObject({ touched: 'yes' });
    await closeWatch(w);
    await api.core.deleteNamespacedPod({ namespace: 'default', name: 'unrelated' });
  });
});

describe('client-node informer', () => {
  test('keeps a cache that matches the server through adds, updates, deletes, a cut stream and a 410 relist', async () => {
    const namespace = 'inf';
    await makeNamespace(namespace);
    await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'before' } } });
    const path = corePath(namespace, 'configmaps');
    const informer = makeInformer<V1ConfigMap>(api.kc, path, () => api.core.listNamespacedConfigMap({ namespace }));
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata!.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata!.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata!.name}`));
    informer.on('error', (e) => errors.push(e));
    const lists = () => cluster.requests.count({ verb: 'list', resource: 'configmaps', namespace });
    const listsBefore = lists();
    // Every watch stream is cut after 200 ms: the informer reconnects from its last resourceVersion.
    await cluster.setFaults({ watchCutAfterMs: 200 });
    await informer.start();
    try {
      const cached = () => informer.list(namespace).map((o) => `${o.metadata!.name}=${JSON.stringify(o.data ?? {})}`).sort();
      const server = async () => (await api.core.listNamespacedConfigMap({ namespace })).items.map((o) => `${o.metadata!.name}=${JSON.stringify(o.data ?? {})}`).sort();
      await eventually(() => seen.includes('add before'));
      await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'a' }, data: { v: '1' } } });
      await api.core.patchNamespacedConfigMap({ namespace, name: 'a', body: { data: { v: '2' } } }, withMerge());
      await api.core.deleteNamespacedConfigMap({ namespace, name: 'before' });
      await eventually(() => seen.includes('delete before'));
      expect(seen).toEqual(['add before', 'add kube-root-ca.crt', 'add a', 'update a', 'delete before']);
      const listed = lists();
      expect(listed - listsBefore).toBe(1);

      // Reconnects resume without relisting.
      const watchesBefore = cluster.requests.count({ verb: 'watch', resource: 'configmaps', namespace });
      await eventually(() => cluster.requests.count({ verb: 'watch', resource: 'configmaps', namespace }) >= watchesBefore + 2, 3000, 'two reconnects');
      expect(lists()).toBe(listed);
      expect(cached()).toEqual(await server());
      // Compaction past the informer's resourceVersion: its next reconnect gets 410 and relists.
      await api.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'elsewhere' } } });
      cluster.compact();
      await api.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'after-compaction' } } });
      await eventually(() => lists() > listed, 3000, 'the informer to relist');
      await eventually(() => seen.includes('add after-compaction'));
      expect(cached()).toEqual(await server());
      expect(errors).toEqual([]);
    } finally {
      await cluster.resetFaults();
      await informer.stop();
      await api.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'elsewhere' }).catch(() => undefined);
    }
    await eventually(() => cluster.openWatchCount === 0, 5000, 'the informer\'s watch to close');
  });
});
