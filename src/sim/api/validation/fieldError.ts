/**
 * field.Error as kube-apiserver's validation reports it, and the constructors of its kinds
 * (field.Required, field.Invalid, ...) that the per-kind validators build their lists from.
 */

export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueTooMany';
  field: string;
  detail: string;
  badValue?: unknown;
}

export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const invalid = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const duplicate = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' });
export const tooLong = (field: string, max: number): FieldError => ({ type: 'FieldValueTooLong', field, detail: `must have at most ${max} bytes` });
export const notSupported = (field: string, badValue: unknown, valid: string[]): FieldError => ({
  type: 'FieldValueNotSupported', field, badValue, detail: valid.length > 0 ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '',
});
export const IMMUTABLE = 'field is immutable';

export function nonNegative(field: string, v: unknown): FieldError[] {
  return typeof v === 'number' && v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];
}
