/**
 * Every argument of the read graph is checked before any cluster is asked: namespaces and object
 * names as Kubernetes validates them, field selectors per kind, cursors against the selection.
 * Each bad argument is one BAD_USER_INPUT error that names the argument and the problem, costs
 * zero upstream requests, and quotes the input only as a short prefix however long it is.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFleetGateway, type FleetGateway, type GraphqlAnswer } from '../../support/gateway.ts';
import { markTraffic } from './traffic.ts';

const CLUSTERS = ['arg-eu', 'arg-us'];
let fg: FleetGateway;

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 1, pods: 3 } });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

/** Root fields that take a `namespace`, each with its joins (prefetched joins must not escape the check either). */
const WITH_NAMESPACE = [
  'workloads(ARGS) { name pods { name node { name } } events { reason } }',
  'pods(ARGS) { totalCount edges { node { name node { name } owner { name } events { reason } } } }',
  'services(ARGS) { name pods { name } }',
  'configMaps(ARGS) { name }',
  'secrets(ARGS) { name }',
  'events(ARGS) { reason }',
];
const fieldOf = (q: string): string => q.slice(0, q.indexOf('('));

/** Sends `query`; expects exactly one BAD_USER_INPUT error on `path` whose message matches, and no upstream request at all. */
async function expectRefused(query: string, path: Array<string | number>, message: string | RegExp): Promise<GraphqlAnswer> {
  const traffic = markTraffic(fg);
  const a = await fg.query(query);
  expect(a.errors).toHaveLength(1);
  const [e] = a.errors ?? [];
  expect(e?.extensions?.['code']).toBe('BAD_USER_INPUT');
  expect(e?.path).toEqual(path);
  if (typeof message === 'string') expect(e?.message).toBe(message);
  else expect(e?.message).toMatch(message);
  // A LIST started ahead of a join would be counted when it lands: give it the moment it needs.
  await new Promise((r) => setTimeout(r, 50));
  expect(traffic.gateway(), 'upstream requests the gateway sent').toEqual({});
  expect(traffic.clusterTotal(), 'requests the clusters received').toBe(0);
  return a;
}

describe('namespace is a DNS-1123 label', () => {
  const label = "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name' or '123-abc')";
  test.each(WITH_NAMESPACE)('Query.%s refuses a capitalised typo', async (q) => {
    await expectRefused(`{ ${q.replace('ARGS', 'namespace: "Payments"')} }`, [fieldOf(q)], `namespace: "Payments" is not a valid namespace name: ${label}`);
  });

  test.each(WITH_NAMESPACE)('Query.%s refuses a path', async (q) => {
    await expectRefused(`{ ${q.replace('ARGS', 'namespace: "../../etc"')} }`, [fieldOf(q)], `namespace: "../../etc" is not a valid namespace name: ${label}`);
  });

  test('a 10,000-character namespace gets a short message that gives its length', async () => {
    const long = 'a'.repeat(10_000);
    const a = await expectRefused(`{ pods(namespace: "${long}") { totalCount } }`, ['pods'],
      `namespace: "${'a'.repeat(100)}…"(10000 chars) is not a valid namespace name: must be no more than 63 characters (got 10000)`);
    expect(JSON.stringify(a.errors).length).toBeLessThan(1000);
  });

  test.each([
    ['Cluster.pods', '{ clusters(clusterNames: ["arg-eu"]) { pods(namespace: "Payments") { name } } }', ['clusters', 0, 'pods']],
    ['Cluster.workloads', '{ clusters(clusterNames: ["arg-eu"]) { workloads(namespace: "Payments") { name pods { name } } } }', ['clusters', 0, 'workloads']],
    ['Cluster.services', '{ clusters(clusterNames: ["arg-eu"]) { services(namespace: "Payments") { name pods { name } } } }', ['clusters', 0, 'services']],
    ['Cluster.events', '{ clusters(clusterNames: ["arg-eu"]) { events(namespace: "Payments") { reason } } }', ['clusters', 0, 'events']],
  ] as const)('%s refuses it too', async (_, q, path) => {
    await expectRefused(q, [...path], /^namespace: "Payments" is not a valid namespace name/);
  });

  test('valid namespaces are still asked, and the empty one means every namespace', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query<{ a: unknown[]; b: unknown[] }>('{ a: configMaps(namespace: "kube-system") { name } b: configMaps(namespace: "") { name } }');
    expect(a.errors).toBeUndefined();
    expect(Object.values(traffic.gateway()).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });
});

