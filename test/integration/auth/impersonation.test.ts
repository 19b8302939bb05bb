/**
 * The caller's identity in every cluster: with authentication on, the gateway reads and writes as
 * its caller through Kubernetes impersonation, so each simulated cluster's RBAC (`rbac: true`)
 * decides. Asserted where it matters: the Impersonate-* headers that reached each cluster (the
 * simulator's request log), a FORBIDDEN error per cluster instead of data or silent zero items,
 * a client's own Impersonate-User header changing nothing, writes refused by RBAC writing
 * nothing, and the audit record naming who asked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenFile } from '../../../src/auth/index.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { configMap, deployment, group, manifests, namespace, role, roleBinding, rule } from '../../support/manifests.ts';

const ALICE = 'alice-3d1f0a9b7c5e2468';
const BOB = 'bob-8e7d6c5b4a392817';
const CLUSTERS = ['im-1', 'im-2'];

// alice (group "team-a") may read ConfigMaps in team-a on both clusters and scale Deployments
// there on im-1 only; bob has no bindings at all.
const RBAC = (cluster: string) => manifests(
  namespace('team-a'), namespace('team-b'),
  configMap('team-a', 'settings-a', { colour: 'blue' }), configMap('team-b', 'settings-b', { colour: 'red' }),
  deployment('team-a', 'web'),
  role('team-a', 'reader', [
    rule([''], ['configmaps'], ['get', 'list', 'watch']),
    ...(cluster === 'im-1' ? [rule(['apps'], ['deployments', 'deployments/scale'], ['get', 'patch', 'update'])] : []),
  ]),
  roleBinding('team-a', 'team-a-reads', { kind: 'Role', name: 'reader' }, [group('team-a')]),
);

let fg: FleetGateway;
let dir: string;
let logs = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-imp-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, `${ALICE},alice,uid-alice,"team-a,staff"\n${BOB},bob,uid-bob\n`);
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs += chunk.toString(); done(); } });
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name, rbac: true })), nodes: 1, clusterDefaults: { controllers: false } },
    gateway: { authenticator: await TokenFile.load(tokens), logger: createLogger('info', sink) },
  });
  const kubectl = new Kubectl(fg.kubeconfigPath);
  for (const c of CLUSTERS) await kubectl.ok(c, ['apply', '-f', '-'], RBAC(c));
}, 120_000);

afterAll(async () => {
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function gql(token: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(fg.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** The requests that reached a cluster from `from` on (the gateway's, not kubectl's set-up). */
const seen = (cluster: string, from: number) => fg.sim.cluster(cluster).requests.all().slice(from);
const marks = () => Object.fromEntries(CLUSTERS.map((c) => [c, fg.sim.cluster(c).requests.all().length]));

const CONFIGMAPS = 'query($ns: String) { configMaps(namespace: $ns) { cluster { name } name namespace } }';

describe.runIf(kubectlAvailable())('reads as the caller', () => {
  test('every request carries the caller\'s Impersonate-User, -Uid and one -Group line per group', async () => {
    const from = marks();
    const r = await gql(ALICE, CONFIGMAPS, { ns: 'team-a' });
    expect(r.errors).toBeUndefined();
    expect(r.data?.configMaps).toEqual(CLUSTERS.map((cluster) => ({ cluster: { name: cluster }, name: 'settings-a', namespace: 'team-a' })));
    for (const c of CLUSTERS) {
      const reqs = seen(c, from[c]!);
      expect(reqs.length).toBeGreaterThan(0);
      for (const req of reqs) {
        expect(req).toMatchObject({ impersonateUser: 'alice', impersonateUid: 'uid-alice', impersonateGroups: ['team-a', 'staff'], status: 200 });
      }
    }
  });

  test('a namespace the caller may not list is a FORBIDDEN error per cluster, never data or zero items', async () => {
    const r = await gql(ALICE, CONFIGMAPS, { ns: 'team-b' });
    expect(r.data?.configMaps).toEqual([]);
    const forbidden = (r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(forbidden.map((e) => e.extensions?.cluster).sort()).toEqual(CLUSTERS);
    expect(forbidden[0]!.message).toContain('User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-b"');
  });

  test('all namespaces, allowed in one only: FORBIDDEN at the cluster scope, nothing from team-b', async () => {
    const r = await gql(ALICE, CONFIGMAPS);
    expect(JSON.stringify(r.data)).not.toContain('settings-b');
    expect((r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN')).toHaveLength(2);
    expect(r.errors![0]!.message).toContain('at the cluster scope');
  });

  test('a client\'s own Impersonate-* headers never reach a cluster and change nothing', async () => {
    const from = marks();
    const r = await gql(BOB, CONFIGMAPS, { ns: 'team-a' }, { 'Impersonate-User': 'alice', 'Impersonate-Group': 'system:masters', 'Impersonate-Uid': 'uid-alice' });
    expect(r.data?.configMaps).toEqual([]);
    expect((r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(r.errors![0]!.message).toContain('User "bob" cannot list');
    for (const c of CLUSTERS) {
      for (const req of seen(c, from[c]!)) {
        expect(req).toMatchObject({ impersonateUser: 'bob', impersonateUid: 'uid-bob', impersonateGroups: [] });
      }
    }
  });

  test('one caller\'s refusal does not show in Cluster.status for another', async () => {
    await gql(BOB, CONFIGMAPS, { ns: 'team-a' });
    const r = await gql(ALICE, '{ clusters { name status { lastError { code message } } } }');
    expect(JSON.stringify(r.data)).not.toContain('bob');
  });
});

describe.runIf(kubectlAvailable())('writes as the caller', () => {
  const SCALE = 'mutation($names: [String!]) { scale(input: { clusterNames: $names, kind: "Deployment", namespace: "team-a", name: "web", replicas: 3 }) { cluster error { code message } } }';

  test('RBAC decides per cluster: scaled where allowed, FORBIDDEN where not, and the audit names who', async () => {
    const from = marks();
    logs = '';
    const r = await gql(ALICE, SCALE, { names: CLUSTERS });
    expect(r.errors).toBeUndefined();
    const outcome = r.data?.scale as Array<{ cluster: string; error: { code: string; message: string } | null }>;
    expect(outcome.find((o) => o.cluster === 'im-1')?.error).toBeNull();
    expect(outcome.find((o) => o.cluster === 'im-2')?.error?.code).toBe('FORBIDDEN');
    const writes = (c: string) => seen(c, from[c]!).filter((q) => !['get', 'list', 'watch', ''].includes(q.verb) && q.status < 300);
    expect(writes('im-1').map((q) => [q.verb, q.resource, q.impersonateUser])).toEqual([['patch', 'deployments/scale', 'alice']]);
    expect(writes('im-2')).toEqual([]);
    const audit = logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; audit?: { actor: unknown; operation: string } })
      .find((l) => l.audit?.operation === 'scale');
    expect(audit?.msg).toBe('mutation scale by alice');
    expect(audit?.audit?.actor).toEqual({ user: 'alice', uid: 'uid-alice', groups: ['team-a', 'staff'] });
  });

  test('a caller with no bindings writes nothing anywhere', async () => {
    const from = marks();
    const r = await gql(BOB, SCALE, { names: CLUSTERS });
    const outcome = r.data?.scale as Array<{ error: { code: string } | null }>;
    expect(outcome.map((o) => o.error?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    for (const c of CLUSTERS) expect(seen(c, from[c]!).filter((q) => !['get', 'list', 'watch', ''].includes(q.verb))).toEqual([]);
  });
});
