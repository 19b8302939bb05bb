/**
 * Clusters that say no the way real ones do: a user without RBAC bindings (the `forbidden`
 * fault: 403 with kube-apiserver's message for every resource request, while discovery and
 * /version stay open), and a cluster without metrics-server (`metricsApi: false`: the group is
 * absent from discovery and its paths answer 404).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { clientsFor, rawRequest, refusal } from './helpers.ts';

let fleet: SimFleet;

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: [{ name: 'strict' }, { name: 'bare', metricsApi: false }, { name: 'full' }], nodes: 1 });
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('the forbidden fault', () => {
  test('refuses every resource request with 403 and kube-apiserver\'s message, and records it', async () => {
    const strict = fleet.cluster('strict');
    await strict.setFaults({ forbidden: true });
    try {
      const api = clientsFor(fleet, 'strict');
      const listed = await refusal(api.core.listPodForAllNamespaces());
      expect(listed.code).toBe(403);
      expect(listed.status).toMatchObject({
        reason: 'Forbidden',
        message: 'pods is forbidden: User "admin" cannot list resource "pods" in API group "" at the cluster scope',
      });
      const got = await refusal(api.apps.readNamespacedDeployment({ namespace: 'kube-system', name: 'coredns' }));
      expect(got.status?.message).toBe('deployments is forbidden: User "admin" cannot get resource "deployments" in API group "apps" in the namespace "kube-system"');
      expect(strict.requests.count({ verb: 'list', resource: 'pods' })).toBeGreaterThan(0);
      expect(strict.requests.find({ verb: 'list', resource: 'pods' }).every((r) => r.status === 403)).toBe(true);
    } finally {
      await strict.setFaults({ forbidden: false });
    }
  });

  test('leaves /version and discovery open, as system:public-info-viewer and system:discovery do', async () => {
    const strict = fleet.cluster('strict');
    await strict.setFaults({ forbidden: true });
    try {
      expect((await rawRequest(strict, { path: '/version' })).status).toBe(200);
      expect((await rawRequest(strict, { path: '/api/v1' })).status).toBe(200);
    } finally {
      await strict.setFaults({ forbidden: false });
    }
  });
});

describe('a cluster without a metrics API', () => {
  test('answers 404 for metrics.k8s.io paths and leaves the group out of discovery', async () => {
    const bare = fleet.cluster('bare');
    expect((await rawRequest(bare, { path: '/apis/metrics.k8s.io/v1beta1/nodes' })).status).toBe(404);
    expect((await rawRequest(bare, { path: '/apis/metrics.k8s.io/v1beta1' })).status).toBe(404);
    const groups = JSON.parse((await rawRequest(bare, { path: '/apis' })).body) as { groups: Array<{ name: string }> };
    expect(groups.groups.map((g) => g.name)).not.toContain('metrics.k8s.io');
    const aggregated = JSON.parse((await rawRequest(bare, { path: '/apis', headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' } })).body) as { items: Array<{ metadata: { name: string } }> };
    expect(aggregated.items.map((i) => i.metadata.name)).not.toContain('metrics.k8s.io');
  });

  test('while a cluster with one serves node metrics', async () => {
    const full = fleet.cluster('full');
    const answer = await rawRequest(full, { path: '/apis/metrics.k8s.io/v1beta1/nodes' });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { items: unknown[] }).items).toHaveLength(1);
    const groups = JSON.parse((await rawRequest(full, { path: '/apis' })).body) as { groups: Array<{ name: string }> };
    expect(groups.groups.map((g) => g.name)).toContain('metrics.k8s.io');
  });
});
