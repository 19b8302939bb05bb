/**
 * Object validation as kube-apiserver performs it before storing (the pkg/apis validation packages), with
 * kube's field paths and messages, and the formatting of those errors into the 422 Invalid
 * Status message kubectl prints (`The Deployment "web" is invalid: ...`).
 *
 * Validation runs on the defaulted object (defaults.ts), so fields kube always defaults are
 * only checked when present. This module is the entry point: it dispatches to the per-kind
 * validators in validation/ and re-exports the error type and its formatting.
 */

import type { KObject } from '../types.ts';
import type { ResourceType } from '../resources.ts';
import { groupVersion } from '../resources.ts';
import type { Obj } from './obj.ts';
import { obj } from './obj.ts';
import type { FieldError } from './validation/fieldError.ts';
import { validateConfigMap, validateSecret } from './validation/configAndSecrets.ts';
import { validateMeta } from './validation/metadata.ts';
import { validateNode } from './validation/node.ts';
import { validatePodDisruptionBudget } from './validation/podDisruptionBudget.ts';
import { validatePodSpec, validatePodSpecUpdate } from './validation/pod.ts';
import { validateBinding } from './validation/rbac.ts';
import { validateService } from './validation/service.ts';
import { validateDaemonSet, validateDeployment, validateReplicaSet, validateStatefulSet } from './validation/workloads.ts';

export type { FieldError } from './validation/fieldError.ts';
export { formatFieldError, invalidMessage } from './validation/invalidMessage.ts';

/** Everything kube-apiserver would reject about `obj` (an update when `old` is given); [] if valid. */
export function validateObject(type: ResourceType, o: KObject, old?: KObject): FieldError[] {
  const errs = validateMeta(type, o, old);
  const rec = o as Obj;
  const prev = old as Obj | undefined;
  const spec = obj(rec['spec']);
  const oldSpec = prev ? obj(prev['spec']) : undefined;
  switch (`${groupVersion(type)}/${type.kind}`) {
    case 'v1/Pod':
      errs.push(...validatePodSpec(spec, 'spec'));
      if (oldSpec) errs.push(...validatePodSpecUpdate(spec, oldSpec));
      break;
    case 'apps/v1/Deployment':
      errs.push(...validateDeployment(spec, oldSpec));
      break;
    case 'apps/v1/ReplicaSet':
      errs.push(...validateReplicaSet(spec, oldSpec));
      break;
    case 'apps/v1/StatefulSet':
      errs.push(...validateStatefulSet(spec, oldSpec));
      break;
    case 'apps/v1/DaemonSet':
      errs.push(...validateDaemonSet(spec, oldSpec));
      break;
    case 'v1/Service':
      errs.push(...validateService(spec, oldSpec));
      break;
    case 'v1/ConfigMap':
      errs.push(...validateConfigMap(rec, prev));
      break;
    case 'v1/Secret':
      errs.push(...validateSecret(rec, prev));
      break;
    case 'v1/Node':
      errs.push(...validateNode(spec));
      break;
    case 'policy/v1/PodDisruptionBudget':
      errs.push(...validatePodDisruptionBudget(spec));
      break;
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      errs.push(...validateBinding(rec, prev, ['Role', 'ClusterRole']));
      break;
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      errs.push(...validateBinding(rec, prev, ['ClusterRole']));
      break;
  }
  return errs;
}
