/**
 * RBAC manifests applied through the gateway are judged as the caller, with kube's escalation
 * prevention: the gateway impersonates its caller, so a caller allowed to write RoleBindings in a
 * namespace still cannot bind himself `cluster-admin` or write a Role granting what he does not
 * hold; the cluster's 403 (its wording, the missing rules) is that object's FORBIDDEN, nothing is
 * written, and what the caller does hold goes through. Plans (`dryRun`) are refused alike.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenFile } from '../../../src/auth/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { group, manifests, namespace, role, roleBinding, rule } from '../../support/manifests.ts';

const ALICE = 'alice-5c0ffee5c0ffee5c';
const C = 'esc-1';
let fg: FleetGateway;
let kubectl: Kubectl;
let dir: string;

const SETUP = manifests(
  namespace('team-a'),
  role('team-a', 'rbac-writer', [
    rule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], ['get', 'create', 'patch']),
    rule([''], ['configmaps'], ['get', 'list']),
  ]),
  roleBinding('team-a', 'team-a-writes-rbac', { kind: 'Role', name: 'rbac-writer' }, [group('team-a')]),
);

const MANIFESTS = `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-root }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: secret-reader }
rules:
- { apiGroups: [""], resources: [secrets], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: cm-reader }
rules:
- { apiGroups: [""], resources: [configmaps], verbs: [get] }
`;

const APPLY = `mutation($m: String!, $dry: Boolean) {
  apply(input: { manifests: $m, clusterNames: ["${C}"], namespace: "team-a", dryRun: $dry }) {
    clusters { cluster error { code } objects { kind name action error { code message } } }
  }
}`;

const HEAD = 'user "alice" (groups=["team-a" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-esc-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, `${ALICE},alice,uid-alice,team-a\n`);
  fg = await startFleetGateway({
    sim: { clusters: [{ name: C, rbac: true }], nodes: 1, clusterDefaults: { controllers: false } },
    gateway: { authenticator: await TokenFile.load(tokens) },
  });
  kubectl = new Kubectl(fg.kubeconfigPath);
  await kubectl.ok(C, ['apply', '-f', '-'], SETUP);
}, 120_000);

afterAll(async () => {
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function apply(dryRun: boolean) {
  const res = await fetch(fg.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` },
    body: JSON.stringify({ query: APPLY, variables: { m: MANIFESTS, dry: dryRun } }),
  });
  const body = (await res.json()) as { data?: { apply: { clusters: Array<{ error: unknown; objects: Array<{ kind: string; name: string; action: string | null; error: { code: string; message: string } | null }> }> } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.apply.clusters[0]!;
}

describe.runIf(kubectlAvailable())('RBAC manifests applied through the gateway as the caller', () => {
  for (const dryRun of [true, false]) {
    test(`${dryRun ? 'a plan' : 'an apply'}: cluster-admin and ungranted rules are FORBIDDEN with kube's wording, what alice holds goes through`, async () => {
      const result = await apply(dryRun);
      expect(result.error).toBeNull();
      const [root, secrets, configmaps] = result.objects;
      expect(root).toMatchObject({ kind: 'RoleBinding', name: 'alice-root', action: null, error: { code: 'FORBIDDEN' } });
      // The gateway passes the cluster's message on as one line (its newlines become spaces).
      expect(root!.error!.message).toBe(`cluster "${C}": rolebindings: rolebindings.rbac.authorization.k8s.io "alice-root" is forbidden: ${HEAD} {APIGroups:["*"], Resources:["*"], Verbs:["*"]} {NonResourceURLs:["*"], Verbs:["*"]}`);
      expect(secrets).toMatchObject({ kind: 'Role', name: 'secret-reader', action: null, error: { code: 'FORBIDDEN' } });
      expect(secrets!.error!.message).toBe(`cluster "${C}": roles: roles.rbac.authorization.k8s.io "secret-reader" is forbidden: ${HEAD} {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`);
      expect(configmaps).toMatchObject({ kind: 'Role', name: 'cm-reader', action: 'CREATED', error: null });
      const stored = (await kubectl.ok(C, ['get', 'roles,rolebindings', '-n', 'team-a', '-o', 'name'])).split('\n').filter(Boolean).sort();
      expect(stored).toEqual([
        ...(dryRun ? [] : ['role.rbac.authorization.k8s.io/cm-reader']),
        'role.rbac.authorization.k8s.io/rbac-writer',
        'rolebinding.rbac.authorization.k8s.io/team-a-writes-rbac',
      ]);
      // Each object went to the cluster as alice, who the cluster judged.
      const writes = fg.sim.cluster(C).requests.all().filter((r) => r.method === 'PATCH' && r.path.includes('/rbac.authorization.k8s.io/')).slice(-3);
      expect(writes.map((r) => [r.impersonateUser, r.status])).toEqual([['alice', 403], ['alice', 403], ['alice', 201]]);
    });
  }
});
