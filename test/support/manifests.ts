/**
 * Kubernetes objects for test set-ups (namespaces, ConfigMaps, a Deployment, RBAC), written once
 * here and written as one multi-document YAML manifest, so a test says what it sets up, not how
 * YAML spells it. (YAML, not JSON documents: kubectl reads a stream whose first document is JSON
 * as a JSON stream, and would not split it at `---`.)
 */
import { stringify } from 'yaml';

type Doc = Record<string, unknown>;

/** The objects as one manifest, `---` between documents. */
export function manifests(...objects: Doc[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

export const namespace = (name: string): Doc => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

export const configMap = (namespace: string, name: string, data: Record<string, string> = {}): Doc =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });

/** A Secret with its values base64-encoded, as `data` carries them. */
export const secret = (namespace: string, name: string, values: Record<string, string>): Doc => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace },
  data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});

/** A one-replica nginx Deployment labelled app=NAME. */
export const deployment = (namespace: string, name: string): Doc => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: {
    replicas: 1, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx' }] } },
  },
});

export interface Rule { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }
export const rule = (apiGroups: string[], resources: string[], verbs: string[]): Rule => ({ apiGroups, resources, verbs });

const RBAC = 'rbac.authorization.k8s.io/v1';
export const role = (namespace: string, name: string, rules: Rule[]): Doc => ({ apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules });
export const clusterRole = (name: string, rules: Rule[]): Doc => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules });

export interface Subject { kind: 'User' | 'Group'; name: string; apiGroup: string }
export const user = (name: string): Subject => ({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' });
export const group = (name: string): Subject => ({ kind: 'Group', name, apiGroup: 'rbac.authorization.k8s.io' });

const roleRef = (kind: 'Role' | 'ClusterRole', name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
/** A RoleBinding in `namespace` of a Role (or, with `kind: 'ClusterRole'`, a ClusterRole) to the subjects. */
export const roleBinding = (namespace: string, name: string, to: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: Subject[]): Doc =>
  ({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: roleRef(to.kind, to.name), subjects });
export const clusterRoleBinding = (name: string, clusterRoleName: string, subjects: Subject[]): Doc =>
  ({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: roleRef('ClusterRole', clusterRoleName), subjects });
