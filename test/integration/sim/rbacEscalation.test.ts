/**
 * A simulated cluster with `rbac: true` refuses privilege escalation through RBAC writes as
 * kube-apiserver does, seen through the real kubectl 1.32: a user allowed to write Roles and
 * RoleBindings may grant only what he holds, unless he has `escalate` (Roles) or `bind` (the
 * referenced role); the 403 lists the missing rules in kube's words; create, update, patch,
 * server-side apply and dry runs are all checked, impersonated requests as the impersonated
 * user, and system:masters skips the check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { clusterRole, clusterRoleBinding, manifests, namespace, role, roleBinding, rule, user } from '../../support/manifests.ts';

const C = 'rbac-esc';
let fleet: SimFleet;
let cluster: SimCluster;
let kubectl: Kubectl;
let dir: string;

const SETUP = manifests(
  namespace('team-a'), namespace('team-b'),
  role('team-a', 'rbac-writer', [
    rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], ['create', 'get', 'list', 'update', 'patch']),
    rule([''], ['configmaps'], ['get', 'list']),
  ]),
  roleBinding('team-a', 'alice-writes-rbac', { kind: 'Role', name: 'rbac-writer' }, [user('alice')]),
  clusterRole('impersonator', [rule([''], ['users', 'groups'], ['impersonate'])]),
  clusterRoleBinding('gateway-impersonates', 'impersonator', [user('gw')]),
  clusterRole('clusterrole-writer', [
    rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['create', 'get', 'update', 'patch']),
    rule([''], ['configmaps'], ['get']),
  ]),
  clusterRoleBinding('carol-writes-clusterroles', 'clusterrole-writer', [user('carol')]),
);

const ALICE = ['--token', 'alice-token'];
/** The head of kube's refusal for alice, authenticated by her token (her groups as the token gives them). */
const ALICE_HEAD = 'user "alice" (groups=["team-a" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:';
const PODS_ROLE = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ${name}, namespace: team-a }
rules:
- { apiGroups: [""], resources: [pods], verbs: [get, list] }
`;

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: [{ name: C, rbac: true }], nodes: 1 });
  cluster = fleet.cluster(C);
  fleet.addUser({ token: 'alice-token', user: 'alice', groups: ['team-a'] });
  fleet.addUser({ token: 'gw-token', user: 'gw' });
  fleet.addUser({ token: 'carol-token', user: 'carol' });
  dir = mkdtempSync(join(tmpdir(), 'sim-rbac-esc-'));
  await fleet.writeKubeconfig(join(dir, 'kubeconfig'));
  kubectl = new Kubectl(join(dir, 'kubeconfig'));
  await kubectl.ok(C, ['apply', '-f', '-'], SETUP);
}, 120_000);

afterAll(async () => {
  await stopFleet(fleet);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(kubectlAvailable())('RBAC escalation prevention in a simulated cluster', () => {
  test('a Role granting what its author does not hold is refused, naming the missing rules as kubectl prints kube\'s 403', async () => {
    const created = await kubectl.run(C, [...ALICE, 'create', 'role', 'pod-reader', '-n', 'team-a', '--verb', 'get,list', '--resource', 'pods']);
    expect(created.code).toBe(1);
    expect(created.stderr.trim()).toBe(`Error from server (Forbidden): roles.rbac.authorization.k8s.io "pod-reader" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`);
    const applied = await kubectl.run(C, [...ALICE, 'apply', '-f', '-'], PODS_ROLE('pod-reader'));
    expect(applied.stderr.trim()).toBe(`Error from server (Forbidden): error when creating "STDIN": roles.rbac.authorization.k8s.io "pod-reader" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`);
    // A dry run is refused alike, and nothing was stored.
    const dry = await kubectl.run(C, [...ALICE, 'create', 'role', 'pod-reader', '-n', 'team-a', '--verb', 'get', '--resource', 'pods', '--dry-run=server']);
    expect(dry.stderr).toContain('is attempting to grant RBAC permissions not currently held');
    expect((await kubectl.run(C, ['get', 'role', 'pod-reader', '-n', 'team-a'])).stderr).toContain('NotFound');
    expect(cluster.requests.all().filter((r) => r.user === 'alice' && r.resource === 'roles' && r.verb === 'create').map((r) => r.status)).toEqual([403, 403, 403]);
  });

  test('several missing rules are compacted by resource, merged by verb and sorted, and what is held is left out', async () => {
    const r = await kubectl.run(C, [...ALICE, 'apply', '-f', '-'], `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: mixed, namespace: team-a }
