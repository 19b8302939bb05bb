import { describe, expect, it } from 'vitest';
import { humanDuration, toTable } from '../../../../src/sim/api/table.ts';
import { R, findResource } from '../../../../src/sim/resources.ts';
import type { ResourceType } from '../../../../src/sim/resources.ts';
import type { KObject } from '../../../../src/sim/types.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString();

function obj(kind: string, name: string, createdSecondsAgo: number, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: ago(createdSecondsAgo), ...meta }, ...rest } as KObject;
}

interface Table { kind: string; apiVersion: string; metadata: Record<string, unknown>; columnDefinitions: { name: string; priority: number; type: string; format: string }[]; rows: { cells: unknown[]; object?: Record<string, unknown>; conditions?: unknown[] }[] }
const table = (type: ResourceType, objects: KObject[], extra: Partial<Parameters<typeof toTable>[2]> = {}): Table => toTable(type, objects, { now: NOW, ...extra }) as unknown as Table;
const cells = (type: ResourceType, o: KObject): unknown[] => table(type, [o]).rows[0]?.cells ?? [];
const columns = (type: ResourceType): string[] => table(type, []).columnDefinitions.map((c) => (c.priority === 1 ? `${c.name}*` : c.name));

const running = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'nginx', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: ago(300) } }, lastState: {}, ...extra });

describe('humanDuration', () => {
  it('prints spans the way kubectl shows ages', () => {
    const cases: [number, string][] = [
      [-5, '<invalid>'], [-1, '0s'], [0, '0s'], [45, '45s'], [119, '119s'], [120, '2m'], [310, '5m10s'], [600, '10m'], [900, '15m'],
      [3 * 3600 + 5 * 60, '3h5m'], [5 * 3600, '5h'], [30 * 3600, '30h'], [51 * 3600, '2d3h'], [3 * 86400, '3d'], [100 * 86400, '100d'],
      [(4 * 365 + 12) * 86400, '4y12d'], [9 * 365 * 86400, '9y'],
    ];
    for (const [s, text] of cases) expect(humanDuration(s * 1000)).toBe(text);
  });
});

describe('table envelope', () => {
  it('is a meta.k8s.io/v1 Table carrying the list metadata', () => {
    const t = table(R.configmaps, [], { listMeta: { resourceVersion: '42', continue: 'abc', remainingItemCount: 3 } });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '42', continue: 'abc', remainingItemCount: 3 });
    expect(t.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
  });

  it('embeds partial object metadata by default, the object on request, or nothing', () => {
    const cm = obj('ConfigMap', 'cfg', 10, { data: { a: '1' } });
    expect(table(R.configmaps, [cm]).rows[0]?.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata });
    expect(table(R.configmaps, [cm], { includeObject: 'Object' }).rows[0]?.object).toBe(cm);
    expect(table(R.configmaps, [cm], { includeObject: 'None' }).rows[0]).toEqual({ cells: ['cfg', 1, '10s'] });
  });
});

