/**
 * A failure that belongs to one cluster. Its message is written by us (or is a Kubernetes
 * Status message, length-capped and scrubbed): never a raw response body, header or token, so
 * it is safe to hand to clients and logs.
 */
import type { ErrorCode } from './errorCodes.ts';

/** One field a server-side apply could not take because another manager owns it (from a 409's Status causes). */
export interface FieldConflict {
  /** The field path as the server names it, e.g. `.spec.replicas`. */
  field: string;
  /** The field manager that owns it, e.g. `kubectl-client-side-apply`. */
  manager: string;
}

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
    /** For CONFLICT from a server-side apply: the fields and their owners. */
    readonly conflicts?: readonly FieldConflict[],
  ) {
    super(message);
  }

  /** The same failure seen from another call (a short-circuited one) for another resource. */
  forResource(resource: string): ClusterError {
    return new ClusterError(this.cluster, this.code, this.message, resource, this.status, this.conflicts);
  }
}
