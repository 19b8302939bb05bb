/**
 * Per-caller filtering of what the gateway serves from its own stores: the `--cache` read cache
 * and subscriptions, both filled under the gateway's identity. Simulated clusters with
 * `rbac: true`, a gateway with a token file, users bound by different Roles, real HTTP and real
 * graphql-ws clients over WebSocket. What each user gets is what the same request made live as
 * that user would give: served where its RBAC allows, the cluster's FORBIDDEN error where it does
 * not, never the gateway's view. Access reviews are counted in the simulators' request logs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { TokenFile } from '../../../src/auth/index.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { R } from '../../../src/sim/resources.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { waitFor } from '../../support/liveHelpers.ts';
import { clusterRole, clusterRoleBinding, configMap as configMapDoc, manifests, namespace, role, roleBinding, rule, user } from '../../support/manifests.ts';

/** Cached, watched cluster-wide. */
const CACHED = 'cf-1';
/** Read live (`cache: false`): the truth a cached answer is compared with. */
const LIVE = 'cf-2';
/** Cached, with a namespace scope: one stream per namespace. */
const SCOPED = 'cf-3';
const CLUSTERS = [CACHED, LIVE, SCOPED];
const FLEET_FILE = `clusters:\n  ${LIVE}: { cache: false }\n  ${SCOPED}:\n    namespaces: [team-a, team-b]\n`;

const TOKENS = { alice: 'alice-5c2e9a7f1b3d4e60', bob: 'bob-0f9e8d7c6b5a4930', carol: 'carol-7a6b5c4d3e2f1a09', erin: 'erin-1d2c3b4a59687f0e' };

// alice, carol and erin: Roles in team-a only (no nodes); bob: a ClusterRole, everything everywhere.
const READER = role('team-a', 'reader', [rule([''], ['configmaps', 'pods', 'events', 'services'], ['get', 'list', 'watch'])]);
const CAROL_BINDING = manifests(roleBinding('team-a', 'carol-reads', { kind: 'Role', name: 'reader' }, [user('carol')]));
const RBAC = manifests(
  namespace('team-a'), namespace('team-b'),
  configMapDoc('team-a', 'settings-a', { colour: 'blue' }), configMapDoc('team-b', 'settings-b', { colour: 'red' }),
  READER,
  roleBinding('team-a', 'team-a-readers', { kind: 'Role', name: 'reader' }, [user('alice'), user('erin')]),
  roleBinding('team-a', 'carol-reads', { kind: 'Role', name: 'reader' }, [user('carol')]),
  clusterRole('fleet-reader', [rule([''], ['configmaps', 'pods', 'events', 'services', 'nodes'], ['get', 'list', 'watch'])]),
  clusterRoleBinding('bob-reads-everything', 'fleet-reader', [user('bob')]),
);

let fg: FleetGateway;
let kubectl: Kubectl;
let dir: string;
let tokensPath: string;
const clients: Client[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-callers-'));
  tokensPath = join(dir, 'tokens.csv');
  await writeFile(tokensPath, Object.entries(TOKENS).map(([user, token]) => `${token},${user},uid-${user}`).join('\n'));
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name, rbac: true })), nodes: 1, clusterDefaults: { controllers: false } },
    fleetFile: FLEET_FILE,
    gateway: { authenticator: await TokenFile.load(tokensPath), cache: true },
  });
  kubectl = new Kubectl(fg.kubeconfigPath);
  if (!kubectlAvailable()) return;
  for (const c of CLUSTERS) await kubectl.ok(c, ['apply', '-f', '-'], RBAC);
  for (const c of fg.sim.clusters) {
    const node = c.registry.list(R.nodes)[0]!.metadata.name;
    for (const ns of ['team-a', 'team-b']) {
      c.registry.create(R.pods, { metadata: { name: `pod-${ns.slice(-1)}`, namespace: ns }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] } });
    }
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

type Answer = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function gql(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}
const as = (user: keyof typeof TOKENS, query: string, variables?: Record<string, unknown>) => gql(fg.gateway.url, TOKENS[user], query, variables);