describe('pod rows', () => {
  it('has kube\'s pod columns, the wide ones at priority 1', () => {
    expect(columns(R.pods)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP*', 'Node*', 'Nominated Node*', 'Readiness Gates*']);
  });

  it('shows a running pod', () => {
    const pod = obj('Pod', 'web-1', 310, {
      spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'nginx' }] },
      status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('app')] },
    });
    expect(cells(R.pods, pod)).toEqual(['web-1', '1/1', 'Running', '0', '5m10s', '10.244.1.5', 'node-a', '<none>', '<none>']);
  });

  it('shows a crash-looping pod with its restarts and when it last restarted', () => {
    const pod = obj('Pod', 'web-2', 3600, {
      spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'nginx' }] },
      status: {
        phase: 'Running', podIP: '10.244.1.6',
        containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(25) } } }],
      },
    });
    expect(cells(R.pods, pod).slice(0, 5)).toEqual(['web-2', '0/1', 'CrashLoopBackOff', '3 (25s ago)', '60m']);
  });

  it('shows a pending pod that is not yet scheduled', () => {
    const pod = obj('Pod', 'web-3', 5, { spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'side', image: 'envoy' }] }, status: { phase: 'Pending' } });
    expect(cells(R.pods, pod)).toEqual(['web-3', '0/2', 'Pending', '0', '5s', '<none>', '<none>', '<none>', '<none>']);
  });

  it('shows the waiting reason of a pod whose containers are being created', () => {
    const pod = obj('Pod', 'web-4', 5, {
      spec: { nodeName: 'n', containers: [{ name: 'app', image: 'nginx' }] },
      status: { phase: 'Pending', containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} }] },
    });
    expect(cells(R.pods, pod)[2]).toBe('ContainerCreating');
  });

  it('shows a finished pod as Completed and marks the row completed', () => {
    const pod = obj('Pod', 'job-1', 100, {
      spec: { containers: [{ name: 'app', image: 'busybox' }] },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } }, lastState: {} }] },
    });
    const row = table(R.pods, [pod]).rows[0];
    expect(row?.cells.slice(1, 3)).toEqual(['0/1', 'Completed']);
    expect(row?.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  });

  it('shows a pod being deleted as Terminating', () => {
    const pod = obj('Pod', 'web-5', 100, { spec: { containers: [{ name: 'app', image: 'nginx' }] }, status: { phase: 'Running', containerStatuses: [running('app')] } }, { deletionTimestamp: ago(1) });
    expect(cells(R.pods, pod)[2]).toBe('Terminating');
  });

  it('shows init container progress', () => {
    const pod = obj('Pod', 'web-6', 10, {
      spec: { initContainers: [{ name: 'migrate', image: 'x' }], containers: [{ name: 'app', image: 'nginx' }] },
      status: { phase: 'Pending', initContainerStatuses: [{ name: 'migrate', image: 'x', imageID: '', ready: false, restartCount: 0, state: { running: {} }, lastState: {} }] },
    });
    expect(cells(R.pods, pod)[2]).toBe('Init:0/1');
  });
});

describe('workload rows', () => {
  const deployment = obj('Deployment', 'web', 900, {
    apiVersion: 'apps/v1',
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'fluent' }] } } },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
  });

  it('shows a deployment', () => {
    expect(columns(R.deployments)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(cells(R.deployments, deployment)).toEqual(['web', '2/3', 3, 2, '15m', 'app,log', 'nginx:1.27,fluent', 'app=web']);
  });

  it('shows replica sets, stateful sets and daemon sets', () => {
    const rs = obj('ReplicaSet', 'web-abc', 60, { spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'app', image: 'nginx' }] } } }, status: { replicas: 2, readyReplicas: 1 } });
    expect(cells(R.replicasets, rs)).toEqual(['web-abc', 2, 2, 1, '60s', 'app', 'nginx', 'app=web']);
    const sts = obj('StatefulSet', 'db', 60, { spec: { replicas: 3, template: { spec: { containers: [{ name: 'pg', image: 'postgres' }] } } }, status: { replicas: 3, readyReplicas: 1 } });
    expect(cells(R.statefulsets, sts)).toEqual(['db', '1/3', '60s', 'pg', 'postgres']);
    const ds = obj('DaemonSet', 'agent', 60, {
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'a', image: 'agent' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0 },
    });
    expect(columns(R.daemonsets)).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expect(cells(R.daemonsets, ds)).toEqual(['agent', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '60s', 'a', 'agent', 'app=agent']);
  });

  it('names the controller of a controller revision', () => {
    const cr = obj('ControllerRevision', 'db-5d4', 60, { revision: 2 }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'x', controller: true }] });
    expect(cells(R.controllerrevisions, cr)).toEqual(['db-5d4', 'statefulset.apps/db', 2, '60s']);
  });
});

describe('service rows', () => {
  const lb = (ingress?: { ip?: string; hostname?: string }[]) => obj('Service', 'web', 120, {
    spec: { type: 'LoadBalancer', clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' }] },
    status: { loadBalancer: ingress ? { ingress } : {} },
  });

  it('has kube\'s service columns', () => {
    expect(columns(R.services)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector*']);
  });

  it('shows a load balancer still waiting for its address as <pending>', () => {
    expect(cells(R.services, lb())).toEqual(['web', 'LoadBalancer', '10.96.0.20', '<pending>', '80:30080/TCP,443:30443/TCP', '2m', 'app=web']);
  });

  it('shows the ingress addresses of a provisioned load balancer, sorted', () => {
    expect(cells(R.services, lb([{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }]))[3]).toBe('203.0.113.9,lb.example.com');
  });

  it('shows a ClusterIP service without external address, and a headless one', () => {
    const svc = obj('Service', 'api', 30, { spec: { type: 'ClusterIP', clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: [{ port: 8080, protocol: 'TCP' }] } });
    expect(cells(R.services, svc)).toEqual(['api', 'ClusterIP', '10.96.0.5', '<none>', '8080/TCP', '30s', '<none>']);
    const headless = obj('Service', 'db', 30, { spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] } });
    expect(cells(R.services, headless).slice(2, 5)).toEqual(['None', '<none>', '<none>']);
  });

  it('lists at most three endpoints', () => {
    const ep = obj('Endpoints', 'web', 30, { subsets: [{ addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip })), ports: [{ port: 80 }] }] });
    expect(cells(R.endpoints, ep)).toEqual(['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...', '30s']);
    expect(cells(R.endpoints, obj('Endpoints', 'none', 30))[1]).toBe('<none>');
  });
});

