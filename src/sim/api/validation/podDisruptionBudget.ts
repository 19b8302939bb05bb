/**
 * ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation): at most one of minAvailable and
 * maxUnavailable, each a non-negative integer or a percentage up to 100%, and a known
 * unhealthyPodEvictionPolicy. Label selector syntax is left to the selector parsers.
 */
import type { Obj } from '../obj.ts';
import type { FieldError } from './fieldError.ts';
import { invalid, notSupported } from './fieldError.ts';
import { GoLiteral } from './goLiteral.ts';
import { validateIntOrPercent } from './workloads.ts';

/** Go's %#v of the internal spec: its pointer fields print as typed addresses (kube's show real ones). */
function goSpec(spec: Obj): GoLiteral {
  const ptr = (type: string, present: boolean, address: string) => `(*${type})(${present ? address : 'nil'})`;
  const has = (k: string) => spec[k] !== undefined && spec[k] !== null;
  return new GoLiteral(`policy.PodDisruptionBudgetSpec{MinAvailable:${ptr('intstr.IntOrString', has('minAvailable'), '0xc000a1e0a0')}, `
    + `Selector:${ptr('v1.LabelSelector', has('selector'), '0xc000a1e0c0')}, MaxUnavailable:${ptr('intstr.IntOrString', has('maxUnavailable'), '0xc000a1e0e0')}, `
    + `UnhealthyPodEvictionPolicy:${ptr('policy.UnhealthyPodEvictionPolicyType', has('unhealthyPodEvictionPolicy'), '0xc000a1e100')}}`);
}

export function validatePodDisruptionBudget(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const min = spec['minAvailable'];
  const max = spec['maxUnavailable'];
  if (min !== undefined && min !== null && max !== undefined && max !== null) errs.push(invalid('spec', goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'));
  errs.push(...validateIntOrPercent('spec.minAvailable', min), ...validateIntOrPercent('spec.maxUnavailable', max));
  const policy = spec['unhealthyPodEvictionPolicy'];
  if (policy !== undefined && policy !== null && policy !== 'AlwaysAllow' && policy !== 'IfHealthyBudget') {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}
