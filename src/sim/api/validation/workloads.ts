/**
 * Validation of the apps/v1 workload specs: Deployment, ReplicaSet, StatefulSet and DaemonSet
 * (replica counts, strategies, the pod template and, through workloadSelector.ts, the selector).
 */

import type { Obj } from '../obj.ts';
import { obj, strMap } from '../obj.ts';
import { regexError } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { forbidden, invalid, nonNegative, notSupported } from './fieldError.ts';
import { validateLabels } from './metadata.ts';
import { validatePodSpec } from './pod.ts';
import { same } from './same.ts';
import { validateSelectorImmutable, validateWorkloadSelector } from './workloadSelector.ts';

function validateTemplate(spec: Obj, workload: string): FieldError[] {
  const template = obj(spec['template']);
  const errs = validateLabels('spec.template.metadata.labels', strMap(obj(template['metadata'])['labels']));
  return [...errs, ...validatePodSpec(obj(template['spec']), 'spec.template.spec', workload)];
}

export function validateIntOrPercent(path: string, v: unknown): FieldError[] {
  if (typeof v === 'number') return nonNegative(path, v);
  if (typeof v !== 'string') return [];
  if (!/^[0-9]+%$/.test(v)) return [invalid(path, v, regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%'))];
  return Number(v.slice(0, -1)) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

const isZero = (v: unknown): boolean => v === 0 || v === '0%';

export function validateDeployment(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...nonNegative('spec.replicas', spec['replicas']), ...validateWorkloadSelector(spec, { emptyName: 'deployment' }), ...validateTemplate(spec, 'ReplicaSet')];
  const strategy = obj(spec['strategy']);
  const st = strategy['type'];
  if (st === 'Recreate' && strategy['rollingUpdate'] !== undefined && strategy['rollingUpdate'] !== null) {
    errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (st === 'RollingUpdate') {
    const ru = obj(strategy['rollingUpdate']);
    errs.push(...validateIntOrPercent('spec.strategy.rollingUpdate.maxUnavailable', ru['maxUnavailable']), ...validateIntOrPercent('spec.strategy.rollingUpdate.maxSurge', ru['maxSurge']));
    if (isZero(ru['maxUnavailable']) && isZero(ru['maxSurge'])) errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru['maxUnavailable'], 'may not be 0 when `maxSurge` is 0'));
  } else if (st !== undefined && st !== 'Recreate') {
    errs.push(notSupported('spec.strategy.type', st, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...nonNegative('spec.minReadySeconds', spec['minReadySeconds']), ...nonNegative('spec.revisionHistoryLimit', spec['revisionHistoryLimit']));
  const pds = spec['progressDeadlineSeconds'];
  if (typeof pds === 'number' && pds <= Number(spec['minReadySeconds'] ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  if (oldSpec) errs.push(...validateSelectorImmutable(spec, oldSpec));
  return errs;
}

export function validateReplicaSet(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...nonNegative('spec.replicas', spec['replicas']), ...nonNegative('spec.minReadySeconds', spec['minReadySeconds']), ...validateWorkloadSelector(spec, { emptyName: 'deployment' }), ...validateTemplate(spec, 'ReplicaSet')];
  if (oldSpec) errs.push(...validateSelectorImmutable(spec, oldSpec));
  return errs;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSet(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...nonNegative('spec.replicas', spec['replicas']), ...validateWorkloadSelector(spec, { emptyName: 'statefulset' }), ...validateTemplate(spec, 'StatefulSet')];
  const pmp = spec['podManagementPolicy'];
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(notSupported('spec.podManagementPolicy', pmp, ['OrderedReady', 'Parallel']));
  const us = obj(spec['updateStrategy']);
  if (us['type'] !== undefined && us['type'] !== 'RollingUpdate' && us['type'] !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', us['type'], ['OnDelete', 'RollingUpdate']));
  errs.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', obj(us['rollingUpdate'])['partition']));
  if (oldSpec) {
    const strip = (s: Obj): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!same(strip(spec), strip(oldSpec))) {
      errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
  }
  return errs;
}

export function validateDaemonSet(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs = [...validateWorkloadSelector(spec, { emptyName: 'daemonset', optional: true }), ...validateTemplate(spec, 'DaemonSet')];
  const us = obj(spec['updateStrategy']);
  if (us['type'] !== undefined && us['type'] !== 'RollingUpdate' && us['type'] !== 'OnDelete') errs.push(notSupported('spec.updateStrategy.type', us['type'], ['OnDelete', 'RollingUpdate']));
  errs.push(...nonNegative('spec.revisionHistoryLimit', spec['revisionHistoryLimit']));
  if (oldSpec) errs.push(...validateSelectorImmutable(spec, oldSpec));
  return errs;
}