const forbidden = (a: Answer) => (a.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
const synced = (cluster: string, resource: 'configmaps' | 'pods' | 'nodes' | 'services') =>
  (fg.gateway.live?.namespacesOf(cluster, resource) ?? []).every((ns) => fg.gateway.live?.watch(cluster, resource, ns)?.synced === true);

/** Requests that reached a cluster from here on, to look at after an action. */
function mark(cluster: string) {
  const log = fg.sim.cluster(cluster).requests;
  const from = log.all().length;
  return () => log.all().slice(from);
}
const reviews = (reqs: ReturnType<ReturnType<typeof mark>>, user: string) =>
  reqs.filter((r) => r.verb === 'create' && r.resource === 'selfsubjectaccessreviews' && r.impersonateUser === user);

/** A graphql-ws subscription as `user`, recording every result (data and errors) in order. */
interface Recorded { results: Answer[]; ended: unknown[]; stop(): void }
function subscribeAs(url: string, user: keyof typeof TOKENS, query: string): Recorded {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${TOKENS[user]}` } });
  clients.push(client);
  const rec: Recorded = { results: [], ended: [], stop: () => undefined };
  rec.stop = client.subscribe({ query }, {
    next: (v) => rec.results.push(v as Answer),
    error: (e) => rec.ended.push(e),
    complete: () => undefined,
  });
  return rec;
}
const dataOf = (rec: Recorded) => rec.results.filter((r) => r.data).map((r) => JSON.stringify(r.data));
const errorsOf = (rec: Recorded) => rec.results.flatMap((r) => r.errors ?? []);

/** Make changes (`make(n)`, n = 1, 2, ...) until `done` holds: a subscriber only sees changes made after it is live. */
async function changeUntil(make: (n: number) => void, done: () => boolean, what: string): Promise<void> {
  let n = 0;
  await waitFor(() => {
    if (!done()) make(++n);
    return done();
  }, what);
}

let created = 0;
const configMap = (cluster: string, namespace: string, name = `cm-${++created}`) => {
  fg.sim.cluster(cluster).registry.create(R.configmaps, { metadata: { name, namespace }, data: {} });
  return name;
};

describe.runIf(kubectlAvailable())('cached reads', () => {
  const CONFIGMAPS = `query($ns: String) { configMaps(namespace: $ns, clusterNames: ["${CACHED}", "${LIVE}"]) { cluster { name } name namespace } }`;

  test('a user allowed in team-a only: team-a served from the cache (one access review, no LIST); all namespaces and team-b are FORBIDDEN with the words a live read gets, and nothing of team-b', async () => {
    // bob starts the streams (the first read of a resource is live), then they are synced.
    expect((await as('bob', CONFIGMAPS)).errors).toBeUndefined();
    await waitFor(() => synced(CACHED, 'configmaps'), 'configmaps synced');

    const seen = mark(CACHED);
    const own = await as('alice', CONFIGMAPS, { ns: 'team-a' });
    expect(own.errors).toBeUndefined();
    expect(own.data?.configMaps).toEqual([CACHED, LIVE].map((c) => ({ cluster: { name: c }, name: 'settings-a', namespace: 'team-a' })));
    const reqs = seen();
    expect(reqs.filter((r) => r.verb === 'list')).toEqual([]);
    expect(reviews(reqs, 'alice')).toHaveLength(1);
    expect(reviews(reqs, 'alice')[0]).toMatchObject({ impersonateUid: 'uid-alice', status: 201 });

    for (const [ns, scope] of [[undefined, 'at the cluster scope'], ['team-b', 'in the namespace "team-b"']] as const) {
      const refused = await as('alice', CONFIGMAPS, { ns });
      expect(JSON.stringify(refused.data)).not.toContain('settings-b');
      expect(refused.data?.configMaps).toEqual([]);
      const errors = forbidden(refused);
      expect(errors.map((e) => e.extensions?.cluster).sort()).toEqual([CACHED, LIVE]);
      const [cached, live] = [CACHED, LIVE].map((c) => errors.find((e) => e.extensions?.cluster === c)!.message);
      expect(cached).toBe(`cluster "${CACHED}": configmaps: configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" ${scope}`);
      // The live read as alice, worded by the cluster itself: the same but for the cluster's name.
      expect(live).toBe(cached!.replace(`"${CACHED}"`, `"${LIVE}"`));
    }
  });

  test('a cluster with a namespace scope: an all-namespaces read is checked in each namespace of the scope, and one refused namespace refuses it, as its live LISTs would', async () => {
    const Q = `{ configMaps(clusterNames: ["${SCOPED}"]) { namespace name } }`;
    expect((await as('bob', Q)).data?.configMaps).toEqual([{ namespace: 'team-a', name: 'settings-a' }, { namespace: 'team-b', name: 'settings-b' }]);
    await waitFor(() => synced(SCOPED, 'configmaps'), 'both namespaces\' stores synced');
    const seen = mark(SCOPED);
    const refused = await as('alice', Q);
    expect(refused.data?.configMaps).toEqual([]);
    expect(forbidden(refused).map((e) => e.message)).toEqual([
      `cluster "${SCOPED}": configmaps: configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-b"`,
    ]);
    expect(reviews(seen(), 'alice')).toHaveLength(2);
    expect(seen().filter((r) => r.verb === 'list')).toEqual([]);
    expect((await as('alice', `{ configMaps(namespace: "team-a", clusterNames: ["${SCOPED}"]) { name } }`)).data?.configMaps).toEqual([{ name: 'settings-a' }]);
  });

  test('joins read from the store are checked too: pod → node is FORBIDDEN for a user without nodes, served from the cache for one with them', async () => {
    const Q = `{ cluster(name: "${CACHED}") { pods(namespace: "team-a") { name node { name } } } }`;
    expect((await as('bob', Q)).errors).toBeUndefined();
    await waitFor(() => synced(CACHED, 'pods') && synced(CACHED, 'nodes'), 'pods and nodes synced');
    const node = fg.sim.cluster(CACHED).registry.list(R.nodes)[0]!.metadata.name;

    const seen = mark(CACHED);
    const bob = await as('bob', Q);
    expect(bob).toEqual({ data: { cluster: { pods: [{ name: 'pod-a', node: { name: node } }] } } });
    expect(seen().filter((r) => r.verb === 'list')).toEqual([]);

    const alice = await as('alice', Q);
    expect(alice.data).toEqual({ cluster: { pods: [{ name: 'pod-a', node: null }] } });
    expect(forbidden(alice).map((e) => e.message)).toEqual([`cluster "${CACHED}": nodes: nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope`]);
    expect(seen().filter((r) => r.verb === 'list')).toEqual([]);
  });

  test('repeated cached reads within the TTL cost one review per (cluster, user, resource, namespace); concurrent ones share it; reads without a caller cost none', async () => {
    const Q = `{ configMaps(namespace: "team-a", clusterNames: ["${CACHED}"]) { name } cluster(name: "${CACHED}") { pods(namespace: "team-a") { name } } }`;
    await as('bob', Q);
    await waitFor(() => synced(CACHED, 'configmaps') && synced(CACHED, 'pods'), 'configmaps and pods synced');
    const seen = mark(CACHED);
    for (let i = 0; i < 5; i++) expect((await as('erin', Q)).errors).toBeUndefined();
    expect(reviews(seen(), 'erin').length).toBe(2);
    expect(seen().filter((r) => r.verb === 'list')).toEqual([]);

    // Services: not streamed yet (bob's read starts them); then five reads at once ask once.
    const S = `{ services(namespace: "team-a", clusterNames: ["${CACHED}"]) { name } }`;
    await as('bob', S);
    await waitFor(() => synced(CACHED, 'services'), 'services synced');
    const before = reviews(seen(), 'erin').length;
    const answers = await Promise.all(Array.from({ length: 5 }, () => as('erin', S)));
    for (const a of answers) expect(a).toEqual({ data: { services: [] } });
    expect(reviews(seen(), 'erin').length - before).toBe(1);

    // Authentication off (a loopback gateway without --tokens, cached): no review at all.
    const open = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, fleetFile: join(fg.dir, 'fleet.yaml'), port: 0, logLevel: 'silent', cache: true });
    try {
      const plain = mark(CACHED);
      const post = () => fetch(open.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: Q }) });
      await post();
      await waitFor(() => open.live?.watch(CACHED, 'configmaps')?.synced === true && open.live?.watch(CACHED, 'pods')?.synced === true, 'second gateway synced');
      for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
      expect(plain().filter((r) => r.resource === 'selfsubjectaccessreviews')).toEqual([]);
    } finally {
      await open.stop();
    }
  });
});

