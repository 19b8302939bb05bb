/**
 * The protobuf wire format, read-only: splits an encoded message into its fields (number, wire
 * type, raw value). Just enough for the Kubernetes protobuf request bodies kubectl sends; what a
 * field means is the schema's business (see schema.ts), not this module's.
 */

/** A malformed or unexpected protobuf body; the API server answers it with 400 BadRequest. */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export type WireValue =
  | { wire: typeof WIRE_VARINT; value: bigint }
  | { wire: typeof WIRE_FIXED64; value: Buffer }
  | { wire: typeof WIRE_BYTES; value: Buffer }
  | { wire: typeof WIRE_FIXED32; value: Buffer };

export interface WireField {
  num: number;
  value: WireValue;
}

/** Read a base-128 varint at `pos`; returns the (unsigned, up to 64-bit) value and the next position. */
export function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = buf[pos + i];
    if (byte === undefined) throw new ProtobufDecodeError('truncated varint');
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [BigInt.asUintN(64, result), pos + i + 1];
    shift += 7n;
  }
  throw new ProtobufDecodeError('varint longer than 10 bytes');
}

function take(buf: Buffer, pos: number, length: number): Buffer {
  if (pos + length > buf.length) throw new ProtobufDecodeError(`truncated field: needs ${length} bytes, ${buf.length - pos} left`);
  return buf.subarray(pos, pos + length);
}

/** Every field of one encoded message, in wire order (repeated fields appear once per element). */
export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (num === 0 || num > 0x1fffffff) throw new ProtobufDecodeError(`invalid field number ${num}`);
    pos = afterKey;
    switch (wire) {
      case WIRE_VARINT: {
        const [value, next] = readVarint(buf, pos);
        fields.push({ num, value: { wire, value } });
        pos = next;
        break;
      }
      case WIRE_FIXED64:
        fields.push({ num, value: { wire, value: take(buf, pos, 8) } });
        pos += 8;
        break;
      case WIRE_BYTES: {
        const [length, next] = readVarint(buf, pos);
        if (length > BigInt(buf.length)) throw new ProtobufDecodeError(`field ${num}: length ${length} exceeds the message`);
        fields.push({ num, value: { wire, value: take(buf, next, Number(length)) } });
        pos = next + Number(length);
        break;
      }
      case WIRE_FIXED32:
        fields.push({ num, value: { wire, value: take(buf, pos, 4) } });
        pos += 4;
        break;
      default:
        // Groups (3, 4) are a proto2 feature go-to-protobuf never generates.
        throw new ProtobufDecodeError(`field ${num}: unsupported wire type ${wire}`);
    }
  }
  return fields;
}
