/**
 * The gateway policy (`policy`, docs/policy.md) on a real gateway with a token file over a
 * simulated fleet with RBAC: each caller's `clusters` and fleet-wide fields hold only the clusters
 * the policy gives them; naming a withheld cluster is FORBIDDEN; a read-only caller's every kind
 * of mutation, and a mutation with one target the caller may not write, are refused whole with
 * nothing reaching any cluster (the simulator's request log says what did); secret values need
 * the policy's `secrets` and the cluster's `get` as the caller; a plan of a Secret and a failed
 * Secret apply show no values, in answers or in the log.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { R } from '../../../src/sim/resources.ts';
import { TokenFile } from '../../../src/auth/index.ts';
import { Policy } from '../../../src/auth/policy/index.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startGateway } from '../../../src/server/startGateway.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { clusterRole, clusterRoleBinding, configMap, deployment, group, manifests, namespace, rule, secret } from '../../support/manifests.ts';

const CLUSTERS = ['pol-dev', 'pol-prod-1', 'pol-prod-2'];
const [DEV, PROD1, PROD2] = CLUSTERS as [string, string, string];
const TOKENS = {
  reader: 'reader-1c2d3e4f5a6b7c8d',
  dana: 'dana-9a8b7c6d5e4f3a2b',
  pat: 'pat-0f1e2d3c4b5a6978',
  cody: 'cody-5b6c7d8e9f0a1b2c',
  lee: 'lee-7e6d5c4b3a291807',
  eve: 'eve-3f4e5d6c7b8a9f0e',
};
const PASSWORD = 'Sup3r-Secr3t-Passw0rd';
const NEW_PASSWORD = 'An0ther-S3cret-Value';
const b64 = (s: string) => Buffer.from(s).toString('base64');

const POLICY = `
rules:
  - name: viewers read every cluster
    groups: [viewers]
    access: read
  - name: platform does everything
    groups: [platform]
    access: write
    secrets: true
  - groups: [devs]
    access: read
  - groups: [devs]
    clusters: env=dev
    access: write
  - name: contractors see and change dev only
    groups: [contractors]
    clusters: env=dev
    access: write
  - groups: [limited]
    clusterNames: [pol-dev]
    secrets: true
`;

// Every group may do everything in every cluster, but "limited" may only list Secrets (not get
// them): the policy is what tells them apart, and the cluster's get what stops "limited".
const RBAC = manifests(
  namespace('app'),
  secret('app', 'db', { password: PASSWORD }),
  configMap('app', 'cfg', { colour: 'blue' }),
  deployment('app', 'web'),
  clusterRoleBinding('everyone-admin', 'cluster-admin', ['viewers', 'devs', 'platform', 'contractors'].map(group)),
  clusterRole('list-only', [rule([''], ['namespaces', 'secrets'], ['list'])]),
  clusterRoleBinding('limited-lists', 'list-only', [group('limited')]),
);

let fg: FleetGateway;
let dir: string;
let logs = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-policy-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, [
    `${TOKENS.reader},reader,u1,viewers`, `${TOKENS.dana},dana,u2,devs`, `${TOKENS.pat},pat,u3,platform`,
    `${TOKENS.cody},cody,u4,contractors`, `${TOKENS.lee},lee,u5,limited`, `${TOKENS.eve},eve,u6`,
  ].join('\n'));
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs += chunk.toString(); done(); } });
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name, rbac: true })), nodes: 1, clusterDefaults: { controllers: false } },
    fleetFile: `clusters:\n  ${DEV}: { labels: { env: dev } }\n  ${PROD1}: { labels: { env: prod } }\n  ${PROD2}: { labels: { env: prod } }\n`,
    gateway: { authenticator: await TokenFile.load(tokens), policy: Policy.parse(POLICY, 'policy.yaml'), logger: createLogger('debug', sink) },
  });
  if (kubectlAvailable()) {
    const kubectl = new Kubectl(fg.kubeconfigPath);
    for (const c of CLUSTERS) await kubectl.ok(c, ['apply', '-f', '-'], RBAC);
  }
}, 120_000);

afterAll(async () => {
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

type Answer = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function gql(user: keyof typeof TOKENS, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(fg.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS[user]}` },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

/** What reached each cluster as `user` (impersonated) since `from`. */
const marks = () => Object.fromEntries(CLUSTERS.map((c) => [c, fg.sim.cluster(c).requests.all().length]));
const reached = (from: Record<string, number>, user: string) =>
  CLUSTERS.flatMap((c) => fg.sim.cluster(c).requests.all().slice(from[c]).filter((r) => r.impersonateUser === user).map((r) => `${c} ${r.verb} ${r.resource}`));
