/**
 * The message table for decoding Kubernetes protobuf bodies: for every message reachable from
 * the kinds the simulator stores, field number → JSON name, type, repeated, and whether a zero
 * value is kept. The field numbers are facts of the wire format (k8s.io/api and
 * k8s.io/apimachinery `generated.proto`); the keep-zero flags come from the Go types
 * (`types.go`): pointer fields and fields without `omitempty` keep an explicit zero, the rest
 * drop it the way Go's JSON encoder would.
 *
 * Messages are written in a compact line form, one string per message:
 *   `<number> <jsonName> <type>[[]][!]` joined with `; `
 * where type is a scalar (string, int32, int64, bool, bytes, double), a special
 * (Time, MicroTime, IntOrString, Quantity, FieldsV1, RawExtension), `map<V>` (string keys; V string, bytes, Quantity or Time) or
 * another message's name; `[]` marks a repeated field, `!` keeps zero values, and the JSON name
 * `...` marks an embedded Go struct (`json:",inline"`) whose fields merge into the parent.
 *
 * The table covers the fields the @kubernetes/client-node models know (Kubernetes 1.34, a
 * superset of what kubectl 1.32 sends); newer fields are deliberately absent, so a body that
 * carries one fails with 400 naming the field instead of being stored half-understood.
 */
import { CORE_MESSAGES } from './coreMessages.ts';
import { GROUP_MESSAGES, GROUP_ROOTS } from './groupMessages.ts';
import { META_MESSAGES } from './metaMessages.ts';

export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes' | 'double';
export type SpecialType = 'Time' | 'MicroTime' | 'IntOrString' | 'Quantity' | 'FieldsV1' | 'RawExtension';
export type MapValueType = 'string' | 'bytes' | 'Quantity' | 'Time';

export type FieldKind =
  | { kind: 'scalar'; type: ScalarType }
  | { kind: 'special'; type: SpecialType }
  | { kind: 'map'; values: MapValueType }
  | { kind: 'message'; message: string };

export interface FieldSchema {
  num: number;
  /** JSON name; '' for an inline (embedded) message. */
  name: string;
  type: FieldKind;
  repeated: boolean;
  /** Keep zero values (Go pointer field, or no `omitempty`). */
  keepZero: boolean;
  inline: boolean;
}

export interface MessageSchema {
  name: string;
  /** Fields in Go struct order, which is the order the JSON serializer writes them. */
  fields: FieldSchema[];
  byNumber: ReadonlyMap<number, FieldSchema>;
}

/** Message name → field lines, as written in the per-group files. */
export type MessageTable = Readonly<Record<string, string>>;

const SCALARS = new Set<string>(['string', 'int32', 'int64', 'bool', 'bytes', 'double']);
const SPECIALS = new Set<string>(['Time', 'MicroTime', 'IntOrString', 'Quantity', 'FieldsV1', 'RawExtension']);
const MAP_VALUES = new Set<string>(['string', 'bytes', 'Quantity', 'Time']);

const FIELD_LINE = /^(\d+) (\.\.\.|[A-Za-z][A-Za-z0-9]*) (map<([A-Za-z]+)>|[A-Za-z][A-Za-z0-9]*)(\[\])?(!)?$/;

export function parseMessage(name: string, line: string): MessageSchema {
  const fields: FieldSchema[] = [];
  const byNumber = new Map<number, FieldSchema>();
  for (const part of line.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = FIELD_LINE.exec(part);
    if (!m) throw new Error(`protobuf schema ${name}: cannot parse field "${part}"`);
    const [, numText, jsonName, typeText, mapValue, repeated, keep] = m;
    const num = Number(numText);
    let type: FieldKind;
    if (mapValue !== undefined) {
      if (!MAP_VALUES.has(mapValue)) throw new Error(`protobuf schema ${name}: unsupported map value type ${mapValue}`);
      type = { kind: 'map', values: mapValue as MapValueType };
    } else if (SCALARS.has(typeText!)) type = { kind: 'scalar', type: typeText as ScalarType };
    else if (SPECIALS.has(typeText!)) type = { kind: 'special', type: typeText as SpecialType };
    else type = { kind: 'message', message: typeText! };
    const inline = jsonName === '...';
    if (inline && type.kind !== 'message') throw new Error(`protobuf schema ${name}: inline field ${num} must be a message`);
    if (byNumber.has(num)) throw new Error(`protobuf schema ${name}: field number ${num} appears twice`);
    const field: FieldSchema = { num, name: inline ? '' : jsonName!, type, repeated: repeated !== undefined, keepZero: keep !== undefined, inline };
    fields.push(field);
    byNumber.set(num, field);
  }
  return { name, fields, byNumber };
}

function buildRegistry(...tables: MessageTable[]): Map<string, MessageSchema> {
  const registry = new Map<string, MessageSchema>();
  for (const table of tables) {
    for (const [name, line] of Object.entries(table)) {
      if (registry.has(name)) throw new Error(`protobuf schema: message ${name} is defined twice`);
      registry.set(name, parseMessage(name, line));
    }
  }
  // Every referenced message must exist, so a typo fails at load, not on some rare request.
  for (const schema of registry.values()) {
    for (const f of schema.fields) {
      if (f.type.kind === 'message' && !registry.has(f.type.message)) {
        throw new Error(`protobuf schema ${schema.name}: field ${f.num} refers to unknown message ${f.type.message}`);
      }
    }
  }
  return registry;
}

export const MESSAGES: ReadonlyMap<string, MessageSchema> = buildRegistry(META_MESSAGES, CORE_MESSAGES, GROUP_MESSAGES);

/** `apiVersion/kind` of each top-level object the simulator can receive → its message. */
const ROOTS: Readonly<Record<string, string>> = {
  'v1/Namespace': 'Namespace',
  'v1/Node': 'Node',
  'v1/Pod': 'Pod',
  'v1/Service': 'Service',
  'v1/Endpoints': 'Endpoints',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Event': 'Event',
  'v1/ServiceAccount': 'ServiceAccount',
  ...GROUP_ROOTS,
};

/** The message for a top-level object, or undefined when the simulator has no schema for it. */
export function rootMessageOf(apiVersion: string, kind: string): MessageSchema | undefined {
  // DeleteOptions is registered in every group version, so clients send it under any of them.
  const name = kind === 'DeleteOptions' ? 'DeleteOptions' : ROOTS[`${apiVersion}/${kind}`];
  return name === undefined ? undefined : MESSAGES.get(name);
}

/** Every root `apiVersion/kind` with its message name (for tests and diagnostics). */
export function rootKinds(): ReadonlyArray<[string, string]> {
  return [...Object.entries(ROOTS), ['meta.k8s.io/v1/DeleteOptions', 'DeleteOptions']];
}

export function messageSchema(name: string): MessageSchema {
  const schema = MESSAGES.get(name);
  if (!schema) throw new Error(`protobuf schema: no message ${name}`);
  return schema;
}
