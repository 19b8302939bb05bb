/**
 * The read cache keeps a compact projection of each pod (src/live/storedObject.ts) whose parts
 * are shared between pods of one owner and one node: a cached read of pods, with every field the
 * schema gives a Pod, must still equal the live read, field for field, including pods whose
 * state differs from their siblings' (restarts, readiness, phase, labels, being deleted) and
 * after one of them changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import type { Pod } from '../../../src/sim/types.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { waitFor } from '../../support/liveHelpers.ts';

let cached: FleetGateway;
let live: Gateway;

// Every field of Pod, with the joins' own fields (usage and events too: they are read with the
// pod's namespace and name, which the cache must keep).
const QUERY = `{
  clusters {
    name
    pods {
      cluster { name } namespace name labels { key value } nodeName podIP createdAt phase ready restarts
      node { name } owner { __typename name namespace }
      usage { cpu memory cpuMillicores }
      events { type reason message count involvedObject { kind name } }
    }
    page: pods(labelSelector: "odd=yes") { name restarts ready }
  }
  pods(first: 1000) { totalCount edges { cursor node { cluster { name } namespace name phase ready restarts labels { key value } } } }
}`;

beforeAll(async () => {
  // A settled fleet (Running, Ready pods of ReplicaSets) with no controllers and a manual clock:
  // nothing changes but what the test writes, and usage samples stay put.
  cached = await startFleetGateway({
    sim: { clusters: 2, namePrefix: 'podf', nodes: 2, pods: 24, settled: true, clock: new ManualClock(), clusterDefaults: { controllers: false } },
    gateway: { cache: true },
  });
  live = await startGatewayFromKubeconfig({ kubeconfigPath: cached.kubeconfigPath, port: 0, logLevel: 'silent' });
}, 60_000);

afterAll(async () => {
  await live?.stop();
  await cached?.stop();
});

const podsSynced = () => cached.sim.clusters.every((c) => cached.gateway.live?.watch(c.name, 'pods')?.synced === true);

/** Pods of one ReplicaSet (siblings that share parts in the store), at least `n` of them. */
function siblings(n: number): Pod[] {
  const pods = cached.sim.clusters[0]!.registry.list<Pod>(R.pods).filter((p) => p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet');
  const byOwner = new Map<string, Pod[]>();
  for (const p of pods) {
    const uid = p.metadata.ownerReferences![0]!.uid;
    byOwner.set(uid, [...(byOwner.get(uid) ?? []), p]);
  }
  const group = [...byOwner.values()].find((g) => g.length >= n);
  if (!group) throw new Error(`no ReplicaSet with ${n} pods in the settled fleet`);
  return group;
}

async function expectCachedEqualsLive(): Promise<void> {
  const truth = await postGraphql(live.url, QUERY);
  expect(truth.errors).toBeUndefined();
  await waitFor(async () => JSON.stringify((await cached.query(QUERY)).data) === JSON.stringify(truth.data), 'cached answer equal to the live one');
  const before = cached.gateway.upstream.count({ resource: 'pods' });
  const answer = await cached.query(QUERY);
  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual(truth.data);
  // The pods came from the store, not from a LIST.
  expect(cached.gateway.upstream.count({ resource: 'pods' }) - before).toBe(0);
}

describe('cached pods, field for field', () => {
  test('equal live pods in every field, pods that differ from their siblings included, before and after changes', async () => {
    const c = cached.sim.clusters[0]!;
    const [a, b, d, e] = siblings(4);
    // Siblings that differ: restarts, readiness and phase, an extra label, a deletion under way.
    // (Status changes go through the status subresource, as a kubelet writes them.)
    const status = { subresource: 'status' } as const;
    c.registry.mutate<Pod>(R.pods, a!.metadata.namespace!, a!.metadata.name, (p) => {
      for (const s of p.status?.containerStatuses ?? []) s.restartCount = 3;
    }, status);
    c.registry.mutate(R.pods, a!.metadata.namespace!, a!.metadata.name, (p) => { p.metadata.labels = { ...p.metadata.labels, odd: 'yes' }; });
    c.registry.mutate<Pod>(R.pods, b!.metadata.namespace!, b!.metadata.name, (p) => {
      p.status!.phase = 'Pending';
      for (const cond of p.status?.conditions ?? []) if (cond.type === 'Ready') cond.status = 'False';
    }, status);
    c.registry.mutate(R.pods, d!.metadata.namespace!, d!.metadata.name, (p) => { p.metadata.labels = { ...p.metadata.labels, odd: 'yes', tier: 'front' }; });
    c.registry.delete(R.pods, e!.metadata.namespace!, e!.metadata.name, { gracePeriodSeconds: 30 });
    // A bare pod: no owner, no labels, not scheduled, no status from a kubelet.
    c.registry.create(R.pods, { metadata: { name: 'bare', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    // An event about one of them.
    c.registry.create(R.events, {
      metadata: { name: 'a-restarted', namespace: a!.metadata.namespace },
      involvedObject: { kind: 'Pod', name: a!.metadata.name, namespace: a!.metadata.namespace },
      reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning', count: 3,
    });

    const first = await cached.query(QUERY); // starts the streams; answered live
    expect(first.errors).toBeUndefined();
    await waitFor(podsSynced, 'pod stores synced');
    await expectCachedEqualsLive();
    const answer = await cached.query<{ clusters: Array<{ pods: Array<{ name: string; restarts: number; ready: boolean; phase: string; labels: Array<{ key: string }>; events: unknown[] }> }> }>(QUERY);
    const pods = answer.data!.clusters[0]!.pods;
    const byName = (name: string) => pods.find((p) => p.name === name)!;
    // The differences are there to compare (equal answers are not equal emptiness).
    expect(byName(a!.metadata.name)).toMatchObject({ restarts: 3 * (a!.status?.containerStatuses?.length ?? 0), ready: true });
    expect(byName(a!.metadata.name).events).toHaveLength(1);
    expect(byName(b!.metadata.name)).toMatchObject({ phase: 'Pending', ready: false, restarts: 0 });
    expect(byName(d!.metadata.name).labels.map((l) => l.key)).toContain('tier');
    expect(byName('bare')).toMatchObject({ phase: 'Pending', ready: false, restarts: 0, nodeName: null, podIP: null });

    // Changes to one sibling reach it and no other: relabel one, restart another, delete one.
    c.registry.mutate(R.pods, a!.metadata.namespace!, a!.metadata.name, (p) => { p.metadata.labels = { app: 'moved' }; });
    c.registry.mutate<Pod>(R.pods, d!.metadata.namespace!, d!.metadata.name, (p) => {
      for (const s of p.status?.containerStatuses ?? []) s.restartCount = 1;
    }, status);
    c.registry.delete(R.pods, b!.metadata.namespace!, b!.metadata.name, { gracePeriodSeconds: 0 });
    await expectCachedEqualsLive();
  });
});
