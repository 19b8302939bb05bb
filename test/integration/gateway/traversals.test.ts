/**
 * Every edge of the graph against the simulator's ground truth: Node → pods, Workload → pods and
 * events, Pod → node, owner (through ReplicaSets), usage and events, Service → pods, and the
 * fleet-wide roots (namespaces, workloads, services, configMaps, secrets, events). Each answer
 * is compared with what the clusters hold, and each request's upstream traffic with the exact
 * LISTs it should take: one per (cluster, resource, namespace), however many objects join.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import type { SimCluster } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { byCodeUnits, kubeApis, markTraffic, nsName, oneListEach, ownerOf, truth, type Obj } from './traffic.ts';

const CLUSTERS = ['tr-1', 'tr-2'];
const clock = new ManualClock();
let fg: FleetGateway;

const SECRET_PLAIN = { username: 'fleet-admin-user-7d1c', password: 'pa55-Wh1sper-93bf02' };
const SECRET_STRING_DATA = { apiKey: 'plain-api-key-4e6a1b9f' };
const SETTINGS = { LOG_LEVEL: 'debug', 'feature.flags': 'checkout-v2,search-beta' };
/** Warning events about pod frontend/probe, seconds after 2026-01-01T00:00:00Z; cluster i adds 10 s × i. */
const PROBE_WARNINGS = [['FailedMount', 90], ['BackOff', 180], ['Unhealthy', 240]] as const;

const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString().replace('.000Z', 'Z');

