/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies (what kubectl's typed clients
 * send for `kubectl create deployment|namespace|secret|…`) into the JSON object kube-apiserver's
 * JSON serializer would write for the same Go object, so the rest of the API server handles it
 * exactly like a JSON body.
 *
 * The body is the magic `k8s\x00` and a `runtime.Unknown` envelope {1 typeMeta {1 apiVersion,
 * 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}; `raw` is the object's message, decoded
 * with the table in schema.ts. gogo-protobuf writes every non-pointer field even when it is
 * zero, so zeros are dropped the way Go's `omitempty` would, except for fields the table marks
 * keep-zero (pointers such as `spec.replicas`, and fields without omitempty). Embedded structs
 * are always written, as Go's encoder does (`resources: {}`, `creationTimestamp: null`).
 */
import { MESSAGES, rootMessageOf } from './schema.ts';
import type { FieldSchema, MapValueType, MessageSchema, ScalarType, SpecialType } from './schema.ts';
import { ProtobufDecodeError, readFields, WIRE_BYTES, WIRE_FIXED64, WIRE_VARINT } from './wire.ts';
import type { WireField, WireValue } from './wire.ts';

export { ProtobufDecodeError } from './wire.ts';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

export function hasKubeProtobufMagic(body: Buffer): boolean {
  return body.length >= MAGIC.length && body.subarray(0, MAGIC.length).equals(MAGIC);
}

/** Decode a whole request body: magic, `runtime.Unknown` envelope, then the object. */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (!hasKubeProtobufMagic(body)) throw new ProtobufDecodeError('the body does not start with the Kubernetes protobuf magic number');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  let contentEncoding = '';
  for (const f of readFields(body.subarray(MAGIC.length))) {
    if (f.num === 1) {
      for (const t of readFields(bytesOf(f, 'Unknown.typeMeta'))) {
        if (t.num === 1) apiVersion = bytesOf(t, 'TypeMeta.apiVersion').toString('utf8');
        else if (t.num === 2) kind = bytesOf(t, 'TypeMeta.kind').toString('utf8');
        else throw unknownField('TypeMeta', t.num);
      }
    } else if (f.num === 2) raw = bytesOf(f, 'Unknown.raw');
    else if (f.num === 3) contentEncoding = bytesOf(f, 'Unknown.contentEncoding').toString('utf8');
    else if (f.num === 4) bytesOf(f, 'Unknown.contentType'); // always empty or protobuf; nothing to do with it
    else throw unknownField('Unknown', f.num);
  }
  if (contentEncoding !== '') throw new ProtobufDecodeError(`unsupported content encoding "${contentEncoding}"`);
  if (kind === '') throw new ProtobufDecodeError('Object \'Kind\' is missing in the protobuf envelope');
  const schema = rootMessageOf(apiVersion, kind);
  if (!schema) throw new ProtobufDecodeError(`no kind "${kind}" is registered for version "${apiVersion}"`);
  // TypeMeta comes first in every kube object, as the JSON serializer writes it.
  return { kind, apiVersion, ...decodeMessage(schema, raw) };
}

/** Decode one message (no magic, no envelope) by message name; for tests and diagnostics. */
export function decodeMessageNamed(name: string, raw: Buffer): Record<string, unknown> {
  const schema = MESSAGES.get(name);
  if (!schema) throw new ProtobufDecodeError(`no protobuf schema for message ${name}`);
  return decodeMessage(schema, raw);
}

function unknownField(message: string, num: number): ProtobufDecodeError {
  return new ProtobufDecodeError(`unknown field number ${num} in message ${message}`);
}

function bytesOf(f: WireField, where: string): Buffer {
  if (f.value.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where} (field ${f.num}): expected wire type 2, got ${f.value.wire}`);
  return f.value.value;
}

function decodeMessage(schema: MessageSchema, buf: Buffer): Record<string, unknown> {
  const byField = new Map<number, WireValue[]>();
  for (const f of readFields(buf)) {
    if (!schema.byNumber.has(f.num)) throw unknownField(schema.name, f.num);
    const list = byField.get(f.num);
    if (list) list.push(f.value);
    else byField.set(f.num, [f.value]);
  }
  const out: Record<string, unknown> = {};
  // Emit in the table's (Go struct) order, not wire order, so output reads like kube's JSON.
  for (const field of schema.fields) {
    const values = byField.get(field.num);
    if (!values) continue;
    const where = `${schema.name}.${field.inline ? `(inline ${field.num})` : field.name}`;
    if (field.inline) {
      Object.assign(out, decodeMessage(nested(field), concatBytes(values, where)));
      continue;
    }
    const value = decodeField(field, values, where);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

function nested(field: FieldSchema): MessageSchema {
  if (field.type.kind !== 'message') throw new Error(`field ${field.num} is not a message`);
  const schema = MESSAGES.get(field.type.message);
  if (!schema) throw new Error(`protobuf schema: no message ${field.type.message}`);
  return schema;
}

/** Several occurrences of one embedded message merge, which on the wire is concatenation. */
function concatBytes(values: WireValue[], where: string): Buffer {
  return Buffer.concat(values.map((v) => {
    if (v.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where}: expected a length-delimited field, got wire type ${v.wire}`);
    return v.value;
  }));
}

