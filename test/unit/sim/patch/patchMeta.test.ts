import { describe, expect, it } from 'vitest';
import { isAtomicMapAt, listStrategyAt, mapStrategyAt } from '../../../../src/sim/patch/patchMeta.ts';

describe('listStrategyAt', () => {
  it('merges pod containers by name, in a pod and in every pod template', () => {
    const byName = { kind: 'map', keys: ['name'], patchStrategy: 'merge', mergeKey: 'name' };
    expect(listStrategyAt('v1', 'Pod', ['spec', 'containers'])).toEqual(byName);
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) {
      expect(listStrategyAt('apps/v1', kind, ['spec', 'template', 'spec', 'containers'])).toEqual(byName);
      expect(listStrategyAt('apps/v1', kind, ['spec', 'template', 'spec', 'initContainers'])).toEqual(byName);
    }
    expect(listStrategyAt('batch/v1', 'Job', ['spec', 'template', 'spec', 'containers'])).toEqual(byName);
    expect(listStrategyAt('v1', 'PodTemplate', ['template', 'spec', 'containers'])).toEqual(byName);
  });

  it('keys container ports by containerPort and protocol, defaulting protocol to TCP, and merges them by containerPort', () => {
    expect(listStrategyAt('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'containers', 'ports'])).toEqual({
      kind: 'map', keys: ['containerPort', 'protocol'], patchStrategy: 'merge', mergeKey: 'containerPort', keyDefaults: { protocol: 'TCP' },
    });
    expect(listStrategyAt('v1', 'Pod', ['spec', 'ephemeralContainers', 'ports'])).toMatchObject({ mergeKey: 'containerPort' });
  });

  it('knows the container and pod spec lists kube tags', () => {
    const at = (...p: string[]) => listStrategyAt('v1', 'Pod', ['spec', ...p]);
    expect(at('containers', 'env')).toMatchObject({ kind: 'map', mergeKey: 'name' });
    expect(at('containers', 'envFrom')).toEqual({ kind: 'atomic' });
    expect(at('containers', 'volumeMounts')).toMatchObject({ kind: 'map', mergeKey: 'mountPath', keys: ['mountPath'] });
    expect(at('containers', 'volumeDevices')).toMatchObject({ mergeKey: 'devicePath' });
    expect(at('volumes')).toMatchObject({ kind: 'map', mergeKey: 'name', patchStrategy: 'merge' });
    expect(at('imagePullSecrets')).toMatchObject({ mergeKey: 'name' });
    expect(at('hostAliases')).toMatchObject({ mergeKey: 'ip' });
    expect(at('tolerations')).toEqual({ kind: 'atomic' });
    expect(at('containers', 'command')).toEqual({ kind: 'atomic' });
  });

  it('knows object metadata lists on every kind, including pod template metadata', () => {
    expect(listStrategyAt('v1', 'ConfigMap', ['metadata', 'finalizers'])).toEqual({ kind: 'set', patchStrategy: 'merge' });
    expect(listStrategyAt('apps/v1', 'Deployment', ['metadata', 'ownerReferences'])).toMatchObject({ kind: 'map', keys: ['uid'], mergeKey: 'uid' });
    expect(listStrategyAt('v1', 'Secret', ['metadata', 'managedFields'])).toEqual({ kind: 'atomic' });
    expect(listStrategyAt('apps/v1', 'Deployment', ['spec', 'template', 'metadata', 'finalizers'])).toEqual({ kind: 'set', patchStrategy: 'merge' });
  });

  it('knows kind-specific lists of Pod, Service, Node, ServiceAccount, Endpoints and workloads', () => {
    expect(listStrategyAt('v1', 'Pod', ['status', 'conditions'])).toMatchObject({ kind: 'map', mergeKey: 'type' });
    expect(listStrategyAt('v1', 'Pod', ['status', 'containerStatuses'])).toEqual({ kind: 'atomic' });
    expect(listStrategyAt('v1', 'Service', ['spec', 'ports'])).toMatchObject({ keys: ['port', 'protocol'], mergeKey: 'port' });
    expect(listStrategyAt('v1', 'Endpoints', ['subsets'])).toEqual({ kind: 'atomic' });
    expect(listStrategyAt('v1', 'Node', ['status', 'conditions'])).toMatchObject({ mergeKey: 'type' });
    expect(listStrategyAt('v1', 'Node', ['status', 'addresses'])).toMatchObject({ mergeKey: 'type' });
    expect(listStrategyAt('v1', 'Node', ['spec', 'taints'])).toEqual({ kind: 'atomic' });
    expect(listStrategyAt('v1', 'ServiceAccount', ['secrets'])).toMatchObject({ mergeKey: 'name' });
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) {
      expect(listStrategyAt('apps/v1', kind, ['status', 'conditions'])).toMatchObject({ kind: 'map', keys: ['type'], mergeKey: 'type' });
    }
    expect(listStrategyAt('apps/v1', 'StatefulSet', ['spec', 'volumeClaimTemplates'])).toEqual({ kind: 'atomic' });
  });

  it('treats unknown lists and unknown kinds as atomic', () => {
    expect(listStrategyAt('v1', 'ConfigMap', ['data', 'whatever'])).toEqual({ kind: 'atomic' });
    expect(listStrategyAt('example.com/v1', 'Widget', ['spec', 'containers'])).toEqual({ kind: 'atomic' });
    // A Pod's containers live at spec.containers, not under a template.
    expect(listStrategyAt('v1', 'Pod', ['spec', 'template', 'spec', 'containers'])).toEqual({ kind: 'atomic' });
  });
});

describe('mapStrategyAt', () => {
  it('marks the deployment strategy and pod volumes as retainKeys maps', () => {
    expect(mapStrategyAt('apps/v1', 'Deployment', ['spec', 'strategy'])).toBe('retainKeys');
    expect(mapStrategyAt('apps/v1', 'Deployment', ['spec', 'template', 'spec', 'volumes'])).toBe('retainKeys');
    expect(mapStrategyAt('v1', 'Pod', ['spec', 'volumes'])).toBe('retainKeys');
    expect(mapStrategyAt('apps/v1', 'Deployment', ['spec', 'template'])).toBeUndefined();
  });
});

describe('isAtomicMapAt', () => {
  it('treats label selectors, service selectors, node selectors and owner references as atomic', () => {
    expect(isAtomicMapAt('apps/v1', 'Deployment', ['spec', 'selector'])).toBe(true);
    expect(isAtomicMapAt('v1', 'Pod', ['metadata', 'ownerReferences'])).toBe(true);
    expect(isAtomicMapAt('v1', 'Service', ['spec', 'selector'])).toBe(true);
    expect(isAtomicMapAt('v1', 'Pod', ['spec', 'nodeSelector'])).toBe(true);
    expect(isAtomicMapAt('apps/v1', 'DaemonSet', ['spec', 'template', 'spec', 'nodeSelector'])).toBe(true);
  });

  it('leaves ordinary maps granular', () => {
    expect(isAtomicMapAt('v1', 'Pod', ['metadata', 'labels'])).toBe(false);
    expect(isAtomicMapAt('v1', 'ConfigMap', ['data'])).toBe(false);
  });
});
