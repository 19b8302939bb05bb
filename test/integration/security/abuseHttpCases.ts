/**
 * The bad-input and abuse cases sent over HTTP, each with its documented outcome: the status and
 * the error's code and a fragment of its message. SECURITY.md lists them in a table (checked by test/integration/docs/securityCases.test.ts).
 * Headers default to a valid bearer token, `content-type: application/json` and
 * `accept: application/graphql-response+json` (under which refused documents answer 4xx); a
 * header set to null is left out.
 */
import type { OidcIssuer } from '../../support/oidcIssuer.ts';
import { deepJoins, doubledFragments, nestedAliases } from '../../unit/limits/abusiveQueries.ts';

export interface Expected {
  status: number;
  /** extensions.code of the first error; absent for answers that are not GraphQL (431, 400 from Node). */
  code?: string;
  message?: RegExp;
}

export interface HttpCase {
  group: string;
  name: string;
  method?: string;
  headers?: Record<string, string | null>;
  body?: string | Buffer;
  search?: string;
  /** A JWT from the suite's OIDC issuer, sent as `Authorization: Bearer <jwt>`. */
  jwt?: (issuer: OidcIssuer) => Promise<string> | string;
  /** Bytes sent as they are on a fresh connection (requests fetch will not send); HOST and TOKEN are filled in. */
  raw?: string;
  expected: Expected;
}

const NORMAL_BODY = '{"query":"{ clusters { name } }"}';
/** A POST with these header lines, a Host of HOST and a small JSON body. */
const rawPost = (...headers: string[]) =>
  `POST /graphql HTTP/1.1\r\nHost: HOST\r\nContent-Type: application/json\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: ${NORMAL_BODY.length}\r\nConnection: close\r\n\r\n${NORMAL_BODY}`;
const gql = (query: string, variables?: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ query, variables, ...extra });
const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const BAD_JSON = /^the request body is not valid JSON$/;
const NO_BODY = /^POST body missing, invalid Content-Type, or JSON object has no keys\.$/;
const CSRF = /^a POST request to \/graphql must have `content-type: application\/json` \(got .*\) or carry the header `apollo-require-preflight: true`/;
const NOT_ACCEPTED: Expected = { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ };
const badInput = (message: RegExp): Expected => ({ status: 200, code: 'BAD_USER_INPUT', message });

/** An anchor list of 10 items, each next level 10 aliases of the previous (billion laughs). */
function billionLaughs(levels: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: lol }', 'data:', '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(',')}]`);
  return lines.join('\n');
}

const apply = (manifests: string, targets = 'allClusters: true') =>
  gql(`mutation ($m: String!) { apply(input: { manifests: $m, ${targets} }) { clusters { cluster } } }`, { m: manifests });
const configMaps = (n: number) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm-${i} }`).join('\n---\n');

