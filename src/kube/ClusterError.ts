/**
 * A failure that belongs to one cluster. Its message is written by us (or is a Kubernetes
 * Status message, length-capped and scrubbed): never a raw response body, header or token, so
 * it is safe to hand to clients and logs.
 */
import type { ErrorCode } from './errorCodes.ts';

export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  constructor(
    readonly cluster: string,
    readonly code: ErrorCode,
    message: string,
    /** Which upstream resource the failing call was for ('pods', 'version', ...). */
    readonly resource?: string,
    /** HTTP status from the cluster, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }

  /** The same failure seen from another call (a short-circuited one) for another resource. */
  forResource(resource: string): ClusterError {
    return new ClusterError(this.cluster, this.code, this.message, resource, this.status);
  }
}
