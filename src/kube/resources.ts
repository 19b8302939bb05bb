/**
 * The Kubernetes resources the fleet graph reads, with where each lives in the API. The
 * `name` is how upstream calls are counted and labelled on /metrics.
 */
export interface ResourceType {
  name: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  kind: string;
}

function resource(group: string, version: string, plural: string, kind: string, namespaced: boolean, name = plural): ResourceType {
  return { name, group, version, plural, kind, namespaced };
}

export const RESOURCES = {
  nodes: resource('', 'v1', 'nodes', 'Node', false),
  namespaces: resource('', 'v1', 'namespaces', 'Namespace', false),
  pods: resource('', 'v1', 'pods', 'Pod', true),
  services: resource('', 'v1', 'services', 'Service', true),
  configmaps: resource('', 'v1', 'configmaps', 'ConfigMap', true),
  secrets: resource('', 'v1', 'secrets', 'Secret', true),
  events: resource('', 'v1', 'events', 'Event', true),
  deployments: resource('apps', 'v1', 'deployments', 'Deployment', true),
  statefulsets: resource('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  daemonsets: resource('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  replicasets: resource('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  nodeMetrics: resource('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false, 'nodes.metrics.k8s.io'),
  podMetrics: resource('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true, 'pods.metrics.k8s.io'),
} as const satisfies Record<string, ResourceType>;

export type ResourceName = keyof typeof RESOURCES;

/** The collection path: `/api/v1/pods`, `/apis/apps/v1/namespaces/shop/deployments`. */
export function collectionPath(type: ResourceType, namespace?: string | null): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${type.plural}`;
}
