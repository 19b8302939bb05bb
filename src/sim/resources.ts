/**
 * Every kind the simulated API server serves: the facts discovery, routing, storage and
 * OpenAPI need about each (group/version, plural and singular names, scope, verbs, short
 * names, subresources). One table so that discovery can never disagree with routing.
 */

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';
export type Subresource = 'status' | 'scale';

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, as in the URL
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** Stored in the cluster's object store (false for the read-only metrics API, computed on the fly). */
  stored: boolean;
}

const ALL: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ: Verb[] = ['get', 'list'];

function rt(
  group: string, version: string, resource: string, kind: string, namespaced: boolean,
  extra: Partial<Pick<ResourceType, 'verbs' | 'shortNames' | 'categories' | 'subresources' | 'stored' | 'singular'>> = {},
): ResourceType {
  return {
    group, version, resource, kind, namespaced,
    singular: extra.singular ?? kind.toLowerCase(),
    listKind: `${kind}List`,
    verbs: extra.verbs ?? ALL,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    subresources: extra.subresources ?? [],
    stored: extra.stored ?? true,
  };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  rt('', 'v1', 'namespaces', 'Namespace', false, { shortNames: ['ns'], subresources: ['status'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  rt('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], subresources: ['status'] }),
  rt('', 'v1', 'pods', 'Pod', true, { shortNames: ['po'], categories: ['all'], subresources: ['status'] }),
  rt('', 'v1', 'services', 'Service', true, { shortNames: ['svc'], categories: ['all'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  rt('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  rt('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  rt('', 'v1', 'secrets', 'Secret', true),
  rt('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  rt('', 'v1', 'serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  rt('apps', 'v1', 'deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'] }),
  rt('apps', 'v1', 'replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'] }),
  rt('apps', 'v1', 'statefulsets', 'StatefulSet', true, { shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'] }),
  rt('apps', 'v1', 'daemonsets', 'DaemonSet', true, { shortNames: ['ds'], categories: ['all'], subresources: ['status'] }),
  rt('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  rt('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  rt('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  rt('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  rt('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  rt('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  rt('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
  rt('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, { shortNames: ['pdb'], subresources: ['status'] }),
  rt('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  rt('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false, { verbs: READ, stored: false, singular: '' }),
  rt('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true, { verbs: READ, stored: false, singular: '' }),
];

/** The store key of a resource type: `group/resource` ("/pods", "apps/deployments"). */
export function storeKey(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return `${t.group}/${t.resource}`;
}

export function groupVersion(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

const byGvr = new Map<string, ResourceType>();
const byKind = new Map<string, ResourceType>();
for (const t of RESOURCE_TYPES) {
  byGvr.set(`${t.group}/${t.version}/${t.resource}`, t);
  byKind.set(`${groupVersion(t)}/${t.kind}`, t);
}

export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return byGvr.get(`${group}/${version}/${resource}`);
}

/** By apiVersion ("v1", "apps/v1") and kind ("Deployment"). */
export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}

/** Shorthands for code that names a stored type directly. */
export const R = {
  namespaces: mustFind('', 'v1', 'namespaces'),
  nodes: mustFind('', 'v1', 'nodes'),
  pods: mustFind('', 'v1', 'pods'),
  services: mustFind('', 'v1', 'services'),
  endpoints: mustFind('', 'v1', 'endpoints'),
  endpointslices: mustFind('discovery.k8s.io', 'v1', 'endpointslices'),
  configmaps: mustFind('', 'v1', 'configmaps'),
  secrets: mustFind('', 'v1', 'secrets'),
  events: mustFind('', 'v1', 'events'),
  serviceaccounts: mustFind('', 'v1', 'serviceaccounts'),
  deployments: mustFind('apps', 'v1', 'deployments'),
  replicasets: mustFind('apps', 'v1', 'replicasets'),
  statefulsets: mustFind('apps', 'v1', 'statefulsets'),
  daemonsets: mustFind('apps', 'v1', 'daemonsets'),
  controllerrevisions: mustFind('apps', 'v1', 'controllerrevisions'),
  leases: mustFind('coordination.k8s.io', 'v1', 'leases'),
  poddisruptionbudgets: mustFind('policy', 'v1', 'poddisruptionbudgets'),
  nodeMetrics: mustFind('metrics.k8s.io', 'v1beta1', 'nodes'),
  podMetrics: mustFind('metrics.k8s.io', 'v1beta1', 'pods'),
} as const;

function mustFind(group: string, version: string, resource: string): ResourceType {
  const t = byGvr.get(`${group}/${version}/${resource}`);
  if (!t) throw new Error(`resource table has no ${group}/${version}/${resource}`);
  return t;
}
