/**
 * LISTs big enough to be streamed in chunks come back as one well-formed list with every item
 * once, in key order, whether or not they fill whole chunks.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { clientsFor, type Clients } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

let fleet: SimFleet;
let api: Clients;

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: 1, namePrefix: 'big', clusterDefaults: { controllers: false } });
  const registry = fleet.clusters[0]!.registry;
  for (const ns of ['a', 'b']) registry.create(R.namespaces, { metadata: { name: ns } });
  // 1,001 objects: four whole chunks of 250 and one partial one.
  for (let i = 0; i < 1001; i++) {
    registry.create(R.configmaps, { metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: i % 2 ? 'a' : 'b' }, data: { i: String(i) } });
  }
  api = clientsFor(fleet, fleet.clusters[0]!.name);
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('large LISTs', () => {
  test('a list of over a thousand objects parses and holds each object once in key order', async () => {
    const list = await api.core.listConfigMapForAllNamespaces();
    const ours = list.items.filter((c) => c.metadata?.name?.startsWith('cm-'));
    expect(ours).toHaveLength(1001);
    expect(new Set(ours.map((c) => c.metadata?.name)).size).toBe(1001);
    const keys = list.items.map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`);
    expect(keys).toEqual([...keys].sort());
    expect(ours.find((c) => c.metadata?.name === 'cm-1000')?.data).toEqual({ i: '1000' });
  });

  test('a namespaced list of exactly two chunks parses whole', async () => {
    const list = await api.core.listNamespacedConfigMap({ namespace: 'a' });
    expect(list.items).toHaveLength(500);
  });
});