describe('event arguments', () => {
  test('involvedName must be a name some kind could have', async () => {
    await expectRefused('{ events(involvedName: "../../etc") { reason } }', ['events'], "involvedName: \"../../etc\" is not a valid object name: may not contain '/' or '%'");
  });

  test('involvedName accepts RBAC-style names with colons', async () => {
    const a = await fg.query('{ events(involvedName: "system:controller:job-controller") { reason } }');
    expect(a.errors).toBeUndefined();
  });

  test('involvedKind must be a kind', async () => {
    await expectRefused('{ events(involvedKind: "Pod,type=Normal") { reason } }', ['events'], /^involvedKind: "Pod,type=Normal" is not a kind/);
  });
});

describe('field selectors are checked per kind', () => {
  test('an unknown field is one error naming it and listing the accepted ones, and no cluster is asked', async () => {
    await expectRefused('{ pods(fieldSelector: "spec.bogus=1") { totalCount } }', ['pods'],
      'fieldSelector: field "spec.bogus" is not supported for pods; supported fields: metadata.name, metadata.namespace, spec.nodeName, spec.restartPolicy, spec.schedulerName, spec.serviceAccountName, spec.hostNetwork, status.phase, status.podIP, status.podIPs, status.nominatedNodeName, spec.host');
  });

  test('Cluster.pods checks it too', async () => {
    await expectRefused('{ clusters(clusterNames: ["arg-us"]) { pods(fieldSelector: "spec.bogus=1") { name } } }', ['clusters', 0, 'pods'], /^fieldSelector: field "spec.bogus" is not supported for pods/);
  });

  test.each(['status.phase in (Running)', '!spec.nodeName', 'status.phase'])('the set-based form %j is refused', async (selector) => {
    await expectRefused(`{ pods(fieldSelector: "${selector}") { totalCount } }`, ['pods'],
      `fieldSelector: ${JSON.stringify(selector)} is not field=value, field==value or field!=value (set-based operators such as in, notin and exists work only in label selectors)`);
  });

  test('an unescaped "=" in a value is refused', async () => {
    await expectRefused('{ pods(fieldSelector: "status.phase=a=b") { totalCount } }', ['pods'], 'fieldSelector: "status.phase=a=b": unescaped "=" in value (write \\=)');
  });

  test('every supported operator is sent', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query('{ pods(fieldSelector: "status.phase!=Failed,spec.nodeName==x,metadata.namespace=default") { totalCount } }');
    expect(a.errors).toBeUndefined();
    expect(traffic.gateway()).toEqual(Object.fromEntries(CLUSTERS.map((c) => [`${c} pods list`, 1])));
  });
});

