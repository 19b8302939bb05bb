/**
 * ValidatePodSpec for Pods and workload templates, and ValidatePodUpdate's rule about which
 * spec fields a Pod update may change.
 */

import type { Obj } from '../obj.ts';
import { objs, str, strMap } from '../obj.ts';
import { dns1123SubdomainErrors, labelKeyErrors } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { duplicate, forbidden, invalid, notSupported, required } from './fieldError.ts';
import { validateContainer } from './container.ts';
import { validateLabels } from './metadata.ts';
import { same } from './same.ts';

function validateTolerations(path: string, tolerations: Obj[]): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const tp = `${path}[${i}]`;
    const key = str(t['key']);
    if (key !== '') for (const m of labelKeyErrors(key)) errs.push(invalid(`${tp}.key`, key, m));
    const op = t['operator'] === undefined ? 'Equal' : str(t['operator']);
    if (op === 'Exists' && str(t['value']) !== '') errs.push(invalid(`${tp}.operator`, op, "value must be empty when `operator` is 'Exists'"));
    else if (op !== 'Equal' && op !== 'Exists') errs.push(notSupported(`${tp}.operator`, t['operator'], ['Equal', 'Exists']));
    if (op === 'Equal' && key === '') errs.push(invalid(`${tp}.operator`, op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    const effect = str(t['effect']);
    if (effect !== '' && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) errs.push(notSupported(`${tp}.effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
    if (t['tolerationSeconds'] !== undefined && t['tolerationSeconds'] !== null && effect !== 'NoExecute') {
      errs.push(invalid(`${tp}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
  });
  return errs;
}

/** ValidatePodSpec; `workload` names the owning kind for template-only restrictions. */
export function validatePodSpec(spec: Obj, path: string, workload?: string): FieldError[] {
  const errs: FieldError[] = [];
  const containers = objs(spec['containers']);
  const inits = objs(spec['initContainers']);
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    errs.push(...validateContainer(c, `${path}.containers[${i}]`));
    const n = str(c['name']);
    if (n !== '' && names.has(n)) errs.push(duplicate(`${path}.containers[${i}].name`, n));
    names.add(n);
  });
  inits.forEach((c, i) => {
    errs.push(...validateContainer(c, `${path}.initContainers[${i}]`));
    const n = str(c['name']);
    if (n !== '' && names.has(n)) errs.push(duplicate(`${path}.initContainers[${i}].name`, n));
    names.add(n);
  });
  const restart = spec['restartPolicy'];
  if (workload !== undefined) {
    if (restart !== undefined && restart !== 'Always') errs.push(notSupported(`${path}.restartPolicy`, restart, ['Always']));
    if (spec['activeDeadlineSeconds'] !== undefined && spec['activeDeadlineSeconds'] !== null) errs.push(forbidden(`${path}.activeDeadlineSeconds`, `activeDeadlineSeconds in ${workload} is not Supported`));
  } else if (restart !== undefined && !['Always', 'OnFailure', 'Never'].includes(str(restart))) {
    errs.push(notSupported(`${path}.restartPolicy`, restart, ['Always', 'OnFailure', 'Never']));
  }
  if (spec['dnsPolicy'] !== undefined && !['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'].includes(str(spec['dnsPolicy']))) {
    errs.push(notSupported(`${path}.dnsPolicy`, spec['dnsPolicy'], ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']));
  }
  const ads = spec['activeDeadlineSeconds'];
  if (workload === undefined && typeof ads === 'number' && (ads < 1 || ads > 2147483647)) errs.push(invalid(`${path}.activeDeadlineSeconds`, ads, 'must be between 1 and 2147483647, inclusive'));
  const nodeName = str(spec['nodeName']);
  if (nodeName !== '') for (const m of dns1123SubdomainErrors(nodeName)) errs.push(invalid(`${path}.nodeName`, nodeName, m));
  errs.push(...validateLabels(`${path}.nodeSelector`, strMap(spec['nodeSelector'])));
  errs.push(...validateTolerations(`${path}.tolerations`, objs(spec['tolerations'])));
  return errs;
}

const POD_UPDATE_FORBIDDEN = 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidatePodUpdate's spec rule: undo the permitted mutations, then anything left over is forbidden. */
export function validatePodSpecUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const copy = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    const now = objs(copy[key]);
    const before = objs(oldSpec[key]);
    if (now.length === before.length) now.forEach((c, i) => { c['image'] = before[i]?.['image']; });
  }
  const oldAds = oldSpec['activeDeadlineSeconds'];
  const newAds = spec['activeDeadlineSeconds'];
  if (typeof oldAds === 'number' && (newAds === undefined || newAds === null)) errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  else if (typeof oldAds === 'number' && typeof newAds === 'number' && newAds > oldAds) errs.push(invalid('spec.activeDeadlineSeconds', newAds, 'must be less than or equal to previous value'));
  copy['activeDeadlineSeconds'] = oldAds;
  const oldTol = objs(oldSpec['tolerations']);
  const newTol = objs(spec['tolerations']);
  if (oldTol.every((t) => newTol.some((n) => same(n, t)))) copy['tolerations'] = oldSpec['tolerations'];
  const oldGrace = oldSpec['terminationGracePeriodSeconds'];
  if (typeof oldGrace === 'number' && oldGrace < 0 && spec['terminationGracePeriodSeconds'] === 1) copy['terminationGracePeriodSeconds'] = oldGrace;
  if (!same(copy, oldSpec)) errs.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  return errs;
}
