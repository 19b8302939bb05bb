/**
 * ValidateNode's spec rules: each taint needs a valid key and a known effect.
 */

import type { Obj } from '../obj.ts';
import { objs, str } from '../obj.ts';
import { labelKeyErrors } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { invalid, notSupported, required } from './fieldError.ts';

export function validateNode(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  objs(spec['taints']).forEach((t, i) => {
    const key = str(t['key']);
    if (key === '') errs.push(required(`spec.taints[${i}].key`));
    else for (const m of labelKeyErrors(key)) errs.push(invalid(`spec.taints[${i}].key`, key, m));
    const effect = str(t['effect']);
    if (effect === '') errs.push(required(`spec.taints[${i}].effect`));
    else if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) errs.push(notSupported(`spec.taints[${i}].effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  });
  return errs;
}