describe.runIf(kubectlAvailable())('a review that fails', () => {
  test('refuses (fail closed) with an error naming the cluster and serves nothing from the store; once reviews answer again, the read is served', async () => {
    const Q = `{ configMaps(namespace: "team-a", clusterNames: ["${CACHED}"]) { name } }`;
    await as('bob', Q);
    await waitFor(() => synced(CACHED, 'configmaps'), 'configmaps synced');
    const cluster = fg.sim.cluster(CACHED);
    await cluster.setFaults({ errorRate: 1, errorCodes: [500] });
    let refused: Answer;
    try {
      refused = await as('carol', Q);
    } finally {
      await cluster.resetFaults();
    }
    expect(refused.data).toEqual({ configMaps: [] });
    expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.cluster])).toEqual([['UPSTREAM_ERROR', CACHED]]);
    expect(refused.errors?.[0]?.message).toMatch(new RegExp(`^cluster "${CACHED}": configmaps: refused, as the caller's access could not be checked \\(its SelfSubjectAccessReview failed: `));
    await waitFor(async () => (await as('carol', Q)).errors === undefined, 'served again once the cluster answers reviews');
    expect(await as('carol', Q)).toEqual({ data: { configMaps: [{ name: 'settings-a' }] } });
  });
});

describe.runIf(kubectlAvailable())('subscriptions', () => {
  test('two users, the same document: each execution is the caller\'s own (nested reads as that caller), never shared between them', async () => {
    const DOC = `subscription { events(clusterNames: ["${CACHED}"], namespace: "team-a") { event { reason cluster { pods(namespace: "team-b") { name } } } } }`;
    let n = 0;
    const event = () => {
      const name = `ev-${++n}`;
      fg.sim.cluster(CACHED).registry.create(R.events, {
        metadata: { name, namespace: 'team-a' }, reason: name, message: 'm', type: 'Normal',
        involvedObject: { kind: 'Pod', name: 'pod-a', namespace: 'team-a' },
      });
      return name;
    };
    // bob first (his executions come first for each event), then alice.
    const bob = subscribeAs(fg.gateway.url, 'bob', DOC);
    await changeUntil(event, () => bob.results.length > 0, 'bob receives an event');
    const alice = subscribeAs(fg.gateway.url, 'alice', DOC);
    await changeUntil(event, () => alice.results.length > 0, 'alice receives an event');
    const last = [event(), event(), event()].at(-1)!;
    const got = (rec: Recorded) => rec.results.some((r) => JSON.stringify(r.data).includes(`"${last}"`));
    await waitFor(() => got(bob) && got(alice), 'both receive the last event');

    for (const r of bob.results) {
      expect(r.errors).toBeUndefined();
      expect((r.data as { events: { event: { cluster: { pods: unknown } } } }).events.event.cluster.pods).toEqual([{ name: 'pod-b' }]);
    }
    for (const r of alice.results) {
      expect(JSON.stringify(r.data)).not.toContain('pod-b');
      expect((r.data as { events: { event: { cluster: { pods: unknown } } } }).events.event.cluster.pods).toEqual([]);
      expect((r.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.cluster, e.message])).toEqual([
        ['FORBIDDEN', CACHED, `cluster "${CACHED}": pods: pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"`],
      ]);
    }
    bob.stop();
    alice.stop();
  });

  test('a subscriber without access to team-b receives none of its changes (told FORBIDDEN for it) while one with access receives them', async () => {
    const DOC = `subscription { resourceChanges(kind: "ConfigMap", clusterNames: ["${SCOPED}"]) { namespace name } }`;
    const bob = subscribeAs(fg.gateway.url, 'bob', DOC);
    const has = (rec: Recorded, name: string) => dataOf(rec).some((d) => d.includes(`"${name}"`));
    // bob's streams are live (both namespaces synced) once he receives a change from each.
    let b = '';
    let a = '';
    await changeUntil(() => { b = configMap(SCOPED, 'team-b'); }, () => has(bob, b), 'bob receives a team-b change');
    await changeUntil(() => { a = configMap(SCOPED, 'team-a'); }, () => has(bob, a), 'bob receives a team-a change');

    const withheld = fg.gateway.access.withheld;
    const alice = subscribeAs(fg.gateway.url, 'alice', DOC);
    // Admitted for team-a; team-b is told first as that cluster's FORBIDDEN error.
    await waitFor(() => errorsOf(alice).length > 0, 'alice is told team-b is refused');
    expect(errorsOf(alice).map((e) => [e.extensions?.code, e.extensions?.cluster, e.message])).toEqual([
      ['FORBIDDEN', SCOPED, `cluster "${SCOPED}": configmaps: configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-b"`],
    ]);
    const inB = [configMap(SCOPED, 'team-b'), configMap(SCOPED, 'team-b'), configMap(SCOPED, 'team-b')];
    const inA = configMap(SCOPED, 'team-a');
    // Each of team-b's changes reached alice's filter and was withheld; team-a's was delivered.
    await waitFor(() => inB.every((name) => has(bob, name)) && has(bob, inA) && has(alice, inA) && fg.gateway.access.withheld === withheld + 3,
      'bob receives all four, alice team-a\'s, and team-b\'s three are withheld from her');
    expect(dataOf(alice).filter((d) => d.includes('team-b'))).toEqual([]);
    expect(dataOf(alice)).toEqual([JSON.stringify({ resourceChanges: { namespace: 'team-a', name: inA } })]);
    expect(errorsOf(alice)).toHaveLength(1);
    bob.stop();
    alice.stop();
  });

  test('all namespaces of a cluster watched cluster-wide, allowed in team-a only: the subscription is refused with FORBIDDEN at the cluster scope', async () => {
    const alice = subscribeAs(fg.gateway.url, 'alice', `subscription { resourceChanges(kind: "ConfigMap", clusterNames: ["${CACHED}"]) { namespace name } }`);
    await waitFor(() => alice.results.length > 0, 'the subscription is refused');
    expect(alice.results).toEqual([{ errors: [expect.objectContaining({
      message: `cluster "${CACHED}": configmaps: configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" at the cluster scope`,
      extensions: { code: 'FORBIDDEN', cluster: CACHED },
    })] }]);
  });

  test('a RoleBinding revoked mid-stream: once its allowed answer expires, one FORBIDDEN delivery and no more changes; granted again, they come back', async () => {
    // A gateway of its own whose access reviews run on a clock the test moves (no sleeping).
    let now = 0;
    const short = await startGatewayFromKubeconfig({
      kubeconfigPath: fg.kubeconfigPath, fleetFile: join(fg.dir, 'fleet.yaml'), port: 0, logLevel: 'silent',
      authenticator: await TokenFile.load(tokensPath), cache: true,
      accessReview: { allowedTtlMs: 1000, deniedTtlMs: 1000, now: () => now },
    });
    try {
      const DOC = `subscription { resourceChanges(kind: "ConfigMap", clusterNames: ["${CACHED}"], namespace: "team-a") { name } }`;
      const has = (rec: Recorded, name: string) => dataOf(rec).some((d) => d.includes(`"${name}"`));
      const bob = subscribeAs(short.url, 'bob', DOC);
      const carol = subscribeAs(short.url, 'carol', DOC);
      let first = '';
      await changeUntil(() => { first = configMap(CACHED, 'team-a'); }, () => has(bob, first) && has(carol, first), 'both receive a change');

      await kubectl.ok(CACHED, ['delete', 'rolebinding', 'carol-reads', '-n', 'team-a']);
      // Within the allowed TTL carol's answer still holds; past it, the next change asks again.
      now += 1001;
      const after = [configMap(CACHED, 'team-a')];
      await waitFor(() => errorsOf(carol).length > 0, 'carol is told she is refused');
      after.push(configMap(CACHED, 'team-a'), configMap(CACHED, 'team-a'));
      // All three reached carol's filter and were withheld (she is the only one it withholds from).
      await waitFor(() => after.every((name) => has(bob, name)) && short.access.withheld === 3, 'bob receives them; carol\'s are withheld');
      expect(after.filter((name) => has(carol, name))).toEqual([]);
      expect(errorsOf(carol).map((e) => [e.extensions?.code, e.extensions?.cluster, e.message])).toEqual([
        ['FORBIDDEN', CACHED, `cluster "${CACHED}": configmaps: configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-a"`.replace('alice', 'carol')],
      ]);
      expect(carol.ended).toEqual([]);

      // Granted again: past the refusal's TTL the changes come back.
      await kubectl.ok(CACHED, ['apply', '-f', '-'], CAROL_BINDING);
      now += 1001;
      const back = configMap(CACHED, 'team-a');
      await waitFor(() => has(carol, back), 'carol receives changes again');
      bob.stop();
      carol.stop();
    } finally {
      await short.stop();
    }
  });
});
