/**
 * Rendering of field errors as kube prints them: one ErrorList line per error, and the 422
 * Invalid Status message kubectl shows (`The Deployment "web" is invalid: ...`).
 */

import type { ResourceType } from '../../resources.ts';
import type { FieldError } from './fieldError.ts';
import { goQuote, goValue } from './goLiteral.ts';

const TYPE_TEXT: Record<FieldError['type'], string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
};

/** One line of kube's ErrorList text: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(e: FieldError): string {
  let body = TYPE_TEXT[e.type];
  if (e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'FieldValueTooLong') body += `: ${goValue(e.badValue)}`;
  if (e.detail !== '') body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** The Status message of kube's 422: `Deployment.apps "web" is invalid: ...`, several errors as `[a, b]`. */
export function invalidMessage(type: ResourceType, name: string, errors: FieldError[]): string {
  const kind = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
  const msgs = [...new Set(errors.map(formatFieldError))];
  const agg = msgs.length === 0 ? '<nil>' : msgs.length === 1 ? (msgs[0] ?? '') : `[${msgs.join(', ')}]`;
  return `${kind} ${goQuote(name)} is invalid: ${agg}`;
}
