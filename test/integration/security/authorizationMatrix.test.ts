/**
 * The authorization matrix: four callers with different cluster RBAC and gateway policy run the
 * same queries (read live, and again from the watch-backed cache of a second gateway over the
 * same clusters), the same mutations and the same subscriptions, and each sees and changes
 * exactly what they may. Beside each answer: the Impersonate-* headers that reached each
 * simulated cluster, and, for every refused write, that nothing was written anywhere.
 *
 * | caller | gateway policy                                   | RBAC in each cluster                              |
 * |--------|--------------------------------------------------|---------------------------------------------------|
 * | olga   | group platform: write on every cluster           | group platform: cluster-admin                     |
 * | dan    | group developers: write on env=dev, read on prod | group developers: edit ConfigMaps, Deployments in team-a |
 * | vera   | group viewers: read on every cluster             | group viewers: read ConfigMaps in team-a, on mx-dev only |
 * | otto   | no rule (deny by default)                        | cluster-admin: the policy stops him first         |
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { TokenFile } from '../../../src/auth/index.ts';
import { Policy } from '../../../src/auth/policy/index.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { R } from '../../../src/sim/resources.ts';
import type { RequestRecord } from '../../../src/sim/cluster/RequestLog.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { clusterRoleBinding, configMap, deployment, group, manifests, namespace, role, roleBinding, rule, user } from '../../support/manifests.ts';
import { waitFor } from '../../support/liveHelpers.ts';

const DEV = 'mx-dev';
const PROD = 'mx-prod';
const CLUSTERS = [DEV, PROD];
const FLEET_FILE = `clusters:\n  ${DEV}: { labels: { env: dev } }\n  ${PROD}: { labels: { env: prod } }\n`;

const CALLERS = {
  olga: { token: 'olga-6b1f0c2d9e8a7b35', groups: ['platform'] },
  dan: { token: 'dan-2c9d8e7f6a5b4c13', groups: ['developers'] },
  vera: { token: 'vera-9a8b7c6d5e4f3a21', groups: ['viewers'] },
  otto: { token: 'otto-4e3d2c1b0a9f8e76', groups: [] as string[] },
};
type Caller = keyof typeof CALLERS;
const NAMES = Object.keys(CALLERS) as Caller[];

const POLICY = `
rules:
  - groups: [platform]
    access: write
  - groups: [developers]
    clusters: "env = dev"
    access: write
  - groups: [developers]
    clusters: "env = prod"
    access: read
  - groups: [viewers]
    access: read
`;

const objects = manifests(
  namespace('team-a'), namespace('team-b'),
  configMap('team-a', 'cm-a', { k: 'a' }), configMap('team-b', 'cm-b', { k: 'b' }),
  deployment('team-a', 'web'),
  clusterRoleBinding('platform-admins', 'cluster-admin', [group('platform'), user('otto')]),
  role('team-a', 'dev-edit', [
    rule([''], ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    rule(['apps'], ['deployments', 'deployments/scale'], ['get', 'list', 'watch', 'update', 'patch']),
  ]),
  roleBinding('team-a', 'developers-edit', { kind: 'Role', name: 'dev-edit' }, [group('developers')]),
);
const viewerBinding = manifests(
  role('team-a', 'view-configmaps', [rule([''], ['configmaps'], ['get', 'list', 'watch'])]),
  roleBinding('team-a', 'viewers-view', { kind: 'Role', name: 'view-configmaps' }, [group('viewers')]),
);

let fg: FleetGateway;
/** A second gateway over the same clusters, answering from its watch-backed cache. */
let cached: Gateway;
let dir: string;
const clients: Client[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-matrix-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, NAMES.map((n) => `${CALLERS[n].token},${n},uid-${n},"${CALLERS[n].groups.join(',')}"`).join('\n'));
  const policyPath = join(dir, 'policy.yaml');
  await writeFile(policyPath, POLICY);
  const common = { authenticator: await TokenFile.load(tokens), policy: await Policy.load(policyPath) };
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name, rbac: true })), nodes: 1, clusterDefaults: { controllers: false } },
    fleetFile: FLEET_FILE,
    gateway: common,
  });
  if (!kubectlAvailable()) return;
  const kubectl = new Kubectl(fg.kubeconfigPath);
  for (const c of CLUSTERS) await kubectl.ok(c, ['apply', '-f', '-'], objects);
  await kubectl.ok(DEV, ['apply', '-f', '-'], viewerBinding);
  const fleetFile = join(fg.dir, 'fleet.yaml');
  cached = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, fleetFile, port: 0, logLevel: 'silent', cache: true, ...common });
  // olga (cluster-admin) starts the cached gateway's streams; reads are from memory once synced.
  await ask(cached, 'olga', '{ configMaps { name } }');
  await waitFor(() => CLUSTERS.every((c) => (cached.live?.namespacesOf(c, 'configmaps') ?? []).every((ns) => cached.live?.watch(c, 'configmaps', ns)?.synced === true)),
    'the cached gateway\'s ConfigMap streams are synced');
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await cached?.stop();
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

