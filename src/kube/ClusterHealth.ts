/**
 * What fleetgraph has seen of one cluster across requests: whether the last call reached it,
 * the Kubernetes version it reported, the latency of the last successful call, and the last
 * error with when it was seen. Cluster.status reads it; the request that checks the cluster
 * refreshes it first.
 */
import type { ClusterError } from './ClusterError.ts';

export interface ClusterHealthSnapshot {
  reachable: boolean | undefined;
  version: string | undefined;
  latencyMs: number | undefined;
  lastError: ClusterError | undefined;
  lastErrorAt: Date | undefined;
  checkedAt: Date | undefined;
}

export class ClusterHealth {
  private state: ClusterHealthSnapshot = {
    reachable: undefined, version: undefined, latencyMs: undefined, lastError: undefined, lastErrorAt: undefined, checkedAt: undefined,
  };

  /** Any call that got an answer: the cluster is reachable. */
  succeeded(at: Date = new Date()): void {
    this.state = { ...this.state, reachable: true, checkedAt: at };
  }

  /** The status check (GET /version): its round trip is the latency we report, not a big LIST's. */
  checked(version: string, latencyMs: number, at: Date = new Date()): void {
    this.state = { ...this.state, reachable: true, version, latencyMs, checkedAt: at };
  }

  failed(error: ClusterError, at: Date = new Date()): void {
    // A missing metrics API is how the cluster is built, not something going wrong with it.
    if (error.code === 'METRICS_UNAVAILABLE') return;
    // A 403 or 404 is the cluster answering: it is still reachable.
    const unreachable = error.code === 'CLUSTER_UNREACHABLE' || error.code === 'CLUSTER_TIMEOUT';
    this.state = {
      ...this.state, reachable: unreachable ? false : this.state.reachable ?? true, lastError: error, lastErrorAt: at, checkedAt: at,
      latencyMs: unreachable ? undefined : this.state.latencyMs,
    };
  }

  snapshot(): ClusterHealthSnapshot {
    return this.state;
  }
}
