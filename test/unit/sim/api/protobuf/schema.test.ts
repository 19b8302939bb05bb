import { describe, expect, it } from 'vitest';
import { fieldsOfModel, modelClass, rootModelOf } from '../../../../../src/sim/api/kindSchema.ts';
import type { FieldType } from '../../../../../src/sim/api/kindSchema.ts';
import { MESSAGES, rootKinds, rootMessageOf } from '../../../../../src/sim/api/protobuf/schema.ts';
import type { FieldSchema } from '../../../../../src/sim/api/protobuf/schema.ts';
import { RESOURCE_TYPES, groupVersion } from '../../../../../src/sim/resources.ts';

/** The @kubernetes/client-node model of each message (most are V1<Name>). */
const MODEL_OVERRIDES: Record<string, string> = {
  Event: 'CoreV1Event',
  EventSeries: 'CoreV1EventSeries',
  EndpointPort: 'CoreV1EndpointPort',
  DiscoveryEndpointPort: 'DiscoveryV1EndpointPort',
  ResourceClaim: 'CoreV1ResourceClaim',
  Subject: 'RbacV1Subject',
};
/** Go structs that only ever appear embedded (`json:",inline"`), so have no model of their own. */
const INLINE_ONLY = new Set(['VolumeSource', 'ProbeHandler', 'EphemeralContainerCommon']);

function modelOf(message: string): string {
  return MODEL_OVERRIDES[message] ?? `V1${message}`;
}

/** The JSON fields one message produces, with embedded messages flattened in. */
function jsonFields(message: string): Array<{ field: FieldSchema; owner: string }> {
  return MESSAGES.get(message)!.fields.flatMap((field) => (field.inline && field.type.kind === 'message'
    ? jsonFields(field.type.message)
    : [{ field, owner: message }]));
}

/** What the client-node attribute type must be for a table field. */
function expectedType(field: FieldSchema): (t: FieldType) => boolean {
  const single = (t: FieldType): boolean => {
    const k = field.type;
    switch (k.kind) {
      case 'scalar':
        if (k.type === 'bool') return t.kind === 'boolean';
        if (k.type === 'string' || k.type === 'bytes') return t.kind === 'string';
        return t.kind === 'number';
      case 'special':
        if (k.type === 'Time') return t.kind === 'date';
        // client-node types MicroTime as an opaque V1MicroTime with format date-time-micro.
        if (k.type === 'MicroTime') return t.kind === 'any';
        if (k.type === 'IntOrString') return t.kind === 'int-or-string';
        if (k.type === 'Quantity') return t.kind === 'string';
        return t.kind === 'any';
      case 'map':
        return t.kind === 'map' && t.values.kind === (k.values === 'Time' ? 'date' : 'string');
      case 'message':
        return t.kind === 'object' && t.model === modelOf(k.message);
    }
  };
  return (t) => (field.repeated ? t.kind === 'array' && single(t.items) : single(t));
}

describe('protobuf message table', () => {
  const withModel = [...MESSAGES.keys()].filter((m) => !INLINE_ONLY.has(m));

  it('has a client-node model for every message that is not inline-only', () => {
    expect(withModel.filter((m) => !modelClass(modelOf(m)))).toEqual([]);
    for (const m of INLINE_ONLY) expect(MESSAGES.has(m)).toBe(true);
  });

  it('uses only JSON field names the client-node models know', () => {
    const unknown: string[] = [];
    for (const m of withModel) {
      const attrs = fieldsOfModel(modelOf(m));
      for (const { field, owner } of jsonFields(m)) if (!attrs.has(field.name)) unknown.push(`${owner}.${field.name} (${field.num})`);
    }
    expect(unknown).toEqual([]);
  });

  it('gives every field the type its client-node attribute has', () => {
    const mismatched: string[] = [];
    for (const m of withModel) {
      const attrs = fieldsOfModel(modelOf(m));
      for (const { field, owner } of jsonFields(m)) {
        const attr = attrs.get(field.name);
        if (attr && !expectedType(field)(attr)) mismatched.push(`${owner}.${field.name}: ${JSON.stringify(attr)}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('covers every field of every model it decodes (TypeMeta comes from the envelope)', () => {
    const missing: string[] = [];
    for (const m of withModel) {
      const mine = new Set(jsonFields(m).map(({ field }) => field.name));
      for (const name of fieldsOfModel(modelOf(m)).keys()) {
        if (!mine.has(name) && name !== 'apiVersion' && name !== 'kind') missing.push(`${m}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no JSON name twice in one message, inline fields included', () => {
    for (const m of MESSAGES.keys()) {
      const names = jsonFields(m).map(({ field }) => field.name);
      expect(new Set(names).size, m).toBe(names.length);
    }
  });

  it('has a root message for every stored kind, matching the simulator model', () => {
    for (const t of RESOURCE_TYPES.filter((r) => r.stored)) {
      const gv = groupVersion(t);
      const schema = rootMessageOf(gv, t.kind);
      expect(schema, `${gv}/${t.kind}`).toBeDefined();
      expect(modelOf(schema!.name)).toBe(rootModelOf(gv, t.kind));
    }
    expect(rootMessageOf('autoscaling/v1', 'Scale')?.name).toBe('Scale');
    expect(rootMessageOf('v1', 'DeleteOptions')?.name).toBe('DeleteOptions');
    for (const [, message] of rootKinds()) expect(MESSAGES.has(message)).toBe(true);
  });

  it('keeps zeros of the pointer fields kubectl relies on', () => {
    const keep = (m: string, name: string): boolean => jsonFields(m).find(({ field }) => field.name === name)!.field.keepZero;
    expect(keep('DeploymentSpec', 'replicas')).toBe(true);
    expect(keep('StatefulSetSpec', 'replicas')).toBe(true);
    expect(keep('ReplicaSetSpec', 'replicas')).toBe(true);
    expect(keep('PodSpec', 'terminationGracePeriodSeconds')).toBe(true);
    expect(keep('PodSpec', 'automountServiceAccountToken')).toBe(true);
    expect(keep('SecurityContext', 'runAsUser')).toBe(true);
    expect(keep('DeleteOptions', 'gracePeriodSeconds')).toBe(true);
    expect(keep('PodSpec', 'hostNetwork')).toBe(false);
    expect(keep('Container', 'imagePullPolicy')).toBe(false);
    expect(keep('DeploymentSpec', 'minReadySeconds')).toBe(false);
  });
});