type Answer = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function ask(gateway: Gateway, who: Caller, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CALLERS[who].token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

/** What reached each cluster from now on, to look at after an action. */
function traffic(): () => Record<string, RequestRecord[]> {
  const from = Object.fromEntries(CLUSTERS.map((c) => [c, fg.sim.cluster(c).requests.all().length]));
  return () => Object.fromEntries(CLUSTERS.map((c) => [c, fg.sim.cluster(c).requests.all().slice(from[c])]));
}
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const writes = (reqs: readonly RequestRecord[]) => reqs.filter((r) => WRITE_VERBS.has(r.verb) && r.resource !== 'selfsubjectaccessreviews');

/** An answer as `[cluster/namespace/name]` sorted, and the clusters with each error code. */
function outcome(a: Answer, field: string): { items: string[]; errors: string[] } {
  const items = ((a.data?.[field] ?? []) as Array<{ cluster: { name: string }; namespace: string; name: string }>)
    .filter((o) => o.name.startsWith('cm-')) // the objects made here, not each namespace's kube-root-ca.crt
    .map((o) => `${o.cluster.name}/${o.namespace}/${o.name}`).sort();
  const errors = (a.errors ?? []).map((e) => `${String(e.extensions?.code)}@${String(e.extensions?.cluster ?? ((e.extensions?.clusters as string[] | undefined)?.join('+') || '-'))}`).sort();
  return { items, errors };
}

const CONFIGMAPS = 'query($ns: String) { configMaps(namespace: $ns) { cluster { name } namespace name } }';

/** Each caller's expected answer per namespace asked (undefined: all namespaces). */
const READS: Record<Caller, Record<'team-a' | 'team-b' | 'all', { items: string[]; errors: string[] }>> = {
  olga: {
    'team-a': { items: ['mx-dev/team-a/cm-a', 'mx-prod/team-a/cm-a'], errors: [] },
    'team-b': { items: ['mx-dev/team-b/cm-b', 'mx-prod/team-b/cm-b'], errors: [] },
    all: { items: ['mx-dev/team-a/cm-a', 'mx-dev/team-b/cm-b', 'mx-prod/team-a/cm-a', 'mx-prod/team-b/cm-b'], errors: [] },
  },
  dan: {
    'team-a': { items: ['mx-dev/team-a/cm-a', 'mx-prod/team-a/cm-a'], errors: [] },
    'team-b': { items: [], errors: ['FORBIDDEN@mx-dev', 'FORBIDDEN@mx-prod'] },
    all: { items: [], errors: ['FORBIDDEN@mx-dev', 'FORBIDDEN@mx-prod'] },
  },
  vera: {
    'team-a': { items: ['mx-dev/team-a/cm-a'], errors: ['FORBIDDEN@mx-prod'] },
    'team-b': { items: [], errors: ['FORBIDDEN@mx-dev', 'FORBIDDEN@mx-prod'] },
    all: { items: [], errors: ['FORBIDDEN@mx-dev', 'FORBIDDEN@mx-prod'] },
  },
  // The policy gives otto no cluster: FORBIDDEN (the policy's, naming no cluster), and no cluster is asked.
  otto: {
    'team-a': { items: [], errors: ['FORBIDDEN@-'] },
    'team-b': { items: [], errors: ['FORBIDDEN@-'] },
    all: { items: [], errors: ['FORBIDDEN@-'] },
  },
};

describe.runIf(kubectlAvailable())('queries: live and cached answers are the same, and each caller\'s own', () => {
  test.each(NAMES.flatMap((who) => (['team-a', 'team-b', 'all'] as const).map((ns) => [who, ns] as const)))('%s reads ConfigMaps in %s', async (who, ns) => {
    const variables = ns === 'all' ? {} : { ns };
    const seen = traffic();
    const live = await ask(fg.gateway, who, CONFIGMAPS, variables);
    expect(outcome(live, 'configMaps')).toEqual(READS[who][ns]);
    // Every request the live gateway made for the caller carried their identity, nothing else.
    for (const [cluster, reqs] of Object.entries(seen())) {
      const mine = reqs.filter((r) => r.userAgent === 'fleetgraph' && r.verb === 'list');
      if (who === 'otto') expect(mine, cluster).toEqual([]);
      for (const r of mine) expect([r.impersonateUser, r.impersonateGroups, r.impersonateUid]).toEqual([who, CALLERS[who].groups, `uid-${who}`]);
    }
    const fromCache = await ask(cached, who, CONFIGMAPS, variables);
    expect(outcome(fromCache, 'configMaps')).toEqual(READS[who][ns]);
  });

  test.each(NAMES)('%s sees only the clusters the policy gives them', async (who) => {
    const r = await ask(fg.gateway, who, '{ clusters { name } }');
    expect((r.data?.clusters as Array<{ name: string }>).map((c) => c.name)).toEqual(who === 'otto' ? [] : CLUSTERS);
  });

  test('naming a cluster the policy withholds is FORBIDDEN, before any cluster is asked', async () => {
    const seen = traffic();
    const r = await ask(fg.gateway, 'otto', `{ configMaps(clusterNames: ["${DEV}"]) { name } }`);
    expect(r.data?.configMaps ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(Object.values(seen()).flat()).toEqual([]);
  });

  test('a client\'s own Impersonate-User header changes nothing: vera stays vera', async () => {
    const seen = traffic();
    const r = await ask(fg.gateway, 'vera', CONFIGMAPS, { ns: 'team-b' }, { 'Impersonate-User': 'olga', 'Impersonate-Group': 'platform' });
    expect(outcome(r, 'configMaps')).toEqual(READS.vera['team-b']);
    for (const r2 of Object.values(seen()).flat()) expect(r2.impersonateUser).toBe('vera');
  });
});

describe.runIf(kubectlAvailable())('mutations: each caller changes exactly what they may', () => {
  const SCALE = 'mutation($names: [String!], $n: Int!) { scale(input: { clusterNames: $names, kind: "Deployment", namespace: "team-a", name: "web", replicas: $n }) { cluster replicas error { code } } }';
  const APPLY = 'mutation($m: String!, $names: [String!]) { apply(input: { manifests: $m, clusterNames: $names }) { clusters { cluster error { code } objects { name action error { code } } } } }';
  const note = (ns: string, who: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: note-${who}, namespace: ${ns} }\ndata: { by: ${who} }\n`;

  // [caller, targets, expected per-cluster outcome or the whole mutation's error code]
  const SCALES: Array<[Caller, string[], Record<string, string> | string]> = [
    ['olga', [DEV, PROD], { [DEV]: 'ok', [PROD]: 'ok' }],
    ['dan', [DEV], { [DEV]: 'ok' }],
    ['dan', [DEV, PROD], 'FORBIDDEN'], // read-only on prod: refused whole, nothing written on dev either
    ['vera', [DEV], 'FORBIDDEN'],
    ['otto', [DEV], 'FORBIDDEN'],
  ];
  test.each(SCALES)('%s scales web on %j', async (who, names, expected) => {
    const seen = traffic();
    const r = await ask(fg.gateway, who, SCALE, { names, n: 2 });
    const w = seen();
    if (typeof expected === 'string') {
      expect(r.errors?.[0]?.extensions?.code).toBe(expected);
      expect(r.data?.scale ?? null).toBeNull();
      for (const c of CLUSTERS) expect(writes(w[c]!), c).toEqual([]);
      return;
    }
    const got = Object.fromEntries((r.data?.scale as Array<{ cluster: string; error: { code: string } | null }>).map((o) => [o.cluster, o.error?.code ?? 'ok']));
    expect(got).toEqual(expected);
    for (const c of CLUSTERS) {
      const mine = writes(w[c]!);
      expect(mine.map((q) => [q.verb, q.resource, q.impersonateUser]), c).toEqual(names.includes(c) ? [['patch', 'deployments/scale', who]] : []);
    }
  });

  // RBAC decides within what the policy allows: dan may write dev, but not in team-b there.
  const APPLIES: Array<[Caller, string, Record<string, string> | string]> = [
    ['olga', 'team-b', { [DEV]: 'CREATED' }],
    ['dan', 'team-a', { [DEV]: 'CREATED' }],
    ['dan', 'team-b', { [DEV]: 'FORBIDDEN' }],
    ['vera', 'team-a', 'FORBIDDEN'],
    ['otto', 'team-a', 'FORBIDDEN'],
  ];
  test.each(APPLIES)('%s applies a ConfigMap in %s on mx-dev', async (who, ns, expected) => {
    const seen = traffic();
    const r = await ask(fg.gateway, who, APPLY, { m: note(ns, who), names: [DEV] });
    const w = seen();
    if (typeof expected === 'string') {
      expect(r.errors?.[0]?.extensions?.code).toBe(expected);
      for (const c of CLUSTERS) expect(writes(w[c]!), c).toEqual([]);
      return;
    }
    const clusters = (r.data?.apply as { clusters: Array<{ cluster: string; objects: Array<{ action: string | null; error: { code: string } | null }> }> }).clusters;
    expect(Object.fromEntries(clusters.map((c) => [c.cluster, c.objects[0]!.action ?? c.objects[0]!.error?.code]))).toEqual(expected);
    const stored = fg.sim.cluster(DEV).registry.get(R.configmaps, ns, `note-${who}`);
    expect(stored !== undefined).toBe(expected[DEV] === 'CREATED');
    for (const q of writes(w[DEV]!)) expect(q.impersonateUser).toBe(who);
    expect(writes(w[PROD]!)).toEqual([]);
  });
});

describe.runIf(kubectlAvailable())('subscriptions: each caller receives exactly the changes they may see', () => {
  /** A subscription as `who` on the cached gateway, recording data and errors. */
  function subscribe(who: Caller, namespace: string) {
    const client = createClient({
      url: cached.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
      connectionParams: { authorization: `Bearer ${CALLERS[who].token}` },
    });
    clients.push(client);
    const rec = { changes: [] as string[], errors: [] as string[] };
    client.subscribe({ query: `subscription { resourceChanges(kind: "ConfigMap", namespace: "${namespace}") { cluster namespace name } }` }, {
      next: (v) => {
        const c = (v.data as { resourceChanges?: { cluster: string; namespace: string; name: string } } | null)?.resourceChanges;
        if (c?.name) rec.changes.push(`${c.cluster}/${c.namespace}/${c.name}`);
        for (const e of v.errors ?? []) rec.errors.push(`${String(e.extensions?.code)}@${String(e.extensions?.cluster ?? '-')}`);
      },
      error: (e) => {
        for (const x of Array.isArray(e) ? e as Array<{ extensions?: Record<string, unknown> }> : [e as { extensions?: Record<string, unknown> }]) {
          rec.errors.push(`${String(x.extensions?.code)}@${String(x.extensions?.cluster ?? 'all')}`);
        }
      },
      complete: () => undefined,
    });
    return rec;
  }

  test('team-a and team-b subscriptions of every caller, then changes in each namespace of each cluster', async () => {
    const subs = Object.fromEntries(NAMES.flatMap((who) => ['team-a', 'team-b'].map((ns) => [`${who} ${ns}`, subscribe(who, ns)])));
    // Who must receive changes from where: the matrix's answer for subscriptions.
    const EXPECTED: Record<string, string[]> = {
      'olga team-a': ['mx-dev/team-a', 'mx-prod/team-a'],
      'olga team-b': ['mx-dev/team-b', 'mx-prod/team-b'],
      'dan team-a': ['mx-dev/team-a', 'mx-prod/team-a'],
      'vera team-a': ['mx-dev/team-a'],
    };
    const NOTHING = ['dan team-b', 'vera team-b', 'otto team-a', 'otto team-b'];
    const from = (key: string) => [...new Set(subs[key]!.changes.map((x) => x.split('/').slice(0, 2).join('/')))].sort();
    const allReceived = () => Object.entries(EXPECTED).every(([key, where]) => where.every((w) => from(key).includes(w)));
    // A subscriber only sees changes made after it is live (after its access reviews): make a
    // change in each cluster and namespace until every expected receiver has one from each place.
    let round = 0;
    await waitFor(() => {
      if (!allReceived()) {
        round++;
        for (const c of CLUSTERS) for (const ns of ['team-a', 'team-b']) fg.sim.cluster(c).registry.create(R.configmaps, { metadata: { name: `live-${round}`, namespace: ns }, data: {} });
      }
      return allReceived();
    }, 'every caller receives the changes they may see');
    for (const [key, where] of Object.entries(EXPECTED)) expect(from(key), key).toEqual(where);
    // The last round's team-b changes reached olga, so they passed every stream: none reached these.
    await waitFor(() => CLUSTERS.every((c) => subs['olga team-b']!.changes.includes(`${c}/team-b/live-${round}`)), 'olga receives the last round in team-b');
    // Their refusals come as the subscriptions start (after access reviews): wait for them too.
    await waitFor(() => NOTHING.every((key) => subs[key]!.errors.length > 0) && subs['vera team-a']!.errors.length > 0, 'the refused subscriptions are told so');
    for (const key of NOTHING) expect(subs[key]!.changes, key).toEqual([]);
    expect(subs['olga team-a']!.errors).toEqual([]);
    expect(subs['dan team-a']!.errors).toEqual([]);
    // vera may read team-a on mx-dev only: told FORBIDDEN for mx-prod, once.
    expect(subs['vera team-a']!.errors).toEqual(['FORBIDDEN@mx-prod']);
    // Refused everywhere: the subscription ends with FORBIDDEN (for otto, the policy's).
    expect(subs['dan team-b']!.errors).toEqual(['FORBIDDEN@mx-dev']);
    expect(subs['vera team-b']!.errors).toEqual(['FORBIDDEN@mx-dev']);
    expect(subs['otto team-a']!.errors).toEqual(['FORBIDDEN@-']);
    expect(subs['otto team-b']!.errors).toEqual(['FORBIDDEN@-']);
  });
});
