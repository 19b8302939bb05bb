/**
 * `deploy/member-cluster/` (and its optional `watcher/`) is exactly the RBAC SECURITY.md
 * documents, compared as parsed YAML so the two never drift, and applied with the real kubectl to
 * a simulated cluster that enforces RBAC it lets the gateway's user impersonate and nothing else;
 * the watcher adds list and watch on what the cache follows, and still no Secrets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { configMap, manifests, namespace, role, roleBinding, rule, user } from '../../support/manifests.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { MEMBER, WATCHER, find, rbacMeaning, render, securityMdManifests, type Manifest } from './manifests.ts';

const CLUSTER = 'member-1';
const GATEWAY_USER = 'fleetgraph';
const GATEWAY_TOKEN = 'fleetgraph-member-token-7c1d';

let fleet: SimFleet;
let dir: string;
let kubectl: Kubectl;
let documented: Manifest[];

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: [{ name: CLUSTER, rbac: true }], nodes: 1, clusterDefaults: { controllers: false } });
  fleet.addUser({ token: GATEWAY_TOKEN, user: GATEWAY_USER });
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-member-'));
  await fleet.writeKubeconfig(join(dir, 'kubeconfig'));
  kubectl = new Kubectl(join(dir, 'kubeconfig'));
  documented = await securityMdManifests();
}, 60_000);

afterAll(async () => {
  await stopFleet(fleet);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `kubectl auth can-i ... --as fleetgraph` (asked by the admin): "yes" or "no". */
async function gatewayCan(...args: string[]): Promise<string> {
  const r = await kubectl.run(CLUSTER, ['auth', 'can-i', ...args, '--as', GATEWAY_USER]);
  return r.stdout.trim();
}

describe.runIf(kubectlAvailable())('the member-cluster RBAC', () => {
  test('deploy/member-cluster/ is SECURITY.md\'s fleetgraph-impersonator ClusterRole and binding, nothing more', async () => {
    const mine = await render(kubectl, CLUSTER, MEMBER);
    expect(mine.map(rbacMeaning)).toEqual([
      rbacMeaning(find(documented, 'ClusterRole', 'fleetgraph-impersonator')),
      rbacMeaning(find(documented, 'ClusterRoleBinding', 'fleetgraph-impersonator')),
    ]);
  });

  test('deploy/member-cluster/watcher/ has SECURITY.md\'s fleetgraph-watcher rules, bound to the same user', async () => {
    const mine = await render(kubectl, CLUSTER, WATCHER);
    expect(mine.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['ClusterRole/fleetgraph-watcher', 'ClusterRoleBinding/fleetgraph-watcher']);
    expect(rbacMeaning(mine[0]!)).toEqual(rbacMeaning(find(documented, 'ClusterRole', 'fleetgraph-watcher')));
    const impersonatorBinding = find(documented, 'ClusterRoleBinding', 'fleetgraph-impersonator');
    expect(mine[1]!['subjects']).toEqual(impersonatorBinding['subjects']);
    expect(mine[1]!['roleRef']).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fleetgraph-watcher' });
  });

  test('applied, it lets the gateway\'s user impersonate users, groups and service accounts, and do nothing else', async () => {
    expect(await gatewayCan('impersonate', 'users')).toBe('no');
    const out = await kubectl.ok(CLUSTER, ['apply', '-k', MEMBER, '--server-side']);
    expect(out.trim().split('\n')).toEqual([
      'clusterrole.rbac.authorization.k8s.io/fleetgraph-impersonator serverside-applied',
      'clusterrolebinding.rbac.authorization.k8s.io/fleetgraph-impersonator serverside-applied',
    ]);
    expect(await gatewayCan('impersonate', 'users')).toBe('yes');
    expect(await gatewayCan('impersonate', 'groups')).toBe('yes');
    expect(await gatewayCan('impersonate', 'serviceaccounts', '-n', 'default')).toBe('yes');
    // uids are not a discoverable resource, so `auth can-i` cannot name their group (on a real
    // cluster too): the next test impersonates a uid through kubectl --as-uid instead.
    expect(await gatewayCan('list', 'pods')).toBe('no');
    expect(await gatewayCan('list', 'pods', '-A')).toBe('no');
    expect(await gatewayCan('get', 'secrets', '-n', 'kube-system')).toBe('no');
    expect(await gatewayCan('create', 'deployments.apps')).toBe('no');
    expect(await gatewayCan('*', '*')).toBe('no');
  });

  test('with it, the gateway\'s own credentials reach a caller\'s objects only as that caller (user, uid and groups impersonated)', async () => {
    await kubectl.ok(CLUSTER, ['apply', '-f', '-'], manifests(
      namespace('team-a'),
      configMap('team-a', 'settings', { colour: 'green' }),
      role('team-a', 'reader', [rule([''], ['configmaps'], ['get', 'list'])]),
      roleBinding('team-a', 'alice-reads', { kind: 'Role', name: 'reader' }, [user('alice')]),
    ));
    const own = await kubectl.run(CLUSTER, ['--token', GATEWAY_TOKEN, 'get', 'configmaps', '-n', 'team-a', '-o', 'name']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain(`User "${GATEWAY_USER}" cannot list resource "configmaps"`);
    // As the gateway sends it: user, uid and a group (Impersonate-User, -Uid, -Group).
    const asAlice = await kubectl.run(CLUSTER, ['--token', GATEWAY_TOKEN, '--as', 'alice', '--as-uid', 'uid-alice', '--as-group', 'developers', 'get', 'configmaps', '-n', 'team-a', '-o', 'name']);
    expect(asAlice).toMatchObject({ code: 0 });
    expect(asAlice.stdout.split('\n')).toContain('configmap/settings');
  });

  test('the optional watcher adds list and watch on what the cache follows, and still no Secrets', async () => {
    expect(await gatewayCan('watch', 'pods', '-A')).toBe('no');
    await kubectl.ok(CLUSTER, ['apply', '-k', WATCHER, '--server-side']);
    for (const resource of ['pods', 'nodes', 'namespaces', 'services', 'configmaps', 'events', 'deployments.apps', 'statefulsets.apps', 'daemonsets.apps', 'replicasets.apps']) {
      expect(await gatewayCan('list', resource, '-A'), resource).toBe('yes');
      expect(await gatewayCan('watch', resource, '-A'), resource).toBe('yes');
    }
    expect(await gatewayCan('get', 'pods', '-A')).toBe('no');
    expect(await gatewayCan('list', 'secrets', '-A')).toBe('no');
    expect(await gatewayCan('update', 'deployments.apps', '-A')).toBe('no');
  });
});
