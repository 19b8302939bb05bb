/**
 * A cluster's configuration as a clean, re-appliable YAML bundle (the seed's backup): the
 * chosen kinds in the chosen namespaces, each object without what the server set (uid,
 * resourceVersion, managedFields, timestamps, status, owner references, a Service's cluster
 * IPs), so `apply` of the bundle to any cluster recreates equal objects. Restore is `apply`.
 *
 * Secret values are a security decision: without `includeSecrets` a Secret is exported with
 * its keys and empty values, so the bundle never carries a credential unless asked to; with it,
 * the gateway policy must give the caller `secrets` there (FleetOps, checkSecretAccess.ts) and
 * the cluster must let the caller `get` each exported Secret (secretsReadable.ts).
 */
import { stringify } from 'yaml';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { RestMapper } from './RestMapper.ts';
import { checkSecretsReadable } from './secretsReadable.ts';

/** What an export can hold, in the order the bundle lists them (apply's order: Namespaces first). */
export const EXPORT_KINDS: ReadonlyArray<{ kind: string; apiVersion: string }> = [
  { kind: 'Namespace', apiVersion: 'v1' },
  { kind: 'ServiceAccount', apiVersion: 'v1' },
  { kind: 'Secret', apiVersion: 'v1' },
  { kind: 'ConfigMap', apiVersion: 'v1' },
  { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1' },
  { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1' },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1' },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1' },
  { kind: 'Service', apiVersion: 'v1' },
  { kind: 'Deployment', apiVersion: 'apps/v1' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1' },
];

/** Namespaces the cluster runs itself: left out unless named. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'ownerReferences'];
const SERVER_ANNOTATIONS = ['deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/last-applied-configuration'];

export interface ExportOptions {
  /** Namespaces to export; absent: every namespace but the cluster's own (kube-system, kube-public, kube-node-lease). */
  namespaces?: readonly string[] | null;
  /** Kinds to export (names from EXPORT_KINDS); absent: all of them. */
  kinds?: readonly string[] | null;
  labelSelector?: string | null;
  /** Secret values in the bundle. @default false: keys with empty values */
  includeSecrets?: boolean | null;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

export interface ExportBundle {
  yaml: string;
  objects: ObjectRef[];
}

export type KObject = Record<string, unknown> & { metadata?: Record<string, unknown> & { name?: string; namespace?: string; annotations?: Record<string, string>; ownerReferences?: unknown[]; deletionTimestamp?: string } };

export async function exportCluster(client: ClusterClient, mapper: RestMapper, options: ExportOptions = {}): Promise<ExportBundle> {
  const kinds = EXPORT_KINDS.filter((k) => !options.kinds || options.kinds.includes(k.kind));
  const nsType = await mapper.map(client, 'v1', 'Namespace');
  const allNamespaces = (await client.list<KObject>(nsType)).map((n) => n.metadata?.name ?? '').filter((n) => n !== '');
  const namespaces = options.namespaces ? allNamespaces.filter((n) => options.namespaces?.includes(n)) : allNamespaces.filter((n) => !SYSTEM_NAMESPACES.has(n));
  const wanted = new Set(namespaces);
  const docs: Array<{ ref: ObjectRef; object: KObject }> = [];
  for (const { kind, apiVersion } of kinds) {
    const type = await mapper.map(client, apiVersion, kind);
    let items = (await client.list<KObject>(type, { labelSelector: options.labelSelector ?? null }));
    items = items.filter((o) => madeByUsers(kind, o) && (type.namespaced ? wanted.has(o.metadata?.namespace ?? '') : kind !== 'Namespace' || wanted.has(o.metadata?.name ?? '')));
    items.sort((a, b) => `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`.localeCompare(`${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`));
    // Values only for Secrets the cluster lets this caller `get` (a LIST is not enough): else FORBIDDEN, not empty values.
    // Without a caller (authentication off, loopback only) the gateway reads as itself, and its own LIST decided.
    if (kind === 'Secret' && options.includeSecrets === true && items.length > 0 && client.actingAs) {
      await checkSecretsReadable(client, items.map((o) => ({ namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '' })));
    }
    for (const o of items) {
      const object = clean(o, apiVersion, kind, options.includeSecrets === true);
      docs.push({ ref: { apiVersion, kind, namespace: type.namespaced ? (o.metadata?.namespace ?? null) : null, name: o.metadata?.name ?? '' }, object });
    }
  }
  return {
    yaml: docs.map((d) => stringify(d.object, { lineWidth: 0 })).join('---\n'),
    objects: docs.map((d) => d.ref),
  };
}

/** False for objects a cluster makes for itself, which a restore (or a copy) must not fight over. */
export function madeByUsers(kind: string, o: KObject): boolean {
  const name = o.metadata?.name ?? '';
  if (o.metadata?.deletionTimestamp) return false;
  if ((o.metadata?.ownerReferences?.length ?? 0) > 0) return false;
  if (kind === 'ServiceAccount' && name === 'default') return false;
  if (kind === 'ConfigMap' && name === 'kube-root-ca.crt') return false;
  if (kind === 'Secret' && o.type === 'kubernetes.io/service-account-token') return false;
  if ((kind === 'ClusterRole' || kind === 'ClusterRoleBinding' || kind === 'Role' || kind === 'RoleBinding') && name.startsWith('system:')) return false;
  if (kind === 'Service' && name === 'kubernetes' && o.metadata?.namespace === 'default') return false;
  return true;
}

export function clean(o: KObject, apiVersion: string, kind: string, includeSecrets: boolean): KObject {
  const { status: _status, metadata, ...rest } = structuredClone(o);
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  for (const key of SERVER_METADATA) delete meta[key];
  const annotations = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
  for (const key of SERVER_ANNOTATIONS) delete annotations[key];
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
  const out: KObject = { apiVersion, kind, metadata: meta, ...rest };
  out.apiVersion = apiVersion;
  out.kind = kind;
  if (kind === 'Service' && typeof out.spec === 'object' && out.spec !== null) {
    const spec = { ...(out.spec as Record<string, unknown>) };
    delete spec.clusterIP;
    delete spec.clusterIPs;
    out.spec = spec;
  }
  if (kind === 'Secret' && !includeSecrets) {
    for (const field of ['data', 'stringData'] as const) {
      const values = out[field];
      if (values && typeof values === 'object') out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, '']));
    }
  }
  return out;
}
