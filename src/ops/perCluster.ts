/**
 * Runs one write on every target cluster in parallel and keeps each cluster's outcome as data:
 * a cluster's failure (ClusterError) is its result's `error`, never a rejection that would hide
 * the other clusters' outcomes. An unexpected exception (a bug) becomes that cluster's
 * INTERNAL_SERVER_ERROR, after being reported for the log.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';

export interface ClusterOutcome<T> {
  cluster: string;
  /** null when the cluster failed. */
  value: T | null;
  error: ClusterError | null;
}

export function perCluster<T>(
  targets: readonly ClusterClient[],
  run: (client: ClusterClient) => Promise<T>,
  onUnexpected?: (cluster: string, error: unknown) => void,
): Promise<Array<ClusterOutcome<T>>> {
  return Promise.all(targets.map(async (client): Promise<ClusterOutcome<T>> => {
    try {
      return { cluster: client.name, value: await run(client), error: null };
    } catch (e) {
      if (e instanceof ClusterError) return { cluster: client.name, value: null, error: e };
      onUnexpected?.(client.name, e);
      return { cluster: client.name, value: null, error: new ClusterError(client.name, 'INTERNAL_SERVER_ERROR', `cluster "${client.name}": an internal error stopped the write there (details in the gateway log)`) };
    }
  }));
}