/** What each cluster gets beyond the sample workloads: every kind of owner, and objects with known contents. */
async function addExtras(name: string, index: number): Promise<void> {
  const { core, apps } = kubeApis(fg.kubeconfigPath, name);
  await apps.createNamespacedDaemonSet({
    namespace: 'data',
    body: {
      metadata: { name: 'node-agent', labels: { app: 'node-agent' } },
      spec: {
        selector: { matchLabels: { app: 'node-agent' } },
        template: { metadata: { labels: { app: 'node-agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.37', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
      },
    },
  });
  await core.createNamespacedPod({
    namespace: 'frontend',
    body: { metadata: { name: 'bare', labels: { app: 'bare' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27.3', resources: { requests: { cpu: '5m', memory: '8Mi' } } }] } },
  });
  // Labelled like frontend's web pods, but in another namespace: no frontend selector may pick it.
  await core.createNamespacedPod({
    namespace: 'backend',
    body: { metadata: { name: 'web-lookalike', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27.3' }] } },
  });
  // No node has this label: the pod stays Pending, with no node and no usage.
  await core.createNamespacedPod({
    namespace: 'frontend',
    body: { metadata: { name: 'stuck' }, spec: { nodeSelector: { disk: 'none-has-this' }, containers: [{ name: 'c', image: 'nginx:1.27.3' }] } },
  });
  await core.createNamespacedService({
    namespace: 'frontend',
    body: { metadata: { name: 'web-nodeport' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, nodePort: 30080 + index }] } },
  });
  // No selector: Kubernetes leaves such a service's endpoints to the user; it picks no pods.
  await core.createNamespacedService({ namespace: 'frontend', body: { metadata: { name: 'external-db' }, spec: { ports: [{ port: 5432 }] } } });
  await core.createNamespacedConfigMap({ namespace: 'frontend', body: { metadata: { name: 'app-settings', labels: { team: 'web' } }, data: SETTINGS } });
  await core.createNamespacedSecret({
    namespace: 'backend',
    body: {
      metadata: { name: 'db-credentials', labels: { team: 'data' } },
      type: 'Opaque',
      data: Object.fromEntries(Object.entries(SECRET_PLAIN).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      stringData: SECRET_STRING_DATA,
    },
  });
  const events: Array<[string, string, string, number]> = [
    ...PROBE_WARNINGS.map(([reason, s]): [string, string, string, number] => ['Warning', reason, 'probe', s]),
    ['Normal', 'Pulled', 'probe', 300],
    ['Warning', 'BackOff', 'other', 360],
  ];
  for (const [i, [type, reason, pod, s]] of events.entries()) {
    const time = at(s + 10 * index);
    await core.createNamespacedEvent({
      namespace: 'frontend',
      body: {
        metadata: { name: `${pod}.test${i}` },
        involvedObject: { kind: 'Pod', namespace: 'frontend', name: pod, apiVersion: 'v1' },
        type, reason, message: `${reason} on ${pod} in ${name}`, count: 1,
        firstTimestamp: new Date(time), lastTimestamp: new Date(time), source: { component: 'kubelet' },
      },
    });
  }
}

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 2, pods: 18, clock } });
  for (const [i, name] of CLUSTERS.entries()) await addExtras(name, i);
  // From here cluster time stands still: ground truth cannot move while a query runs.
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

const sim = (name: string): SimCluster => fg.sim.cluster(name);
const sortedStrings = (xs: string[]): string[] => [...xs].sort(byCodeUnits);

describe('Pod → node and owner', () => {
  interface Answer {
    pods: {
      totalCount: number;
      edges: Array<{ node: { cluster: { name: string }; namespace: string; name: string; node: { name: string } | null; owner: { __typename: string; kind: string; namespace: string; name: string } | null } }>;
    };
  }

  test('joins every pod of the fleet to its node and its controlling workload with one LIST per cluster and resource', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>(`{ pods(first: 1000) { totalCount edges { node {
      cluster { name } namespace name node { name } owner { __typename kind namespace name } } } } }`);
    expect(a.errors).toBeUndefined();
    const got = a.data!.pods.edges.map((e) => e.node);

    const expected = CLUSTERS.flatMap((name) => truth(sim(name), '/pods').map((p) => {
      const owner = ownerOf(sim(name), p);
      const node = p.spec?.['nodeName'];
      return {
        cluster: { name }, namespace: p.metadata.namespace, name: p.metadata.name,
        node: typeof node === 'string' ? { name: node } : null,
        owner: owner && { __typename: owner.kind, kind: owner.kind.toUpperCase(), namespace: owner.namespace, name: owner.name },
      };
    }));
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThanOrEqual(40);
    expect(a.data!.pods.totalCount).toBe(got.length);
    // Every kind of owner is in the answer, and the bare pod has none.
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) expect(got.filter((p) => p.owner?.__typename === kind).length).toBeGreaterThanOrEqual(4);
    expect(got.filter((p) => p.name === 'bare').map((p) => p.owner)).toEqual([null, null]);
    expect(got.filter((p) => p.name === 'stuck').map((p) => [p.node, p.owner])).toEqual([[null, null], [null, null]]);

    // 40+ pods with owner and node: still one LIST of each resource per cluster.
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['pods', 'nodes', 'replicasets', 'deployments', 'statefulsets', 'daemonsets']));
    for (const name of CLUSTERS) {
      expect(traffic.cluster(name).map((r) => `${r.verb} ${r.path}`).sort()).toEqual([
        'list /api/v1/nodes', 'list /api/v1/pods', 'list /apis/apps/v1/daemonsets', 'list /apis/apps/v1/deployments',
        'list /apis/apps/v1/replicasets', 'list /apis/apps/v1/statefulsets',
      ]);
    }
  });

  test('a namespaced Cluster.pods lists pods, owners and events in that namespace only', async () => {
    interface NsAnswer { cluster: { pods: Array<{ namespace: string; name: string; node: { name: string } | null; owner: { name: string } | null; events: Array<{ reason: string }> }> } }
    const traffic = markTraffic(fg);
    const a = await fg.query<NsAnswer>('{ cluster(name: "tr-1") { pods(namespace: "frontend") { namespace name node { name } owner { name } events { reason } } } }');
    expect(a.errors).toBeUndefined();
    const frontend = truth(sim('tr-1'), '/pods').filter((p) => p.metadata.namespace === 'frontend');
    expect(a.data!.cluster.pods.map((p) => `${p.namespace}/${p.name} ${p.owner?.name ?? '-'}`))
      .toEqual(frontend.map((p) => `${nsName(p)} ${ownerOf(sim('tr-1'), p)?.name ?? '-'}`));

    expect(traffic.gateway()).toEqual(oneListEach(['tr-1'], ['pods', 'nodes', 'replicasets', 'deployments', 'events']));
    expect(traffic.cluster('tr-1').map((r) => `${r.verb} ${r.resource} ns=${r.namespace}`).sort()).toEqual([
      'list deployments ns=frontend', 'list events ns=frontend', 'list nodes ns=', 'list pods ns=frontend', 'list replicasets ns=frontend',
    ]);
    expect(traffic.cluster('tr-2')).toEqual([]);
  });

  test('Pod.events are the events whose involved object is that pod, newest first', async () => {
    interface EvAnswer { cluster: { pods: Array<{ namespace: string; name: string; events: Array<{ reason: string; message: string; involvedObject: { kind: string; namespace: string | null; name: string }; lastTimestamp: string | null }> }> } }
    const traffic = markTraffic(fg);
    const a = await fg.query<EvAnswer>('{ cluster(name: "tr-2") { pods { namespace name events { reason message involvedObject { kind namespace name } lastTimestamp } } } }');
    expect(a.errors).toBeUndefined();
    const events = truth(sim('tr-2'), '/events');
    let withEvents = 0;
    for (const p of a.data!.cluster.pods) {
      const mine = events.filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === p.name && e.involvedObject.namespace === p.namespace);
      expect(sortedStrings(p.events.map((e) => `${e.reason}: ${e.message}`)), `${p.namespace}/${p.name}`)
        .toEqual(sortedStrings(mine.map((e) => `${e.reason}: ${e.message}`)));
      for (const e of p.events) expect(e.involvedObject).toEqual({ kind: 'Pod', namespace: p.namespace, name: p.name });
      const times = p.events.map((e) => Date.parse(e.lastTimestamp ?? ''));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      if (mine.length > 0) withEvents++;
    }
    expect(withEvents).toBeGreaterThan(10);
    expect(traffic.gateway()).toEqual(oneListEach(['tr-2'], ['pods', 'events']));
  });
});

