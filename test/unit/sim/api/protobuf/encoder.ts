/**
 * A tiny protobuf writer for tests: builds Kubernetes protobuf bodies field by field, the way
 * gogo-protobuf lays them out, so the decoder can be checked on objects kubectl's generators
 * never produce (probes, volumes, affinity, times, …).
 */

export type Part = Buffer;

export function varint(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0n);
  return Buffer.from(bytes);
}

function key(num: number, wire: number): Buffer {
  return varint((BigInt(num) << 3n) | BigInt(wire));
}

/** A length-delimited field holding raw bytes (a nested message, string, or bytes). */
export function bytes(num: number, value: Buffer): Buffer {
  return Buffer.concat([key(num, 2), varint(value.length), value]);
}

export function str(num: number, value: string): Buffer {
  return bytes(num, Buffer.from(value, 'utf8'));
}

/** A varint field: int32, int64 (negative values sign-extend to 64 bits) or enum. */
export function int(num: number, value: bigint | number): Buffer {
  return Buffer.concat([key(num, 0), varint(value)]);
}

export function bool(num: number, value: boolean): Buffer {
  return int(num, value ? 1 : 0);
}

export function msg(num: number, ...parts: Buffer[]): Buffer {
  return bytes(num, Buffer.concat(parts));
}

/** One map<string, V> entry; `value` is the already-encoded value payload. */
export function mapEntry(num: number, k: string, value: Buffer): Buffer {
  return msg(num, str(1, k), bytes(2, value));
}

export function strMap(num: number, entries: Record<string, string>): Buffer {
  return Buffer.concat(Object.entries(entries).map(([k, v]) => mapEntry(num, k, Buffer.from(v, 'utf8'))));
}

/** resource.Quantity {1 string} as a message field. */
export function quantity(num: number, value: string): Buffer {
  return msg(num, str(1, value));
}

/** A map<string, Quantity> (resources.limits etc.). */
export function quantityMap(num: number, entries: Record<string, string>): Buffer {
  return Buffer.concat(Object.entries(entries).map(([k, v]) => mapEntry(num, k, str(1, v))));
}

/** intstr.IntOrString as a message field. */
export function intOrString(num: number, value: number | string): Buffer {
  return typeof value === 'number' ? msg(num, int(1, 0), int(2, value), str(3, '')) : msg(num, int(1, 1), int(2, 0), str(3, value));
}

/** metav1.Time / MicroTime {1 seconds, 2 nanos} as a message field. */
export function time(num: number, isoOrZero: string | null, nanos = 0): Buffer {
  if (isoOrZero === null) return msg(num);
  return msg(num, int(1, Math.floor(Date.parse(isoOrZero) / 1000)), ...(nanos ? [int(2, nanos)] : []));
}

/** The `k8s\0` + runtime.Unknown envelope around an object's bytes. */
export function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([0x6b, 0x38, 0x73, 0x00]),
    msg(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    str(3, ''),
    str(4, ''),
  ]);
}

/** ObjectMeta as gogo writes it for a fresh object: every non-pointer field present. */
export function objectMeta(num: number, name: string, extra: Buffer[] = []): Buffer {
  return msg(num, str(1, name), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0), time(8, null), ...extra);
}
