/**
 * The namespace side of kube-controller-manager: every new namespace gets its `default`
 * ServiceAccount and the `kube-root-ca.crt` ConfigMap (serviceaccount controller and root CA
 * publisher); a namespace being deleted (phase Terminating) has everything in it deleted, shows
 * what remains in its status conditions, and once empty loses its `kubernetes` finalizer and
 * goes for good.
 */
import { ApiError } from '../api/ApiError.ts';
import { R, RESOURCE_TYPES, storeKey, type ResourceType } from '../resources.ts';
import type { KObject } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';

const MANAGER = 'kube-controller-manager';
/** A stand-in cluster CA, shaped like the real PEM (`kubectl get cm kube-root-ca.crt -o yaml`). */
export const ROOT_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIQ2xvdWRTaW0wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE',
  'AxMKa3ViZXJuZXRlczAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBaMBUx',
  'EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK',
  'AoIBAQDFc2ltdWxhdGVkIGNsdXN0ZXIgY2VydGlmaWNhdGUgLSBub3QgcmVhbAo=',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

type NamespaceObject = KObject & { spec?: { finalizers?: string[] }; status?: { phase?: string; conditions?: NamespaceCondition[] } };
interface NamespaceCondition { type: string; status: string; lastTransitionTime?: string; reason: string; message: string }

const NAMESPACED = RESOURCE_TYPES.filter((t) => t.namespaced && t.stored);

/** How the namespace deleter names a resource in its messages: `pods.`, `deployments.apps`. */
function qualifiedResourceName(t: ResourceType): string {
  return `${t.resource}.${t.group}`;
}

function ignoreGone(e: unknown): void {
  if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict' && e.reason !== 'AlreadyExists')) throw e;
}

export function createNamespaceController({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock } = ctx;
  const store = registry.store;

  function ensureDefaults(ns: string): void {
    if (!registry.get(R.serviceaccounts, ns, 'default')) {
      try {
        registry.create(R.serviceaccounts, { metadata: { name: 'default', namespace: ns } }, { fieldManager: MANAGER });
      } catch (e) { ignoreGone(e); }
    }
    if (!registry.get(R.configmaps, ns, 'kube-root-ca.crt')) {
      try {
        registry.create(R.configmaps, {
          metadata: { name: 'kube-root-ca.crt', namespace: ns, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
          data: { 'ca.crt': ROOT_CA_PEM },
        }, { fieldManager: MANAGER });
      } catch (e) { ignoreGone(e); }
    }
  }

  function conditions(ns: NamespaceObject, remaining: Map<string, number>, finalizers: Map<string, number>): NamespaceCondition[] {
    const now = clock.timestamp();
    const resources = [...remaining].sort(([a], [b]) => (a < b ? -1 : 1));
    const c = (type: string, status: boolean, reason: string, message: string): NamespaceCondition => {
      const before = ns.status?.conditions?.find((x) => x.type === type);
      const s = status ? 'True' : 'False';
      return { type, status: s, lastTransitionTime: before?.status === s && before.lastTransitionTime ? before.lastTransitionTime : now, reason, message };
    };
    return [
      c('NamespaceDeletionDiscoveryFailure', false, 'ResourcesDiscovered', 'All resources successfully discovered'),
      c('NamespaceDeletionGroupVersionParsingFailure', false, 'ParsedGroupVersions', 'All legacy kube types successfully parsed'),
      c('NamespaceDeletionContentFailure', false, 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'),
      resources.length
        ? c('NamespaceContentRemaining', true, 'SomeResourcesRemain', `Some resources are remaining: ${resources.map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}`)
        : c('NamespaceContentRemaining', false, 'ContentRemoved', 'All content successfully removed'),
      finalizers.size
        ? c('NamespaceFinalizersRemaining', true, 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${[...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort().join(', ')}`)
        : c('NamespaceFinalizersRemaining', false, 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'),
    ];
  }

  function finalize(ns: NamespaceObject): void {
    const name = ns.metadata.name;
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const t of NAMESPACED) {
      for (const obj of registry.list(t, name)) {
        if (!obj.metadata.deletionTimestamp) {
          try {
            registry.delete(t, name, obj.metadata.name, { propagationPolicy: 'Background' });
          } catch (e) { ignoreGone(e); }
        }
      }
      const left = store.list(storeKey(t), name);
      if (left.length) remaining.set(qualifiedResourceName(t), left.length);
      for (const s of left) for (const f of s.object.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    if (remaining.size === 0) {
      registry.mutate<NamespaceObject>(R.namespaces, '', name, (draft) => {
        draft.spec = { ...(draft.spec ?? {}), finalizers: (draft.spec?.finalizers ?? []).filter((f) => f !== 'kubernetes') };
      }, { fieldManager: MANAGER });
      const current = registry.get<NamespaceObject>(R.namespaces, '', name);
      // The registry keeps a terminating namespace; the controller finishes it.
      if (current && (current.spec?.finalizers ?? []).length === 0 && (current.metadata.finalizers ?? []).length === 0) {
        store.delete(storeKey(R.namespaces), '', name);
      }
      return;
    }
    const next = conditions(ns, remaining, finalizers);
    registry.mutate<NamespaceObject>(R.namespaces, '', name, (draft) => {
      draft.status = { ...(draft.status ?? {}), phase: 'Terminating', conditions: next };
    }, { subresource: 'status', fieldManager: MANAGER });
  }

  return {
    name: 'namespace-controller',
    onChange(change) {
      if (change.resource === storeKey(R.namespaces)) {
        if (change.type !== 'DELETED') queue.add(change.name);
        return;
      }
      // Something in a terminating namespace went: the namespace may now be empty.
      if (change.type === 'DELETED' && change.namespace) {
        const ns = registry.get(R.namespaces, '', change.namespace);
        if (ns?.metadata.deletionTimestamp) queue.add(change.namespace);
      }
    },
    start() {
      for (const ns of registry.list(R.namespaces)) queue.add(ns.metadata.name);
    },
    reconcile(name) {
      const ns = registry.get<NamespaceObject>(R.namespaces, '', name);
      if (!ns) return;
      if (ns.metadata.deletionTimestamp) finalize(ns);
      else ensureDefaults(name);
    },
  };
}