rules:
- { apiGroups: ["", apps], resources: [secrets, configmaps], verbs: [get, delete] }
- { apiGroups: [""], resources: [pods], resourceNames: [web-1, web-2], verbs: [get] }
`);
    expect(r.stderr.trim()).toBe([
      `Error from server (Forbidden): error when creating "STDIN": roles.rbac.authorization.k8s.io "mixed" is forbidden: ${ALICE_HEAD}`,
      '{APIGroups:[""], Resources:["configmaps"], Verbs:["delete"]}',
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["web-1"], Verbs:["get"]}',
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["web-2"], Verbs:["get"]}',
      '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete"]}',
      '{APIGroups:["apps"], Resources:["configmaps"], Verbs:["get" "delete"]}',
      '{APIGroups:["apps"], Resources:["secrets"], Verbs:["get" "delete"]}',
    ].join('\n'));
  });

  test('a Role granting only what its author holds is created, and she may bind it, to anyone', async () => {
    await kubectl.ok(C, [...ALICE, 'create', 'role', 'cm-reader', '-n', 'team-a', '--verb', 'get', '--resource', 'configmaps']);
    await kubectl.ok(C, [...ALICE, 'create', 'rolebinding', 'bob-reads-cm', '-n', 'team-a', '--role', 'cm-reader', '--user', 'bob']);
    expect((await kubectl.run(C, ['auth', 'can-i', 'get', 'configmaps', '-n', 'team-a', '--as', 'bob'])).stdout).toBe('yes\n');
  });

  test('binding cluster-admin or admin is refused unless held, and a binding to a missing role is NotFound (but for system:masters)', async () => {
    const root = await kubectl.run(C, [...ALICE, 'create', 'rolebinding', 'alice-root', '-n', 'team-a', '--clusterrole', 'cluster-admin', '--user', 'alice']);
    expect(root.stderr.trim()).toBe(`error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "alice-root" is forbidden: ${ALICE_HEAD}\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`);
    const admin = await kubectl.run(C, [...ALICE, 'create', 'rolebinding', 'alice-admin', '-n', 'team-a', '--clusterrole', 'admin', '--user', 'alice']);
    expect(admin.code).toBe(1);
    const lines = admin.stderr.trim().split('\n');
    expect(lines[0]).toBe(`error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "alice-admin" is forbidden: ${ALICE_HEAD}`);
    // admin is aggregated from edit (itself edit's part, then view) and its own part, in the
    // order kube's aggregation controller gathers them: their rules are what binding it grants.
    expect(lines).toContain('{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list" "watch" "create" "delete" "deletecollection" "patch" "update"]}');
    expect(lines).toContain('{APIGroups:["apps"], Resources:["deployments"], Verbs:["create" "delete" "deletecollection" "patch" "update" "get" "list" "watch"]}');
    // What alice holds (configmaps get/list, roles create/get/list/update/patch) is left out.
    expect(lines).toContain('{APIGroups:[""], Resources:["configmaps"], Verbs:["create" "delete" "deletecollection" "patch" "update" "watch"]}');
    expect(lines).toContain('{APIGroups:["rbac.authorization.k8s.io"], Resources:["roles"], Verbs:["watch" "delete" "deletecollection"]}');
    expect([...lines.slice(1)].sort()).toEqual(lines.slice(1));
    const missing = await kubectl.run(C, [...ALICE, 'create', 'rolebinding', 'to-nothing', '-n', 'team-a', '--role', 'nope', '--user', 'alice']);
    expect(missing.stderr.trim()).toBe('error: failed to create rolebinding: roles.rbac.authorization.k8s.io "nope" not found');
    // system:masters is not checked at all: it may bind a role that does not exist yet.
    await kubectl.ok(C, ['create', 'rolebinding', 'ahead-of-role', '-n', 'team-a', '--role', 'nope', '--user', 'dave']);
    expect((await kubectl.run(C, ['get', 'rolebindings', '-n', 'team-a', '-o', 'name'])).stdout.split('\n').filter((n) => /alice-root|alice-admin|to-nothing/.test(n))).toEqual([]);
  });

  test('the bind verb allows binding exactly the named role, not another', async () => {
    await kubectl.ok(C, ['create', 'role', 'may-bind-admin', '-n', 'team-a', '--verb', 'bind', '--resource', 'clusterroles.rbac.authorization.k8s.io', '--resource-name', 'admin']);
    await kubectl.ok(C, ['create', 'rolebinding', 'alice-may-bind-admin', '-n', 'team-a', '--role', 'may-bind-admin', '--user', 'alice']);
    await kubectl.ok(C, [...ALICE, 'create', 'rolebinding', 'dave-admin', '-n', 'team-a', '--clusterrole', 'admin', '--user', 'dave']);
    expect((await kubectl.run(C, ['auth', 'can-i', 'delete', 'secrets', '-n', 'team-a', '--as', 'dave'])).stdout).toBe('yes\n');
    const root = await kubectl.run(C, [...ALICE, 'create', 'rolebinding', 'dave-root', '-n', 'team-a', '--clusterrole', 'cluster-admin', '--user', 'dave']);
    expect(root.stderr).toContain('rolebindings.rbac.authorization.k8s.io "dave-root" is forbidden: user "alice"');
  });

  test('the escalate verb allows writing a Role beyond what is held, but binding it still needs the rules or bind', async () => {
    await kubectl.ok(C, ['create', 'role', 'may-escalate', '-n', 'team-a', '--verb', 'escalate', '--resource', 'roles.rbac.authorization.k8s.io']);
    await kubectl.ok(C, ['create', 'rolebinding', 'alice-may-escalate', '-n', 'team-a', '--role', 'may-escalate', '--user', 'alice']);
    await kubectl.ok(C, [...ALICE, 'apply', '-f', '-'], PODS_ROLE('pods-by-escalate'));
    const bind = await kubectl.run(C, [...ALICE, 'create', 'rolebinding', 'alice-pods', '-n', 'team-a', '--role', 'pods-by-escalate', '--user', 'alice']);
    expect(bind.stderr.trim()).toBe(`error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "alice-pods" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`);
    await kubectl.ok(C, ['delete', 'rolebinding', 'alice-may-escalate', '-n', 'team-a']);
    // Limited by resourceNames, escalate is checked with the request's own name: a create has none.
    await kubectl.ok(C, ['create', 'role', 'may-escalate-one', '-n', 'team-a', '--verb', 'escalate', '--resource', 'roles.rbac.authorization.k8s.io', '--resource-name', 'pods-by-escalate']);
    await kubectl.ok(C, ['create', 'rolebinding', 'alice-may-escalate-one', '-n', 'team-a', '--role', 'may-escalate-one', '--user', 'alice']);
    await kubectl.ok(C, [...ALICE, 'patch', 'role', 'pods-by-escalate', '-n', 'team-a', '--type', 'json', '-p', '[{"op":"add","path":"/rules/0/verbs/-","value":"delete"}]']);
    const created = await kubectl.run(C, [...ALICE, 'apply', '-f', '-'], PODS_ROLE('pods-again'));
    expect(created.stderr).toContain('roles.rbac.authorization.k8s.io "pods-again" is forbidden: user "alice"');
  });

  test('updates, patches and server-side applies are checked on the object they would store', async () => {
    await kubectl.ok(C, [...ALICE, 'create', 'role', 'growing', '-n', 'team-a', '--verb', 'list', '--resource', 'configmaps']);
    const patched = await kubectl.run(C, [...ALICE, 'patch', 'role', 'growing', '-n', 'team-a', '--type', 'json', '-p', '[{"op":"add","path":"/rules/-","value":{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}}]']);
    expect(patched.stderr.trim()).toBe(`Error from server (Forbidden): roles.rbac.authorization.k8s.io "growing" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`);
    // Taking .rules over from kubectl-create's ownership needs --force-conflicts; then RBAC judges the result.
    const ssa = await kubectl.run(C, [...ALICE, 'apply', '--server-side', '--force-conflicts', '-f', '-'], PODS_ROLE('growing'));
    expect(ssa.code).toBe(1);
    expect(ssa.stderr.trim()).toBe(`Error from server (Forbidden): roles.rbac.authorization.k8s.io "growing" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`);
    const ssaCreate = await kubectl.run(C, [...ALICE, 'apply', '--server-side', '-f', '-'], PODS_ROLE('new-by-ssa'));
    expect(ssaCreate.stderr.trim()).toBe(`Error from server (Forbidden): roles.rbac.authorization.k8s.io "new-by-ssa" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}`);
    const bindingBySsa = await kubectl.run(C, [...ALICE, 'apply', '--server-side', '-f', '-'], `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: root-by-ssa, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }
