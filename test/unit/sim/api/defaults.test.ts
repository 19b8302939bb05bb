import { describe, expect, it } from 'vitest';
import { applyDefaults, defaultPullPolicy } from '../../../../src/sim/api/defaults.ts';
import { R } from '../../../../src/sim/resources.ts';
import type { ResourceType } from '../../../../src/sim/resources.ts';
import type { KObject } from '../../../../src/sim/types.ts';

function defaulted(type: ResourceType, o: Record<string, unknown>): Record<string, unknown> {
  const obj = { metadata: { name: 'x', namespace: 'default' }, ...structuredClone(o) } as unknown as KObject;
  applyDefaults(type, obj);
  return obj as unknown as Record<string, unknown>;
}

const containers = [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }];

describe('pod defaults', () => {
  const pod = defaulted(R.pods, { apiVersion: 'v1', kind: 'Pod', spec: { containers } });
  const spec = pod['spec'] as Record<string, unknown>;

  it('fills the pod spec fields kube-apiserver defaults', () => {
    expect(spec).toMatchObject({
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {},
      serviceAccountName: 'default', serviceAccount: 'default', enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority', priority: 0,
    });
  });

  it('adds the not-ready and unreachable tolerations of the DefaultTolerationSeconds plugin', () => {
    expect(spec['tolerations']).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('does not add a toleration the pod already has, nor duplicate them when defaulted again', () => {
    const own = defaulted(R.pods, { spec: { containers, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] } });
    expect((own['spec'] as Record<string, unknown>)['tolerations']).toHaveLength(2);
    const again = structuredClone(pod) as unknown as KObject;
    applyDefaults(R.pods, again);
    expect(again).toEqual(pod);
  });

  it('defaults each container', () => {
    expect((spec['containers'] as unknown[])[0]).toEqual({
      name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      resources: {}, ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
  });

  it('keeps a service account chosen through the deprecated field', () => {
    const p = defaulted(R.pods, { spec: { containers, serviceAccount: 'robot' } });
    expect(p['spec']).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
  });

  it('requests what a container limits when it requests nothing', () => {
    const p = defaulted(R.pods, { spec: { containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1' } } }] } });
    expect(((p['spec'] as { containers: { resources: unknown }[] }).containers[0])?.resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });
  });
});

describe('defaultPullPolicy', () => {
  it('pulls always for latest or untagged images and if-not-present otherwise', () => {
    expect(defaultPullPolicy('nginx')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('registry:5000/team/nginx')).toBe('Always');
    expect(defaultPullPolicy('registry:5000/team/nginx:1.2')).toBe('IfNotPresent');
    expect(defaultPullPolicy('nginx@sha256:abc')).toBe('IfNotPresent');
  });
});

describe('workload defaults', () => {
  it('defaults a deployment and its pod template without the pod admission fields', () => {
    const d = defaulted(R.deployments, { spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } } });
    const spec = d['spec'] as Record<string, unknown>;
    expect(spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    const podSpec = (spec['template'] as { spec: Record<string, unknown> }).spec;
    expect(podSpec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {} });
    expect(podSpec['tolerations']).toBeUndefined();
    expect(podSpec['serviceAccountName']).toBeUndefined();
    expect(podSpec['enableServiceLinks']).toBeUndefined();
    expect((podSpec['containers'] as Record<string, unknown>[])[0]?.['imagePullPolicy']).toBe('Always');
  });

  it('keeps an explicit replica count of zero and a Recreate strategy without rolling parameters', () => {
    const d = defaulted(R.deployments, { spec: { replicas: 0, strategy: { type: 'Recreate' }, template: { spec: { containers } } } });
    expect(d['spec']).toMatchObject({ replicas: 0, strategy: { type: 'Recreate' } });
    expect((d['spec'] as { strategy: Record<string, unknown> }).strategy['rollingUpdate']).toBeUndefined();
  });

  it('defaults replica sets, stateful sets and daemon sets', () => {
    expect(defaulted(R.replicasets, { spec: { template: { spec: { containers } } } })['spec']).toMatchObject({ replicas: 1 });
    expect(defaulted(R.statefulsets, { spec: { template: { spec: { containers } } } })['spec']).toMatchObject({
      replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(defaulted(R.daemonsets, { spec: { template: { spec: { containers } } } })['spec']).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10,
    });
  });
});

describe('core defaults', () => {
  it('defaults a ClusterIP service and its ports', () => {
    const svc = defaulted(R.services, { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] } });
    expect(svc['spec']).toEqual({
      type: 'ClusterIP', sessionAffinity: 'None', selector: { app: 'web' }, internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, protocol: 'TCP', targetPort: 'https' }],
    });
  });

  it('adds the external traffic policy and node port allocation for load balancers', () => {
    const svc = defaulted(R.services, { spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    expect(svc['spec']).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    const np = defaulted(R.services, { spec: { type: 'NodePort', ports: [{ port: 80 }] } });
    expect(np['spec']).toMatchObject({ externalTrafficPolicy: 'Cluster' });
    expect((np['spec'] as Record<string, unknown>)['allocateLoadBalancerNodePorts']).toBeUndefined();
  });

  it('gives ExternalName services no IP families', () => {
    const svc = defaulted(R.services, { spec: { type: 'ExternalName', externalName: 'db.example.com' } });
    expect((svc['spec'] as Record<string, unknown>)['ipFamilies']).toBeUndefined();
  });

  it('makes secrets Opaque and folds stringData into base64 data', () => {
    const s = defaulted(R.secrets, { data: { a: 'eA==' }, stringData: { b: 'hello' } });
    expect(s['type']).toBe('Opaque');
    expect(s['data']).toEqual({ a: 'eA==', b: 'aGVsbG8=' });
    expect(s['stringData']).toBeUndefined();
  });

  it('gives namespaces the kubernetes finalizer, Active phase and name label', () => {
    const ns = defaulted(R.namespaces, { metadata: { name: 'shop', labels: { team: 'a' } } });
    expect(ns['spec']).toEqual({ finalizers: ['kubernetes'] });
    expect(ns['status']).toEqual({ phase: 'Active' });
    expect((ns['metadata'] as { labels: unknown }).labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'shop' });
  });
});
