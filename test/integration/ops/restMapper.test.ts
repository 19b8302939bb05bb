/**
 * REST mapping from each cluster's own discovery: one discovery request per (cluster,
 * group-version) however often asked, an unknown kind as that cluster's NOT_FOUND (after one
 * refresh), a cluster that serves a group where another does not, and a down cluster not cached.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RestMapper } from '../../../src/ops/RestMapper.ts';
import { startOpsFleet, type OpsFleet } from '../../support/opsFleet.ts';
import { rejection } from '../../support/rejection.ts';

let ops: OpsFleet;

beforeAll(async () => {
  ops = await startOpsFleet({ clusters: [{ name: 'rm-1' }, { name: 'rm-2', metricsApi: false }] });
});

afterAll(async () => {
  await ops?.stop();
});

const discoveryRequests = (cluster: string) => ops.cluster(cluster).requests.all().filter((r) => r.path === '/api/v1' || r.path.startsWith('/apis/')).length;

describe('RestMapper', () => {
  test('maps kinds to their resource and scope, asking each group-version once per cluster', async () => {
    const mapper = new RestMapper();
    const c = ops.client('rm-1');
    ops.cluster('rm-1').requests.clear();
    const [dep, ns, cm, again] = await Promise.all([
      mapper.map(c, 'apps/v1', 'Deployment'), mapper.map(c, 'v1', 'Namespace'), mapper.map(c, 'v1', 'ConfigMap'), mapper.map(c, 'apps/v1', 'Deployment'),
    ]);
    expect(dep).toEqual({ name: 'deployments', group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true });
    expect(ns).toMatchObject({ plural: 'namespaces', group: '', namespaced: false });
    expect(cm).toMatchObject({ plural: 'configmaps', namespaced: true });
    expect(again).toEqual(dep);
    await mapper.map(c, 'rbac.authorization.k8s.io/v1', 'ClusterRole');
    expect(discoveryRequests('rm-1')).toBe(3);
  });

  test('an unknown kind is that cluster\'s NOT_FOUND, after one refresh of the list', async () => {
    const mapper = new RestMapper({ missRefreshMs: 0 });
    const c = ops.client('rm-1');
    await mapper.map(c, 'apps/v1', 'Deployment');
    ops.cluster('rm-1').requests.clear();
    const e = await rejection(mapper.map(c, 'apps/v1', 'Deploymnet'));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.cluster).toBe('rm-1');
    expect(e.message).toBe('cluster "rm-1": no Deploymnet in apps/v1 (it serves apps/v1 but no kind Deploymnet in it)');
    expect(discoveryRequests('rm-1'), 'the miss refreshed the cached list once').toBe(1);
    const gv = await rejection(mapper.map(c, 'example.com/v1', 'Widget'));
    expect(gv.message).toBe('cluster "rm-1": no Widget in example.com/v1 (it does not serve example.com/v1)');
  });

  test('a recent miss does not refresh again', async () => {
    const mapper = new RestMapper({ missRefreshMs: 60_000 });
    const c = ops.client('rm-1');
    await mapper.map(c, 'v1', 'ConfigMap');
    ops.cluster('rm-1').requests.clear();
    await rejection(mapper.map(c, 'v1', 'Nope'));
    expect(discoveryRequests('rm-1')).toBe(0);
  });

  test('the same kind can be served by one cluster and not another', async () => {
    const mapper = new RestMapper();
    await expect(mapper.map(ops.client('rm-1'), 'metrics.k8s.io/v1beta1', 'PodMetrics')).resolves.toMatchObject({ plural: 'pods', namespaced: true });
    const e = await rejection(mapper.map(ops.client('rm-2'), 'metrics.k8s.io/v1beta1', 'PodMetrics'));
    expect(e).toMatchObject({ code: 'NOT_FOUND', cluster: 'rm-2' });
  });

  test('a down cluster fails with its own error and is asked again next time', async () => {
    const mapper = new RestMapper();
    const sim = ops.cluster('rm-2');
    await sim.setFaults({ down: true });
    const e = await rejection(mapper.map(ops.client('rm-2'), 'v1', 'ConfigMap'));
    expect(e.code).toBe('CLUSTER_UNREACHABLE');
    await sim.setFaults({ down: false });
    await expect(mapper.map(ops.client('rm-2'), 'v1', 'ConfigMap')).resolves.toMatchObject({ plural: 'configmaps' });
  });
});