describe('Node → pods', () => {
  test('lists the pods scheduled to each node, joined from one pods LIST per cluster', async () => {
    interface Answer { clusters: Array<{ name: string; nodes: Array<{ name: string; ready: boolean; pods: Array<{ namespace: string; name: string }> }> }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ clusters { name nodes { name ready pods { namespace name } } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data!.clusters.map((c) => c.name)).toEqual(CLUSTERS);
    for (const c of a.data!.clusters) {
      const pods = truth(sim(c.name), '/pods');
      expect(c.nodes.map((n) => n.name)).toEqual(truth(sim(c.name), '/nodes').map((n) => n.metadata.name));
      for (const n of c.nodes) {
        expect(n.pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(pods.filter((p) => p.spec?.['nodeName'] === n.name).map(nsName));
        expect(n.pods.length).toBeGreaterThan(0);
      }
    }
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['nodes', 'pods']));
  });
});

describe('Workload → pods and events', () => {
  test('each workload\'s pods are the pods it controls and its events those about it', async () => {
    interface Answer { workloads: Array<{ __typename: string; cluster: { name: string }; namespace: string; name: string; replicas: number; pods: Array<{ name: string }>; events: Array<{ reason: string; message: string }> }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ workloads { __typename cluster { name } namespace name replicas pods { name } events { reason message } } }');
    expect(a.errors).toBeUndefined();
    const expected = CLUSTERS.flatMap((name) => [['Deployment', 'apps/deployments'], ['StatefulSet', 'apps/statefulsets'], ['DaemonSet', 'apps/daemonsets']]
      .flatMap(([kind, key]) => truth(sim(name), key as string).map((w) => `${name} ${kind} ${nsName(w)}`)));
    expect(a.data!.workloads.map((w) => `${w.cluster.name} ${w.__typename} ${w.namespace}/${w.name}`)).toEqual(expected);

    for (const w of a.data!.workloads) {
      const c = sim(w.cluster.name);
      const pods = truth(c, '/pods').filter((p) => {
        const o = ownerOf(c, p);
        return o?.kind === w.__typename && o.namespace === w.namespace && o.name === w.name;
      });
      expect(sortedStrings(w.pods.map((p) => p.name)), `${w.__typename} ${w.name}`).toEqual(sortedStrings(pods.map((p) => p.metadata.name)));
      expect(w.pods.length).toBeGreaterThan(0);
      const events = truth(c, '/events').filter((e) => e.involvedObject?.kind === w.__typename && e.involvedObject.name === w.name && e.involvedObject.namespace === w.namespace);
      expect(sortedStrings(w.events.map((e) => `${e.reason}: ${e.message}`))).toEqual(sortedStrings(events.map((e) => `${e.reason}: ${e.message}`)));
    }
    expect(a.data!.workloads.filter((w) => w.events.length > 0).length).toBeGreaterThan(4);
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['deployments', 'statefulsets', 'daemonsets', 'pods', 'events']));
  });

  test('Query.workloads with kinds and namespace lists only those kinds, in that namespace', async () => {
    interface Answer { workloads: Array<{ __typename: string; kind: string; cluster: { name: string }; namespace: string; name: string; replicas: number; readyReplicas: number }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ workloads(kinds: [DAEMONSET, STATEFULSET], namespace: "data") { __typename kind cluster { name } namespace name replicas readyReplicas } }');
    expect(a.errors).toBeUndefined();
    // Per cluster, in the order the kinds were asked for.
    expect(a.data!.workloads).toEqual(CLUSTERS.flatMap((name) => [
      ...truth(sim(name), 'apps/daemonsets').map((d) => ({
        __typename: 'DaemonSet', kind: 'DAEMONSET', cluster: { name }, namespace: 'data', name: d.metadata.name,
        replicas: d.status?.['desiredNumberScheduled'], readyReplicas: d.status?.['numberReady'],
      })),
      ...truth(sim(name), 'apps/statefulsets').filter((s) => s.metadata.namespace === 'data').map((s) => ({
        __typename: 'StatefulSet', kind: 'STATEFULSET', cluster: { name }, namespace: 'data', name: s.metadata.name,
        replicas: s.spec?.['replicas'], readyReplicas: s.status?.['readyReplicas'],
      })),
    ]));
    expect(a.data!.workloads.map((w) => w.name)).toEqual(['node-agent', 'redis', 'node-agent', 'redis']);
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['daemonsets', 'statefulsets']));
    for (const name of CLUSTERS) {
      expect(traffic.cluster(name).map((r) => r.path).sort()).toEqual(['/apis/apps/v1/namespaces/data/daemonsets', '/apis/apps/v1/namespaces/data/statefulsets']);
    }
  });
});

