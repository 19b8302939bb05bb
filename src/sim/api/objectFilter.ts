/**
 * The `labelSelector` / `fieldSelector` of a list or watch request, compiled once into a
 * predicate over objects. Malformed selectors and unsupported field labels are 400 BadRequest
 * with kube's own wording.
 */
import type { ResourceType } from '../resources.ts';
import type { KObject } from '../types.ts';
import { errors } from './ApiError.ts';
import { checkFieldSelector, fieldsOf, matchesFields, parseFieldSelector } from './fieldSelector.ts';
import { SelectorError, matchesLabels, parseLabelSelector } from './labelSelector.ts';

export type ObjectFilter = ((obj: KObject) => boolean) & { selective: boolean };

export function compileFilter(type: ResourceType, query: URLSearchParams, namespace: string): ObjectFilter {
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  try {
    const labels = labelText ? parseLabelSelector(labelText) : [];
    const fields = fieldText ? parseFieldSelector(fieldText) : [];
    checkFieldSelector(type, fields);
    const filter = ((obj: KObject) => {
      if (namespace !== '' && obj.metadata.namespace !== namespace) return false;
      if (labels.length > 0 && !matchesLabels(labels, obj.metadata.labels)) return false;
      if (fields.length > 0 && !matchesFields(fields, fieldsOf(type, obj))) return false;
      return true;
    }) as ObjectFilter;
    filter.selective = labels.length > 0 || fields.length > 0;
    return filter;
  } catch (e) {
    if (e instanceof SelectorError) throw errors.badRequest(e.message);
    throw e;
  }
}
