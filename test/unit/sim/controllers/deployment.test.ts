import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { CoreEvent, Deployment, ReplicaSet } from '../../../../src/sim/types.ts';
import { deploymentBody, isLivePod, isReadyPod, rolloutStatus, startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

function deployment(c: TestCluster, name = 'web'): Deployment {
  const d = c.registry.get<Deployment>(R.deployments, 'default', name);
  if (!d) throw new Error(`no deployment ${name}`);
  return d;
}

function replicaSets(c: TestCluster, name = 'web'): ReplicaSet[] {
  return c.registry.list<ReplicaSet>(R.replicasets, 'default').filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name);
}

function setImage(c: TestCluster, image: string, name = 'web'): void {
  c.registry.mutate<Deployment>(R.deployments, 'default', name, (d) => {
    d.spec.template.spec.containers[0]!.image = image;
  }, { fieldManager: 'kubectl-set' });
}

/** Advance in small steps until `done`, checking `invariant` after every step. */
async function runUntil(c: TestCluster, done: () => boolean, invariant: () => void, stepMs = 250, maxMs = 120_000): Promise<void> {
  for (let t = 0; t < maxMs && !done(); t += stepMs) {
    await c.advance(stepMs);
    invariant();
  }
  expect(done()).toBe(true);
}

