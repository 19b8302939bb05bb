/**
 * What a Table printer is (its column definitions, its cells per object, optional row
 * conditions) and the column helpers and shared column descriptions the printers build from.
 */

import type { Obj } from '../obj.ts';

export type Cell = string | number | boolean;
export interface Column { name: string; type: string; format: string; description: string; priority: number }
export interface RowCondition { type: string; status: string; reason: string; message: string }
export interface Printer {
  columns: Column[];
  cells(o: Obj, now: number): Cell[];
  conditions?(o: Obj): RowCondition[] | undefined;
}

/** Column descriptions (kube's OpenAPI field docs) that more than one printer uses. */
export const D = {
  name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  created: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  containers: 'Names of each container in the template.',
  images: 'Images referenced by each container in the template.',
  selector: 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.',
};

export function col(name: string, type: string, description: string, extra: { priority?: number; format?: string } = {}): Column {
  return { name, type, format: extra.format ?? '', description, priority: extra.priority ?? 0 };
}
export const NAME = col('Name', 'string', D.name, { format: 'name' });
export const AGE = col('Age', 'string', D.created);
export const wide = (name: string, description: string): Column => col(name, 'string', description, { priority: 1 });
