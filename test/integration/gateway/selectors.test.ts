/**
 * Cluster selection on every fleet-wide root field: a label selector over the fleet file's
 * cluster labels, exact names, or both (their intersection). The clusters left out must not be
 * asked anything at all. Bad arguments (a malformed selector, an unknown name, a malformed label
 * or field selector, a foreign cursor, a negative `first`) are one BAD_USER_INPUT error that
 * names the problem, before any cluster is asked.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { kubeApis, markTraffic } from './traffic.ts';

const LABELS: Record<string, Record<string, string>> = {
  'sel-eu': { env: 'prod', region: 'eu' },
  'sel-us': { env: 'prod', region: 'us' },
  'sel-ap': { env: 'prod', region: 'ap' },
  'sel-dev': { env: 'dev', region: 'eu' },
};
const ALL = Object.keys(LABELS);
const clock = new ManualClock();
let fg: FleetGateway;

beforeAll(async () => {
  const fleetFile = `clusters:\n${ALL.map((name) => `  ${name}:\n    labels: ${JSON.stringify(LABELS[name])}\n`).join('')}`;
  fg = await startFleetGateway({ sim: { clusters: ALL.map((name) => ({ name })), nodes: 2, pods: 4, clock }, fleetFile });
  // Every cluster holds at least one object of every kind a root field lists.
  for (const name of ALL) {
    await kubeApis(fg.kubeconfigPath, name).core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'token' }, stringData: { token: 'x' } } });
  }
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

/** Each fleet-wide root field, the upstream resources it lists, and how to read the clusters out of its answer. */
interface RootField {
  field: string;
  /** The field with `ARGS` where its arguments go. */
  query: string;
  /** The same field with every join below it selected (joins may be fetched ahead of the parent's answer). */
  deep: string;
  resources: string[];
  clustersOf(data: Record<string, unknown>): string[];
}

type Named = { cluster: { name: string } };
const listClusters = (field: string) => (data: Record<string, unknown>): string[] => (data[field] as Named[]).map((x) => x.cluster.name);
const POD_JOINS = 'name node { name pods { name } } owner { name pods { name } } usage { cpu } events { reason }';

const ROOT_FIELDS: RootField[] = [
  {
    field: 'clusters', query: 'clusters(ARGS) { name nodes { name } }', resources: ['nodes'],
    deep: 'clusters(ARGS) { name status { reachable } usage { cpu } nodes { name } pods { name } workloads { name } events { reason } }',
    clustersOf: (d) => (d['clusters'] as Array<{ name: string }>).map((c) => c.name),
  },
  { field: 'nodes', query: 'nodes(ARGS) { cluster { name } name }', deep: `nodes(ARGS) { name usage { cpu } pods { ${POD_JOINS} } }`, resources: ['nodes'], clustersOf: listClusters('nodes') },
  { field: 'namespaces', query: 'namespaces(ARGS) { cluster { name } name }', deep: 'namespaces(ARGS) { name cluster { name nodes { name } } }', resources: ['namespaces'], clustersOf: listClusters('namespaces') },
  {
    field: 'workloads', query: 'workloads(ARGS) { cluster { name } name }', deep: `workloads(ARGS) { name events { reason } pods { ${POD_JOINS} } }`,
    resources: ['deployments', 'statefulsets', 'daemonsets'], clustersOf: listClusters('workloads'),
  },
  {
    field: 'pods', query: 'pods(ARGS) { edges { node { cluster { name } name } } }', deep: `pods(ARGS) { totalCount edges { node { ${POD_JOINS} } } }`, resources: ['pods'],
    clustersOf: (d) => (d['pods'] as { edges: Array<{ node: Named }> }).edges.map((e) => e.node.cluster.name),
  },
  { field: 'services', query: 'services(ARGS) { cluster { name } name }', deep: `services(ARGS) { name pods { ${POD_JOINS} } }`, resources: ['services'], clustersOf: listClusters('services') },
  { field: 'configMaps', query: 'configMaps(ARGS) { cluster { name } name }', deep: 'configMaps(ARGS) { name data cluster { name pods { name } } }', resources: ['configmaps'], clustersOf: listClusters('configMaps') },
  { field: 'secrets', query: 'secrets(ARGS) { cluster { name } name keys }', deep: 'secrets(ARGS) { name keys cluster { name pods { name } } }', resources: ['secrets'], clustersOf: listClusters('secrets') },
  { field: 'events', query: 'events(ARGS) { cluster { name } reason }', deep: 'events(ARGS) { reason cluster { name nodes { name } } }', resources: ['events'], clustersOf: listClusters('events') },
];

