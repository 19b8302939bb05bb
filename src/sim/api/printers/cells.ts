/**
 * Cell helpers several printers share: name and age, the container names and images of a pod
 * template, and the printed form of a workload selector.
 */

import type { Obj } from '../obj.ts';
import { isObj, obj, objs, str } from '../obj.ts';
import { formatRequirements, labelSelectorToRequirements, SelectorError } from '../labelSelector.ts';
import { since } from './humanDuration.ts';

export const age = (o: Obj, now: number): string => since(obj(o['metadata'])['creationTimestamp'], now);
export const nameOf = (o: Obj): string => str(obj(o['metadata'])['name']);

/** layoutContainerCells: names and images comma-joined. */
export function containerCells(podSpec: Obj): [string, string] {
  const cs = objs(podSpec['containers']);
  return [cs.map((c) => str(c['name'])).join(','), cs.map((c) => str(c['image'])).join(',')];
}

export function templateSpec(o: Obj): Obj {
  return obj(obj(obj(o['spec'])['template'])['spec']);
}

/** The wide Selector cell of Deployments: labels.Selector.String(), empty when it selects everything. */
export function selectorString(sel: unknown): string {
  if (!isObj(sel)) return '';
  try {
    return formatRequirements(labelSelectorToRequirements(sel));
  } catch (e) {
    if (e instanceof SelectorError) return '<invalid>';
    throw e;
  }
}
