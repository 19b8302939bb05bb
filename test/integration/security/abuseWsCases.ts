/**
 * The bad-input and abuse cases sent over graphql-ws (`ws://HOST:PORT/graphql`), each with its
 * documented outcome: an error result for that one operation (code and message fragment) on a
 * connection that stays open, or the socket closed with a code. SECURITY.md lists them (checked by test/integration/docs/securityCases.test.ts).
 */
import type { OidcIssuer } from '../../support/oidcIssuer.ts';
import { doubledFragments } from '../../unit/limits/abusiveQueries.ts';
import { GOOD_AUTH, WS_MAX_MESSAGE_BYTES, WS_MAX_SUBSCRIPTIONS } from './abuseSettings.ts';

export type WsExpected =
  | { result: 'error'; code: string; message: RegExp }
  | { result: 'closed'; code: number; reason?: RegExp }
  | { result: 'refused'; status: number };

export interface WsCase {
  group: string;
  name: string;
  /** A subscription through the graphql-ws client, authenticated unless `connectionParams` says otherwise. */
  subscribe?: { query: string; variables?: Record<string, unknown>; operationName?: string };
  connectionParams?: Record<string, unknown> | null;
  /** A JWT from the suite's OIDC issuer, sent as connectionParams' `authorization: Bearer <jwt>`. */
  jwt?: (issuer: OidcIssuer) => Promise<string> | string;
  /**
   * Frames written to a raw socket in order: `ack` waits for connection_ack, `open-sub` subscribes
   * (id s1) to a stream that stays open; anything else is sent as it is.
   */
  raw?: Array<string | Buffer | 'ack'>;
  /** The WebSocket subprotocol offered on a raw socket. @default 'graphql-transport-ws' */
  protocol?: string;
  /** Open this many long-lived subscriptions on the connection first. */
  openFirst?: number;
  expected: WsExpected;
}

const init = (payload: unknown = { authorization: GOOD_AUTH }) => JSON.stringify({ type: 'connection_init', payload });
const subscribeMsg = (id: string, query: string) => JSON.stringify({ id, type: 'subscribe', payload: { query } });
const error = (code: string, message: RegExp): WsExpected => ({ result: 'error', code, message });
const badInput = (message: RegExp) => error('BAD_USER_INPUT', message);
/** n aliased nodes × n aliased pods of each event's cluster, written with fragments. */
function aliasBomb(n: number): string {
  const list = (field: string, inner: string) => Array.from({ length: n }, (_, i) => `${field[0]}${i}: ${field} { ${inner} }`).join(' ');
  return `subscription { events { event { cluster { ...N } } } } fragment N on Cluster { ${list('nodes', '...P')} } fragment P on Node { ${list('pods', 'name')} }`;
}
export const LONG_LIVED = 'subscription { clusterStatus { cluster state } }';

