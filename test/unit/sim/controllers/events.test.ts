import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { CoreEvent, KObject, Node } from '../../../../src/sim/types.ts';
import { startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

describe('event recorder', () => {
  it('writes events the way client-go does: name, namespace, involved object, source, timestamps', async () => {
    const c = (cluster = await startTestCluster({ disable: ['node-controller', 'kubelet', 'default-scheduler'] }));
    const pod = c.registry.create(R.pods, { metadata: { name: 'web-1', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    c.ctx.events.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container web', 'kubelet', 'sim-a-node-1', 'spec.containers{web}');
    const [e] = c.events((x) => x.reason === 'BackOff');
    expect(e!.metadata.name).toMatch(/^web-1\.[0-9a-f]{16}$/);
    expect(e).toMatchObject({
      metadata: { namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: pod.metadata.uid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion, fieldPath: 'spec.containers{web}' },
      source: { component: 'kubelet', host: 'sim-a-node-1' },
      reportingComponent: 'kubelet', reportingInstance: 'sim-a-node-1',
      type: 'Warning', count: 1, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:00:00Z',
    });

    // Cluster-scoped objects' events live in "default".
    const node = c.registry.get<Node>(R.nodes, '', 'sim-a-node-1')!;
    c.ctx.events.record(node, 'Normal', 'NodeReady', 'Node sim-a-node-1 status is now: NodeReady', 'node-controller');
    const [ne] = c.events((x) => x.reason === 'NodeReady');
    expect(ne).toMatchObject({ metadata: { namespace: 'default' }, involvedObject: { kind: 'Node', name: 'sim-a-node-1' }, source: { component: 'node-controller' } });
    expect(ne!.involvedObject.namespace).toBeUndefined();
  });

  it('aggregates a repeat within ten minutes into count and lastTimestamp, and starts afresh after', async () => {
    const c = (cluster = await startTestCluster({ disable: ['node-controller', 'kubelet', 'default-scheduler'] }));
    const cm = c.registry.create<KObject>(R.configmaps, { metadata: { name: 'cfg', namespace: 'default' } });
    const fire = (): void => c.ctx.events.record(cm, 'Normal', 'Synced', 'synced', 'test-controller');
    fire();
    await c.advance(60_000);
    fire();
    await c.advance(60_000);
    fire();
    c.ctx.events.record(cm, 'Normal', 'Synced', 'a different message', 'test-controller');
    let synced = c.events((e) => e.reason === 'Synced');
    expect(synced.map((e) => [e.message, e.count])).toEqual([['synced', 3], ['a different message', 1]]);
    expect(synced[0]).toMatchObject({ firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:02:00Z' });

    await c.advance(11 * 60_000);
    fire();
    synced = c.events((e) => e.reason === 'Synced' && e.message === 'synced');
    expect(synced.map((e) => e.count)).toEqual([3, 1]);
  });

  it('prunes events an hour after they were last seen', async () => {
    const c = (cluster = await startTestCluster({ disable: ['node-controller', 'kubelet', 'default-scheduler'] }));
    const cm = c.registry.create<KObject>(R.configmaps, { metadata: { name: 'cfg', namespace: 'default' } });
    c.ctx.events.record(cm, 'Normal', 'Old', 'old', 'test-controller');
    await c.advance(40 * 60_000);
    c.ctx.events.record(cm, 'Normal', 'Recent', 'recent', 'test-controller');
    await c.advance(30 * 60_000);
    const reasons = (): (string | undefined)[] => c.registry.list<CoreEvent>(R.events).map((e) => e.reason);
    expect(reasons()).toEqual(['Recent']);
    await c.advance(40 * 60_000);
    expect(reasons()).toEqual([]);
  });
});