describe('event rows', () => {
  const event = obj('Event', 'web-1.17a', 600, {
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff', message: 'Back-off restarting failed container\n', type: 'Warning', count: 7,
    source: { component: 'kubelet', host: 'node-a' }, firstTimestamp: ago(600), lastTimestamp: ago(25),
  });

  it('has kube\'s event columns', () => {
    expect(columns(R.events)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*']);
  });

  it('shows an event with its object, source and counts', () => {
    expect(cells(R.events, event)).toEqual(['25s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{app}', 'kubelet, node-a', 'Back-off restarting failed container', '10m', 7, 'web-1.17a']);
  });

  it('falls back to the event time and counts a new-style event once', () => {
    const ev = obj('Event', 'e2', 60, { involvedObject: { kind: 'Node' }, reason: 'Starting', type: 'Normal', eventTime: ago(40), reportingComponent: 'kube-proxy', reportingInstance: 'node-a' });
    expect(cells(R.events, ev)).toEqual(['40s', 'Normal', 'Starting', 'node', '', 'kube-proxy, node-a', '', '40s', 1, 'e2']);
  });
});

describe('other rows', () => {
  it('shows node status, roles and system info', () => {
    const node = obj('Node', 'cp-1', 86400 * 3, {
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'cp-1' }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Ubuntu 24.04', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://1.7.0' },
      },
    }, { namespace: undefined, labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': '' } });
    expect(cells(R.nodes, node)).toEqual(['cp-1', 'Ready,SchedulingDisabled', 'control-plane,etcd', '3d', 'v1.32.0', '172.18.0.2', '<none>', 'Ubuntu 24.04', '6.8.0', 'containerd://1.7.0']);
    const bare = obj('Node', 'w', 10, { spec: {}, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
    expect(cells(R.nodes, bare).slice(1, 3)).toEqual(['NotReady', '<none>']);
  });

  it('counts config map and secret data and shows namespace phases', () => {
    expect(cells(R.configmaps, obj('ConfigMap', 'c', 1, { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }))).toEqual(['c', 3, '1s']);
    expect(cells(R.secrets, obj('Secret', 's', 1, { type: 'Opaque', data: { a: 'eA==' } }))).toEqual(['s', 'Opaque', 1, '1s']);
    expect(cells(R.namespaces, obj('Namespace', 'shop', 1, { status: { phase: 'Terminating' } }))).toEqual(['shop', 'Terminating', '1s']);
    expect(cells(R.serviceaccounts, obj('ServiceAccount', 'default', 1))).toEqual(['default', 0, '1s']);
    expect(cells(R.leases, obj('Lease', 'kube-scheduler', 1, { spec: { holderIdentity: 'cp-1_abc' } }))).toEqual(['kube-scheduler', 'cp-1_abc', '1s']);
  });

  it('shows role bindings with their subjects in the wide columns', () => {
    const type = findResource('rbac.authorization.k8s.io', 'v1', 'rolebindings');
    if (!type) throw new Error('no rolebindings');
    const rb = obj('RoleBinding', 'read', 60, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', name: 'ann' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'bot', namespace: 'shop' }, { kind: 'User', name: 'bob' }],
    });
    expect(cells(type, rb)).toEqual(['read', 'Role/reader', '60s', 'ann, bob', 'devs', 'shop/bot']);
  });

  it('prints anything without a printer as Name and Created At', () => {
    const type = findResource('rbac.authorization.k8s.io', 'v1', 'roles');
    if (!type) throw new Error('no roles');
    expect(table(type, []).columnDefinitions.map((c) => [c.name, c.type])).toEqual([['Name', 'string'], ['Created At', 'date']]);
    expect(cells(type, obj('Role', 'reader', 65))).toEqual(['reader', '2024-06-01T11:58:55Z']);
  });
});
