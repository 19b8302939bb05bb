/**
 * The `spec.selector` rules the apps/v1 workloads share: the structured selector's syntax, its
 * presence, that it matches the template's labels, and that an update does not change it.
 */

import type { LabelSelector } from '../../types.ts';
import type { Obj } from '../obj.ts';
import { isObj, obj, strMap } from '../obj.ts';
import { labelSelectorToRequirements, matchesLabelSelector, SelectorError } from '../labelSelector.ts';
import { labelKeyErrors, labelValueErrors } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { forbidden, IMMUTABLE, invalid, required } from './fieldError.ts';
import { goLabelSelector, goStringMap } from './goLiteral.ts';
import { validateLabels } from './metadata.ts';
import { same } from './same.ts';

export interface SelectorRules {
  /** Kind named in "empty selector is invalid for <x>". */
  emptyName: string;
  /** DaemonSet validation has no separate "required" error for an absent selector. */
  optional?: boolean;
}

function validateLabelSelector(path: string, sel: LabelSelector): FieldError[] {
  const errs = validateLabels(`${path}.matchLabels`, sel.matchLabels);
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) errs.push(required(`${ep}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(`${ep}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(`${ep}.operator`, e.operator, 'not a valid selector operator'));
    }
    for (const m of labelKeyErrors(e.key)) errs.push(invalid(`${ep}.key`, e.key, m));
    values.forEach((v, vi) => { for (const m of labelValueErrors(v)) errs.push(invalid(`${ep}.values[${vi}]`, v, m)); });
  });
  return errs;
}

/** Selector presence and syntax, then the template's labels against it. */
export function validateWorkloadSelector(spec: Obj, rules: SelectorRules): FieldError[] {
  const errs: FieldError[] = [];
  const sel = isObj(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined;
  const empty = sel !== undefined && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  if (sel === undefined) {
    if (!rules.optional) errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector('spec.selector', sel));
    if (empty) errs.push(invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${rules.emptyName}`));
    try {
      labelSelectorToRequirements(sel);
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      return [...errs, invalid('spec.selector', goLabelSelector(sel), 'invalid label selector')];
    }
  }
  const template = obj(spec['template']);
  const labels = strMap(obj(template['metadata'])['labels']);
  // An absent selector selects nothing, so kube also reports the template as unmatched.
  if (!empty && !matchesLabelSelector(sel, labels)) errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  return errs;
}

export function validateSelectorImmutable(spec: Obj, oldSpec: Obj): FieldError[] {
  if (same(spec['selector'], oldSpec['selector'])) return [];
  return [invalid('spec.selector', goLabelSelector(isObj(spec['selector']) ? (spec['selector'] as LabelSelector) : undefined), IMMUTABLE)];
}
