/**
 * The list+watch loop against a simulated cluster over real HTTPS: a paged initial list, changes
 * in order across streams the simulator cuts, a relist after compaction (410) whose differences
 * come out as ADDED / MODIFIED / DELETED, the watchdog reconnecting a silent stream, and lean
 * objects (no managedFields, no Secret values).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { ListWatch, type Change } from '../../../src/live/ListWatch.ts';
import { SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { clusterClientsFor, type FleetClients } from '../../support/clusterClients.ts';
import { stopFleet } from '../../support/stopFleet.ts';

let sim: SimFleet;
let cluster: SimCluster;
let fleet: FleetClients;
const loops: ListWatch[] = [];

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 1, namePrefix: 'lw', clusterDefaults: { controllers: false } });
  cluster = sim.clusters[0]!;
  for (const ns of ['a', 'b', 'c', 'd', 'e']) cluster.registry.create(R.namespaces, { metadata: { name: ns } });
  fleet = await clusterClientsFor(sim);
});

afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
  await cluster.resetFaults();
});

afterAll(async () => {
  await fleet?.close();
  await stopFleet(sim);
});

function startLoop(resource: keyof typeof RESOURCES, namespace: string | null, extra: Partial<ConstructorParameters<typeof ListWatch>[0]> = {}) {
  const changes: Change[] = [];
  const loop = new ListWatch({
    client: fleet.get('lw-1'), type: RESOURCES[resource], namespace, onChange: (c) => changes.push(c),
    backoffInitialMs: 10, backoffMaxMs: 100, ...extra,
  });
  loops.push(loop);
  loop.start();
  return { loop, changes };
}

const summary = (changes: Change[]) => changes.map((c) => `${c.type} ${c.object.metadata?.name} ${(c.object['data'] as Record<string, string> | undefined)?.['v'] ?? ''}`.trim());

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check(), what).toBe(true);
}

describe('ListWatch', () => {
  test('reads the initial list in pages and holds every object, with no change reported for it', async () => {
    for (let i = 0; i < 5; i++) cluster.registry.create(R.configmaps, { metadata: { name: `p-${i}`, namespace: 'a' } });
    cluster.requests.clear();
    const { loop, changes } = startLoop('configmaps', 'a', { pageSize: 2 });
    await loop.whenSynced();
    expect([...loop.objects.keys()].filter((k) => k.startsWith('a/p-')).sort()).toEqual(['a/p-0', 'a/p-1', 'a/p-2', 'a/p-3', 'a/p-4']);
    const lists = cluster.requests.find({ verb: 'list', resource: 'configmaps' });
    // kube-root-ca.crt is there too: six objects in pages of two.
    expect(lists.map((r) => new URLSearchParams(r.query).get('limit'))).toEqual(['2', '2', '2']);
    expect(changes).toEqual([]);
  });

  test('a watch cut every few events resumes where it stopped: every change once, in order', async () => {
    await cluster.setFaults({ watchCutAfterEvents: 3 });
    const { loop, changes } = startLoop('configmaps', 'b');
    await loop.whenSynced();
    const expected: string[] = [];
    for (let i = 0; i < 8; i++) {
      cluster.registry.create(R.configmaps, { metadata: { name: `cut-${i}`, namespace: 'b' }, data: { v: '1' } });
      expected.push(`ADDED cut-${i} 1`);
      cluster.registry.mutate(R.configmaps, 'b', `cut-${i}`, (o) => { (o as { data?: Record<string, string> }).data = { v: '2' }; });
      expected.push(`MODIFIED cut-${i} 2`);
      if (i % 2) {
        cluster.registry.delete(R.configmaps, 'b', `cut-${i}`);
        expected.push(`DELETED cut-${i} 2`);
      }
      // Let the stream deliver (and be cut) between writes, so resumes land in between.
      await waitFor(() => changes.length === expected.length, `change ${expected.length}`);
    }
    expect(summary(changes)).toEqual(expected);
    expect(loop.stats.watches).toBeGreaterThan(4);
    expect(loop.stats.relists).toBe(0);
    const watches = cluster.requests.find({ verb: 'watch', resource: 'configmaps', namespace: 'b' });
    expect(watches.every((w) => new URLSearchParams(w.query).get('resourceVersion') !== '0')).toBe(true);
  });

  test('after compaction the resumed watch gets 410, and the relist delivers the differences', async () => {
    for (const n of ['keep', 'change', 'remove']) cluster.registry.create(R.configmaps, { metadata: { name: n, namespace: 'c' }, data: { v: '1' } });
    const { loop, changes } = startLoop('configmaps', 'c');
    await loop.whenSynced();
    await cluster.setFaults({ down: true });
    cluster.registry.mutate(R.configmaps, 'c', 'change', (o) => { (o as { data?: Record<string, string> }).data = { v: '2' }; });
    cluster.registry.delete(R.configmaps, 'c', 'remove');
    cluster.registry.create(R.configmaps, { metadata: { name: 'new', namespace: 'c' }, data: { v: '1' } });
    cluster.registry.create(R.configmaps, { metadata: { name: 'fleeting', namespace: 'c' }, data: { v: '1' } });
    cluster.registry.delete(R.configmaps, 'c', 'fleeting');
    cluster.compact();
    await waitFor(() => loop.stats.errors > 0, 'a failed reconnect while down');
    await cluster.setFaults({ down: false });
    await waitFor(() => changes.length >= 3, 'the relist differences');
    expect(loop.stats.relists).toBe(1);
    expect(summary(changes).sort()).toEqual(['ADDED new 1', 'DELETED remove 1', 'MODIFIED change 2']);
    // And the loop watches on from the relist.
    cluster.registry.delete(R.configmaps, 'c', 'keep');
    await waitFor(() => changes.length === 4, 'the change after the relist');
    expect(summary(changes)[3]).toBe('DELETED keep 1');
    expect([...loop.objects.keys()].filter((k) => !k.endsWith('kube-root-ca.crt')).sort()).toEqual(['c/change', 'c/new']);
  });

  test('a stream silent for longer than silenceMs is reconnected by the watchdog from the same version', async () => {
    const { loop } = startLoop('configmaps', 'd', { silenceMs: 100 });
    await loop.whenSynced();
    await waitFor(() => loop.stats.watchdogResets >= 2, 'two watchdog resets');
    const watches = cluster.requests.find({ verb: 'watch', resource: 'configmaps', namespace: 'd' });
    expect(watches.length).toBeGreaterThanOrEqual(2);
    expect(new Set(watches.map((w) => new URLSearchParams(w.query).get('resourceVersion'))).size).toBe(1);
    expect(loop.stats.errors).toBe(0);
  });

  test('stopped while its LIST is on the way: the loop ends without opening a watch', async () => {
    // The LIST answers after stop(); a watch opened then would outlive stop for its whole timeout.
    await cluster.setFaults({ latencyMs: 1500 });
    cluster.requests.clear();
    const { loop } = startLoop('configmaps', 'a', { watchTimeoutSeconds: 2 });
    await waitFor(() => loop.stats.lists === 1, 'the LIST sent');
    await loop.stop();
    expect(loop.stats.watches).toBe(0);
    expect(cluster.requests.count({ verb: 'watch', resource: 'configmaps' })).toBe(0);
  });

  test('stopped while watching after failures: stop does not wait out a backoff', async () => {
    // Backoffs of minutes: a stop that slept one would not end within the test's timeout.
    const { loop } = startLoop('configmaps', 'b', { backoffInitialMs: 120_000, backoffMaxMs: 120_000 });
    await loop.whenSynced();
    await waitFor(() => loop.stats.watches === 1, 'the watch open');
    await loop.stop();
    expect(loop.stats.watches).toBe(1);
  });

  test('keeps objects lean: no managedFields anywhere, no Secret values', async () => {
    cluster.registry.create(R.secrets, {
      metadata: { name: 's', namespace: 'e', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', keep: 'me' } },
      data: { password: 'aHVudGVyMg==' },
    });
    const { loop, changes } = startLoop('secrets', 'e');
    await loop.whenSynced();
    cluster.registry.create(R.secrets, { metadata: { name: 't', namespace: 'e' }, stringData: { token: 'abc' } });
    await waitFor(() => changes.length === 1, 'the second secret');
    for (const object of [...loop.objects.values(), changes[0]!.object]) {
      expect(object.metadata?.managedFields).toBeUndefined();
      expect(Object.values((object['data'] as Record<string, string> | undefined) ?? {}).every((v) => v === '')).toBe(true);
      expect(object['stringData']).toBeUndefined();
      expect(JSON.stringify(object)).not.toMatch(/aHVudGVyMg|abc/);
      expect(object.kind).toBe('Secret');
    }
    expect(loop.objects.get('e/s')?.metadata?.annotations).toEqual({ keep: 'me' });
    // Key names stay (the read graph shows them), values never.
    expect(loop.objects.get('e/s')?.['data']).toEqual({ password: '' });
  });
});
