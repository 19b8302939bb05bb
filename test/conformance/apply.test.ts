/**
 * `kubectl apply` and `kubectl diff`: client-side apply (last-applied annotation and a
 * three-way strategic merge patch), server-side apply with field managers and conflicts, strict
 * field validation, and diff's server-side dry run.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, hasProgram, type KubeObject } from './harness.ts';

const run = kubectlAvailable();

describe.skipIf(!run)('kubectl apply and diff', () => {
  let k: Conformance;

  beforeAll(async () => {
    k = await Conformance.start();
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('apply -f creates a deployment, configures it when the manifest changes, and leaves it unchanged otherwise', async () => {
    const file = await k.manifest('web.yaml', deploymentYaml('web', { replicas: 2 }));
    const created = await k.run(['apply', '-f', file]);
    expect(created).toMatchObject({ code: 0, stdout: 'deployment.apps/web created\n', stderr: '' });
    await k.runningPods('app=web', 2);
    const first = await k.json<KubeObject>(['get', 'deployment', 'web']);
    const lastApplied = JSON.parse(first.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!) as KubeObject;
    expect(lastApplied.spec?.['replicas']).toBe(2);

    const same = await k.run(['apply', '-f', file]);
    expect(same).toMatchObject({ code: 0, stdout: 'deployment.apps/web unchanged\n' });
    const afterSame = await k.json<KubeObject>(['get', 'deployment', 'web']);
    expect(afterSame.metadata.resourceVersion).toBe(first.metadata.resourceVersion);

    await k.manifest('web.yaml', deploymentYaml('web', { replicas: 3, image: 'nginx:1.28' }));
    const changed = await k.run(['apply', '-f', file]);
    expect(changed).toMatchObject({ code: 0, stdout: 'deployment.apps/web configured\n' });
    const pods = await k.runningPods('app=web', 3);
    expect(pods.every((p) => p.spec.containers[0]!.image === 'nginx:1.28')).toBe(true);
    const after = await k.json<KubeObject>(['get', 'deployment', 'web', '--show-managed-fields']);
    expect(after.spec?.['replicas']).toBe(3);
    expect(after.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const managers = after.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`) ?? [];
    expect(managers).toContain('kubectl-client-side-apply/Update');
  });

  test('apply removes a field that was dropped from the manifest (three-way merge)', async () => {
    const file = await k.manifest('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    team: a\n    tier: web\ndata:\n  a: "1"\n  b: "2"\n');
    await k.ok(['apply', '-f', file]);
    // Someone else adds a key; apply must leave it alone while removing what the manifest dropped.
    await k.ok(['label', 'configmap', 'settings', 'owner=ops']);
    await k.manifest('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    team: a\ndata:\n  a: "1"\n');
    expect(await k.ok(['apply', '-f', file])).toBe('configmap/settings configured\n');
    const cm = await k.json<KubeObject>(['get', 'configmap', 'settings']);
    expect(cm['data']).toEqual({ a: '1' });
    expect(cm.metadata.labels).toEqual({ team: 'a', owner: 'ops' });
  });

  test('apply --server-side refuses to take replicas from kubectl scale, naming the other manager, until --force-conflicts', async () => {
    await k.ok(['apply', '--server-side', '-f', '-'], deploymentYaml('ssa', { replicas: 2 }));
    await k.runningPods('app=ssa', 2);
    expect(await k.ok(['scale', 'deployment/ssa', '--replicas=4'])).toBe('deployment.apps/ssa scaled\n');

    const manifest = await k.manifest('ssa.yaml', deploymentYaml('ssa', { replicas: 1 }));
    const refused = await k.run(['apply', '--server-side', '--field-manager=ci', '-f', manifest]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    expect(refused.stderr).toContain('--force-conflicts');
    expect((await k.json<KubeObject>(['get', 'deployment', 'ssa'])).spec?.['replicas']).toBe(4);

    const forced = await k.run(['apply', '--server-side', '--field-manager=ci', '--force-conflicts', '-f', manifest]);
    expect(forced).toMatchObject({ code: 0, stdout: 'deployment.apps/ssa serverside-applied\n', stderr: '' });
    const d = await k.json<KubeObject>(['get', 'deployment', 'ssa', '--show-managed-fields']);
    expect(d.spec?.['replicas']).toBe(1);
    const fields = d.metadata.managedFields ?? [];
    const ci = fields.find((m) => m.manager === 'ci');
    expect(ci?.operation).toBe('Apply');
    expect(JSON.stringify(ci?.fieldsV1)).toContain('"f:replicas"');
    // The scale manager lost the field it was forced off.
    const scale = fields.find((m) => m.manager === 'kubectl' && m.subresource === 'scale');
    expect(JSON.stringify(scale?.fieldsV1 ?? {})).not.toContain('"f:replicas"');
    await k.runningPods('app=ssa', 1);
  });

  test('apply --server-side twice with the same manifest is a no-op', async () => {
    const before = await k.json<KubeObject>(['get', 'deployment', 'ssa']);
    const manifest = await k.manifest('ssa.yaml', deploymentYaml('ssa', { replicas: 1 }));
    expect(await k.ok(['apply', '--server-side', '--field-manager=ci', '-f', manifest])).toBe('deployment.apps/ssa serverside-applied\n');
    const after = await k.json<KubeObject>(['get', 'deployment', 'ssa']);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  test('apply of a manifest with an unknown field is refused by strict validation and creates nothing', async () => {
    const file = await k.manifest('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  a: "1"\nreplicas: 3\n');
    const r = await k.run(['apply', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Error from server (BadRequest): error when creating "${file}": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "replicas"`);
    const missing = await k.run(['get', 'configmap', 'bad']);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "bad" not found');

    const nested = await k.run(['apply', '--server-side', '-f', '-'], deploymentYaml('strict', { extra: '  replica: 3\n' }));
    expect(nested.code).toBe(1);
    expect(nested.stderr).toContain('strict decoding error: unknown field "spec.replica"');

    // With validation turned down to a warning the same manifest goes through.
    const lax = await k.run(['apply', '--validate=warn', '-f', file]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toBe('configmap/bad created\n');
    expect(lax.stderr).toContain('unknown field "replicas"');
  });

  describe.skipIf(!hasProgram('diff'))('diff', () => {
    test('diff -f shows the change a manifest would make and exits 1, without changing anything', async () => {
      const file = await k.manifest('web.yaml', deploymentYaml('web', { replicas: 5, image: 'nginx:1.28' }));
      const r = await k.run(['diff', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^diff -u -N .*\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web .*\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web$/m);
      expect(r.stdout).toMatch(/^-  replicas: 3$/m);
      expect(r.stdout).toMatch(/^\+  replicas: 5$/m);
      expect(r.stdout).toMatch(/^-  generation: 2$/m);
      expect(r.stdout).toMatch(/^\+  generation: 3$/m);
      expect((await k.json<KubeObject>(['get', 'deployment', 'web'])).spec?.['replicas']).toBe(3);
    });

    test('diff -f of a manifest that is already applied prints nothing and exits 0', async () => {
      const file = await k.manifest('web.yaml', deploymentYaml('web', { replicas: 3, image: 'nginx:1.28' }));
      const r = await k.run(['diff', '-f', file]);
      expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    });

    test('diff -f of an object that does not exist yet shows it all as added', async () => {
      const file = await k.manifest('new.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  k: v\n');
      const r = await k.run(['diff', '-f', file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^\+  name: fresh$/m);
      expect(r.stdout).toMatch(/^\+  k: v$/m);
      expect((await k.run(['get', 'configmap', 'fresh'])).code).toBe(1);
    });
  });
});
