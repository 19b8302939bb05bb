/**
 * The schema as a frontend meets it over HTTP: an error costs only the root field it belongs
 * to, PageInfo answers what Relay clients ask, ExternalName Services say so, and introspection
 * carries the descriptions GraphiQL's docs explorer shows.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { undescribed } from '../../support/undescribed.ts';
import { markTraffic } from './traffic.ts';

const CLUSTERS = ['sc-1', 'sc-2'];
const clock = new ManualClock();
let fg: FleetGateway;

beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 1, pods: 5, clock } });
  await clock.advance(120_000);
  await fg.sim.settle();
}, 60_000);

afterAll(async () => {
  await fg?.stop();
});

describe('an error costs only the root field it belongs to', () => {
  test('a valid root field keeps its data beside an invalid one, which is null with one BAD_USER_INPUT error', async () => {
    const a = await fg.query<{ clusters: Array<{ name: string }> | null; pods: unknown }>('{ clusters { name } pods(clusterNames: ["nope"]) { totalCount } }');
    expect(a.data).toEqual({ clusters: CLUSTERS.map((name) => ({ name })), pods: null });
    expect(a.errors).toEqual([{
      message: expect.stringMatching(/^clusterNames: unknown cluster.*"nope"/),
      path: ['pods'], locations: expect.any(Array), extensions: { code: 'BAD_USER_INPUT' },
    }]);
  });

  test('a dashboard of several lists loses only the one with a malformed selector, and that one asks no cluster', async () => {
    const traffic = markTraffic(fg);
    const a = await fg.query<Record<string, unknown[] | null>>('{ nodes { name } services(labelSelector: "app in (web") { name } events(first: 1) { reason } }');
    expect(a.errors?.map((e) => ({ path: e.path, code: e.extensions?.['code'] }))).toEqual([{ path: ['services'], code: 'BAD_USER_INPUT' }]);
    expect(a.data?.['services']).toBeNull();
    expect(a.data?.['nodes']).toHaveLength(CLUSTERS.length);
    expect(a.data?.['events']).toHaveLength(1);
    expect(Object.keys(traffic.gateway()).filter((k) => k.includes('services'))).toEqual([]);
  });
});

describe('PageInfo as Relay clients read it', () => {
  const PAGE = `query Page($first: Int, $after: String) { pods(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }`;
  interface Page { pods: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }; edges: Array<{ cursor: string }> } }
  const page = async (variables: Record<string, unknown>): Promise<Page['pods']> => {
    const a = await fg.query<Page>(PAGE, variables);
    expect(a.errors).toBeUndefined();
    return a.data!.pods;
  };

  test('startCursor and endCursor are the first and last edge\'s cursors; hasPreviousPage is false on the first page only', async () => {
    const first = await page({ first: 3 });
    expect(first.totalCount).toBeGreaterThan(6);
    expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor, endCursor: first.edges[2]!.cursor });

    const second = await page({ first: 3, after: first.pageInfo.endCursor });
    expect(second.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: second.edges[0]!.cursor, endCursor: second.edges[2]!.cursor });
    expect(second.edges[0]!.cursor).not.toBe(first.edges[2]!.cursor);

    const rest = await page({ first: 5000, after: second.pageInfo.endCursor });
    expect(rest.edges).toHaveLength(first.totalCount - 6);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: rest.edges[0]!.cursor, endCursor: rest.edges.at(-1)!.cursor });
  });

  test('an empty page has null cursors', async () => {
    expect((await page({ first: 0 })).pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});

describe('Service.type', () => {
  test('an ExternalName Service created through the Kubernetes API is EXTERNAL_NAME with its externalName and no cluster IP', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(fg.kubeconfigPath);
    kc.setCurrentContext('sc-1');
    const api = kc.makeApiClient(CoreV1Api);
    await api.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'upstream-db' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } } });
    await api.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'web-np' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } } });
    try {
      const a = await fg.query<{ services: Array<{ name: string; type: string; externalName: string | null; clusterIP: string | null; pods: unknown[] }> }>(
        '{ services(clusterNames: ["sc-1"], namespace: "default") { name type externalName clusterIP pods { name } } }');
      expect(a.errors).toBeUndefined();
      const byName = new Map(a.data!.services.map((s) => [s.name, s]));
      expect(byName.get('upstream-db')).toEqual({ name: 'upstream-db', type: 'EXTERNAL_NAME', externalName: 'db.example.com', clusterIP: null, pods: [] });
      expect(byName.get('web-np')).toMatchObject({ type: 'NODE_PORT', externalName: null, clusterIP: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) });
      expect(byName.get('kubernetes')).toMatchObject({ type: 'CLUSTER_IP', externalName: null });
    } finally {
      await api.deleteNamespacedService({ namespace: 'default', name: 'upstream-db' });
      await api.deleteNamespacedService({ namespace: 'default', name: 'web-np' });
    }
  });
});

describe('introspection', () => {
  test('shows a description on every type, field, argument, enum value and input field', async () => {
    const a = await fg.query<IntrospectionQuery>(getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(a.errors).toBeUndefined();
    expect(undescribed(buildClientSchema(a.data!))).toEqual([]);
  });

  test('serves the descriptions of the schema files, the scalars\' included', async () => {
    const a = await fg.query<{ dt: { description: string }; json: { description: string }; query: { description: string } }>(
      '{ dt: __type(name: "DateTime") { description } json: __type(name: "JSON") { description } query: __type(name: "Query") { description } }');
    expect(a.errors).toBeUndefined();
    expect(a.data!.dt.description).toMatch(/RFC 3339/);
    expect(a.data!.json.description).toMatch(/Any JSON value/);
    expect(a.data!.query.description).toMatch(/Errors stay local/);
  });
});