/** The JSON value of one field from all its occurrences, or undefined to leave it out. */
function decodeField(field: FieldSchema, values: WireValue[], where: string): unknown {
  const t = field.type;
  if (t.kind === 'map') {
    const map: Record<string, unknown> = {};
    for (const v of values) {
      const [key, value] = decodeMapEntry(v, t.values, where);
      map[key] = value;
    }
    return map;
  }
  if (field.repeated) {
    const items: unknown[] = [];
    for (const v of values) {
      if (t.kind === 'scalar' && t.type !== 'string' && t.type !== 'bytes' && v.wire === WIRE_BYTES) {
        items.push(...decodePacked(t.type, v.value, where)); // packed numbers are legal even in proto2
      } else items.push(decodeSingle(field, v, where));
    }
    return items;
  }
  if (t.kind === 'message') return decodeMessage(nested(field), concatBytes(values, where));
  // Proto semantics for a repeated occurrence of a singular scalar: the last one wins.
  const value = decodeSingle(field, values[values.length - 1]!, where);
  if (!field.keepZero && t.kind === 'scalar' && isZero(value)) return undefined;
  return value;
}

function decodeSingle(field: FieldSchema, v: WireValue, where: string): unknown {
  const t = field.type;
  switch (t.kind) {
    case 'scalar': return decodeScalar(t.type, v, where);
    case 'special': return decodeSpecial(t.type, expectBytes(v, where), where);
    case 'message': return decodeMessage(nested(field), expectBytes(v, where));
    case 'map': throw new Error('maps are decoded entry by entry');
  }
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

function expectBytes(v: WireValue, where: string): Buffer {
  if (v.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where}: expected a length-delimited field, got wire type ${v.wire}`);
  return v.value;
}

function decodeScalar(type: ScalarType, v: WireValue, where: string): string | number | boolean {
  switch (type) {
    case 'string': return expectBytes(v, where).toString('utf8');
    case 'bytes': return expectBytes(v, where).toString('base64');
    case 'double':
      if (v.wire !== WIRE_FIXED64) throw new ProtobufDecodeError(`${where}: expected a fixed64 field, got wire type ${v.wire}`);
      return v.value.readDoubleLE(0);
    case 'int32':
    case 'int64':
    case 'bool': {
      if (v.wire !== WIRE_VARINT) throw new ProtobufDecodeError(`${where}: expected a varint field, got wire type ${v.wire}`);
      return varintAs(type, v.value);
    }
  }
}

function varintAs(type: 'int32' | 'int64' | 'bool', raw: bigint): number | boolean {
  if (type === 'bool') return raw !== 0n;
  // Negative int32s travel sign-extended to 64 bits; both read back through two's complement.
  return Number(type === 'int32' ? BigInt.asIntN(32, raw) : BigInt.asIntN(64, raw));
}

function decodePacked(type: ScalarType, buf: Buffer, where: string): Array<number | boolean> {
  const out: Array<number | boolean> = [];
  let pos = 0;
  while (pos < buf.length) {
    if (type === 'double') {
      if (pos + 8 > buf.length) throw new ProtobufDecodeError(`${where}: truncated packed doubles`);
      out.push(buf.readDoubleLE(pos));
      pos += 8;
      continue;
    }
    let shift = 0n;
    let raw = 0n;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined) throw new ProtobufDecodeError(`${where}: truncated packed varint`);
      raw |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtobufDecodeError(`${where}: varint longer than 10 bytes`);
    }
    out.push(varintAs(type as 'int32' | 'int64' | 'bool', BigInt.asUintN(64, raw)));
  }
  return out;
}

/** A map entry message {1 key, 2 value}; absent parts are the zero value, as in proto. */
function decodeMapEntry(v: WireValue, values: MapValueType, where: string): [string, unknown] {
  let key = '';
  let value: unknown = values === 'Quantity' ? '0' : values === 'Time' ? null : '';
  for (const f of readFields(expectBytes(v, where))) {
    if (f.num === 1) key = expectBytes(f.value, `${where} key`).toString('utf8');
    else if (f.num === 2) {
      const bytes = expectBytes(f.value, `${where}[${key}]`);
      value = values === 'string' ? bytes.toString('utf8') : values === 'bytes' ? bytes.toString('base64')
        : values === 'Time' ? decodeTime(bytes, where, false) : decodeQuantity(bytes, where);
    } else throw new ProtobufDecodeError(`${where}: unknown field number ${f.num} in a map entry`);
  }
  return [key, value];
}

function decodeSpecial(type: SpecialType, buf: Buffer, where: string): unknown {
  switch (type) {
    case 'Time': return decodeTime(buf, where, false);
    case 'MicroTime': return decodeTime(buf, where, true);
    case 'IntOrString': return decodeIntOrString(buf, where);
    case 'Quantity': return decodeQuantity(buf, where);
    case 'FieldsV1': return decodeRawJson(buf, where, 'FieldsV1');
    case 'RawExtension': return decodeRawJson(buf, where, 'RawExtension');
  }
}

/**
 * metav1.Time / MicroTime: {1 seconds int64, 2 nanos int32}. JSON is RFC 3339 in UTC, whole
 * seconds for Time and microseconds for MicroTime; the zero time is `null`, as Go writes it.
 */
function decodeTime(buf: Buffer, where: string, micro: boolean): string | null {
  let seconds = 0n;
  let nanos = 0;
  for (const f of readFields(buf)) {
    if (f.value.wire !== WIRE_VARINT) throw new ProtobufDecodeError(`${where}: expected varint time fields`);
    if (f.num === 1) seconds = BigInt.asIntN(64, f.value.value);
    else if (f.num === 2) nanos = Number(BigInt.asIntN(32, f.value.value));
    else throw new ProtobufDecodeError(`${where}: unknown field number ${f.num} in message Time`);
  }
  if (seconds === 0n && nanos === 0) return null;
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError(`${where}: time out of range`);
  const base = date.toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  if (!micro) return `${base}Z`;
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** intstr.IntOrString: {1 type (0 int, 1 string), 2 intVal, 3 strVal} → number or string. */
function decodeIntOrString(buf: Buffer, where: string): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  for (const f of readFields(buf)) {
    if (f.num === 1 || f.num === 2) {
      if (f.value.wire !== WIRE_VARINT) throw new ProtobufDecodeError(`${where}: expected a varint in IntOrString`);
      if (f.num === 1) type = f.value.value;
      else intVal = Number(BigInt.asIntN(32, f.value.value));
    } else if (f.num === 3) strVal = expectBytes(f.value, where).toString('utf8');
    else throw new ProtobufDecodeError(`${where}: unknown field number ${f.num} in message IntOrString`);
  }
  return type === 1n ? strVal : intVal;
}

/** resource.Quantity: {1 string}; the zero quantity is written "0". */
function decodeQuantity(buf: Buffer, where: string): string {
  let value = '';
  for (const f of readFields(buf)) {
    if (f.num === 1) value = expectBytes(f.value, where).toString('utf8');
    else throw new ProtobufDecodeError(`${where}: unknown field number ${f.num} in message Quantity`);
  }
  return value === '' ? '0' : value;
}

/**
 * FieldsV1 and runtime.RawExtension: {1 raw bytes} holding the JSON itself (or, for a
 * RawExtension written by a protobuf client, a nested Kubernetes protobuf object).
 */
function decodeRawJson(buf: Buffer, where: string, message: string): unknown {
  let raw: Buffer = Buffer.alloc(0);
  for (const f of readFields(buf)) {
    if (f.num === 1) raw = expectBytes(f.value, where);
    else throw new ProtobufDecodeError(`${where}: unknown field number ${f.num} in message ${message}`);
  }
  if (raw.length === 0) return null;
  if (hasKubeProtobufMagic(raw)) return decodeKubeProtobuf(raw);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (e) {
    throw new ProtobufDecodeError(`${where}: ${message} does not hold JSON: ${(e as Error).message}`);
  }
}
