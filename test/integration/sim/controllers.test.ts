/**
 * The simulated controllers as a client sees them through the API, on a ManualClock: a
 * Deployment's pods are scheduled at once, Running only after the kubelet's start delay and
 * Ready only after the readiness delay; the whole flow is deterministic for a seed.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock, SimFleet } from '../../../src/sim/index.ts';
import { clientsFor, corePath, openWatch, type Clients } from './helpers.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const NS = 'ctl';
const POD_START_MS = 2000;
const READY_MS = 3000;

interface Run {
  fleet: SimFleet;
  clock: ManualClock;
  api: Clients;
}

async function startRun(seed: number): Promise<Run> {
  const clock = new ManualClock();
  const fleet = await SimFleet.start({
    clusters: 1, namePrefix: `ctl${seed}`, seed, clock, nodes: 3, pods: 9,
    clusterDefaults: { timings: { podStartMs: POD_START_MS, minReadyMs: READY_MS } },
  });
  const api = clientsFor(fleet, fleet.clusters[0]!.name);
  await api.core.createNamespace({ body: { metadata: { name: NS } } });
  await fleet.settle();
  return { fleet, clock, api };
}

async function advance(run: Run, ms: number): Promise<void> {
  await run.clock.advance(ms);
  await run.fleet.settle();
}

function ready(p: V1Pod): boolean {
  return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

async function createWeb(run: Run, replicas = 3): Promise<void> {
  await run.api.apps.createNamespacedDeployment({
    namespace: NS,
    body: {
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3', ports: [{ containerPort: 80 }] }] } },
      },
    },
  });
}

async function webPods(run: Run): Promise<V1Pod[]> {
  return (await run.api.core.listNamespacedPod({ namespace: NS, labelSelector: 'app=web' })).items;
}

/** What must come out the same from the same seed: names, uids, nodes, IPs of every pod. */
async function fingerprint(run: Run): Promise<string[]> {
  const pods = (await run.api.core.listPodForAllNamespaces()).items;
  return pods.map((p) => `${p.metadata!.namespace}/${p.metadata!.name} uid=${p.metadata!.uid} node=${p.spec!.nodeName} ip=${p.status?.podIP} phase=${p.status?.phase}`);
}

let a: Run;
let b: Run;
let other: Run;

beforeAll(async () => {
  a = await startRun(11);
  b = await startRun(11);
  other = await startRun(12);
});

afterAll(async () => {
  await Promise.all([stopFleet(a?.fleet), stopFleet(b?.fleet), stopFleet(other?.fleet)]);
});

describe('a Deployment through the API on a ManualClock', () => {
  test('its pods are scheduled at once, Running only after the kubelet delay and Ready only after the readiness delay', async () => {
    const list = await a.api.core.listNamespacedPod({ namespace: NS });
    const w = await openWatch<V1Pod>(a.api.watch, corePath(NS, 'pods'), { resourceVersion: list.metadata!.resourceVersion! });
    await createWeb(a);
    await a.fleet.settle();

    let pods = await webPods(a);
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.spec!.nodeName)).toBe(true);
    expect(pods.every((p) => p.status?.phase === 'Pending')).toBe(true);
    expect(pods.every((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating')).toBe(true);

    await advance(a, POD_START_MS - 1);
    pods = await webPods(a);
    expect(pods.every((p) => p.status?.phase === 'Pending')).toBe(true);

    await advance(a, 1);
    pods = await webPods(a);
    expect(pods.map((p) => p.status?.phase)).toEqual(['Running', 'Running', 'Running']);
    expect(pods.some(ready)).toBe(false);
    expect(pods.every((p) => p.status?.podIP)).toBe(true);
    expect((await a.api.apps.readNamespacedDeployment({ namespace: NS, name: 'web' })).status?.readyReplicas ?? 0).toBe(0);

    await advance(a, READY_MS - 1);
    expect((await webPods(a)).some(ready)).toBe(false);

    await advance(a, 1);
    pods = await webPods(a);
    expect(pods.every(ready)).toBe(true);
    const d = await a.api.apps.readNamespacedDeployment({ namespace: NS, name: 'web' });
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });

    // A watcher saw the same story: ADDED pods, then MODIFIED as they were bound, started, became ready.
    const events = await w.until((e) => e.filter((x) => x.type === 'MODIFIED' && ready(x.object)).length >= 3);
    expect(events.filter((e) => e.type === 'ADDED')).toHaveLength(3);
    const firstReady = events.findIndex((e) => ready(e.object));
    const firstRunning = events.findIndex((e) => e.object.status?.phase === 'Running');
    expect(firstRunning).toBeGreaterThan(-1);
    expect(firstRunning).toBeLessThan(firstReady);
    w.abort();
  });

  test('scaling down through the API terminates pods after the termination delay', async () => {
    await a.api.apps.patchNamespacedDeploymentScale({ namespace: NS, name: 'web', body: [{ op: 'replace', path: '/spec/replicas', value: 1 }] });
    await a.fleet.settle();
    const pods = await webPods(a);
    expect(pods.filter((p) => p.metadata!.deletionTimestamp)).toHaveLength(2);
    await advance(a, 35_000);
    expect(await webPods(a)).toHaveLength(1);
  });
});

describe('determinism', () => {
  test('two fleets with the same seed make the same pods, with the same names, uids, nodes and IPs', async () => {
    // Run the same API calls and the same clock steps on b as on a in the test above.
    await createWeb(b);
    await b.fleet.settle();
    await advance(b, POD_START_MS - 1);
    await advance(b, 1);
    await advance(b, READY_MS - 1);
    await advance(b, 1);
    await b.api.apps.patchNamespacedDeploymentScale({ namespace: NS, name: 'web', body: [{ op: 'replace', path: '/spec/replicas', value: 1 }] });
    await b.fleet.settle();
    await advance(b, 35_000);
    const fa = await fingerprint(a);
    const fb = await fingerprint(b);
    expect(fa.length).toBe(9 + 1);
    expect(fb).toEqual(fa);
  });

  test('a different seed makes different pod names', async () => {
    await createWeb(other, 1);
    await advance(other, 10_000);
    const names = (f: string[]) => f.map((l) => l.split(' ')[0]);
    const fa = names(await fingerprint(a));
    const fo = names(await fingerprint(other));
    expect(fo).toHaveLength(fa.length);
    expect(fo).not.toEqual(fa);
  });
});
