/**
 * The field schema of every stored kind, taken from the Kubernetes OpenAPI models that
 * @kubernetes/client-node generates (the same definitions kube-apiserver publishes). The API
 * server uses it the way kube-apiserver uses its structural schemas: unknown fields are dropped
 * from what is stored, reported as warnings, or refused with 400 under `fieldValidation=Strict`
 * (which kubectl sends by default). It also feeds the OpenAPI documents kubectl downloads.
 */
import * as models from '@kubernetes/client-node';
import type { ResourceType } from '../resources.ts';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

const ROOT_MODELS: Record<string, string> = {
  'v1/Namespace': 'V1Namespace',
  'v1/Node': 'V1Node',
  'v1/Pod': 'V1Pod',
  'v1/Service': 'V1Service',
  'v1/Endpoints': 'V1Endpoints',
  'discovery.k8s.io/v1/EndpointSlice': 'V1EndpointSlice',
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/Secret': 'V1Secret',
  'v1/Event': 'CoreV1Event',
  'v1/ServiceAccount': 'V1ServiceAccount',
  'apps/v1/Deployment': 'V1Deployment',
  'apps/v1/ReplicaSet': 'V1ReplicaSet',
  'apps/v1/StatefulSet': 'V1StatefulSet',
  'apps/v1/DaemonSet': 'V1DaemonSet',
  'apps/v1/ControllerRevision': 'V1ControllerRevision',
  'rbac.authorization.k8s.io/v1/Role': 'V1Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'V1RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'V1ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'V1ClusterRoleBinding',
  'coordination.k8s.io/v1/Lease': 'V1Lease',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
  'policy/v1/PodDisruptionBudget': 'V1PodDisruptionBudget',
  'autoscaling/v1/Scale': 'V1Scale',
};

export type FieldType =
  | { kind: 'object'; model: string }
  | { kind: 'array'; items: FieldType }
  | { kind: 'map'; values: FieldType }
  | { kind: 'string' | 'number' | 'boolean' | 'date' | 'int-or-string' | 'any'; format?: string };

export function modelClass(name: string): ModelClass | undefined {
  const candidate = (models as unknown as Record<string, unknown>)[name];
  if (typeof candidate === 'function' && typeof (candidate as unknown as ModelClass).getAttributeTypeMap === 'function') {
    return candidate as unknown as ModelClass;
  }
  return undefined;
}

export function parseFieldType(type: string, format = ''): FieldType {
  const t = type.trim();
  if (t.startsWith('Array<') && t.endsWith('>')) return { kind: 'array', items: parseFieldType(t.slice(6, -1)) };
  const map = /^\{\s*\[key: string\]:\s*(.+?);\s*\}$/s.exec(t);
  if (map) return { kind: 'map', values: parseFieldType(map[1]!) };
  switch (t) {
    case 'string': return { kind: 'string', format };
    case 'number': return { kind: 'number', format };
    case 'boolean': return { kind: 'boolean' };
    case 'Date': return { kind: 'date', format };
    case 'IntOrString': return { kind: 'int-or-string' };
    case 'any': case 'object': return { kind: 'any' };
    default: return modelClass(t) ? { kind: 'object', model: t } : { kind: 'any' };
  }
}

const fieldCache = new Map<string, Map<string, FieldType>>();

/** The fields of one model, by JSON name. */
export function fieldsOfModel(model: string): Map<string, FieldType> {
  let fields = fieldCache.get(model);
  if (!fields) {
    fields = new Map();
    for (const a of modelClass(model)?.getAttributeTypeMap() ?? []) fields.set(a.baseName, parseFieldType(a.type, a.format));
    fieldCache.set(model, fields);
  }
  return fields;
}

export function rootModelOf(apiVersion: string, kind: string): string | undefined {
  return ROOT_MODELS[`${apiVersion}/${kind}`];
}

export function rootModelFor(type: Pick<ResourceType, 'group' | 'version' | 'kind'>): string | undefined {
  return rootModelOf(type.group ? `${type.group}/${type.version}` : type.version, type.kind);
}

/**
 * Drop fields the schema does not declare, returning their paths (`spec.foo`,
 * `spec.template.spec.containers[0].bogus`) in the order found. Mutates `value`.
 */
export function pruneUnknownFields(model: string, value: unknown, path = ''): string[] {
  const unknown: string[] = [];
  walkObject(model, value, path, unknown);
  return unknown;
}

function walkObject(model: string, value: unknown, path: string, unknown: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const fields = fieldsOfModel(model);
  if (fields.size === 0) return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const field = fields.get(key);
    const here = path ? `${path}.${key}` : key;
    if (!field) {
      unknown.push(here);
      delete obj[key];
      continue;
    }
    walkValue(field, obj[key], here, unknown);
  }
}

function walkValue(field: FieldType, value: unknown, path: string, unknown: string[]): void {
  if (value === null || value === undefined) return;
  switch (field.kind) {
    case 'object': walkObject(field.model, value, path, unknown); break;
    case 'array':
      if (Array.isArray(value)) value.forEach((item, i) => walkValue(field.items, item, `${path}[${i}]`, unknown));
      break;
    case 'map':
      if (typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) walkValue(field.values, v, `${path}.${k}`, unknown);
      }
      break;
    default:
      break;
  }
}
