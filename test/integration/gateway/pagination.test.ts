/**
 * Cursor pagination of Query.pods across a fleet: pages follow (cluster in fleet order,
 * namespace, name); walking them with `after: endCursor` yields every pod once; a cursor stays
 * a position between keys, so a page boundary survives the deletion of the very pod it names;
 * and every page costs one pods LIST per cluster, whatever its size.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { byCodeUnits, kubeApis, markTraffic, oneListEach, truth } from './traffic.ts';

const CLUSTERS = ['pg-1', 'pg-2', 'pg-3'];
const clock = new ManualClock();
let fg: FleetGateway;

beforeAll(async () => {
  // 3 × 36 pods: more than the default page of 100.
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 2, pods: 36, clock } });
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

interface PodKey { cluster: string; namespace: string; name: string }
const show = (k: PodKey): string => `${k.cluster} ${k.namespace}/${k.name}`;
/** The order pages follow: cluster in fleet order, then namespace, then name, each by code units. */
const compareKeys = (a: PodKey, b: PodKey): number =>
  CLUSTERS.indexOf(a.cluster) - CLUSTERS.indexOf(b.cluster) || byCodeUnits(a.namespace, b.namespace) || byCodeUnits(a.name, b.name);

/** Every pod the fleet holds, in the order pages must follow. */
function podKeys(): PodKey[] {
  return CLUSTERS.flatMap((cluster) => truth(fg.sim.cluster(cluster), '/pods').map((p) => ({ cluster, namespace: p.metadata.namespace ?? '', name: p.metadata.name })))
    .sort(compareKeys);
}
const expectedOrder = (): string[] => podKeys().map(show);

interface Page {
  pods: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: { cluster: { name: string }; namespace: string; name: string } }>;
  };
}
const PAGE = `query Page($first: Int, $after: String) { pods(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { cluster { name } namespace name } } } }`;

async function page(variables: { first?: number; after?: string | null }): Promise<Page['pods']> {
  const a = await fg.query<Page>(PAGE, variables);
  expect(a.errors).toBeUndefined();
  return a.data!.pods;
}

const keyOf = (e: Page['pods']['edges'][number]): string => `${e.node.cluster.name} ${e.node.namespace}/${e.node.name}`;

describe('walking Query.pods page by page', () => {
  test('pages of 7 yield every pod exactly once, in cluster, namespace and name order, with one pods LIST per cluster per page', async () => {
    const expected = expectedOrder();
    expect(expected.length).toBe(108);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const traffic = markTraffic(fg);
      const p = await page({ first: 7, after });
      pages++;
      expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['pods']));
      for (const name of CLUSTERS) expect(traffic.cluster(name).map((r) => `${r.verb} ${r.path}`)).toEqual(['list /api/v1/pods']);

      expect(p.totalCount).toBe(expected.length);
      expect(p.edges.length).toBe(Math.min(7, expected.length - seen.length));
      expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
      seen.push(...p.edges.map(keyOf));
      expect(p.pageInfo.hasNextPage).toBe(seen.length < expected.length);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(pages).toBe(Math.ceil(108 / 7));
    expect(seen).toEqual(expected);
  });

  test('leaving out `first` gives a page of 100', async () => {
    const expected = expectedOrder();
    const p = await page({});
    expect(p.edges.map(keyOf)).toEqual(expected.slice(0, 100));
    expect(p.pageInfo).toEqual({ hasNextPage: true, endCursor: p.edges[99]?.cursor });
    expect(p.totalCount).toBe(108);
    const rest = await page({ after: p.pageInfo.endCursor });
    expect(rest.edges.map(keyOf)).toEqual(expected.slice(100));
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges[7]?.cursor });
  });

  test('`first: 0` returns no edges but the total count, and says more follow', async () => {
    const traffic = markTraffic(fg);
    const p = await page({ first: 0 });
    expect(p).toEqual({ totalCount: 108, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
    expect(traffic.gateway()).toEqual(oneListEach(CLUSTERS, ['pods']));
  });

  test('a page that crosses from one cluster into the next carries on in fleet order', async () => {
    const expected = expectedOrder();
    const first = await page({ first: 30 });
    const next = await page({ first: 30, after: first.pageInfo.endCursor });
    expect(next.edges.map(keyOf)).toEqual(expected.slice(30, 60));
    expect(new Set(next.edges.map((e) => e.node.cluster.name))).toEqual(new Set(['pg-1', 'pg-2']));
  });

  test('the last page names no next page, and a cursor past the end gives an empty page', async () => {
    const all = await page({ first: 200 });
    expect(all.edges.length).toBe(108);
    expect(all.pageInfo.hasNextPage).toBe(false);
    const after = await page({ first: 5, after: all.pageInfo.endCursor });
    expect(after).toEqual({ totalCount: 108, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });
});

describe('a page boundary and a deletion', () => {
  test('the next page starts after the cursor\'s position even when the pod it names, and the one after, were deleted', async () => {
    const p1 = await page({ first: 7 });
    const before = expectedOrder();
    expect(p1.edges.map(keyOf)).toEqual(before.slice(0, 7));
    const last = p1.edges[6]!.node;
    const following = before[7]!.split(' ')[1]!.split('/');
    const { core } = kubeApis(fg.kubeconfigPath, 'pg-1');
    for (const [namespace, name] of [[last.namespace, last.name], [following[0]!, following[1]!]] as const) {
      await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
    }
    // Their ReplicaSets make replacements at once, under new names: the list moves under the cursor.
    await fg.sim.settle();
    const after = expectedOrder();
    expect(after).not.toContain(`pg-1 ${last.namespace}/${last.name}`);
    expect(after).not.toContain(before[7]);
    expect(after.length).toBe(before.length);

    const p2 = await page({ first: 7, after: p1.pageInfo.endCursor });
    // Exactly the pods that sort after the deleted pod's key, from the first of them on.
    const cursorKey = { cluster: 'pg-1', namespace: last.namespace, name: last.name };
    expect(p2.edges.map(keyOf)).toEqual(podKeys().filter((k) => compareKeys(k, cursorKey) > 0).slice(0, 7).map(show));
    expect(p2.totalCount).toBe(after.length);
    // Nothing of the first page comes back on the second.
    for (const k of p1.edges.map(keyOf)) expect(p2.edges.map(keyOf)).not.toContain(k);
  });
});
