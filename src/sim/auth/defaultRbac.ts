/**
 * The bootstrap RBAC objects kube-apiserver writes at start (the part of
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy a client meets), seeded into a simulated
 * cluster with `rbac: true` so it behaves as a fresh real cluster: `cluster-admin` bound to
 * `system:masters`, discovery, public info and the self-reviews (`kubectl auth can-i`) open to
 * every authenticated user. The controller and node roles are left out: nothing in the simulator
 * authenticates as them.
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
  for (const [name, groups] of Object.entries(BINDINGS)) {
    registry.create(clusterRoleBindings, {
      metadata: metadata(name),
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name },
      subjects: groups.map((g) => ({ apiGroup: RBAC, kind: 'Group', name: g })),
    }, { fieldManager: 'kube-apiserver' });
  }
}
