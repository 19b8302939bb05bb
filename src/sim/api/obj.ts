/**
 * Readers for the unstructured JSON of stored objects, shared by validation and the Table
 * printers: each yields an empty value of the expected type when a field is absent or of
 * another type, so callers can walk arbitrary input without a check at every step.
 */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
export const strMap = (v: unknown): Record<string, string> | undefined => (isObj(v) ? (v as Record<string, string>) : undefined);
