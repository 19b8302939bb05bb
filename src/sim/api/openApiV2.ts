/**
 * `/openapi/v2`: the Swagger 2.0 document of everything the simulator serves, for clients that
 * load the spec from the cluster (older kubectl's explain, Java and .NET clients, spec-driven
 * tools). It is assembled from the same per-group-version documents as `/openapi/v3`, with v3's
 * request bodies and `components/schemas` rewritten into v2's body parameters and `definitions`.
 *
 * Served as JSON and as the gnostic protobuf client-go's `OpenAPISchema()` asks for (see
 * openApiV2Protobuf.ts); any other Accept gets 406 with an empty body, as from kube-openapi.
 */
import { RESOURCE_TYPES } from '../resources.ts';
import { groupVersionDocument } from './openapi.ts';
import { encodeOpenApiV2 } from './openApiV2Protobuf.ts';

type Json = Record<string, unknown>;

function v2Parameter(p: Json): Json {
  const { schema, ...rest } = p;
  return { ...rest, ...(schema as Json | undefined) };
}

function v2Operation(op: Json): Json {
  const { requestBody, parameters, ...rest } = op;
  const params = ((parameters as Json[] | undefined) ?? []).map(v2Parameter);
  const out: Json = { ...rest };
  if (requestBody) {
    const content = (requestBody as { content: Record<string, { schema: Json }> }).content;
    const types = Object.keys(content);
    params.push({ name: 'body', in: 'body', required: true, schema: content[types[0]!]!.schema });
    out.consumes = types;
  }
  if (params.length > 0) out.parameters = params;
  out.produces = ['application/json', 'application/yaml'];
  out.schemes = ['https'];
  return out;
}

/** The whole Swagger 2.0 document, in both forms, built once per server. */
export function buildOpenApiV2(serverVersion: string): { json: string; protobuf: Buffer } {
  const paths: Json = {};
  const definitions: Record<string, Json> = {};
  const seen = new Set<string>();
  for (const t of RESOURCE_TYPES) {
    const key = `${t.group}/${t.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = groupVersionDocument(t.group, t.version, serverVersion) as { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } } | undefined;
    if (!doc) continue;
    for (const [path, item] of Object.entries(doc.paths)) {
      paths[path] = Object.fromEntries(Object.entries(item).map(([method, op]) => [method, v2Operation(op)]));
    }
    Object.assign(definitions, doc.components.schemas);
  }
  const json = JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version: serverVersion }, paths, definitions }).replaceAll('"#/components/schemas/', '"#/definitions/');
  const parsed = JSON.parse(json) as { swagger: string; info: { title: string; version: string }; definitions: Record<string, Json> };
  return { json, protobuf: encodeOpenApiV2(parsed) };
}

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/**
 * Which form an Accept header takes, per kube-openapi's negotiation: the first clause (by the
 * client's order, q=0 excluded) naming JSON, protobuf or a wildcard decides; JSON for a
 * wildcard or no header; undefined (406) when nothing matches.
 */
export function openApiV2Format(accept: string | undefined): 'json' | 'protobuf' | undefined {
  if (!accept || accept.trim() === '') return 'json';
  for (const clause of accept.split(',')) {
    const [type = '', ...params] = clause.trim().split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'json';
    if (type === OPENAPI_V2_PROTOBUF || type === 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf') return 'protobuf';
  }
  return undefined;
}
