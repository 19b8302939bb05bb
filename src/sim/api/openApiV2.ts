/**
 * `/openapi/v2`: the Swagger 2.0 document of everything the simulator serves, for clients that
 * load the spec from the cluster (older kubectl's explain, Java and .NET clients, spec-driven
 * tools). It is assembled from the same per-group-version documents as `/openapi/v3`, with v3's
 * request bodies and `components/schemas` rewritten into v2's body parameters and `definitions`.
 *
 * Only JSON is served. kube-apiserver also serves the gnostic protobuf form, which client-go's
 * `OpenAPISchema()` asks for exclusively; like kube-openapi's handler for a type it cannot
 * produce, the simulator answers such an Accept with 406 and an empty body. client-go then
 * tries the pre-1.10 `/swagger-2.0.0.pb-v1` (404), and kubectl's apply and diff carry on with
 * their compiled-in types (only `kubectl explain` of a pre-1.27 kubectl needs the protobuf).
 */
import { RESOURCE_TYPES } from '../resources.ts';
import { groupVersionDocument } from './openapi.ts';

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

/** The whole Swagger 2.0 document, serialized once per server. */
export function buildOpenApiV2(serverVersion: string): string {
  const paths: Json = {};
  const definitions: Json = {};
  const seen = new Set<string>();
  for (const t of RESOURCE_TYPES) {
    const key = `${t.group}/${t.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = groupVersionDocument(t.group, t.version, serverVersion) as { paths: Record<string, Record<string, Json>>; components: { schemas: Json } } | undefined;
    if (!doc) continue;
    for (const [path, item] of Object.entries(doc.paths)) {
      paths[path] = Object.fromEntries(Object.entries(item).map(([method, op]) => [method, v2Operation(op)]));
    }
    Object.assign(definitions, doc.components.schemas);
  }
  const swagger = { swagger: '2.0', info: { title: 'Kubernetes', version: serverVersion }, paths, definitions };
  return JSON.stringify(swagger).replaceAll('"#/components/schemas/', '"#/definitions/');
}

/**
 * Whether an Accept header takes the JSON form, per kube-openapi's negotiation: an absent
 * header, `application/json`, `application/*` or `*\/*` with a non-zero quality.
 */
export function acceptsOpenApiJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') return true;
  return accept.split(',').some((clause) => {
    const [type = '', ...params] = clause.trim().split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return type === 'application/json' || type === 'application/*' || type === '*/*';
  });
}
