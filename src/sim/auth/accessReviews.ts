/**
 * SelfSubjectAccessReview and SelfSubjectRulesReview (authorization.k8s.io/v1, create only), the
 * APIs behind `kubectl auth can-i` and `kubectl auth can-i --list`: the caller (after
 * impersonation) asks whether it may do something, or which rules it has in a namespace, and the
 * answer comes from the same RbacAuthorizer that decides its requests. Also SelfSubjectReview
 * (authentication.k8s.io/v1, `kubectl auth whoami`): who the cluster takes the caller for, which
 * shows what impersonation made of a gateway's request. Nothing is stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../api/ApiContext.ts';
import { errors } from '../api/ApiError.ts';
import { decodeBody, readBody } from '../api/body.ts';
import { sendJson } from '../api/responses.ts';
import type { RbacAuthorizer } from './RbacAuthorizer.ts';
import type { PolicyRule, RequestAttributes } from './rbacRules.ts';

export const REVIEW_GROUP = 'authorization.k8s.io';

interface Review {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: {
    resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
    nonResourceAttributes?: { path?: string; verb?: string };
    namespace?: string;
  };
}

function asReview(body: unknown, kind: string): Review {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest(`the body of a ${kind} must be a JSON object`);
  return body as Review;
}

/** Who answers a review: the cluster's RbacAuthorizer, or ALWAYS_ALLOW on a cluster without RBAC. */
export type ReviewAuthorizer = Pick<RbacAuthorizer, 'authorize' | 'rulesFor'>;

/**
 * A cluster without `rbac` allows every authenticated request, as kube-apiserver with
 * `--authorization-mode=AlwaysAllow` does; its reviews say so (allowed, every rule), as that
 * kube-apiserver's do, so a client that asks before acting (`kubectl auth can-i`, a gateway
 * checking its callers) meets what the requests themselves would.
 */
export const ALWAYS_ALLOW: ReviewAuthorizer = {
  authorize: () => ({ allowed: true, reason: '' }),
  rulesFor: () => ({ rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }], errors: [] }),
};

export async function handleAccessReview(req: IncomingMessage, res: ServerResponse, resource: string, user: UserInfo, authorizer: ReviewAuthorizer): Promise<void> {
  if (resource === 'selfsubjectreviews') {
    // The review carries nothing to read (kubectl sends an empty one, in protobuf): the body is drained, not decoded.
    await readBody(req);
    const userInfo = { username: user.username, ...(user.uid !== undefined ? { uid: user.uid } : {}), groups: user.groups };
    return sendJson(res, 201, { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo } });
  }
  const kind = resource === 'selfsubjectaccessreviews' ? 'SelfSubjectAccessReview' : 'SelfSubjectRulesReview';
  const review = asReview(decodeBody(await readBody(req), req.headers['content-type']), kind);
  const spec = review.spec ?? {};
  let status: Record<string, unknown>;
  if (kind === 'SelfSubjectAccessReview') {
    const ra = spec.resourceAttributes;
    const nra = spec.nonResourceAttributes;
    if (!ra && !nra) throw errors.invalid({ group: REVIEW_GROUP, kind }, '', `${kind}.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`, [{ reason: 'FieldValueInvalid', message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes' }]);
    const attrs: RequestAttributes = ra
      ? { user, verb: ra.verb ?? '', resourceRequest: true, apiGroup: ra.group ?? '', apiVersion: ra.version ?? '', resource: ra.resource ?? '', subresource: ra.subresource ?? '', namespace: ra.namespace ?? '', name: ra.name ?? '', path: '' }
      : { user, verb: nra!.verb ?? '', resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: nra!.path ?? '' };
    const d = authorizer.authorize(attrs);
    status = d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
  } else {
    const { rules, errors: errs } = authorizer.rulesFor(user, spec.namespace ?? '');
    status = {
      resourceRules: rules.filter((r) => (r.resources ?? []).length > 0).map((r: PolicyRule) => ({
        verbs: r.verbs ?? [], ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}), resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
      })),
      nonResourceRules: rules.filter((r) => (r.nonResourceURLs ?? []).length > 0).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs })),
      incomplete: errs.length > 0,
      ...(errs.length > 0 ? { evaluationError: errs.join(', ') } : {}),
    };
  }
  sendJson(res, 201, { kind, apiVersion: `${REVIEW_GROUP}/v1`, metadata: { creationTimestamp: null }, spec, status });
}
