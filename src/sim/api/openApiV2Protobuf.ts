/**
 * The protobuf form of `/openapi/v2` (gnostic's openapi.v2.Document, media type
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`), the only form client-go's
 * `OpenAPISchema()` asks for: kubectl before 1.27 reads it for `explain` and to look up patch
 * strategies, and kubectl 1.32 still for `explain --output=plaintext-openapiv2` and `diff`.
 *
 * It carries what those readers use: `swagger`, `info` and every definition with its
 * `x-kubernetes-*` extensions (YAML-encoded in gnostic's Any, as kube-openapi writes them).
 * Paths are left out: kubectl finds kinds through the definitions' group-version-kind extension.
 * Field numbers are those of gnostic's OpenAPIv2.proto.
 */
import { stringify } from 'yaml';

type Json = Record<string, unknown>;

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;

/** A minimal protobuf writer: fields appended in order, messages as nested writers. */
class Writer {
  private readonly parts: Buffer[] = [];

  private varint(value: number): void {
    const bytes: number[] = [];
    let v = value;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1);
    return this;
  }

  message(field: number, inner: Writer): this {
    return this.bytes(field, inner.finish());
  }

  private bytes(field: number, value: Buffer): this {
    this.tag(field, WIRE_BYTES);
    this.varint(value.length);
    this.parts.push(value);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** NamedAny{name, value: Any{yaml}}: how gnostic carries a vendor extension. */
function namedAny(name: string, value: unknown): Writer {
  return new Writer().string(1, name).message(2, new Writer().string(2, stringify(value)));
}

function schema(s: Json): Writer {
  const w = new Writer();
  w.string(1, s['$ref'] as string | undefined);
  w.string(2, s['format'] as string | undefined);
  w.string(4, s['description'] as string | undefined);
  w.bool(16, s['uniqueItems'] as boolean | undefined);
  for (const r of (s['required'] as string[] | undefined) ?? []) w.string(19, r);
  const additional = s['additionalProperties'];
  if (typeof additional === 'object' && additional !== null) w.message(21, new Writer().message(1, schema(additional as Json)));
  else if (additional === true) w.message(21, new Writer().bool(2, true));
  if (typeof s['type'] === 'string') w.message(22, new Writer().string(1, s['type']));
  if (typeof s['items'] === 'object' && s['items'] !== null) w.message(23, new Writer().message(1, schema(s['items'] as Json)));
  const properties = s['properties'] as Record<string, Json> | undefined;
  if (properties) {
    const props = new Writer();
    for (const [name, value] of Object.entries(properties)) props.message(1, new Writer().string(1, name).message(2, schema(value)));
    w.message(25, props);
  }
  for (const [key, value] of Object.entries(s)) if (key.startsWith('x-')) w.message(31, namedAny(key, value));
  return w;
}

/** Encode the Swagger 2.0 JSON document (as built by buildOpenApiV2) as gnostic protobuf. */
export function encodeOpenApiV2(doc: { swagger: string; info: { title: string; version: string }; definitions: Record<string, Json> }): Buffer {
  const definitions = new Writer();
  for (const [name, value] of Object.entries(doc.definitions)) definitions.message(1, new Writer().string(1, name).message(2, schema(value)));
  return new Writer()
    .string(1, doc.swagger)
    .message(2, new Writer().string(1, doc.info.title).string(2, doc.info.version))
    .message(9, definitions)
    .finish();
}
