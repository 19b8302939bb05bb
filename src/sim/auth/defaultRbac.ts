/**
 * The bootstrap RBAC objects kube-apiserver writes at start (the part of
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy a client meets), seeded into a simulated
 * cluster with `rbac: true` so it behaves as a fresh real cluster: `cluster-admin` bound to
 * `system:masters`, discovery, public info and the self-reviews (`kubectl auth can-i`) open to
 * every authenticated user, and the user-facing `view`, `edit` and `admin` roles aggregated from
 * their `system:aggregate-to-*` parts (rules trimmed to the kinds the simulator serves, plus the
 * subresources kubectl asks about). The controller and node roles are left out: nothing in the
 * simulator authenticates as them.
 */
import type { Registry } from '../registry/Registry.ts';
import { findResource } from '../resources.ts';
import type { PolicyRule } from './rbacRules.ts';

const RBAC = 'rbac.authorization.k8s.io';
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

const ROLES: Record<string, PolicyRule[]> = {
  'cluster-admin': [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['*'], nonResourceURLs: ['*'] },
  ],
  'system:discovery': [
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  ],
  'system:basic-user': [
    { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  ],
  'system:public-info-viewer': [
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
  ],
};

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const AGGREGATE = 'rbac.authorization.k8s.io/aggregate-to-';

/** The parts `view`, `edit` and `admin` aggregate, with the labels that select them. */
const AGGREGATED_PARTS: Record<string, { label: string; rules: PolicyRule[] }> = {
  'system:aggregate-to-view': {
    label: 'view',
    rules: [
      { verbs: READ, apiGroups: [''], resources: ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'pods/log', 'pods/status', 'replicationcontrollers', 'serviceaccounts', 'services', 'services/status', 'events', 'namespaces/status', 'resourcequotas', 'limitranges'] },
      { verbs: READ, apiGroups: [''], resources: ['namespaces'] },
      { verbs: READ, apiGroups: ['apps'], resources: ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'] },
      { verbs: READ, apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'] },
    ],
  },
  'system:aggregate-to-edit': {
    label: 'edit',
    rules: [
      { verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] },
      { verbs: [...READ, ...WRITE], apiGroups: [''], resources: ['secrets'] },
      { verbs: WRITE, apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'configmaps', 'endpoints', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'serviceaccounts', 'services'] },
      { verbs: WRITE, apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'] },
    ],
  },
  'system:aggregate-to-admin': {
    label: 'admin',
    rules: [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'] },
      { verbs: [...READ, ...WRITE], apiGroups: [RBAC], resources: ['rolebindings', 'roles'] },
    ],
  },
};

/** The aggregated roles, each also labelled into the next (view into edit, edit into admin) as kube labels them. */
const AGGREGATED_ROLES: Record<string, string | undefined> = { view: 'edit', edit: 'admin', admin: undefined };

const BINDINGS: Record<string, string[]> = {
  'cluster-admin': ['system:masters'],
  'system:discovery': ['system:authenticated'],
  'system:basic-user': ['system:authenticated'],
  'system:public-info-viewer': ['system:authenticated', 'system:unauthenticated'],
};

export function seedDefaultRbac(registry: Registry): void {
  const clusterRoles = findResource(RBAC, 'v1', 'clusterroles')!;
  const clusterRoleBindings = findResource(RBAC, 'v1', 'clusterrolebindings')!;
  const metadata = (name: string) => ({ name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } });
  for (const [name, rules] of Object.entries(ROLES)) {
    registry.create(clusterRoles, { metadata: metadata(name), rules }, { fieldManager: 'kube-apiserver' });
  }
  for (const [name, part] of Object.entries(AGGREGATED_PARTS)) {
    const m = metadata(name);
    registry.create(clusterRoles, { metadata: { ...m, labels: { ...m.labels, [`${AGGREGATE}${part.label}`]: 'true' } }, rules: part.rules }, { fieldManager: 'kube-apiserver' });
  }
  for (const [name, into] of Object.entries(AGGREGATED_ROLES)) {
    const m = metadata(name);
    registry.create(clusterRoles, {
      metadata: { ...m, labels: { ...m.labels, ...(into ? { [`${AGGREGATE}${into}`]: 'true' } : {}) } },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGGREGATE}${name}`]: 'true' } }] },
      rules: [],
    }, { fieldManager: 'kube-apiserver' });
  }
  for (const [name, groups] of Object.entries(BINDINGS)) {
    registry.create(clusterRoleBindings, {
      metadata: metadata(name),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
      subjects: groups.map((g) => ({ apiGroup: RBAC, kind: 'Group', name: g })),
    }, { fieldManager: 'kube-apiserver' });
  }
}