const SELECTIONS: Array<{ how: string; args: string; expected: string[] }> = [
  { how: 'a label selector', args: 'clusters: "env=prod,region in (eu,us)"', expected: ['sel-eu', 'sel-us'] },
  { how: 'exact names (answered in fleet order)', args: 'clusterNames: ["sel-ap", "sel-us"]', expected: ['sel-us', 'sel-ap'] },
  { how: 'both, as their intersection', args: 'clusters: "env=prod,region in (eu,us)", clusterNames: ["sel-ap", "sel-us"]', expected: ['sel-us'] },
];

const distinct = (xs: string[]): string[] => [...new Set(xs)];

describe.each(ROOT_FIELDS)('Query.$field', (root) => {
  test.each(SELECTIONS)('selected by $how asks exactly those clusters, and the others receive no request at all', async ({ args, expected }) => {
    const traffic = markTraffic(fg);
    const a = await fg.query(`{ ${root.query.replace('ARGS', args)} }`);
    expect(a.errors).toBeUndefined();
    expect(distinct(root.clustersOf(a.data!))).toEqual(expected);

    const lists: Record<string, number> = {};
    for (const c of expected) for (const r of root.resources) lists[`${c} ${r} list`] = 1;
    expect(traffic.gateway()).toEqual(lists);
    for (const c of ALL) {
      expect(traffic.cluster(c).length, `requests that reached ${c}`).toBe(expected.includes(c) ? root.resources.length : 0);
    }
  });
});

describe('edges of selection', () => {
  test('without either argument, and with the empty selector, every cluster is asked, in fleet order', async () => {
    for (const args of ['', '(clusters: "")']) {
      const traffic = markTraffic(fg);
      const a = await fg.query<{ nodes: Named[] }>(`{ nodes${args} { cluster { name } } }`);
      expect(distinct(a.data!.nodes.map((n) => n.cluster.name))).toEqual(ALL);
      expect(traffic.gateway()).toEqual(Object.fromEntries(ALL.map((c) => [`${c} nodes list`, 1])));
    }
  });

  test('an empty clusterNames list selects no cluster and asks none', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query<{ pods: { totalCount: number }; clusters: unknown[] }>('{ pods(clusterNames: []) { totalCount } clusters(clusterNames: []) { name } }');
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual({ pods: { totalCount: 0 }, clusters: [] });
    await requestsInFlightLanded();
    expect(traffic.clusterTotal()).toBe(0);
  });

  test('a name listed twice is asked once, and a selector matching nothing asks nothing', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query<{ twice: Named[]; none: Named[] }>('{ twice: nodes(clusterNames: ["sel-ap", "sel-ap"]) { cluster { name } } none: nodes(clusters: "env=staging") { cluster { name } } }');
    expect(a.errors).toBeUndefined();
    expect(distinct(a.data!.twice.map((n) => n.cluster.name))).toEqual(['sel-ap']);
    expect(a.data!.none).toEqual([]);
    expect(traffic.gateway()).toEqual({ 'sel-ap nodes list': 1 });
  });

  test('Query.cluster asks only the cluster it names, and an unknown name is null', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query<{ cluster: { name: string; pods: unknown[] }; unknown: null }>('{ cluster(name: "sel-dev") { name pods { name } } unknown: cluster(name: "sel-xx") { name pods { name } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data?.cluster.name).toBe('sel-dev');
    expect(a.data?.unknown).toBeNull();
    expect(traffic.gateway()).toEqual({ 'sel-dev pods list': 1 });
    for (const c of ALL) expect(traffic.cluster(c).length).toBe(c === 'sel-dev' ? 1 : 0);
  });
});

/**
 * A LIST started ahead of a join and never awaited would be counted only once it completes
 * (by the gateway and by the cluster alike), possibly after the answer; give such requests the
 * moment they need against a cluster without injected latency.
 */
async function requestsInFlightLanded(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}

/** Sends `query` and expects one BAD_USER_INPUT error with `message` on `path`, that root field null, and no upstream request. */
async function expectRefused(query: string, path: string[], message: string): Promise<void> {
  const traffic = markTraffic(fg);
  const a = await fg.query(query);
  expect(a.errors).toEqual([{ message, path, locations: expect.any(Array), extensions: { code: 'BAD_USER_INPUT' } }]);
  // Root fields are nullable: the error nulls only the field it belongs to.
  expect(a.data).toEqual({ [path[0] ?? '']: null });
  await requestsInFlightLanded();
  expect(traffic.gateway(), 'upstream requests the gateway sent').toEqual({});
  expect(traffic.clusterTotal(), 'requests the clusters received').toBe(0);
}

