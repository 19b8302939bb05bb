/**
 * A simulated cluster with `rbac: true` decides requests as kube-apiserver's RBAC does, seen
 * through the real kubectl 1.32 and raw HTTPS: Roles in one namespace, group bindings,
 * resourceNames, impersonation that needs the `impersonate` verb, `kubectl auth can-i` (SSAR) and
 * `auth can-i --list` (SSRR), watches refused like lists, and 403 messages worded as Kubernetes
 * words them. A cluster without `rbac` in the same fleet behaves as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { rawRequest } from './helpers.ts';

const RBAC = 'rbac-1';
const PLAIN = 'plain-1';
let fleet: SimFleet;
let cluster: SimCluster;
let kubectl: Kubectl;
let dir: string;

const SETUP = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: allowed, namespace: team-a }
data: { k: v }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: other, namespace: team-a }
data: { k: v }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-reader, namespace: team-a }
rules:
- { apiGroups: [""], resources: [pods], verbs: [get, list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-reads-pods, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: one-configmap }
rules:
- { apiGroups: [""], resources: [configmaps], resourceNames: [allowed], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: devs-one-configmap }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: one-configmap }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: impersonator }
rules:
- { apiGroups: [""], resources: [users, groups], verbs: [impersonate] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: gateway-impersonates }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: gw }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: configmap-reader, namespace: team-a }
rules:
- { apiGroups: [""], resources: [configmaps], verbs: [list] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bot-reads-configmaps, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmap-reader }
subjects:
- { kind: ServiceAccount, name: bot }
`;

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: [{ name: RBAC, rbac: true }, { name: PLAIN }], nodes: 1 });
  cluster = fleet.cluster(RBAC);
  fleet.addUser({ token: 'gw-token', user: 'gw' });
  fleet.addUser({ token: 'bob-token', user: 'bob', groups: ['devs'] });
  fleet.addUser({ token: 'carol-token', user: 'carol' });
  dir = mkdtempSync(join(tmpdir(), 'sim-rbac-'));
  await fleet.writeKubeconfig(join(dir, 'kubeconfig'));
  kubectl = new Kubectl(join(dir, 'kubeconfig'));
  for (const c of [RBAC, PLAIN]) await kubectl.ok(c, ['apply', '-f', '-'], SETUP);
}, 120_000);

afterAll(async () => {
  await stopFleet(fleet);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(kubectlAvailable())('a simulated cluster with rbac', () => {
  test('auth can-i answers as the bindings say, for the admin (system:masters) and the gateway bound to impersonate', async () => {
    for (const who of [[], ['--token', 'gw-token']]) {
      const yes = await kubectl.run(RBAC, [...who, 'auth', 'can-i', 'list', 'pods', '--as', 'alice', '-n', 'team-a']);
      expect(yes).toMatchObject({ code: 0, stdout: 'yes\n' });
      const no = await kubectl.run(RBAC, [...who, 'auth', 'can-i', 'list', 'pods', '--as', 'alice', '-n', 'team-b']);
      expect(no).toMatchObject({ code: 1, stdout: 'no\n' });
    }
    expect((await kubectl.run(RBAC, ['auth', 'can-i', 'delete', 'nodes'])).stdout).toBe('yes\n');
  });

  test('a Role allows listing in its namespace only, and the refusal reads as kubectl prints kube\'s 403', async () => {
    const here = await kubectl.run(RBAC, ['get', 'pods', '-n', 'team-a', '--as', 'alice']);
    expect(here.code).toBe(0);
    expect(here.stderr).toContain('No resources found in team-a namespace.');
    const there = await kubectl.run(RBAC, ['get', 'pods', '-n', 'team-b', '--as', 'alice']);
    expect(there.code).toBe(1);
    expect(there.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"');
    const everywhere = await kubectl.run(RBAC, ['get', 'pods', '-A', '--as', 'alice']);
    expect(everywhere.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope');
  });

  test('a group binding with resourceNames allows that one object and nothing else', async () => {
    const bob = ['--token', 'bob-token'];
    expect(await kubectl.ok(RBAC, [...bob, 'get', 'configmap', 'allowed', '-n', 'team-a', '-o', 'name'])).toBe('configmap/allowed\n');
    const other = await kubectl.run(RBAC, [...bob, 'get', 'configmap', 'other', '-n', 'team-a']);
    expect(other.stderr.trim()).toBe('Error from server (Forbidden): configmaps "other" is forbidden: User "bob" cannot get resource "configmaps" in API group "" in the namespace "team-a"');
    const list = await kubectl.run(RBAC, [...bob, 'get', 'configmaps', '-n', 'team-a']);
    expect(list.stderr.trim()).toBe('Error from server (Forbidden): configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "team-a"');
    // The same group reached by impersonation.
    expect(await kubectl.ok(RBAC, ['--token', 'gw-token', 'get', 'configmap', 'allowed', '-n', 'team-a', '--as', 'dave', '--as-group', 'devs', '-o', 'name'])).toBe('configmap/allowed\n');
  });

  test('impersonation is refused without the impersonate verb, naming the user, then the group', async () => {
    const asUser = await kubectl.run(RBAC, ['--token', 'carol-token', 'get', 'pods', '-n', 'team-a', '--as', 'alice']);
    expect(asUser.stderr.trim()).toBe('Error from server (Forbidden): users "alice" is forbidden: User "carol" cannot impersonate resource "users" in API group "" at the cluster scope');
    const r = await rawRequest(cluster, { path: '/api/v1/namespaces/team-a/pods', auth: false, headers: { Authorization: 'Bearer carol-token', 'Impersonate-User': 'alice', 'Impersonate-Group': 'devs' } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, details: { name: 'alice', kind: 'users' } });
    // With the right to impersonate users but not groups, the group is what is refused.
    await kubectl.ok(RBAC, ['create', 'clusterrole', 'users-only', '--verb', 'impersonate', '--resource', 'users']);
    await kubectl.ok(RBAC, ['create', 'clusterrolebinding', 'carol-users-only', '--clusterrole', 'users-only', '--user', 'carol']);
    const group = await kubectl.run(RBAC, ['--token', 'carol-token', 'get', 'pods', '-n', 'team-a', '--as', 'alice', '--as-group', 'devs']);
    expect(group.stderr.trim()).toBe('Error from server (Forbidden): groups "devs" is forbidden: User "carol" cannot impersonate resource "groups" in API group "" at the cluster scope');
    expect((await kubectl.run(RBAC, ['--token', 'carol-token', 'get', 'pods', '-n', 'team-a', '--as', 'alice'])).code).toBe(0);
  });

  test('a ServiceAccount subject without a namespace means the binding\'s own, and impersonating one needs impersonate on serviceaccounts', async () => {
    const bot = 'system:serviceaccount:team-a:bot';
    expect(await kubectl.ok(RBAC, ['get', 'configmaps', '-n', 'team-a', '--as', bot, '-o', 'name'])).toContain('configmap/other\n');
    const sameNameElsewhere = await kubectl.run(RBAC, ['get', 'configmaps', '-n', 'team-a', '--as', 'system:serviceaccount:team-b:bot']);
    expect(sameNameElsewhere.stderr.trim()).toBe('Error from server (Forbidden): configmaps is forbidden: User "system:serviceaccount:team-b:bot" cannot list resource "configmaps" in API group "" in the namespace "team-a"');
    const byGateway = await kubectl.run(RBAC, ['--token', 'gw-token', 'get', 'configmaps', '-n', 'team-a', '--as', bot]);
    expect(byGateway.stderr.trim()).toBe('Error from server (Forbidden): serviceaccounts "bot" is forbidden: User "gw" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-a"');
  });

  test('Impersonate-Uid needs impersonate on uids in authentication.k8s.io', async () => {
    const r = await kubectl.run(RBAC, ['--token', 'gw-token', 'get', 'pods', '-n', 'team-a', '--as', 'alice', '--as-uid', 'u-42']);
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): uids.authentication.k8s.io "u-42" is forbidden: User "gw" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope');
    expect((await kubectl.run(RBAC, ['get', 'pods', '-n', 'team-a', '--as', 'alice', '--as-uid', 'u-42'])).code).toBe(0);
    const seen = cluster.requests.all().filter((x) => x.impersonateUid === 'u-42').map((x) => [x.user, x.impersonateUser, x.status]);
    expect(seen).toContainEqual(['gw', 'alice', 403]);
    expect(seen).toContainEqual(['admin', 'alice', 200]);
  });

  test('non-resource paths are authorized by nonResourceURLs: discovery is open to every authenticated user, other paths are not', async () => {
    expect(JSON.parse(await kubectl.ok(RBAC, ['--token', 'carol-token', 'get', '--raw', '/apis']))).toMatchObject({ kind: 'APIGroupList' });
    const r = await kubectl.run(RBAC, ['--token', 'carol-token', 'get', '--raw', '/openapi-nope']);
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): forbidden: User "carol" cannot get path "/openapi-nope"');
    // The admin may get the path, which does not exist.
    expect((await kubectl.run(RBAC, ['get', '--raw', '/openapi-nope'])).stderr).toContain('NotFound');
  });

  test('auth whoami shows the identity the cluster acts as after impersonation (SelfSubjectReview)', async () => {
    const me = JSON.parse(await kubectl.ok(RBAC, ['--token', 'bob-token', 'auth', 'whoami', '-o', 'json'])) as { status: { userInfo: unknown } };
    expect(me.status.userInfo).toEqual({ username: 'bob', groups: ['devs', 'system:authenticated'] });
    const as = JSON.parse(await kubectl.ok(RBAC, ['--token', 'gw-token', 'auth', 'whoami', '--as', 'dave', '--as-group', 'devs', '--as-group', 'ops', '-o', 'json'])) as { status: { userInfo: unknown } };
    expect(as.status.userInfo).toEqual({ username: 'dave', groups: ['devs', 'ops', 'system:authenticated'] });
    const sa = JSON.parse(await kubectl.ok(RBAC, ['auth', 'whoami', '--as', 'system:serviceaccount:team-a:bot', '-o', 'json'])) as { status: { userInfo: unknown } };
    expect(sa.status.userInfo).toEqual({ username: 'system:serviceaccount:team-a:bot', groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'] });
  });

  test('auth can-i --list shows the rules of the namespace (SelfSubjectRulesReview)', async () => {
    const out = await kubectl.ok(RBAC, ['auth', 'can-i', '--list', '--as', 'alice', '-n', 'team-a']);
    expect(out).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(out).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    expect(out).toMatch(/^\s+\[\/api\/\*\]\s+\[\]\s+\[get\]$/m);
    const elsewhere = await kubectl.ok(RBAC, ['auth', 'can-i', '--list', '--as', 'alice', '-n', 'team-b']);
    expect(elsewhere).not.toMatch(/^pods\s/m);
  });

  test('watches are authorized as lists are, and a new binding takes effect on the next request', async () => {
    const path = '/api/v1/namespaces/team-b/pods?watch=1';
    const refused = await rawRequest(cluster, { path, headers: { 'Impersonate-User': 'alice' } });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ message: 'pods is forbidden: User "alice" cannot watch resource "pods" in API group "" in the namespace "team-b"' });
    expect(cluster.requests.all().at(-1)).toMatchObject({ verb: 'watch', resource: 'pods', namespace: 'team-b', user: 'admin', impersonateUser: 'alice', status: 403 });
    await kubectl.ok(RBAC, ['create', 'rolebinding', 'alice-b', '-n', 'team-b', '--clusterrole', 'one-configmap', '--user', 'alice']);
    await kubectl.ok(RBAC, ['create', 'rolebinding', 'alice-pods-b', '-n', 'team-b', '--role', 'pod-reader', '--user', 'alice']);
    // The Role is in team-a: a RoleBinding in team-b cannot reach it, and kube says why.
    const missing = await kubectl.run(RBAC, ['get', 'pods', '-n', 'team-b', '--as', 'alice']);
    expect(missing.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b": RBAC: role.rbac.authorization.k8s.io "pod-reader" not found');
    // A RoleBinding to a ClusterRole grants its rules in the binding's namespace only.
    expect((await kubectl.run(RBAC, ['auth', 'can-i', 'get', 'configmap/allowed', '-n', 'team-b', '--as', 'alice'])).stdout).toBe('yes\n');
    expect((await kubectl.run(RBAC, ['auth', 'can-i', 'get', 'configmap/allowed', '-n', 'team-a', '--as', 'alice'])).stdout).toBe('no\n');
    const watching = await rawRequest(cluster, { path: '/api/v1/namespaces/team-a/pods?watch=1&timeoutSeconds=1', headers: { 'Impersonate-User': 'alice' } });
    expect(watching.status).toBe(200);
  });

  test('the seeded view, edit and admin ClusterRoles aggregate their parts, each including the one before', async () => {
    for (const [role, user] of [['view', 'vic'], ['edit', 'eve'], ['admin', 'ada']] as const) {
      await kubectl.ok(RBAC, ['create', 'rolebinding', `${user}-${role}`, '-n', 'team-a', '--clusterrole', role, '--user', user]);
    }
    const can = async (user: string, ...args: string[]) => (await kubectl.run(RBAC, ['auth', 'can-i', ...args, '-n', 'team-a', '--as', user])).stdout.trim();
    expect([await can('vic', 'list', 'deployments.apps'), await can('vic', 'get', 'secrets'), await can('vic', 'patch', 'deployments.apps/scale')]).toEqual(['yes', 'no', 'no']);
    expect([await can('eve', 'list', 'deployments.apps'), await can('eve', 'get', 'secrets'), await can('eve', 'patch', 'deployments.apps/scale'), await can('eve', 'create', 'rolebindings.rbac.authorization.k8s.io')]).toEqual(['yes', 'yes', 'yes', 'no']);
    expect([await can('ada', 'list', 'pods'), await can('ada', 'delete', 'secrets'), await can('ada', 'create', 'rolebindings.rbac.authorization.k8s.io')]).toEqual(['yes', 'yes', 'yes']);
    expect(await can('ada', 'list', 'nodes')).toBe('no');
    // A new part labelled into view reaches every aggregate, as the aggregation controller would make it.
    await kubectl.ok(RBAC, ['apply', '-f', '-'], 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: leases-view, labels: { rbac.authorization.k8s.io/aggregate-to-view: "true" } }\nrules:\n- { apiGroups: [coordination.k8s.io], resources: [leases], verbs: [list] }\n');
    expect([await can('vic', 'list', 'leases.coordination.k8s.io'), await can('ada', 'list', 'leases.coordination.k8s.io')]).toEqual(['yes', 'yes']);
  });

  test('a cluster without rbac is unchanged: everyone authenticated may do everything (its access reviews say so), no roles are seeded', async () => {
    const r = await kubectl.run(PLAIN, ['--token', 'carol-token', 'get', 'pods', '-n', 'team-b', '--as', 'alice']);
    expect(r.code).toBe(0);
    const roles = await kubectl.ok(PLAIN, ['get', 'clusterroles', '-o', 'name']);
    expect(roles.split('\n').filter(Boolean).sort()).toEqual(['clusterrole.rbac.authorization.k8s.io/impersonator', 'clusterrole.rbac.authorization.k8s.io/one-configmap']);
    // Its access reviews say what its requests do (kube-apiserver's AlwaysAllow mode): allowed.
    const ask = (body: string) => rawRequest(fleet.cluster(PLAIN), { method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body, headers: { 'Content-Type': 'application/json' } });
    expect((await ask('{}')).status).toBe(422);
    const review = await ask(JSON.stringify({ spec: { resourceAttributes: { verb: 'delete', resource: 'secrets', namespace: 'team-b' } } }));
    expect(review.status).toBe(201);
    expect(JSON.parse(review.body).status).toEqual({ allowed: true });
  });
});
