import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { Pod } from '../../../../src/sim/types.ts';
import { deploymentBody, isReadyPod, startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

function createPod(c: TestCluster, name: string, image: string, restartPolicy = 'Always'): Pod {
  return c.registry.create<Pod>(R.pods, {
    metadata: { name, namespace: 'default' },
    spec: { restartPolicy, containers: [{ name: 'app', image }] },
  });
}

function pod(c: TestCluster, name: string): Pod | undefined {
  return c.registry.get<Pod>(R.pods, 'default', name);
}

function waiting(p: Pod | undefined): { reason?: string; message?: string } | undefined {
  return (p?.status?.containerStatuses?.[0]?.state as { waiting?: { reason?: string; message?: string } } | undefined)?.waiting;
}

describe('kubelet', () => {
  it('starts a scheduled pod: ContainerCreating, then Running and Ready with IPs, ids and the usual events', async () => {
    const c = (cluster = await startTestCluster());
    createPod(c, 'web', 'nginx:1.27');
    await c.settle();
    let p = pod(c, 'web')!;
    expect(p.spec.nodeName).toMatch(/^sim-a-node-\d$/);
    expect(p.status?.phase).toBe('Pending');
    expect(waiting(p)?.reason).toBe('ContainerCreating');
    expect(p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.status).toBe('True');

    await c.advance(1500);
    p = pod(c, 'web')!;
    const node = c.registry.get(R.nodes, '', p.spec.nodeName!)!;
    const nodeIp = (node.status as { addresses: { type: string; address: string }[] }).addresses.find((a) => a.type === 'InternalIP')!.address;
    expect(p.status).toMatchObject({ phase: 'Running', hostIP: nodeIp, startTime: '2026-01-01T00:00:00Z', qosClass: 'BestEffort' });
    expect(p.status?.podIP).toMatch(new RegExp(`^10\\.244\\.${p.spec.nodeName!.slice(-1)}\\.\\d+$`));
    expect(p.status?.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True',
    ]);
    const cs = p.status!.containerStatuses![0]!;
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.state).toEqual({ running: { startedAt: '2026-01-01T00:00:01Z' } });

    const kubeletEvents = c.events((e) => e.source?.component === 'kubelet');
    expect(kubeletEvents.map((e) => e.reason).sort()).toEqual(['Created', 'Pulled', 'Pulling', 'Started']);
    for (const e of kubeletEvents) {
      expect(e.source?.host).toBe(p.spec.nodeName);
      expect(e.involvedObject.fieldPath).toBe('spec.containers{app}');
    }
    expect(kubeletEvents.find((e) => e.reason === 'Pulled')?.message).toMatch(/^Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(c.events((e) => e.reason === 'Scheduled')[0]?.message).toBe(`Successfully assigned default/web to ${p.spec.nodeName}`);
  });

  it('crash-loops a crashloop image with doubling back-off, counting restarts and aggregating BackOff events', async () => {
    const c = (cluster = await startTestCluster());
    const created = createPod(c, 'crash', 'example/app:crashloop');
    await c.settle();
    const backoffs: string[] = [];
    const restarts: number[] = [];
    let last = '';
    for (let t = 0; t < 120_000; t += 500) {
      await c.advance(500);
      const w = waiting(pod(c, 'crash'));
      const msg = w?.reason === 'CrashLoopBackOff' ? w.message ?? '' : '';
      if (msg && msg !== last) {
        backoffs.push(msg.split(' ')[1] ?? '');
        restarts.push(pod(c, 'crash')!.status!.containerStatuses![0]!.restartCount);
      }
      last = msg;
    }
    expect(backoffs.slice(0, 4)).toEqual(['10s', '20s', '40s', '1m20s']);
    expect(restarts.slice(0, 4)).toEqual([1, 2, 3, 4]);
    const p = pod(c, 'crash')!;
    expect(p.status?.phase).toBe('Running');
    expect(waiting(p)?.message).toMatch(new RegExp(`restarting failed container=app pod=crash_default\\(${created.metadata.uid}\\)$`));
    expect(p.status?.containerStatuses?.[0]?.lastState).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } });
    expect(isReadyPod(p)).toBe(false);

    const backOff = c.events((e) => e.reason === 'BackOff');
    expect(backOff).toHaveLength(1);
    expect(backOff[0]).toMatchObject({ type: 'Warning', count: backoffs.length, message: `Back-off restarting failed container app in pod crash_default(${created.metadata.uid})` });
    expect(backOff[0]!.lastTimestamp! > backOff[0]!.firstTimestamp!).toBe(true);
    // Every restart after a back-off finds the image already on the node (the last back-off is still running).
    expect(c.events((e) => e.reason === 'Pulled' && e.message === 'Container image "example/app:crashloop" already present on machine')[0]?.count).toBe(backoffs.length - 1);

    await c.advance(30 * 60_000);
    expect(waiting(pod(c, 'crash'))?.message).toMatch(/^back-off 5m0s /);
  });

  it('reports ErrImagePull and ImagePullBackOff for an image that does not exist', async () => {
    const c = (cluster = await startTestCluster());
    createPod(c, 'bad', 'nginx:doesnotexist');
    await c.advance(1500);
    expect(waiting(pod(c, 'bad'))?.reason).toBe('ErrImagePull');
    await c.advance(1000);
    expect(waiting(pod(c, 'bad'))).toMatchObject({ reason: 'ImagePullBackOff', message: expect.stringMatching(/^Back-off pulling image "nginx:doesnotexist": ErrImagePull: rpc error: code = NotFound/) });
    expect(pod(c, 'bad')?.status?.phase).toBe('Pending');
    await c.advance(60_000);
    const failed = c.events((e) => e.reason === 'Failed').map((e) => e.message);
    expect(failed).toEqual(expect.arrayContaining([
      'Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
      'Error: ErrImagePull',
      'Error: ImagePullBackOff',
    ]));
    expect(c.events((e) => e.reason === 'Failed' && e.message === 'Error: ErrImagePull')[0]!.count).toBeGreaterThan(1);
    expect(pod(c, 'bad')?.status?.containerStatuses?.[0]?.ready).toBe(false);
  });

  it('takes a pod whose container completes under restartPolicy Never to Succeeded', async () => {
    const c = (cluster = await startTestCluster());
    createPod(c, 'job', 'busybox:completes', 'Never');
    await c.advance(1500);
    expect(pod(c, 'job')?.status?.phase).toBe('Running');
    await c.advance(3000);
    const p = pod(c, 'job')!;
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0]?.state).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('stops a deleted pod (Killing) and removes it after podTerminationMs, never later than its grace period', async () => {
    const c = (cluster = await startTestCluster({ timings: { podTerminationMs: 10_000 } }));
    createPod(c, 'a', 'nginx:1.27');
    createPod(c, 'b', 'nginx:1.27');
    await c.advance(2000);
    c.registry.delete(R.pods, 'default', 'a', { gracePeriodSeconds: 3 });
    c.registry.delete(R.pods, 'default', 'b');
    await c.settle();
    expect(pod(c, 'a')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.events((e) => e.reason === 'Killing').map((e) => e.message)).toEqual(['Stopping container app', 'Stopping container app']);
    await c.advance(2500);
    expect(pod(c, 'a')).toBeDefined();
    await c.advance(1000);
    expect(pod(c, 'a')).toBeUndefined();
    expect(pod(c, 'b')).toBeDefined();
    await c.advance(7000);
    expect(pod(c, 'b')).toBeUndefined();
  });

  it('removes the pods of a node that disappears, and their ReplicaSet replaces them elsewhere', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web', { replicas: 3 }));
    await c.advance(2000);
    const victim = c.pods('default')[0]!.spec.nodeName!;
    c.registry.delete(R.nodes, '', victim);
    await c.advance(2000);
    const pods = c.pods('default');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.spec.nodeName !== victim && isReadyPod(p))).toBe(true);
  });
});