describe('bad cluster selection is refused before any cluster is asked', () => {
  const malformed = 'clusters: invalid label selector "env in (prod": expected ")" after values at position 13';
  test.each(ROOT_FIELDS)('Query.$field with a malformed cluster selector', async (root) => {
    await expectRefused(`{ ${root.deep.replace('ARGS', 'clusters: "env in (prod"')} }`, [root.field], malformed);
  });

  const unknown = 'clusterNames: unknown clusters "sel-xx", "prod-eu" in clusterNames; known clusters: sel-eu, sel-us, sel-ap, sel-dev';
  test.each(ROOT_FIELDS)('Query.$field with unknown cluster names', async (root) => {
    await expectRefused(`{ ${root.deep.replace('ARGS', 'clusterNames: ["sel-eu", "sel-xx", "prod-eu"]')} }`, [root.field], unknown);
  });
});

describe('bad object selectors and paging arguments are refused before any cluster is asked', () => {
  const PODS_DEEP = ROOT_FIELDS.find((r) => r.field === 'pods')?.deep ?? '';
  const withLabelSelector = ROOT_FIELDS.filter((r) => ['nodes', 'workloads', 'pods', 'services', 'configMaps', 'secrets'].includes(r.field));
  test.each(withLabelSelector)('Query.$field with a malformed labelSelector', async (root) => {
    await expectRefused(`{ ${root.deep.replace('ARGS', 'labelSelector: "app in (web"')} }`, [root.field],
      'labelSelector: invalid label selector "app in (web": expected ")" after values at position 12');
  });

  test('Query.pods with a malformed fieldSelector', async () => {
    await expectRefused(`{ ${PODS_DEEP.replace('ARGS', 'fieldSelector: "spec.nodeName"')} }`, ['pods'],
      'fieldSelector: "spec.nodeName" is not field=value, field==value or field!=value (set-based operators such as in, notin and exists work only in label selectors)');
  });

  test('a valid fieldSelector whose value ends in an escaped backslash before the next term is sent, not refused', async () => {
    // Kubernetes' grammar: `\\` is an escaped backslash, so the comma after it separates two terms
    // (spec.nodeName is `a\` and status.phase is Running); no pod matches.
    const traffic = markTraffic(fg);
    const a = await fg.query<{ pods: { totalCount: number } }>(String.raw`{ pods(fieldSelector: "spec.nodeName=a\\\\,status.phase=Running") { totalCount } }`);
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual({ pods: { totalCount: 0 } });
    expect(traffic.gateway()).toEqual(Object.fromEntries(ALL.map((c) => [`${c} pods list`, 1])));
  });

  test('Query.pods with an `after` that is not a cursor', async () => {
    await expectRefused(`{ ${PODS_DEEP.replace('ARGS', 'after: "page-2"')} }`, ['pods'],
      'after: "page-2" is not a cursor from this API (use pageInfo.endCursor of the previous page)');
  });

  test('Query.pods with a cursor naming a cluster that is not in the fleet', async () => {
    const cursor = Buffer.from(JSON.stringify(['sel-xx', 'default', 'web'])).toString('base64url');
    await expectRefused(`{ ${PODS_DEEP.replace('ARGS', `after: "${cursor}"`)} }`, ['pods'], 'after: the cursor names cluster "sel-xx", which is not in this fleet');
  });

  test('Query.pods with a negative `first`', async () => {
    await expectRefused(`{ ${PODS_DEEP.replace('ARGS', 'first: -1')} }`, ['pods'], 'first: must be an integer from 0 to 5000, got -1');
  });

  test('Query.pods with `first` above the largest page', async () => {
    await expectRefused(`{ ${PODS_DEEP.replace('ARGS', 'first: 5001')} }`, ['pods'], 'first: must be an integer from 0 to 5000, got 5001');
  });

  test('Query.events with a negative `first`', async () => {
    await expectRefused('{ events(first: -1) { reason cluster { name nodes { name } } } }', ['events'], 'first: must be a non-negative integer, got -1');
  });

  test('Cluster.pods with a malformed labelSelector fails that cluster\'s field only, before any cluster is asked', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query(`{ cluster(name: "sel-eu") { name pods(labelSelector: "app in (web") { ${POD_JOINS} } } }`);
    expect(a.errors).toEqual([{
      message: 'labelSelector: invalid label selector "app in (web": expected ")" after values at position 12',
      path: ['cluster', 'pods'], locations: expect.any(Array), extensions: { code: 'BAD_USER_INPUT' },
    }]);
    // Cluster is nullable: the error stops there.
    expect(a.data).toEqual({ cluster: null });
    await requestsInFlightLanded();
    expect(traffic.gateway()).toEqual({});
    expect(traffic.clusterTotal()).toBe(0);
  });

  test('Cluster.events with a negative `first` fails before any cluster is asked', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query('{ cluster(name: "sel-us") { events(first: -2) { reason } } }');
    expect(a.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['first: must be a non-negative integer, got -2', 'BAD_USER_INPUT']]);
    expect(a.data).toEqual({ cluster: null });
    await requestsInFlightLanded();
    expect(traffic.clusterTotal()).toBe(0);
  });
});