const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const writesSince = (from: Record<string, number>) =>
  CLUSTERS.flatMap((c) => fg.sim.cluster(c).requests.all().slice(from[c]).filter((r) => WRITE_VERBS.has(r.verb)).map((r) => `${c} ${r.verb} ${r.resource}`));

const errorOf = (a: Answer) => ({ code: a.errors?.[0]?.extensions?.code, clusters: a.errors?.[0]?.extensions?.clusters, message: a.errors?.[0]?.message });

describe.runIf(kubectlAvailable())('the gateway policy', () => {
  describe('reads: a caller\'s fleet is the clusters the policy gives them', () => {
    test('`clusters` lists only the caller\'s clusters; a caller no rule names gets none', async () => {
      const names = async (user: keyof typeof TOKENS) => ((await gql(user, '{ clusters { name } }')).data?.clusters as Array<{ name: string }>).map((c) => c.name);
      expect(await names('reader')).toEqual(CLUSTERS);
      expect(await names('cody')).toEqual([DEV]);
      expect(await names('eve')).toEqual([]);
    });

    test('fleet-wide fields ask only the caller\'s clusters, and a selector simply does not match withheld ones', async () => {
      const from = marks();
      const all = await gql('cody', '{ configMaps(namespace: "app") { cluster { name } name } }');
      expect(all).toEqual({ data: { configMaps: [{ cluster: { name: DEV }, name: 'cfg' }] } });
      const prod = await gql('cody', '{ configMaps(clusters: "env=prod") { name } }');
      expect(prod).toEqual({ data: { configMaps: [] } });
      // A caller the policy gives no cluster is told so on every fleet-wide field, not answered empty lists.
      const none = await gql('eve', '{ configMaps { name } secrets { name } }');
      expect(none.data).toEqual({ configMaps: null, secrets: null });
      expect(none.errors?.map((e) => [e.extensions?.code, e.extensions?.clusters, e.message])).toEqual([
        ['FORBIDDEN', [], 'the gateway policy gives user "eve" no cluster'],
        ['FORBIDDEN', [], 'the gateway policy gives user "eve" no cluster'],
      ]);
      expect(reached(from, 'cody').filter((r) => !r.startsWith(DEV))).toEqual([]);
      expect(reached(from, 'eve')).toEqual([]);
    });

    test.each([
      ['clusterNames of a fleet-wide field', `{ configMaps(clusterNames: ["${DEV}", "${PROD1}"]) { name } }`, 'clusterNames'],
      ['Query.cluster', `{ cluster(name: "${PROD1}") { name } }`, 'name'],
      ['export', `{ export(cluster: "${PROD1}") { yaml } }`, 'cluster'],
    ])('naming a withheld cluster (%s) is FORBIDDEN, saying the policy does not give it, and asks no cluster', async (_what, query, argument) => {
      const from = marks();
      const a = await gql('cody', query);
      expect(errorOf(a)).toEqual({ code: 'FORBIDDEN', clusters: [PROD1], message: `${argument}: the gateway policy does not give user "cody" cluster "${PROD1}"` });
      expect(reached(from, 'cody')).toEqual([]);
    });
  });

  describe('subscriptions (graphql-ws): the same fleet as over HTTP', () => {
    /** The first thing a subscription as `user` gets: an error or an event (ConfigMaps are made in every cluster until then). */
    function first(user: keyof typeof TOKENS, query: string): Promise<{ error: unknown } | { data: unknown }> {
      let timer: NodeJS.Timeout | undefined;
      let made = 0;
      return new Promise<{ error: unknown } | { data: unknown }>((resolve) => {
        const client = createClient({
          url: fg.gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0,
          connectionParams: { authorization: `Bearer ${TOKENS[user]}` },
          on: {
            connected: () => {
              // The withheld clusters first, each time: were they watched for this caller, theirs would come first.
              timer = setInterval(() => {
                made++;
                for (const c of [PROD1, PROD2, DEV]) fg.sim.cluster(c).registry.create(R.configmaps, { metadata: { name: `ws-${user}-${made}`, namespace: 'app' }, data: {} });
              }, 200);
            },
          },
        });
        client.subscribe({ query }, {
          // A subscription refused when it starts is one `next` carrying the errors (graphql-js's subscribe result).
          next: (value) => { resolve(value.errors ? { error: value.errors } : { data: value.data }); void client.dispose(); },
          error: (e) => { resolve({ error: e }); void client.dispose(); },
          complete: () => undefined,
        });
      }).finally(() => clearInterval(timer));
    }

    test('naming a withheld cluster is FORBIDDEN; without names only the caller\'s clusters deliver', async () => {
      const refused = await first('cody', `subscription { resourceChanges(kind: "ConfigMap", clusterNames: ["${PROD1}"]) { cluster } }`);
      expect(refused).toEqual({ error: [expect.objectContaining({ message: `clusterNames: the gateway policy does not give user "cody" cluster "${PROD1}"`, extensions: { code: 'FORBIDDEN', clusters: [PROD1] } })] });
      const delivered = await first('cody', 'subscription { resourceChanges(kind: "ConfigMap", namespace: "app") { cluster } }');
      expect(delivered).toEqual({ data: { resourceChanges: { cluster: DEV } } });
    });
  });

  describe('mutations: write on every target, or nothing is written anywhere', () => {
    const every = `clusterNames: ["${DEV}", "${PROD1}", "${PROD2}"]`;
    const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: made, namespace: app }\ndata: { a: "1" }\n';
    const mutations: Array<[string, string]> = [
      ['apply', `mutation { apply(input: { ${every}, manifests: ${JSON.stringify(CM)} }) { clusters { cluster } } }`],
      ['apply', `mutation { apply(input: { allClusters: true, dryRun: true, manifests: ${JSON.stringify(CM)} }) { clusters { cluster } } }`],
      ['apply', `mutation { apply(input: { manifests: ${JSON.stringify(CM)}, strategy: { waves: [{ clusterNames: ["${DEV}"] }, { clusters: "env=prod" }] } }) { operation { id } } }`],
      ['scale', `mutation { scale(input: { ${every}, kind: "Deployment", namespace: "app", name: "web", replicas: 3 }) { cluster } }`],
      ['restart', `mutation { restart(input: { ${every}, kind: "Deployment", namespace: "app", name: "web" }) { cluster } }`],
      ['rollback', `mutation { rollback(input: { ${every}, kind: "Deployment", namespace: "app", name: "web" }) { cluster } }`],
      ['expose', `mutation { expose(input: { ${every}, kind: "Deployment", namespace: "app", name: "web", port: 80 }) { cluster } }`],
      ['delete', `mutation { delete(input: { ${every}, kind: "ConfigMap", namespace: "app", name: "cfg" }) { cluster } }`],
      ['copy', `mutation { copy(input: { fromCluster: "${DEV}", clusters: "env=prod", kind: "ConfigMap", namespace: "app", names: ["cfg"] }) { clusters { cluster } } }`],
    ];

    test.each(mutations)('a read-only caller\'s %s is FORBIDDEN and reaches no cluster', async (operation, mutation) => {
      const from = marks();
      const a = await gql('reader', mutation);
      expect(errorOf(a).code).toBe('FORBIDDEN');
      expect(errorOf(a).message).toBe(`${operation}: the gateway policy gives user "reader" read access only, on every cluster: no mutation is allowed; nothing was written`);
      expect(reached(from, 'reader')).toEqual([]);
      expect(writesSince(from)).toEqual([]);
    });

    test('the refusals are audited as forbidden, naming who', () => {
      const records = logs.split('\n').filter((l) => l.includes('"audit"')).map((l) => JSON.parse(l) as { audit: { outcome: string; actor?: { user: string } | null; operation: string } });
      const readers = records.filter((r) => r.audit.actor?.user === 'reader');
      expect(readers.length).toBeGreaterThanOrEqual(mutations.length);
      expect(new Set(readers.map((r) => r.audit.outcome))).toEqual(new Set(['forbidden']));
    });

    test('one target without write refuses the whole multi-cluster mutation, naming it, and writes nothing anywhere', async () => {
      const from = marks();
      const a = await gql('dana', `mutation { apply(input: { allClusters: true, manifests: ${JSON.stringify(CM)} }) { clusters { cluster } } }`);
      expect(errorOf(a)).toEqual({
        code: 'FORBIDDEN', clusters: [PROD1, PROD2],
        message: `apply: the gateway policy does not let user "dana" write to clusters "${PROD1}" and "${PROD2}"; nothing was written anywhere`,
      });
      const waves = await gql('dana', `mutation { apply(input: { manifests: ${JSON.stringify(CM)}, strategy: { waves: [{ clusterNames: ["${DEV}"] }, { clusterNames: ["${PROD1}"] }] } }) { operation { id } } }`);
      expect(errorOf(waves)).toMatchObject({ code: 'FORBIDDEN', clusters: [PROD1] });
      const scale = await gql('dana', `mutation { scale(input: { clusters: "env in (dev, prod)", kind: "Deployment", namespace: "app", name: "web", replicas: 2 }) { cluster } }`);
      expect(errorOf(scale)).toMatchObject({ code: 'FORBIDDEN', clusters: [PROD1, PROD2] });
      expect(reached(from, 'dana')).toEqual([]);
      expect(writesSince(from)).toEqual([]);
      expect((await gql('pat', '{ operations { id } }')).data).toEqual({ operations: [] });
    });

    test('allClusters means every cluster of the caller\'s; a caller with none is FORBIDDEN', async () => {
      const eve = await gql('eve', `mutation { apply(input: { allClusters: true, manifests: ${JSON.stringify(CM)} }) { clusters { cluster } } }`);
      expect(errorOf(eve)).toEqual({ code: 'FORBIDDEN', clusters: [], message: 'input.allClusters: the gateway policy gives user "eve" no cluster; nothing was written' });
      const cody = await gql('cody', `mutation { apply(input: { allClusters: true, dryRun: true, manifests: ${JSON.stringify(CM)} }) { clusters { cluster } } }`);
      expect(cody).toEqual({ data: { apply: { clusters: [{ cluster: DEV }] } } });
    });

    test('a withheld target is FORBIDDEN as withheld, before anything is written', async () => {
      const from = marks();
      const a = await gql('cody', `mutation { apply(input: { clusterNames: ["${DEV}", "${PROD1}"], manifests: ${JSON.stringify(CM)} }) { clusters { cluster } } }`);
      expect(errorOf(a)).toEqual({ code: 'FORBIDDEN', clusters: [PROD1], message: `clusterNames: the gateway policy does not give user "cody" cluster "${PROD1}"` });
      const copy = await gql('cody', `mutation { copy(input: { fromCluster: "${PROD1}", clusterNames: ["${DEV}"], kind: "ConfigMap", namespace: "app", names: ["cfg"] }) { clusters { cluster } } }`);
      expect(errorOf(copy)).toEqual({ code: 'FORBIDDEN', clusters: [PROD1], message: `input.fromCluster: the gateway policy does not give user "cody" cluster "${PROD1}"` });
      expect(reached(from, 'cody')).toEqual([]);
      expect(writesSince(from)).toEqual([]);
    });

    test('where the policy gives write, the mutation goes through as the caller', async () => {
      const a = await gql('dana', `mutation { apply(input: { clusters: "env=dev", manifests: ${JSON.stringify(CM)} }) { clusters { cluster objects { action } error { code } } } }`);
      expect(a).toEqual({ data: { apply: { clusters: [{ cluster: DEV, objects: [{ action: 'CREATED' }], error: null }] } } });
    });
  });

  describe('secret values', () => {
    const EXPORT = `query($c: String!, $s: Boolean) { export(cluster: $c, namespaces: ["app"], kinds: ["Secret"], includeSecrets: $s) { yaml } }`;

    test('includeSecrets without the policy\'s secrets is FORBIDDEN with no values; without includeSecrets the keys come with empty values', async () => {
      const from = marks();
      const a = await gql('dana', EXPORT, { c: DEV, s: true });
      expect(a.data).toEqual({ export: null });
      expect(errorOf(a)).toEqual({
        code: 'FORBIDDEN', clusters: [DEV],
        message: `includeSecrets: the gateway policy does not give user "dana" secret values on cluster "${DEV}"; export without includeSecrets (Secrets with their keys and empty values)`,
      });
      expect(reached(from, 'dana')).toEqual([]);
      const keysOnly = await gql('dana', EXPORT, { c: DEV, s: false });
      expect(keysOnly.data?.export).toEqual({ yaml: expect.stringContaining('password: ""') });
      expect(JSON.stringify(keysOnly)).not.toContain(b64(PASSWORD));
    });

    test('with the policy\'s secrets and the cluster\'s get, the values come', async () => {
      const a = await gql('pat', EXPORT, { c: PROD1, s: true });
      expect(a.data?.export).toEqual({ yaml: expect.stringContaining(`password: ${b64(PASSWORD)}`) });
    });

    test('with the policy\'s secrets but no get in the cluster (list only), the export is FORBIDDEN for the Secrets, not empty values', async () => {
      const from = marks();
      const a = await gql('lee', EXPORT, { c: DEV, s: true });
      expect(a.data).toEqual({ export: null });
      expect(errorOf(a)).toEqual({
        code: 'FORBIDDEN', clusters: undefined,
        message: `cluster "${DEV}": includeSecrets: the cluster does not let you get Secret app/db, so their values cannot be exported; export without includeSecrets, or ask for the namespaces whose Secrets you may read`,
      });
      expect(JSON.stringify(a)).not.toContain(b64(PASSWORD));
      // The cluster was asked as lee: the list, and the access reviews that said no.
      const asked = reached(from, 'lee');
      expect(asked).toContain(`${DEV} create selfsubjectaccessreviews`);
    });

    test('copying Secrets needs the policy\'s secrets on the source', async () => {
      const from = marks();
      const a = await gql('dana', `mutation { copy(input: { fromCluster: "${DEV}", clusterNames: ["${DEV}"], kind: "Secret", namespace: "app", names: ["db"], dryRun: true }) { clusters { cluster } } }`);
      expect(errorOf(a)).toEqual({
        code: 'FORBIDDEN', clusters: [DEV],
        message: `input.kind: copying Secrets carries their values, and the gateway policy does not give user "dana" secret values on cluster "${DEV}"; nothing was written`,
      });
      expect(reached(from, 'dana')).toEqual([]);
    });

    test('a plan of a Secret shows which values change, never the values', async () => {
      const manifest = `apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: app }\ndata: { password: ${b64(NEW_PASSWORD)}, extra: ${b64('extra-value-123')} }\n`;
      const a = await gql('pat', `mutation { apply(input: { clusterNames: ["${PROD2}"], dryRun: true, force: true, manifests: ${JSON.stringify(manifest)} }) { clusters { objects { action diff error { code } } } } }`);
      const object = (a.data?.apply as { clusters: Array<{ objects: Array<{ action: string; diff: string }> }> }).clusters[0]?.objects[0];
      expect(object?.action).toBe('CONFIGURED');
      expect(object?.diff).toContain('-  password: "*** (before)"');
      expect(object?.diff).toContain('+  password: "*** (after)"');
      expect(object?.diff).toContain('+  extra: "***"');
      for (const value of [PASSWORD, NEW_PASSWORD, 'extra-value-123']) {
        expect(JSON.stringify(a)).not.toContain(b64(value));
        expect(JSON.stringify(a)).not.toContain(value);
      }
    });

    test('a Secret apply the cluster refuses echoes no value in the answer or the log', async () => {
      const manifests = [
        // A key the cluster refuses (422), a type change (immutable), a value that is not base64 (400).
        `apiVersion: v1\nkind: Secret\nmetadata: { name: bad-key, namespace: app }\ndata: { "bad key!": ${b64(NEW_PASSWORD)} }\n`,
        `apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: app }\ntype: kubernetes.io/tls\ndata: { password: ${b64(NEW_PASSWORD)} }\n`,
        `apiVersion: v1\nkind: Secret\nmetadata: { name: raw, namespace: app }\ndata: { password: "${NEW_PASSWORD}!" }\n`,
      ];
      for (const m of manifests) {
        const a = await gql('pat', `mutation { apply(input: { clusterNames: ["${PROD2}"], force: true, manifests: ${JSON.stringify(m)} }) { clusters { objects { action error { code message } } } } }`);
        const object = (a.data?.apply as { clusters: Array<{ objects: Array<{ action: string | null; error: { code: string; message: string } | null }> }> }).clusters[0]?.objects[0];
        expect(object?.action).toBeNull();
        expect(object?.error?.code, JSON.stringify(object)).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(a)).not.toContain(NEW_PASSWORD);
        expect(JSON.stringify(a)).not.toContain(b64(NEW_PASSWORD));
      }
      for (const value of [PASSWORD, NEW_PASSWORD]) {
        expect(logs).not.toContain(value);
        expect(logs).not.toContain(b64(value));
      }
    });
  });
});

test('a policy without authentication does not start, naming both', async () => {
  await expect(startGateway({ port: 0, policy: Policy.parse(POLICY, '/etc/fleetgraph/policy.yaml'), logLevel: 'silent' }))
    .rejects.toThrow('--policy /etc/fleetgraph/policy.yaml needs authentication: the policy decides per caller, and without --tokens (or --oidc-issuer) no request has a caller; add --tokens FILE, or leave out --policy');
});
