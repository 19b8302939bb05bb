/**
 * What a freshly installed cluster already holds before anyone uses it: the four system
 * namespaces with their default ServiceAccounts and root-CA ConfigMaps, worker Nodes named
 * `<cluster>-node-1..n` with the full status a kubelet reports (capacity and allocatable,
 * conditions, addresses, node info, topology labels), their Leases in kube-node-lease, and the
 * `kubernetes` Service in default with its Endpoints.
 */
import { ApiError } from '../api/ApiError.ts';
import { ROOT_CA_PEM } from '../controllers/namespaceController.ts';
import { bytesOf } from '../metrics/quantity.ts';
import type { Registry } from '../registry/Registry.ts';
import { R, type ResourceType } from '../resources.ts';
import type { KObjectInput } from '../types.ts';

export interface BootstrapOptions {
  clusterName: string;
  /** Worker nodes. */
  nodes: number;
  /** @default '4' */
  nodeCpu?: string;
  /** @default '16Gi' */
  nodeMemory?: string;
  /** @default 110 */
  maxPodsPerNode?: number;
  /** @default 'v1.32.4' */
  kubeletVersion?: string;
  /** Cluster labels; `region` / `zone` (or their topology.kubernetes.io forms) become node topology labels. */
  labels?: Record<string, string>;
}

export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
/** The address the `kubernetes` Service's Endpoints point at (the control plane, not a node). */
export const API_SERVER_IP = '172.18.0.2';

/** Name of worker node `i` (1-based). */
export function nodeName(clusterName: string, i: number): string {
  return `${clusterName}-node-${i}`;
}

function createIfMissing(registry: Registry, type: ResourceType, body: KObjectInput, fieldManager: string): void {
  try {
    registry.create(type, body, { fieldManager });
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
  }
}

function nodeBody(registry: Registry, opts: BootstrapOptions, i: number): KObjectInput {
  const name = nodeName(opts.clusterName, i);
  const cpu = opts.nodeCpu ?? '4';
  const memKi = Math.floor(bytesOf(opts.nodeMemory ?? '16Gi') / 1024);
  const pods = String(opts.maxPodsPerNode ?? 110);
  const now = registry.clock.timestamp();
  const labels = opts.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels.region;
  const zone = labels['topology.kubernetes.io/zone'] ?? labels.zone ?? (region ? `${region}-${'abc'[(i - 1) % 3]}` : undefined);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message,
  });
  const hugepages = { 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' };
  return {
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(region ? { 'topology.kubernetes.io/region': region } : {}),
        ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`], providerID: `sim://${opts.clusterName}/${name}` },
    status: {
      capacity: { cpu, 'ephemeral-storage': '102626232Ki', ...hugepages, memory: `${memKi}Ki`, pods },
      // The kubelet reserves the eviction threshold (100Mi) and a little disk.
      allocatable: { cpu, 'ephemeral-storage': '94580335255', ...hugepages, memory: `${Math.max(memKi - 102400, Math.floor(memKi / 2))}Ki`, pods },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: `172.18.0.${i + 2}` }, { type: 'Hostname', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: registry.random.uuid(),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.1.0-31-cloud-amd64',
        kubeletVersion: opts.kubeletVersion ?? 'v1.32.4',
        // Deprecated but still set by a 1.32 kubelet; clients' models (Python's) require it.
        kubeProxyVersion: opts.kubeletVersion ?? 'v1.32.4',
        machineID: registry.random.hex(32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: registry.random.uuid(),
      },
    },
  };
}

export function bootstrapCluster(registry: Registry, opts: BootstrapOptions): void {
  if (!Number.isInteger(opts.nodes) || opts.nodes < 0) throw new Error(`bootstrapCluster: nodes must be a whole number >= 0, got ${opts.nodes}`);
  for (const ns of SYSTEM_NAMESPACES) {
    createIfMissing(registry, R.namespaces, { metadata: { name: ns } }, 'kube-apiserver');
    createIfMissing(registry, R.serviceaccounts, { metadata: { name: 'default', namespace: ns } }, 'kube-controller-manager');
    createIfMissing(registry, R.configmaps, { metadata: { name: 'kube-root-ca.crt', namespace: ns }, data: { 'ca.crt': ROOT_CA_PEM } }, 'kube-controller-manager');
  }
  for (let i = 1; i <= opts.nodes; i++) {
    const node = registry.create(R.nodes, nodeBody(registry, opts, i), { fieldManager: 'kubelet' });
    createIfMissing(registry, R.leases, {
      metadata: {
        name: node.metadata.name, namespace: 'kube-node-lease',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }],
      },
      spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: 40, renewTime: registry.clock.microTimestamp() },
    }, 'kubelet');
  }
  createIfMissing(registry, R.services, {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', sessionAffinity: 'None', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  }, 'kube-apiserver');
  createIfMissing(registry, R.endpoints, {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: API_SERVER_IP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  }, 'kube-apiserver');
  // kube-apiserver keeps the EndpointSlice of its own Service too (named like the Service).
  createIfMissing(registry, R.endpointslices, {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [API_SERVER_IP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  }, 'kube-apiserver');
}
