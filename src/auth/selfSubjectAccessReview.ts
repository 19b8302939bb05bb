/**
 * One access review: "may this identity <verb> <group>/<resource> in <namespace or all
 * namespaces>?", asked of a cluster with a SelfSubjectAccessReview POSTed as that identity
 * (`client.as(identity)`: Impersonate-User/-Uid/-Group), so the cluster's own authorizers answer
 * exactly as they would answer the request itself (what `kubectl auth can-i --as` does).
 *
 * A SelfSubjectAccessReview rather than a SubjectAccessReview: it needs nothing but `impersonate`
 * from the gateway's identity (every authenticated user may create one, through the default
 * `system:basic-user` ClusterRole), where a SubjectAccessReview would need `create` on
 * subjectaccessreviews, which lets its holder learn what anyone may do.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { Identity } from './Identity.ts';

export interface AccessQuestion {
  /** A Kubernetes verb: list, watch, get, ... */
  verb: string;
  /** The API group ('' for core). */
  group: string;
  /** The resource's plural name (pods, deployments). */
  resource: string;
  /** The namespace; null: all namespaces (a cluster-wide LIST or watch), or a cluster-scoped resource. */
  namespace: string | null;
}

/** What the cluster answered: allowed or not, and its authorizer's reason (worded into refusals as kube-apiserver does). */
export interface ReviewAnswer {
  allowed: boolean;
  reason?: string | undefined;
}

export const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/** Sends one review as `identity`; rejects with the request's ClusterError, or UPSTREAM_ERROR for an answer without `status.allowed`. */
export async function selfSubjectAccessReview(client: ClusterClient, identity: Identity, question: AccessQuestion): Promise<ReviewAnswer> {
  const body = JSON.stringify({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: question.verb, group: question.group, resource: question.resource,
        ...(question.namespace ? { namespace: question.namespace } : {}),
      },
    },
  });
  const answer = await client.as(identity).request<{ status?: { allowed?: unknown; reason?: unknown } }>({
    method: 'POST', path: SSAR_PATH, body, verb: 'create',
    ctx: { cluster: client.name, resource: 'selfsubjectaccessreviews', group: 'authorization.k8s.io' },
  });
  const allowed = answer.status?.allowed;
  if (typeof allowed !== 'boolean') {
    throw new ClusterError(client.name, 'UPSTREAM_ERROR', `cluster "${client.name}": selfsubjectaccessreviews: the answer has no status.allowed`, 'selfsubjectaccessreviews');
  }
  const reason = answer.status?.reason;
  return { allowed, reason: typeof reason === 'string' && reason !== '' ? reason : undefined };
}