describe('cursors are checked against the selection', () => {
  async function cursorIn(cluster: string): Promise<string> {
    const a = await fg.query<{ pods: { pageInfo: { endCursor: string } } }>(`{ pods(clusterNames: ["${cluster}"], first: 1) { pageInfo { endCursor } } }`);
    expect(a.errors).toBeUndefined();
    return a.data!.pods.pageInfo.endCursor;
  }

  test('a valid cursor of a cluster outside the selection is refused', async () => {
    const cursor = await cursorIn('arg-eu');
    await expectRefused(`{ pods(clusterNames: ["arg-us"], after: "${cursor}") { totalCount } }`, ['pods'],
      'after: the cursor names cluster "arg-eu", which is not among the selected clusters (the cursor is from a query with another cluster selection)');
  });

  test('a cursor of another namespace than the one asked is refused', async () => {
    const a = await fg.query<{ pods: { pageInfo: { endCursor: string }; edges: Array<{ node: { namespace: string } }> } }>('{ pods(clusterNames: ["arg-eu"], first: 1) { edges { node { namespace } } pageInfo { endCursor } } }');
    const ns = a.data!.pods.edges[0]!.node.namespace;
    const other = ns === 'zzz' ? 'yyy' : 'zzz';
    await expectRefused(`{ pods(namespace: "${other}", after: "${a.data!.pods.pageInfo.endCursor}") { totalCount } }`, ['pods'],
      `after: the cursor is in namespace ${JSON.stringify(ns)}, not in the namespace asked ("${other}"): it is from another query`);
  });

  test('the same cursor with its own selection still pages', async () => {
    const cursor = await cursorIn('arg-eu');
    const a = await fg.query<{ pods: { totalCount: number } }>(`{ pods(clusterNames: ["arg-eu"], after: "${cursor}") { totalCount } }`);
    expect(a.errors).toBeUndefined();
  });

  test('a huge cursor gets a short message', async () => {
    const a = await expectRefused(`{ pods(after: "${'x'.repeat(100_000)}") { totalCount } }`, ['pods'], /^after: "x{100}…"\(100000 chars\) is not a cursor from this API/);
    expect(JSON.stringify(a.errors).length).toBeLessThan(1000);
  });
});

describe('huge inputs are quoted as a short prefix', () => {
  test('a 1 MB label selector is refused in a short message', async () => {
    const selector = `app=${'v'.repeat(1_000_000)}`;
    const a = await expectRefused(`{ pods(labelSelector: "${selector}") { totalCount } }`, ['pods'], 'labelSelector: is 1000004 characters long; at most 4096 are accepted');
    expect(JSON.stringify(a.errors).length).toBeLessThan(1000);
  });

  test('a long malformed label selector is quoted capped', async () => {
    const selector = `app in (${'v,'.repeat(1000)}`;
    const a = await expectRefused(`{ pods(labelSelector: "${selector}") { totalCount } }`, ['pods'], /^labelSelector: invalid label selector "app in \(v,v,.{80,}…"\(2008 chars\): /);
    expect(a.errors![0]!.message.length).toBeLessThan(300);
  });

  test('a long cluster label selector is quoted capped', async () => {
    const selector = `env in (${'x,'.repeat(1000)}`;
    const a = await expectRefused(`{ nodes(clusters: "${selector}") { name } }`, ['nodes'], /^clusters: invalid label selector "env in \(x,x.{80,}…"\(2008 chars\): /);
    expect(a.errors![0]!.message.length).toBeLessThan(300);
  });

  test('many long unknown cluster names are listed as a few short prefixes', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `${i}-${'n'.repeat(200)}`);
    const a = await expectRefused(`{ pods(clusterNames: ${JSON.stringify(names)}) { totalCount } }`, ['pods'], /^clusterNames: unknown clusters "0-n+…"\(202 chars\), .* and 195 more in clusterNames; known clusters: arg-eu, arg-us$/);
    expect(a.errors![0]!.message.length).toBeLessThan(1000);
  });

  test('a cluster name longer than any is refused', async () => {
    await expectRefused(`{ pods(clusterNames: ["${'c'.repeat(300)}"]) { totalCount } }`, ['pods'], /^clusterNames: "c{100}…"\(300 chars\) is longer than any cluster name \(at most 253 characters\)$/);
  });
});

test('a malformed cluster selector that mentions clusterNames is still reported as `clusters`', async () => {
  await expectRefused('{ nodes(clusters: "clusterNames in (x") { name } }', ['nodes'], /^clusters: invalid label selector "clusterNames in \(x": /);
});

test('a 1 MB variable value graphql-js cannot coerce comes back in a short message', async () => {
  const a = await fg.query('query ($n: Int) { pods(first: $n) { totalCount } }', { n: 'x'.repeat(1_000_000) });
  expect(a.errors).toHaveLength(1);
  expect(a.errors![0]!.extensions?.['code']).toBe('BAD_USER_INPUT');
  expect(a.errors![0]!.message).toMatch(/^Variable "\$n" got invalid value "x+.*…\(message cut at 2000 characters\)$/);
});