describe('Service → pods', () => {
  test('each service\'s pods are the pods its selector picks in its namespace; a selector-less service picks none', async () => {
    interface Answer { services: Array<{ cluster: { name: string }; namespace: string; name: string; type: string; clusterIP: string | null; ports: Array<{ port: number; protocol: string; nodePort: number | null }>; pods: Array<{ namespace: string; name: string }> }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ services { cluster { name } namespace name type clusterIP ports { port protocol nodePort } pods { namespace name } } }');
    expect(a.errors).toBeUndefined();
    const expected = CLUSTERS.flatMap((name) => truth(sim(name), '/services').map((s) => {
      const selector = (s.spec?.['selector'] ?? {}) as Record<string, string>;
      const picks = Object.keys(selector).length === 0 ? [] : truth(sim(name), '/pods')
        .filter((p) => p.metadata.namespace === s.metadata.namespace && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      const ports = (s.spec?.['ports'] ?? []) as Array<{ port: number; protocol?: string; nodePort?: number }>;
      const type = { ClusterIP: 'CLUSTER_IP', NodePort: 'NODE_PORT', LoadBalancer: 'LOAD_BALANCER' }[(s.spec?.['type'] as string | undefined) ?? 'ClusterIP'];
      return {
        cluster: { name }, namespace: s.metadata.namespace, name: s.metadata.name, type,
        clusterIP: s.spec?.['clusterIP'] ?? null, ports: ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP', nodePort: p.nodePort ?? null })),
        pods: picks.map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name })),
      };
    }));
    expect(a.data!.services).toEqual(expected);
    const external = a.data!.services.filter((s) => s.name === 'external-db');
    expect(external.map((s) => s.pods)).toEqual([[], []]);
    // Both web services pick frontend's web pods and not backend's lookalike.
    for (const s of a.data!.services.filter((x) => x.name === 'web' || x.name === 'web-nodeport')) {
      expect(s.pods.length).toBeGreaterThan(0);
      expect(s.pods.every((p) => p.namespace === 'frontend' && p.name.startsWith('web-') && p.name !== 'web-lookalike')).toBe(true);
    }
    expect(a.data!.services.filter((s) => s.type === 'NODE_PORT').map((s) => [s.cluster.name, s.ports[0]?.nodePort])).toEqual([['tr-1', 30080], ['tr-2', 30081]]);
    expect(a.data!.services.filter((s) => s.pods.length > 0).length).toBeGreaterThanOrEqual(10);
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['services', 'pods']));
  });
});

