/**
 * A cluster's namespace scope (the fleet file's `namespaces`, ClusterClient.namespaces): which
 * namespaces the gateway reads and watches there, one at a time. Why it exists: an identity bound
 * by Roles in a few namespaces (a tenant's service account, no ClusterRole) is refused every
 * all-namespaces LIST and watch with 403, but may list and watch each of its own namespaces.
 *
 * The watch hub, the read cache and the live read path all ask here, so they agree on what a
 * read of a scoped cluster means: a namespaced read of a namespace in the scope reads that
 * namespace; an all-namespaces read reads every namespace of the scope (in LIST order); a read of
 * a namespace outside it is a FORBIDDEN error naming the cluster and its scope. Cluster-scoped
 * kinds (Node, Namespace) are never scoped.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { ResourceType } from '../kube/resources.ts';

/**
 * The namespaces a read of `type` in `cluster` covers, each read on its own: `[namespace]` for a
 * namespaced read, the whole scope (sorted in LIST order) for an all-namespaces one; `undefined`
 * when the read is one request as asked (no scope, or a cluster-scoped kind).
 * Throws the out-of-scope ClusterError for a namespace outside the scope.
 */
export function scopedNamespaces(cluster: ClusterClient, type: ResourceType, namespace: string | null | undefined): readonly string[] | undefined {
  const scope = cluster.namespaces;
  if (!scope || !type.namespaced) return undefined;
  if (!namespace) return scope;
  if (!scope.includes(namespace)) throw outOfScope(cluster, type.name, namespace);
  return [namespace];
}

/** A read or subscription of a namespace the cluster's scope leaves out. */
export function outOfScope(cluster: ClusterClient, resource: string, namespace: string): ClusterError {
  return new ClusterError(cluster.name, 'FORBIDDEN',
    `cluster "${cluster.name}" is read only in namespaces ${(cluster.namespaces ?? []).join(', ')} (its namespace scope in the fleet file), not in "${namespace}"`,
    resource);
}

/**
 * The 403 of an all-namespaces LIST or watch, said so that whoever reads it knows the way out:
 * the gateway's identity lacks cluster-wide list/watch, and a namespace scope avoids needing it.
 */
export function allNamespacesForbidden(cluster: string, type: ResourceType, cause: ClusterError): ClusterError {
  return new ClusterError(cluster, 'FORBIDDEN',
    `cluster "${cluster}": the gateway's identity may not list and watch ${type.name} in all namespaces (403 Forbidden). ` +
    'Grant it list and watch at cluster scope, or give the cluster a namespace scope (`namespaces: [...]` in the fleet file) to read and watch only the namespaces it may',
    cause.resource ?? type.name, cause.status);
}
