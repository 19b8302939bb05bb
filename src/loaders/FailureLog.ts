/**
 * The per-cluster failures one GraphQL request ran into. A failing cluster yields one entry per
 * error code however many fields hit it (a down cluster fails its nodes, pods and events LISTs:
 * one CLUSTER_UNREACHABLE entry naming all three). The server appends these to the response's
 * `errors` while the other clusters' data is returned.
 */
import type { ClusterError } from '../kube/ClusterError.ts';
import type { ErrorCode } from '../kube/errorCodes.ts';

export interface ClusterFailure {
  cluster: string;
  code: ErrorCode;
  message: string;
  resources: string[];
  path: ReadonlyArray<string | number> | undefined;
}

export class FailureLog {
  private readonly entries = new Map<string, ClusterFailure>();

  record(error: ClusterError, path?: ReadonlyArray<string | number>): void {
    const key = `${error.cluster}\u0000${error.code}`;
    const entry = this.entries.get(key);
    if (entry) {
      if (error.resource && !entry.resources.includes(error.resource)) entry.resources.push(error.resource);
      return;
    }
    this.entries.set(key, {
      cluster: error.cluster, code: error.code, message: error.message,
      resources: error.resource ? [error.resource] : [], path,
    });
  }

  all(): ClusterFailure[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }
}