describe('deployment controller', () => {
  it('turns a Deployment of 3 into 3 Running, Ready pods on nodes through one ReplicaSet, with the status rollout status expects', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web'));
    await c.settle();

    const [rs, ...others] = replicaSets(c);
    expect(others).toHaveLength(0);
    expect(rs!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{8,10}$/);
    const hash = rs!.metadata.name.slice('web-'.length);
    expect(rs!.metadata.labels?.['pod-template-hash']).toBe(hash);
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true })]);
    expect(rs!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rolloutStatus(deployment(c))).toBe('Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...');

    await c.advance(2000);
    const pods = c.pods('default');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs!.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.status?.phase).toBe('Running');
      expect(isReadyPod(p)).toBe(true);
      expect(p.status?.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(p.status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0, started: true, image: 'docker.io/library/nginx:1.27' });
    }
    // Least-requested scoring spreads the three pods over the three nodes.
    expect(new Set(pods.map((p) => p.spec.nodeName))).toEqual(new Set(['sim-a-node-1', 'sim-a-node-2', 'sim-a-node-3']));

    const d = deployment(c);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(rolloutStatus(d)).toBe('deployment "web" successfully rolled out');

    const scaled = c.events((e) => e.reason === 'ScalingReplicaSet');
    expect(scaled).toHaveLength(1);
    expect(scaled[0]).toMatchObject({
      message: `Scaled up replica set ${rs!.metadata.name} from 0 to 3`, type: 'Normal', count: 1,
      source: { component: 'deployment-controller' }, involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default' },
    });
    expect(c.events((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.kind === 'ReplicaSet')).toHaveLength(3);
    expect(c.manager.errorCount).toBe(0);
  });

  for (const [label, replicas, strategy, surge, unavailable] of [
    ['maxSurge 1 / maxUnavailable 0', 4, { maxSurge: 1, maxUnavailable: 0 }, 1, 0],
    ['the default 25% / 25%', 8, undefined, 2, 2],
    ['maxSurge 0 / maxUnavailable 50%', 4, { maxSurge: 0, maxUnavailable: '50%' }, 0, 2],
  ] as const) {
    it(`rolls a new image out within ${label}, never over the surge nor under the availability floor`, async () => {
      const c = (cluster = await startTestCluster({ nodes: 4 }));
      c.registry.create(R.deployments, deploymentBody('web', {
        replicas, ...(strategy ? { strategy: { type: 'RollingUpdate', rollingUpdate: strategy } } : {}),
      }));
      await c.advance(2000);
      const [oldRS] = replicaSets(c);
      setImage(c, 'nginx:1.28');
      let sawNewAndOld = false;
      await runUntil(c, () => rolloutStatus(deployment(c)) === 'deployment "web" successfully rolled out', () => {
        const live = c.pods('default', isLivePod);
        expect(live.length).toBeLessThanOrEqual(replicas + surge);
        expect(live.filter(isReadyPod).length).toBeGreaterThanOrEqual(replicas - unavailable);
        if (new Set(live.map((p) => p.metadata.labels?.['pod-template-hash'])).size > 1) sawNewAndOld = true;
      });
      expect(sawNewAndOld).toBe(true);
      const all = replicaSets(c);
      expect(all).toHaveLength(2);
      const newRS = all.find((rs) => rs.metadata.uid !== oldRS!.metadata.uid)!;
      expect(newRS.spec.replicas).toBe(replicas);
      expect(newRS.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
      expect(c.registry.get<ReplicaSet>(R.replicasets, 'default', oldRS!.metadata.name)?.spec.replicas).toBe(0);
      await c.advance(2000);
      const pods = c.pods('default');
      expect(pods).toHaveLength(replicas);
      expect(pods.every((p) => p.spec.containers[0]!.image === 'nginx:1.28' && isReadyPod(p))).toBe(true);
      expect(deployment(c).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
      const scaledDown = c.events((e) => e.reason === 'ScalingReplicaSet' && e.message?.startsWith(`Scaled down replica set ${oldRS!.metadata.name} from `) === true);
      expect(scaledDown.at(-1)?.message).toMatch(/ to 0$/);
    });
  }

  it('answers rollout undo (the template patched back) by reusing the old ReplicaSet under a new revision', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web'));
    await c.advance(2000);
    const [first] = replicaSets(c);
    setImage(c, 'nginx:1.28');
    await c.advance(20_000);
    expect(replicaSets(c)).toHaveLength(2);

    // What `kubectl rollout undo` sends: revision 1's template without the pod-template-hash label.
    const template = structuredClone(first!.spec.template);
    delete template.metadata!.labels!['pod-template-hash'];
    c.registry.mutate<Deployment>(R.deployments, 'default', 'web', (d) => { d.spec.template = template; }, { fieldManager: 'kubectl-rollout' });
    await c.advance(20_000);

    const all = replicaSets(c);
    expect(all).toHaveLength(2);
    const reused = c.registry.get<ReplicaSet>(R.replicasets, 'default', first!.metadata.name)!;
    expect(reused.metadata.uid).toBe(first!.metadata.uid);
    expect(reused.spec.replicas).toBe(3);
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(deployment(c).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(c.pods('default').every((p) => p.spec.containers[0]!.image === 'nginx:1.27' && p.metadata.labels?.['pod-template-hash'] === first!.metadata.labels?.['pod-template-hash'])).toBe(true);
    expect(rolloutStatus(deployment(c))).toBe('deployment "web" successfully rolled out');
  });

  it('with the Recreate strategy removes every old pod before the first new one exists', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web', { strategy: { type: 'Recreate' } }));
    await c.advance(2000);
    setImage(c, 'nginx:1.28');
    await runUntil(c, () => rolloutStatus(deployment(c)) === 'deployment "web" successfully rolled out', () => {
      const images = new Set(c.pods('default').map((p) => p.spec.containers[0]!.image));
      expect(images.size).toBeLessThanOrEqual(1);
    }, 100);
    expect(c.pods('default').map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });

  it('scales a Deployment up and down through its ReplicaSet, with ScalingReplicaSet events', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web'));
    await c.advance(2000);
    const [rs] = replicaSets(c);
    c.registry.mutate<Deployment>(R.deployments, 'default', 'web', (d) => { d.spec.replicas = 5; });
    await c.advance(2000);
    expect(c.pods('default', isReadyPod)).toHaveLength(5);
    c.registry.mutate<Deployment>(R.deployments, 'default', 'web', (d) => { d.spec.replicas = 2; });
    await c.advance(3000);
    expect(c.pods('default')).toHaveLength(2);
    expect(deployment(c).status).toMatchObject({ replicas: 2, availableReplicas: 2, observedGeneration: 3 });
    const messages = c.events((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(messages).toEqual(expect.arrayContaining([`Scaled up replica set ${rs!.metadata.name} from 3 to 5`, `Scaled down replica set ${rs!.metadata.name} from 5 to 2`]));
    expect(c.events((e) => e.reason === 'SuccessfulDelete')).toHaveLength(3);
  });

  it('does not roll out a paused Deployment until it is resumed', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web'));
    await c.advance(2000);
    c.registry.mutate<Deployment>(R.deployments, 'default', 'web', (d) => { d.spec.paused = true; });
    setImage(c, 'nginx:1.28');
    await c.advance(10_000);
    expect(replicaSets(c)).toHaveLength(1);
    expect(deployment(c).status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    c.registry.mutate<Deployment>(R.deployments, 'default', 'web', (d) => { d.spec.paused = false; });
    await c.advance(20_000);
    expect(replicaSets(c)).toHaveLength(2);
    expect(rolloutStatus(deployment(c))).toBe('deployment "web" successfully rolled out');
  });

  it('reports ProgressDeadlineExceeded when a rollout makes no progress within progressDeadlineSeconds', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.deployments, deploymentBody('web', { image: 'example/app:doesnotexist', progressDeadlineSeconds: 30 }));
    await c.advance(20_000);
    expect(deployment(c).status?.conditions?.find((x) => x.type === 'Progressing')?.reason).not.toBe('ProgressDeadlineExceeded');
    await c.advance(40_000);
    const progressing = deployment(c).status?.conditions?.find((x) => x.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(progressing?.message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
    expect(rolloutStatus(deployment(c))).toBe('error: deployment "web" exceeded its progress deadline');
    expect(deployment(c).status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    const c = (cluster = await startTestCluster());
    const body = deploymentBody('web', { replicas: 1 });
    (body.spec as Deployment['spec']).revisionHistoryLimit = 1;
    c.registry.create(R.deployments, body);
    await c.advance(2000);
    for (const tag of ['1.28', '1.29', '1.30']) {
      setImage(c, `nginx:${tag}`);
      await c.advance(10_000);
    }
    const names = replicaSets(c).map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(names).toEqual(['3', '4']);
    const events: CoreEvent[] = c.events((e) => e.involvedObject.kind === 'Deployment');
    expect(events.length).toBeGreaterThan(0);
  });
});
