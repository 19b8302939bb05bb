/**
 * `kubectl delete` on chosen clusters: objects named (kind/namespace/name, or manifests) or
 * chosen by a label selector on each cluster, with a propagation policy (Background, as
 * kubectl, unless Foreground or Orphan is asked) and `dryRun=All`. Every target in parallel,
 * each object's outcome as data: a missing object is that object's NOT_FOUND, and one failing
 * object does not stop the others.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { ErrorCode } from '../kube/errorCodes.ts';
import type { RestMapper } from './RestMapper.ts';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** What to delete on each cluster. */
export type DeleteSelection =
  | { by: 'names'; objects: ReadonlyArray<{ apiVersion: string; kind: string; namespace: string | null; name: string }> }
  | { by: 'selector'; apiVersion: string; kind: string; namespace: string | null; labelSelector: string };

export interface DeleteOptions {
  dryRun?: boolean;
  /** @default 'Background' */
  propagationPolicy?: PropagationPolicy;
  onUnexpected?: (cluster: string, error: unknown) => void;
}

export interface DeletedObjectOutcome {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  /** True when the cluster accepted the delete (with Foreground, the object stays until its dependants are gone). */
  deleted: boolean;
  error: ClusterError | null;
}

export interface ClusterDeleteOutcome {
  cluster: string;
  objects: DeletedObjectOutcome[];
  /** Why this cluster stopped, or why the selector's LIST failed there; null otherwise. */
  error: ClusterError | null;
}

const STOPS_CLUSTER: ReadonlySet<ErrorCode> = new Set(['CLUSTER_UNREACHABLE', 'CLUSTER_TIMEOUT', 'UNAUTHENTICATED']);

export function deleteOnClusters(targets: readonly ClusterClient[], selection: DeleteSelection, mapper: RestMapper, options: DeleteOptions = {}): Promise<ClusterDeleteOutcome[]> {
  return Promise.all(targets.map(async (client) => {
    try {
      return await deleteOnCluster(client, selection, mapper, options);
    } catch (e) {
      const error = e instanceof ClusterError ? e : unexpected(client.name, e, options);
      return { cluster: client.name, objects: [], error };
    }
  }));
}

async function deleteOnCluster(client: ClusterClient, selection: DeleteSelection, mapper: RestMapper, options: DeleteOptions): Promise<ClusterDeleteOutcome> {
  const objects = selection.by === 'names' ? selection.objects : await selected(client, selection, mapper);
  const results: DeletedObjectOutcome[] = [];
  for (const o of objects) {
    const result: DeletedObjectOutcome = { ...o, deleted: false, error: null };
    results.push(result);
    try {
      const type = await mapper.map(client, o.apiVersion, o.kind);
      result.namespace = type.namespaced ? (o.namespace ?? 'default') : null;
      await client.send({
        verb: 'delete', at: { type, namespace: result.namespace, name: o.name },
        dryRun: options.dryRun === true, propagationPolicy: options.propagationPolicy ?? 'Background',
      });
      result.deleted = true;
    } catch (e) {
      const error = e instanceof ClusterError ? e : unexpected(client.name, e, options);
      result.error = error;
      if (STOPS_CLUSTER.has(error.code) || !(e instanceof ClusterError)) return { cluster: client.name, objects: results, error };
    }
  }
  return { cluster: client.name, objects: results, error: null };
}

/** The objects a label selector chooses on this cluster (one LIST). */
async function selected(client: ClusterClient, s: Extract<DeleteSelection, { by: 'selector' }>, mapper: RestMapper) {
  const type = await mapper.map(client, s.apiVersion, s.kind);
  const namespace = type.namespaced ? (s.namespace ?? 'default') : null;
  const items = await client.list<{ metadata?: { name?: string; namespace?: string } }>(type, { namespace, labelSelector: s.labelSelector });
  return items.map((i) => ({ apiVersion: s.apiVersion, kind: s.kind, namespace: i.metadata?.namespace ?? namespace, name: i.metadata?.name ?? '' }))
    .filter((o) => o.name !== '');
}

function unexpected(cluster: string, error: unknown, options: DeleteOptions): ClusterError {
  options.onUnexpected?.(cluster, error);
  return new ClusterError(cluster, 'INTERNAL_SERVER_ERROR', `cluster "${cluster}": an internal error stopped the delete there (details in the gateway log)`);
}