export const HTTP_CASES: HttpCase[] = [
  // Request bodies that are not GraphQL over HTTP.
  { group: 'body', name: 'malformed JSON (unclosed object)', body: '{"query": "{ clusters { name } }"', expected: { status: 400, code: 'BAD_REQUEST', message: BAD_JSON } },
  { group: 'body', name: 'JSON with trailing garbage', body: '{"query": "{ clusters { name } }"} xyz', expected: { status: 400, code: 'BAD_REQUEST', message: BAD_JSON } },
  { group: 'body', name: 'JSON nested 200,000 arrays deep in an undeclared variable (parsed, ignored, answered)', body: `{"query":"{ clusters { name } }","variables":{"v":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`, expected: { status: 200 } },
  { group: 'body', name: 'body a JSON string', body: '"{ clusters { name } }"', expected: { status: 400, code: 'BAD_REQUEST', message: /^POST body missing, invalid Content-Type, or JSON object has no keys\.$/ } },
  { group: 'body', name: 'body JSON null', body: 'null', expected: { status: 400, code: 'BAD_REQUEST', message: NO_BODY } },
  { group: 'body', name: 'empty body', body: '', expected: { status: 400, code: 'BAD_REQUEST', message: NO_BODY } },
  { group: 'body', name: 'batched array of two operations', body: `[${gql('{ clusters { name } }')},${gql('{ clusters { name } }')}]`, expected: { status: 400, code: 'BAD_REQUEST', message: /^Operation batching disabled\.$/ } },
  { group: 'body', name: 'batched array of 20,000 operations', body: `[${Array.from({ length: 20_000 }, () => '{"query":"{ clusters { name } }"}').join(',')}]`, expected: { status: 400, code: 'BAD_REQUEST', message: /^Operation batching disabled\.$/ } },
  { group: 'body', name: 'empty batch []', body: '[]', expected: { status: 400, code: 'BAD_REQUEST', message: /^Operation batching disabled\.$/ } },
  { group: 'body', name: 'no query field', body: '{}', expected: { status: 400, code: 'BAD_REQUEST', message: /^POST body missing, invalid Content-Type, or JSON object has no keys\.$/ } },
  { group: 'body', name: 'query a number', body: '{"query": 42}', expected: { status: 400, code: 'BAD_REQUEST', message: /^GraphQL queries must be strings\.$/ } },
  { group: 'body', name: 'query an array of strings', body: '{"query": ["{ clusters { name } }"]}', expected: { status: 400, code: 'BAD_REQUEST', message: /^GraphQL queries must be strings\.$/ } },
  { group: 'body', name: 'variables an array', body: gql('{ clusters { name } }', [1, 2]), expected: { status: 400, code: 'BAD_REQUEST', message: /^`variables` in a POST body must be an object if provided\.$/ } },
  { group: 'body', name: 'variables a JSON-encoded string', body: gql('{ clusters { name } }', '{"a":1}'), expected: { status: 400, code: 'BAD_REQUEST', message: /^`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string\.$/ } },
  { group: 'body', name: 'operationName a number', body: gql('{ clusters { name } }', undefined, { operationName: 7 }), expected: { status: 400, code: 'BAD_REQUEST', message: /^`operationName` in a POST body must be a string if provided\.$/ } },
  { group: 'body', name: 'extensions a string', body: gql('{ clusters { name } }', undefined, { extensions: 'x' }), expected: { status: 400, code: 'BAD_REQUEST', message: /^`extensions` in a POST body should be provided as an object/ } },
  { group: 'body', name: 'body over 1 MiB', body: gql(`{ clusters { name } } # ${'x'.repeat(1_100_000)}`), expected: { status: 413, code: 'BAD_REQUEST', message: /^request body over 1048576 bytes$/ } },
  { group: 'body', name: 'invalid UTF-8 bytes in the query', body: Buffer.concat([Buffer.from('{"query":"{ clusters { name'), Buffer.from([0xff, 0xfe]), Buffer.from(' } }"}')]), expected: { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error: Unexpected character/ } },

  // Content types and methods.
  { group: 'content type', name: 'text/plain (a simple cross-site request)', headers: { 'content-type': 'text/plain' }, body: gql('{ clusters { name } }'), expected: { status: 400, code: 'BAD_REQUEST', message: CSRF } },
  { group: 'content type', name: 'application/x-www-form-urlencoded', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%20clusters%20%7B%20name%20%7D%20%7D', expected: { status: 400, code: 'BAD_REQUEST', message: CSRF } },
  { group: 'content type', name: 'multipart/form-data', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ clusters { name } }\r\n--x--\r\n', expected: { status: 400, code: 'BAD_REQUEST', message: CSRF } },
  { group: 'content type', name: 'application/xml with the preflight header', headers: { 'content-type': 'application/xml', 'apollo-require-preflight': 'true' }, body: '<query>{ clusters { name } }</query>', expected: { status: 400, code: 'BAD_REQUEST', message: NO_BODY } },
  { group: 'content type', name: 'application/graphql (raw query) with the preflight header', headers: { 'content-type': 'application/graphql', 'apollo-require-preflight': 'true' }, body: '{ clusters { name } }', expected: { status: 400, code: 'BAD_REQUEST', message: NO_BODY } },
  { group: 'content type', name: 'no content type at all', raw: `POST /graphql HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Length: ${NORMAL_BODY.length}\r\nConnection: close\r\n\r\n${NORMAL_BODY}`, expected: { status: 400, code: 'BAD_REQUEST', message: /^a POST request to \/graphql must have `content-type: application\/json` or carry the header `apollo-require-preflight: true`/ } },
  { group: 'method', name: 'a mutation sent as GET', method: 'GET', headers: { 'content-type': null, 'apollo-require-preflight': 'true' }, search: `?query=${encodeURIComponent('mutation { apply(input: { manifests: "x", allClusters: true }) { clusters { cluster } } }')}`, expected: { status: 405, code: 'BAD_REQUEST', message: /^GET requests only support query operations, not mutation operations$/ } },
  { group: 'method', name: 'PUT /graphql', method: 'PUT', body: gql('{ clusters { name } }'), expected: { status: 405, code: 'BAD_REQUEST', message: /^Apollo Server supports only GET\/POST requests\.$/ } },
  { group: 'method', name: 'GET with malformed variables', method: 'GET', headers: { 'content-type': null, 'apollo-require-preflight': 'true' }, search: `?query=${encodeURIComponent('{ clusters { name } }')}&variables=%7B`, expected: { status: 400, code: 'BAD_REQUEST', message: /^The variables search parameter contains invalid JSON\.$/ } },

  // GraphQL documents that do not parse or validate.
  { group: 'document', name: 'syntax error (unclosed selection)', body: gql('{ clusters { name }'), expected: { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error: Expected Name, found <EOF>/ } },
  { group: 'document', name: 'empty query string', body: gql(''), expected: { status: 400, code: 'BAD_REQUEST', message: /non-empty `query`/ } },
  { group: 'document', name: 'only a comment', body: gql('# nothing here'), expected: { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error: Unexpected <EOF>/ } },
  { group: 'document', name: 'unknown field', body: gql('{ clusters { password } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot query field "password" on type "Cluster"/ } },
  { group: 'document', name: 'unknown argument', body: gql('{ clusters(evil: true) { name } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Unknown argument "evil"/ } },
  { group: 'document', name: 'argument of the wrong type', body: gql('{ pods(first: "ten") { totalCount } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Int cannot represent non-integer value: "ten"/ } },
  { group: 'document', name: 'Int argument over 32 bits', body: gql('{ pods(first: 99999999999) { totalCount } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Int cannot represent non 32-bit signed integer value/ } },
  { group: 'document', name: 'two anonymous operations', body: gql('{ clusters { name } } { nodes { name } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /This anonymous operation must be the only defined operation/ } },
  { group: 'document', name: 'unknown operationName', body: gql('query A { clusters { name } }', undefined, { operationName: 'B'.repeat(5000) }), expected: { status: 400, code: 'BAD_REQUEST', message: /Unknown operation named "B{10}/ } },

  // Shape, size and cost limits (docs/limits.md).
  { group: 'deep', name: 'deep query: 21 levels of node/pod joins', body: gql(deepJoins(10)), expected: { status: 400, code: 'QUERY_TOO_COMPLEX', message: /^query depth 22 exceeds the limit 8 \(--max-depth\)/ } },
  { group: 'deep', name: 'deep introspection (fields/type nested 6 times)', body: gql(`{ __schema { types { ${'fields { type { ofType { '.repeat(6)}name${' } } }'.repeat(6)} } } }`), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Maximum introspection depth exceeded/ } },
  { group: 'wide', name: 'wide query: 3,000 fields (over the token limit)', body: gql(`{ clusters { ${'name '.repeat(3000)} } }`), expected: { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Document contains more th\w+ 2000 tokens/ } },
  { group: 'wide', name: 'wide query: 16 aliased fleet-wide lists', body: gql(`{ ${Array.from({ length: 16 }, (_, i) => `p${i}: pods(labelSelector: "app=a${i}") { totalCount }`).join(' ')} }`), expected: { status: 400, code: 'QUERY_TOO_COMPLEX', message: /^query aliases 16 exceeds the limit 15 \(--max-aliases\)/ } },
  { group: 'aliases', name: 'alias bomb: 30×30×30 nested aliases', body: gql(nestedAliases(30)), expected: { status: 400, code: 'QUERY_TOO_COMPLEX', message: /^query aliases \d+ exceeds the limit 15 \(--max-aliases\)/ } },
  { group: 'aliases', name: '600 aliases of __typename (free, answered)', body: gql(`{ ${Array.from({ length: 600 }, (_, i) => `t${i}: __typename`).join(' ')} }`), expected: { status: 200 } },
  { group: 'fragments', name: 'fragment cycle A → B → A', body: gql('{ clusters { ...A } } fragment A on Cluster { name ...B } fragment B on Cluster { name ...A }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "A" within itself via "B"/ } },
  { group: 'fragments', name: 'fragment spreading itself', body: gql('{ clusters { ...A } } fragment A on Cluster { name ...A }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "A" within itself/ } },
  { group: 'fragments', name: 'fragments doubling 26 levels (2^26 selections)', body: gql(doubledFragments(26)), expected: { status: 400, code: 'QUERY_TOO_COMPLEX', message: /^query cost \d+ exceeds the limit 2000000 \(--max-cost\)/ } },
  { group: 'fragments', name: 'fragment spreads multiplying joins (10 spreads of a 3-join fragment)', body: gql(`{ nodes { ${'...J '.repeat(10)} } } fragment J on Node { pods { node { pods { node { pods { name } } } } } }`), expected: { status: 400, code: 'QUERY_TOO_COMPLEX', message: /^query cost \d+ exceeds the limit 2000000 \(--max-cost\)/ } },
  { group: 'fragments', name: 'unknown fragment', body: gql('{ clusters { ...Nope } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Unknown fragment "Nope"/ } },
  { group: 'directives', name: 'directive flood: 60 @include on one field', body: gql(`{ clusters { ${'name @include(if: true) '.repeat(60)} } }`), expected: { status: 400, code: 'QUERY_TOO_COMPLEX', message: /^query directives 60 exceeds the limit 50 \(--max-directives\)/ } },
  { group: 'directives', name: 'unknown directive', body: gql('{ clusters { name @exec(cmd: "id") } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Unknown directive "@exec"/ } },
  { group: 'directives', name: 'non-repeatable directive repeated', body: gql('{ clusters { name @skip(if: false) @skip(if: false) } }'), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /The directive "@skip" can only be used once at this location/ } },

  // Variables.
  { group: 'variables', name: 'huge variable: a 900 KB namespace', body: gql('query ($ns: String) { pods(namespace: $ns) { totalCount } }', { ns: 'a'.repeat(900_000) }), expected: badInput(/^namespace: "a{100}…"\(900000 chars\) is not a valid namespace name: must be no more than 63 characters \(got 900000\)$/) },
  { group: 'variables', name: 'huge string literal: a 900 KB label selector', body: gql(`{ pods(labelSelector: "${'a'.repeat(900_000)}") { totalCount } }`), expected: badInput(/^labelSelector: is 900000 characters long; at most 4096 are accepted$/) },
  { group: 'variables', name: '60,000 undeclared variables (ignored)', body: JSON.stringify({ query: '{ clusters { name } }', variables: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`v${i}`, i])) }), expected: { status: 200 } },
  { group: 'variables', name: 'variable of the wrong type', body: gql('query ($n: Int) { pods(first: $n) { totalCount } }', { n: 'ten' }), expected: { status: 400, code: 'BAD_USER_INPUT', message: /Variable "\$n" got invalid value "ten"; Int cannot represent non-integer value/ } },
  { group: 'variables', name: 'a list variable with 60 bad items (graphql-js stops at 50 errors)', body: gql('query ($c: [String!]) { clusters(clusterNames: $c) { name } }', { c: Array.from({ length: 60 }, (_, i) => i) }), expected: { status: 400, code: 'BAD_USER_INPUT', message: /^Variable "\$c" got invalid value 0 at "c\[0\]"; String cannot represent a non string value: 0$/ } },
  { group: 'variables', name: 'undeclared variable used', body: gql('{ pods(namespace: $ns) { totalCount } }', { ns: 'default' }), expected: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Variable "\$ns" is not defined/ } },
  { group: 'variables', name: 'page size out of range (first: 100000)', body: gql('{ pods(first: 100000) { totalCount } }'), expected: badInput(/^first: must be an integer from 0 to 5000, got 100000$/) },

  // Unicode and control characters in names, selectors and cursors.
  { group: 'names', name: 'namespace with a NUL byte', body: gql('query ($ns: String) { pods(namespace: $ns) { totalCount } }', { ns: 'de\u0000v' }), expected: badInput(/^namespace: "de\\u0000v" is not a valid namespace name/) },
  { group: 'names', name: 'namespace with a right-to-left override', body: gql('query ($ns: String) { pods(namespace: $ns) { totalCount } }', { ns: 'prod\u202Eved' }), expected: badInput(/^namespace: "prod\u202Eved" is not a valid namespace name/) },
  { group: 'names', name: 'namespace as a path traversal', body: gql('{ pods(namespace: "../../api/v1/secrets") { totalCount } }'), expected: badInput(/^namespace: "\.\.\/\.\.\/api\/v1\/secrets" is not a valid namespace name/) },
  { group: 'names', name: 'label selector with a control character', body: gql('query ($l: String) { pods(labelSelector: $l) { totalCount } }', { l: 'app=w\u0007eb' }), expected: badInput(/^labelSelector: invalid label selector "app=w\\u0007eb": "w\\u0007eb" is not a valid label value/) },
  { group: 'names', name: 'label selector with non-ASCII letters', body: gql('{ pods(labelSelector: "app=wéb") { totalCount } }'), expected: badInput(/^labelSelector: invalid label selector "app=wéb": "wéb" is not a valid label value/) },
  { group: 'names', name: 'field selector with a newline', body: gql('query ($f: String) { pods(fieldSelector: $f) { totalCount } }', { f: 'status.phase=Running\nspec.nodeName=x' }), expected: badInput(/^fieldSelector: "status\.phase=Running\\nspec\.nodeName=x": unescaped "=" in value/) },
  { group: 'names', name: 'cluster label selector with emoji', body: gql('{ clusters(clusters: "env=🔥") { name } }'), expected: badInput(/^clusters: invalid label selector "env=🔥"/) },
  { group: 'names', name: 'cluster name with a newline', body: gql('query ($c: [String!]) { nodes(clusterNames: $c) { name } }', { c: ['ab-1\n'] }), expected: badInput(/^clusterNames: unknown cluster "ab-1\\n" in clusterNames; known clusters: ab-1, ab-2$/) },
  { group: 'names', name: 'cluster(name:) with control characters (no such cluster)', body: gql('query ($n: String!) { cluster(name: $n) { name } }', { n: '\u0000\u001b[31m' }), expected: { status: 200 } },
  { group: 'names', name: 'cursor of random bytes', body: gql('query ($a: String) { pods(after: $a) { totalCount } }', { a: '\u0000\uFFFF\uD800' }), expected: badInput(/^after: "\\u0000.*" is not a cursor from this API/) },
  { group: 'names', name: 'cursor: base64 of crafted JSON', body: gql('query ($a: String) { pods(after: $a) { totalCount } }', { a: base64('{"cluster":"__proto__","namespace":1e308,"name":null}') }), expected: badInput(/^after: "eyJ.*" is not a cursor from this API/) },
  { group: 'names', name: 'workload name of 300 characters (scale)', body: gql('mutation { scale(input: { kind: "Deployment", namespace: "default", name: "' + 'n'.repeat(300) + '", replicas: 1, allClusters: true }) { cluster } }'), expected: badInput(/^input\.name: "n{100}…"\(300 chars\) is not an object name: it must be no more than 253 characters \(got 300\)$/) },

  // Mutations' manifests.
  { group: 'manifests', name: 'manifest over the HTTP body limit (1.1 MiB)', body: apply('x'.repeat(1_100_000)), expected: { status: 413, code: 'BAD_REQUEST', message: /^request body over 1048576 bytes$/ } },
  { group: 'manifests', name: 'manifest over the manifest size limit', body: apply(`# ${'x'.repeat(300 * 1024)}\n${configMaps(1)}`), expected: badInput(/the manifests are \d+ bytes, over the limit of 262144 bytes/) },
  { group: 'manifests', name: '1,001 objects (over the object limit)', body: apply(configMaps(1001)), expected: badInput(/1001 objects, over the limit of 1000 per request/) },
  { group: 'manifests', name: 'YAML bomb: billion laughs (9 levels of 10 aliases)', body: apply(billionLaughs(9)), expected: badInput(/document 1 \(line 1\): Excessive alias count indicates a resource exhaustion attack$/) },
  { group: 'manifests', name: 'YAML nested 50,000 flow sequences deep', body: apply(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: deep }\ndata: { a: ${'['.repeat(50_000)}${']'.repeat(50_000)} }`), expected: badInput(/^manifests: 1 problem, nothing was written: document 1 \(line 4\): Maximum call stack size exceeded/) },
  { group: 'manifests', name: 'YAML with a language-specific tag (!!python/object)', body: apply('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: !!python/object:os.system { a: id }'), expected: badInput(/Unresolved tag: tag:yaml\.org,2002:python\/object:os\.system/) },
  { group: 'manifests', name: 'object name with control characters', body: apply('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: "a\\u0000b" }'), expected: badInput(/ConfigMap: metadata\.name "a\\u0000b" cannot be an object name: it may not contain control characters/) },
  { group: 'manifests', name: 'metadata.namespace in Cyrillic', body: apply('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: "рrod" }'), expected: badInput(/metadata\.namespace: "рrod" is not a namespace name/) },
  { group: 'manifests', name: '__proto__ key in a JSON manifest (no prototype pollution)', body: apply('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","__proto__":{"polluted":"yes"}},"__proto__":{"polluted":"yes"}}', 'clusterNames: ["no-such-cluster"]'), expected: badInput(/unknown cluster "no-such-cluster"/) },

  // Authentication.
  { group: 'auth', name: 'no Authorization header', headers: { authorization: null }, body: gql('{ clusters { name } }'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^authentication required: send Authorization: Bearer <token>$/ } },
  { group: 'auth', name: 'unknown bearer token', headers: { authorization: 'Bearer abuse-ci-4f1e2d3c4b5a69788797' }, body: gql('{ clusters { name } }'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: '"Bearer" without a token', headers: { authorization: 'Bearer' }, body: gql('{ clusters { name } }'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: 'Basic credentials', headers: { authorization: `Basic ${base64('ci-bot:abuse-ci-4f1e2d3c4b5a69788796')}` }, body: gql('{ clusters { name } }'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: 'two tokens in one header', headers: { authorization: 'Bearer abuse-ci-4f1e2d3c4b5a69788796 abuse-ci-4f1e2d3c4b5a69788796' }, body: gql('{ clusters { name } }'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: 'a 12 KB token', headers: { authorization: `Bearer ${'t'.repeat(12_000)}` }, body: gql('{ clusters { name } }'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: 'expired JWT (exp 10 minutes ago)', jwt: (i) => i.mint({}, { expiresIn: -600 }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'JWT for another audience', jwt: (i) => i.mint({}, { audience: 'some-other-app' }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'JWT without an audience', jwt: (i) => i.mint({}, { audience: null }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'JWT from another issuer (iss)', jwt: (i) => i.mint({}, { issuer: 'https://evil.example' }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'JWT not valid yet (nbf in 10 minutes)', jwt: (i) => i.mint({}, { notBefore: 600 }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'JWT signed by a key the JWKS does not hold', jwt: (i) => i.mint({}, { foreignKey: true }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'unsigned JWT (alg: none)', jwt: (i) => i.mintUnsigned(), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'HS256 JWT keyed with the issuer\'s public key (algorithm confusion)', jwt: (i) => i.mintHmacWithPublicKey(), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'JWT claiming the group system:masters', jwt: (i) => i.mint({ sub: 'x', groups: ['system:masters'] }), body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'three base64 parts that are no JWT', jwt: () => 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln', body: gql('{ clusters { name } }'), expected: NOT_ACCEPTED },
  { group: 'auth', name: 'Authorization header twice (the good token second)', raw: rawPost('Authorization: Bearer nope', 'Authorization: Bearer TOKEN'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: 'token with non-ASCII bytes', raw: rawPost('Authorization: Bearer TOKEN\u00e9'), expected: { status: 401, code: 'UNAUTHENTICATED', message: /^the bearer token was not accepted$/ } },
  { group: 'auth', name: 'token with a control character (refused by the HTTP parser)', raw: rawPost('Authorization: Bearer TOK\u0001EN'), expected: { status: 400 } },
  { group: 'auth', name: 'Authorization header of 20 KB (over Node\'s header limit)', raw: rawPost(`Authorization: Bearer ${'t'.repeat(20_000)}`), expected: { status: 431 } },
];
