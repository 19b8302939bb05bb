import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { ReplicaSet } from '../../../../src/sim/types.ts';
import { deploymentBody, startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

async function runningDeployment(): Promise<TestCluster> {
  const c = (cluster = await startTestCluster());
  c.registry.create(R.deployments, deploymentBody('web', { replicas: 2 }));
  await c.advance(2000);
  expect(c.pods('default')).toHaveLength(2);
  return c;
}

const replicaSets = (c: TestCluster): ReplicaSet[] => c.registry.list<ReplicaSet>(R.replicasets, 'default');

describe('garbage collector', () => {
  it('deletes a Deployment\'s ReplicaSet and pods after a background delete', async () => {
    const c = await runningDeployment();
    const result = c.registry.delete(R.deployments, 'default', 'web', { propagationPolicy: 'Background' });
    expect(result.deleted).toBe(true);
    await c.settle();
    expect(replicaSets(c)).toHaveLength(0);
    // The pods are stopping gracefully...
    expect(c.pods('default').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    await c.advance(2000);
    // ...and then gone.
    expect(c.pods('default')).toHaveLength(0);
  });

  it('keeps a foreground-deleted Deployment until its ReplicaSet and pods are gone', async () => {
    const c = await runningDeployment();
    c.registry.delete(R.deployments, 'default', 'web', { propagationPolicy: 'Foreground' });
    await c.settle();
    const d = c.registry.get(R.deployments, 'default', 'web');
    expect(d?.metadata.deletionTimestamp).toBeDefined();
    expect(d?.metadata.finalizers).toContain('foregroundDeletion');
    const [rs] = replicaSets(c);
    expect(rs?.metadata.deletionTimestamp).toBeDefined();
    expect(c.pods('default').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    await c.advance(2000);
    expect(c.pods('default')).toHaveLength(0);
    expect(replicaSets(c)).toHaveLength(0);
    expect(c.registry.get(R.deployments, 'default', 'web')).toBeUndefined();
  });

  it('leaves the ReplicaSet and pods of an orphan-deleted Deployment running, without the owner reference', async () => {
    const c = await runningDeployment();
    const [rs] = replicaSets(c);
    c.registry.delete(R.deployments, 'default', 'web', { propagationPolicy: 'Orphan' });
    await c.advance(5000);
    expect(c.registry.get(R.deployments, 'default', 'web')).toBeUndefined();
    const orphan = c.registry.get<ReplicaSet>(R.replicasets, 'default', rs!.metadata.name);
    expect(orphan?.metadata.ownerReferences ?? []).toEqual([]);
    expect(orphan?.metadata.deletionTimestamp).toBeUndefined();
    expect(c.pods('default')).toHaveLength(2);
    expect(c.pods('default').every((p) => !p.metadata.deletionTimestamp)).toBe(true);
  });

  it('deletes dependents whose owner was replaced by a same-named object with another uid', async () => {
    const c = (cluster = await startTestCluster());
    const cm = c.registry.create(R.configmaps, { metadata: { name: 'owner', namespace: 'default' } });
    c.registry.create(R.configmaps, {
      metadata: { name: 'dependent', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'not-the-uid-of-owner' }] },
    });
    c.registry.create(R.configmaps, {
      metadata: { name: 'kept', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: cm.metadata.uid }] },
    });
    await c.settle();
    expect(c.registry.get(R.configmaps, 'default', 'dependent')).toBeUndefined();
    expect(c.registry.get(R.configmaps, 'default', 'kept')).toBeDefined();
  });
});
