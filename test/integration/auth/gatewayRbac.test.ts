/**
 * The RBAC SECURITY.md tells operators to give the gateway is enough, and is all it needs, for
 * queries and mutations: the ClusterRole and binding are read from SECURITY.md itself and applied
 * in a simulated cluster with `rbac: true`, and the gateway runs with a kubeconfig whose identity
 * has nothing else. A caller then reads what their own Role allows; the gateway's identity alone
 * reads nothing; without the binding the caller's request is refused for impersonation.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { TokenFile } from '../../../src/auth/index.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { configMap, manifests, namespace, role, roleBinding, rule, user } from '../../support/manifests.ts';
import { stopFleet } from '../../support/stopFleet.ts';

const CLUSTER = 'gr-1';
const ALICE = 'alice-5f4e3d2c1b0a9988';
const GATEWAY_TOKEN = 'fleetgraph-gw-0a1b2c3d4e5f';

const SETUP = manifests(
  namespace('team-a'),
  configMap('team-a', 'settings', { colour: 'green' }),
  role('team-a', 'reader', [rule([''], ['configmaps'], ['get', 'list', 'watch'])]),
  roleBinding('team-a', 'alice-reads', { kind: 'Role', name: 'reader' }, [user('alice')]),
);

/** The YAML block of SECURITY.md that defines the fleetgraph-impersonator ClusterRole. */
async function documentedRbac(): Promise<string> {
  const text = await readFile(new URL('../../../SECURITY.md', import.meta.url), 'utf8');
  const block = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('name: fleetgraph-impersonator'));
  if (!block) throw new Error('SECURITY.md has no yaml block defining fleetgraph-impersonator');
  return block;
}

let sim: SimFleet;
let dir: string;
let gateway: Gateway;
let kubectl: Kubectl;

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: [{ name: CLUSTER, rbac: true }], nodes: 1, clusterDefaults: { controllers: false } });
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-gwrbac-'));
  const admin = join(dir, 'admin-kubeconfig');
  await sim.writeKubeconfig(admin);
  kubectl = new Kubectl(admin);
  const rbac = await documentedRbac();
  // The documented binding names the gateway's user "fleetgraph": give the simulator that user.
  expect(parseAllDocuments(rbac).map((d) => (d.toJS() as { kind: string }).kind)).toEqual(['ClusterRole', 'ClusterRoleBinding']);
  sim.addUser({ token: GATEWAY_TOKEN, user: 'fleetgraph' });
  await kubectl.ok(CLUSTER, ['apply', '-f', '-'], SETUP + '---\n' + rbac);
  // The gateway's kubeconfig: the same cluster, the gateway's own token.
  const kubeconfig = parse(sim.kubeconfig()) as { users: Array<{ user: { token: string } }> };
  for (const u of kubeconfig.users) u.user.token = GATEWAY_TOKEN;
  const kubeconfigPath = join(dir, 'gateway-kubeconfig');
  await writeFile(kubeconfigPath, stringify(kubeconfig), { mode: 0o600 });
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, `${ALICE},alice,uid-a\n`);
  gateway = await startGatewayFromKubeconfig({ kubeconfigPath, port: 0, logLevel: 'silent', authenticator: await TokenFile.load(tokens) });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  if (sim) await stopFleet(sim);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function asAlice(query: string) {
  const res = await fetch(gateway.url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` }, body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe.runIf(kubectlAvailable())('the gateway with only the documented impersonation role', () => {
  test('a caller reads what their own Role allows, as themselves', async () => {
    const cluster = sim.cluster(CLUSTER);
    const from = cluster.requests.all().length;
    const r = await asAlice('{ configMaps(namespace: "team-a") { name data } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ configMaps: [{ name: 'settings', data: { colour: 'green' } }] });
    const reqs = cluster.requests.all().slice(from);
    expect(reqs.map((q) => [q.user, q.impersonateUser, q.status])).toEqual([['fleetgraph', 'alice', 200]]);
  });

  test('the gateway\'s identity on its own may read nothing', async () => {
    const own = await kubectl.run(CLUSTER, ['--token', GATEWAY_TOKEN, 'get', 'configmaps', '-n', 'team-a']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('User "fleetgraph" cannot list resource "configmaps"');
  });

  test('without the binding, the caller\'s request is refused for impersonation (FORBIDDEN for the cluster)', async () => {
    await kubectl.ok(CLUSTER, ['delete', 'clusterrolebinding', 'fleetgraph-impersonator']);
    try {
      const r = await asAlice('{ configMaps(namespace: "team-a") { name } }');
      expect(r.data).toEqual({ configMaps: [] });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.errors?.[0]?.message).toContain('User "fleetgraph" cannot impersonate resource "users"');
    } finally {
      await kubectl.ok(CLUSTER, ['apply', '-f', '-'], await documentedRbac());
    }
  });
});