describe('fleet-wide roots', () => {
  test('Query.namespaces lists every namespace of every cluster', async () => {
    interface Answer { namespaces: Array<{ cluster: { name: string }; name: string; phase: string }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ namespaces { cluster { name } name phase } }');
    expect(a.errors).toBeUndefined();
    expect(a.data!.namespaces).toEqual(CLUSTERS.flatMap((name) => truth(sim(name), '/namespaces').map((n) => ({ cluster: { name }, name: n.metadata.name, phase: 'Active' }))));
    expect(a.data!.namespaces.map((n) => n.name)).toContain('frontend');
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['namespaces']));
  });

  test('Query.configMaps returns each config map with the data the cluster holds', async () => {
    interface Answer { configMaps: Array<{ cluster: { name: string }; namespace: string; name: string; labels: Array<{ key: string; value: string }>; data: Record<string, string> }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ configMaps { cluster { name } namespace name labels { key value } data } }');
    expect(a.errors).toBeUndefined();
    expect(a.data!.configMaps).toEqual(CLUSTERS.flatMap((name) => truth(sim(name), '/configmaps').map((c) => ({
      cluster: { name }, namespace: c.metadata.namespace, name: c.metadata.name,
      labels: Object.entries(c.metadata.labels ?? {}).map(([key, value]) => ({ key, value })), data: c.data ?? {},
    }))));
    expect(a.data!.configMaps.find((c) => c.name === 'app-settings')?.data).toEqual(SETTINGS);
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['configmaps']));
  });

  test('Query.secrets returns key names only: no value, plain or base64, is anywhere in the HTTP response', async () => {
    const traffic = markTraffic(fg);
    const res = await fetch(fg.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ secrets(namespace: "backend") { cluster { name } namespace name type labels { key value } keys } }' }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    const body = JSON.parse(text) as { data: { secrets: unknown[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.secrets).toEqual(CLUSTERS.map((name) => ({
      cluster: { name }, namespace: 'backend', name: 'db-credentials', type: 'Opaque',
      labels: [{ key: 'team', value: 'data' }], keys: ['apiKey', 'password', 'username'],
    })));
    // The cluster does hold the values (so their absence above means something).
    const stored = truth(sim('tr-1'), '/secrets').find((s) => s.metadata.name === 'db-credentials');
    expect(Buffer.from(stored?.data?.['password'] ?? '', 'base64').toString()).toBe(SECRET_PLAIN.password);
    for (const value of [...Object.values(SECRET_PLAIN), ...Object.values(SECRET_STRING_DATA)]) {
      for (const form of [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')]) expect(text).not.toContain(form);
    }
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['secrets']));
    for (const name of CLUSTERS) expect(traffic.cluster(name).map((r) => r.path)).toEqual(['/api/v1/namespaces/backend/secrets']);
  });

  test('Query.events filters by type, involved kind and name on the clusters and returns the newest first', async () => {
    interface Answer { events: Array<{ cluster: { name: string }; namespace: string | null; type: string; reason: string; message: string; involvedObject: { kind: string; namespace: string | null; name: string }; count: number; lastTimestamp: string | null }> }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>('{ events(type: WARNING, involvedKind: "Pod", involvedName: "probe", first: 3) { cluster { name } namespace type reason message involvedObject { kind namespace name } count lastTimestamp } }');
    expect(a.errors).toBeUndefined();
    const all = CLUSTERS.flatMap((name) => truth(sim(name), '/events')
      .filter((e) => e.type === 'Warning' && e.involvedObject?.kind === 'Pod' && e.involvedObject.name === 'probe')
      .map((e) => ({ cluster: { name }, e })));
    expect(all).toHaveLength(2 * PROBE_WARNINGS.length);
    const newest = [...all].sort((x, y) => Date.parse(y.e.lastTimestamp ?? '') - Date.parse(x.e.lastTimestamp ?? '')).slice(0, 3);
    expect(a.data!.events).toEqual(newest.map(({ cluster, e }) => ({
      cluster, namespace: 'frontend', type: 'WARNING', reason: e.reason, message: e.message,
      involvedObject: { kind: 'Pod', namespace: 'frontend', name: 'probe' }, count: 1, lastTimestamp: e.lastTimestamp,
    })));
    expect(a.data!.events.map((e) => `${e.cluster.name} ${e.reason} ${new Date(e.lastTimestamp ?? '').toISOString().replace('.000Z', 'Z')}`)).toEqual([
      `tr-2 Unhealthy ${at(250)}`, `tr-1 Unhealthy ${at(240)}`, `tr-2 BackOff ${at(190)}`,
    ]);

    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['events']));
    for (const name of CLUSTERS) {
      const [list] = traffic.cluster(name);
      expect(new URLSearchParams(list?.query).get('fieldSelector')).toBe('type=Warning,involvedObject.kind=Pod,involvedObject.name=probe');
    }
  });
});