`);
    expect(bindingBySsa.stderr.trim()).toBe(`Error from server (Forbidden): rolebindings.rbac.authorization.k8s.io "root-by-ssa" is forbidden: ${ALICE_HEAD}\n{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}`);
    // Nothing changed; a write within what she holds still goes through every path.
    const rules = JSON.parse(await kubectl.ok(C, ['get', 'role', 'growing', '-n', 'team-a', '-o', 'jsonpath={.rules}'])) as unknown;
    expect(rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]);
    await kubectl.ok(C, [...ALICE, 'patch', 'role', 'growing', '-n', 'team-a', '--type', 'merge', '-p', '{"rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}]}']);
    await kubectl.ok(C, [...ALICE, 'label', 'role', 'growing', '-n', 'team-a', 'tier=x']);
  });

  test('an impersonated request is checked as the impersonated user, whoever impersonates', async () => {
    const head = 'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:';
    for (const who of [['--token', 'gw-token'], []]) {
      const r = await kubectl.run(C, [...who, '--as', 'alice', 'create', 'role', 'via-gateway', '-n', 'team-a', '--verb', 'delete', '--resource', 'pods']);
      expect(r.stderr.trim()).toBe(`Error from server (Forbidden): roles.rbac.authorization.k8s.io "via-gateway" is forbidden: ${head}\n{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}`);
    }
    expect(cluster.requests.all().filter((r) => r.impersonateUser === 'alice' && r.resource === 'roles' && r.verb === 'create').map((r) => [r.user, r.status])).toEqual([['gw', 403], ['admin', 403]]);
    // Impersonating into system:masters is what skips the check, as in kube.
    await kubectl.ok(C, ['--as', 'alice', '--as-group', 'system:masters', 'create', 'role', 'via-masters', '-n', 'team-a', '--verb', 'delete', '--resource', 'pods']);
  });

  test('an aggregationRule needs cluster-admin whatever the rules, and a ClusterRole is judged by cluster-wide rules', async () => {
    const carol = ['--token', 'carol-token'];
    await kubectl.ok(C, [...carol, 'create', 'clusterrole', 'cm-getter', '--verb', 'get', '--resource', 'configmaps']);
    const agg = await kubectl.run(C, [...carol, 'create', 'clusterrole', 'gatherer', '--aggregation-rule', 'team=gathered']);
    expect(agg.stderr.trim()).toBe('Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io "gatherer" is forbidden: must have cluster-admin privileges to use the aggregationRule');
    // Alice's RoleBinding-granted configmaps rights are no help cluster-wide.
    await kubectl.ok(C, ['create', 'clusterrolebinding', 'alice-writes-clusterroles', '--clusterrole', 'clusterrole-writer', '--user', 'alice']);
    const wide = await kubectl.run(C, [...ALICE, 'create', 'clusterrole', 'cm-lister', '--verb', 'list', '--resource', 'configmaps']);
    expect(wide.stderr.trim()).toBe(`Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io "cm-lister" is forbidden: ${ALICE_HEAD}\n{APIGroups:[""], Resources:["configmaps"], Verbs:["list"]}`);
    await kubectl.ok(C, ['create', 'clusterrole', 'gatherer', '--aggregation-rule', 'team=gathered']);
  });
});
