/**
 * The last lines of defence inside one request, whatever the estimate let through: a cap on
 * upstream calls per cluster and a deadline. Past either, further calls are not sent; they fail
 * with REQUEST_LIMIT_EXCEEDED, recorded once per cluster like any cluster failure, and the
 * request answers with what it has.
 *
 * Why (threat, mechanism, out of scope): an estimate is only an estimate (real lists can hold
 * more objects than assumed, and joins fan out from data); a request must still never take every
 * connection slot of a cluster or run without end. Counting at the loaders sees every call that
 * would go out. A call already in flight is bounded by the cluster's own timeout; CPU spent
 * between calls is bounded by the cost limit and the response-size guard, not here.
 */
import { ClusterError } from '../kube/ClusterError.ts';

export class RequestBudget {
  private readonly calls = new Map<string, number>();
  private readonly deadline: number;

  constructor(private readonly maxCallsPerCluster: number, private readonly timeoutMs: number, now = Date.now()) {
    this.deadline = now + timeoutMs;
  }

  /** Take one upstream call to `cluster` for `resource`, or throw the ClusterError that says why not. */
  spend(cluster: string, resource: string): void {
    if (Date.now() > this.deadline) {
      throw new ClusterError(cluster, 'REQUEST_LIMIT_EXCEEDED',
        `the request ran past its deadline of ${this.timeoutMs} ms (--request-timeout-ms); later calls to this cluster were not sent`, resource);
    }
    const n = (this.calls.get(cluster) ?? 0) + 1;
    if (n > this.maxCallsPerCluster) {
      throw new ClusterError(cluster, 'REQUEST_LIMIT_EXCEEDED',
        `the request reached its limit of ${this.maxCallsPerCluster} upstream calls to this cluster (--max-upstream-calls); further calls were not sent`, resource);
    }
    this.calls.set(cluster, n);
  }
}