describe('event filters are values, not selector syntax', () => {
  test('an involvedName holding "," and "=" matches only an object of that exact name (none), not extra selector terms', async () => {
    const traffic = markTraffic(fg);
    // Unescaped, this would become `involvedObject.name=probe,type=Normal`: the Normal events about probe.
    const a = await fg.query<{ events: Array<{ reason: string }> }>('{ events(involvedKind: "Pod", involvedName: "probe,type=Normal") { reason } }');
    expect(a.errors).toBeUndefined();
    expect(a.data!.events).toEqual([]);
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['events']));
  });

  // involvedKind is checked as a kind (letters and digits) before the fan-out; names may hold a backslash.
  test('an involvedName ending in a backslash is a value to match, not a malformed fieldSelector the caller never wrote', async () => {
    const a = await fg.query<{ events: Array<{ reason: string }> }>('{ events(involvedName: "web\\\\") { reason } }');
    expect(a.errors).toBeUndefined();
    expect(a.data!.events).toEqual([]);
  });
});

describe('usage from metrics.k8s.io', () => {
  interface MetricsList { items: Array<{ metadata: { name: string; namespace?: string }; usage?: Record<string, string>; containers?: Array<{ usage: Record<string, string> }> }> }

  /** metrics-server writes CPU in nanocores (`123456n`) and memory in Ki; anything else fails the test. */
  function nanocores(q: string): number {
    const m = /^(\d+)n$/.exec(q);
    if (!m) throw new Error(`unexpected CPU quantity ${q}`);
    return Number(m[1]);
  }
  function bytes(q: string): number {
    const m = /^(\d+)Ki$/.exec(q);
    if (!m) throw new Error(`unexpected memory quantity ${q}`);
    return Number(m[1]) * 1024;
  }
  /** kubectl top's figures: CPU in millicores rounded up, memory in Mi rounded down. */
  function expectedUsage(usages: Array<Record<string, string>>) {
    const n = usages.reduce((s, u) => s + nanocores(u['cpu'] ?? ''), 0);
    const b = usages.reduce((s, u) => s + bytes(u['memory'] ?? ''), 0);
    const millicores = Math.ceil(n / 1e6);
    return { cpu: `${millicores}m`, memory: `${Math.floor(b / 2 ** 20)}Mi`, cpuMillicores: millicores, memoryBytes: b };
  }
  async function readMetrics(cluster: string, plural: 'nodes' | 'pods'): Promise<MetricsList> {
    const { custom } = kubeApis(fg.kubeconfigPath, cluster);
    return (await custom.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural })) as MetricsList;
  }

  test('Pod.usage, Node.usage and Cluster.usage equal the cluster\'s metrics, rounded as kubectl top rounds', async () => {
    interface Usage { cpu: string; memory: string; cpuMillicores: number; memoryBytes: number }
    interface Answer {
      clusters: Array<{ name: string; usage: Usage | null; nodes: Array<{ name: string; usage: Usage | null }> }>;
      pods: { edges: Array<{ node: { cluster: { name: string }; namespace: string; name: string; usage: Usage | null } }> };
    }
    const traffic = markTraffic(fg);
    const a = await fg.query<Answer>(`{
      clusters { name usage { cpu memory cpuMillicores memoryBytes } nodes { name usage { cpu memory cpuMillicores memoryBytes } } }
      pods(first: 1000) { edges { node { cluster { name } namespace name usage { cpu memory cpuMillicores memoryBytes } } } } }`);
    expect(a.errors).toBeUndefined();
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['nodes', 'pods', 'nodes.metrics.k8s.io', 'pods.metrics.k8s.io']));

    for (const c of a.data!.clusters) {
      const nodeMetrics = await readMetrics(c.name, 'nodes');
      expect(c.nodes.length).toBe(2);
      for (const n of c.nodes) {
        const m = nodeMetrics.items.find((i) => i.metadata.name === n.name);
        expect(n.usage).toEqual(expectedUsage([m?.usage ?? {}]));
      }
      expect(c.usage).toEqual(expectedUsage(nodeMetrics.items.map((i) => i.usage ?? {})));
    }
    const podMetrics = new Map<string, MetricsList>();
    for (const name of CLUSTERS) podMetrics.set(name, await readMetrics(name, 'pods'));
    let measured = 0;
    for (const { node: p } of a.data!.pods.edges) {
      const m = podMetrics.get(p.cluster.name)?.items.find((i) => i.metadata.namespace === p.namespace && i.metadata.name === p.name);
      // Only running pods have readings; the others have no usage.
      expect(p.usage, `${p.cluster.name} ${p.namespace}/${p.name}`).toEqual(m ? expectedUsage((m.containers ?? []).map((x) => x.usage)) : null);
      if (m) measured++;
    }
    expect(measured).toBeGreaterThanOrEqual(40);
  });
});