export const WS_CASES: WsCase[] = [
  // Authentication (connectionParams), checked once at connection_init.
  { group: 'auth', name: 'no connectionParams', connectionParams: null, subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401, reason: /^Unauthorized$/ } },
  { group: 'auth', name: 'unknown bearer token', connectionParams: { authorization: 'Bearer abuse-ci-0000000000000000000' }, subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },
  { group: 'auth', name: 'authorization a number', connectionParams: { authorization: 12345 }, subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },
  { group: 'auth', name: 'Basic credentials', connectionParams: { authorization: 'Basic Y2ktYm90OnNlY3JldA==' }, subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },
  { group: 'auth', name: 'expired JWT', jwt: (i) => i.mint({}, { expiresIn: -600 }), subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },
  { group: 'auth', name: 'JWT for another audience', jwt: (i) => i.mint({}, { audience: 'some-other-app' }), subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },
  { group: 'auth', name: 'unsigned JWT (alg: none)', jwt: (i) => i.mintUnsigned(), subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },
  { group: 'auth', name: 'token with control characters', connectionParams: { authorization: 'Bearer abuse\u0000ci\r\n' }, subscribe: { query: LONG_LIVED }, expected: { result: 'closed', code: 4401 } },

  // The protocol itself.
  { group: 'protocol', name: 'connection_init payload a string', raw: [init('Bearer x')], expected: { result: 'closed', code: 4400 } },
  { group: 'protocol', name: 'a frame that is not JSON', raw: ['{"type": "connection_init"'], expected: { result: 'closed', code: 4400 } },
  { group: 'protocol', name: 'an unknown message type', raw: [init(), 'ack', JSON.stringify({ type: 'exec', payload: { cmd: 'id' } })], expected: { result: 'closed', code: 4400 } },
  { group: 'protocol', name: 'subscribe before connection_init', raw: [subscribeMsg('s1', LONG_LIVED)], expected: { result: 'closed', code: 4401 } },
  { group: 'protocol', name: 'connection_init twice', raw: [init(), 'ack', init()], expected: { result: 'closed', code: 4429 } },
  { group: 'protocol', name: 'no connection_init (init timeout)', raw: [], expected: { result: 'closed', code: 4408 } },
  { group: 'protocol', name: `a frame over ${WS_MAX_MESSAGE_BYTES} bytes`, raw: [init(), 'ack', subscribeMsg('s1', `subscription { clusterStatus { cluster } } # ${'x'.repeat(WS_MAX_MESSAGE_BYTES)}`)], expected: { result: 'closed', code: 1009 } },
  { group: 'protocol', name: 'subscribe with a query that is a number', raw: [init(), 'ack', JSON.stringify({ id: 's1', type: 'subscribe', payload: { query: 42 } })], expected: { result: 'closed', code: 4400 } },
  { group: 'protocol', name: 'two subscriptions with one id', raw: [init(), 'ack', subscribeMsg('s1', LONG_LIVED), subscribeMsg('s1', LONG_LIVED)], expected: { result: 'closed', code: 4409 } },
  { group: 'protocol', name: 'a binary frame', raw: [init(), 'ack', Buffer.from([0xde, 0xad, 0xbe, 0xef])], expected: { result: 'closed', code: 4400 } },
  // The server accepts the upgrade without a subprotocol and closes with 4406; a ws client aborts first when the subprotocol it asked for is missing (1006).
  { group: 'protocol', name: 'an unknown subprotocol (legacy graphql-ws)', protocol: 'graphql-ws', raw: [], expected: { result: 'closed', code: 1006 } },

  // Documents and limits: the same gate as HTTP (admitOperation), per operation; the connection stays open.
  { group: 'document', name: 'syntax error', subscribe: { query: 'subscription { clusterStatus { cluster }' }, expected: error('GRAPHQL_PARSE_FAILED', /^Syntax Error: Expected Name, found <EOF>\.$/) },
  { group: 'document', name: 'a query (queries go over HTTP)', subscribe: { query: '{ clusters { name } }' }, expected: error('BAD_REQUEST', /^only subscriptions are served over WebSocket; send queries as HTTP POST/) },
  { group: 'document', name: 'a mutation (nothing written)', subscribe: { query: 'mutation { scale(input: { kind: "Deployment", namespace: "default", name: "web", replicas: 0, allClusters: true }) { cluster } }' }, expected: error('BAD_REQUEST', /^only subscriptions are served over WebSocket; send mutations as HTTP POST/) },
  { group: 'document', name: 'unknown field', subscribe: { query: 'subscription { clusterStatus { password } }' }, expected: error('GRAPHQL_VALIDATION_FAILED', /^Cannot query field "password" on type "ClusterStatusChange"\.$/) },
  { group: 'document', name: 'two anonymous subscriptions', subscribe: { query: 'subscription { clusterStatus { cluster } } subscription { events { cursor } }' }, expected: error('GRAPHQL_VALIDATION_FAILED', /This anonymous operation must be the only defined operation/) },
  { group: 'document', name: 'unknown operationName', subscribe: { query: 'subscription A { clusterStatus { cluster } }', operationName: 'B' }, expected: badInput(/^the document must hold exactly one operation, or name one with operationName$/) },
  { group: 'deep', name: 'deep subscription (depth 9)', subscribe: { query: 'subscription { events { event { cluster { nodes { pods { node { pods { node { name } } } } } } } } }' }, expected: error('QUERY_TOO_COMPLEX', /^query depth 9 exceeds the limit 8 \(--max-depth\)/) },
  { group: 'aliases', name: 'alias bomb: 16 aliases', subscribe: { query: `subscription { clusterStatus { ${Array.from({ length: 16 }, (_, i) => `c${i}: cluster`).join(' ')} } }` }, expected: error('QUERY_TOO_COMPLEX', /^query aliases 16 exceeds the limit 15 \(--max-aliases\)/) },
  { group: 'aliases', name: 'alias bomb: 30×30 nested aliases under an event', subscribe: { query: aliasBomb(30) }, expected: error('QUERY_TOO_COMPLEX', /^query aliases 930 exceeds the limit 15 \(--max-aliases\)/) },
  { group: 'fragments', name: 'fragment cycle', subscribe: { query: 'subscription { clusterStatus { ...A } } fragment A on ClusterStatusChange { cluster ...B } fragment B on ClusterStatusChange { cluster ...A }' }, expected: error('GRAPHQL_VALIDATION_FAILED', /^Cannot spread fragment "A" within itself via "B"\.$/) },
  { group: 'fragments', name: 'fragments doubling 26 levels', subscribe: { query: doubledFragments(26).replace('{ clusters { pods { ...F26 } } }', 'subscription { events { event { cluster { pods { ...F26 } } } } }') }, expected: error('QUERY_TOO_COMPLEX', /^query cost \d+ exceeds the limit 2000000 \(--max-cost\)/) },
  { group: 'directives', name: 'directive flood: 60 @include', subscribe: { query: `subscription { clusterStatus { ${'cluster @include(if: true) '.repeat(60)} } }` }, expected: error('QUERY_TOO_COMPLEX', /^query directives 60 exceeds the limit 50 \(--max-directives\)/) },
  { group: 'wide', name: 'token flood: 3,000 fields', subscribe: { query: `subscription { clusterStatus { ${'cluster '.repeat(3000)} } }` }, expected: error('GRAPHQL_PARSE_FAILED', /Document contains more th\w+ 2000 tokens/) },
  { group: 'variables', name: 'variable of the wrong type', subscribe: { query: 'subscription ($c: [String!]) { clusterStatus(clusterNames: $c) { cluster } }', variables: { c: 42 } }, expected: badInput(/^Variable "\$c" got invalid value 42/) },
  { group: 'variables', name: 'huge variable: a 20 KB namespace', subscribe: { query: 'subscription ($ns: String) { events(namespace: $ns) { cursor } }', variables: { ns: 'n'.repeat(20_000) } }, expected: badInput(/^namespace: "n{100}…"\(20000 chars\) is not a valid namespace name/) },

  // Unicode and control characters in names, selectors and cursors.
  { group: 'names', name: 'cursor of random bytes', subscribe: { query: 'subscription ($a: String) { events(after: $a) { cursor } }', variables: { a: '\u0000\uFFFF' } }, expected: badInput(/^after: invalid cursor "\\u0000.*": not a cursor from a delivery of this API$/) },
  { group: 'names', name: 'cluster name with an escape sequence', subscribe: { query: 'subscription ($c: [String!]) { clusterStatus(clusterNames: $c) { cluster } }', variables: { c: ['ab-1\u001b[2J'] } }, expected: badInput(/^unknown cluster "ab-1\\u001b\[2J" in clusterNames; known clusters: ab-1, ab-2$/) },
  { group: 'names', name: 'kind with a NUL byte', subscribe: { query: 'subscription { resourceChanges(kind: "Pod\\u0000") { cursor } }' }, expected: badInput(/^kind: "Pod\\u0000" is not a kind resourceChanges follows; one of Pod, Service/) },
  { group: 'names', name: 'label selector with non-ASCII letters', subscribe: { query: 'subscription { resourceChanges(kind: "Pod", labelSelector: "app=wéb") { cursor } }' }, expected: badInput(/^labelSelector: invalid label selector "app=wéb"/) },
  { group: 'names', name: 'namespace as a path traversal', subscribe: { query: 'subscription { resourceChanges(kind: "Pod", namespace: "../kube-system") { cursor } }' }, expected: badInput(/^namespace: "\.\.\/kube-system" is not a valid namespace name/) },
  { group: 'names', name: 'involvedName with a newline', subscribe: { query: 'subscription { events(involvedName: "web\\nINFO forged log line") { cursor } }' }, expected: badInput(/^involvedName: .* may not contain control characters/) },
  { group: 'names', name: 'cluster label selector with a right-to-left override', subscribe: { query: 'subscription { clusterStatus(clusters: "env=prod\\u202E") { cluster } }' }, expected: badInput(/^clusters: invalid label selector/) },

  // Per-connection subscription cap.
  { group: 'cap', name: `subscription ${WS_MAX_SUBSCRIPTIONS + 1} on one connection`, openFirst: WS_MAX_SUBSCRIPTIONS, subscribe: { query: LONG_LIVED }, expected: badInput(new RegExp(`^this connection already has ${WS_MAX_SUBSCRIPTIONS} subscriptions open`)) },
];
