/**
 * `kubectl rollout`: status (which watches the deployment until the controller reports the new
 * replica set available), restart, undo and history, which all read and write the
 * deployment/replica-set revision bookkeeping the way kube-controller-manager keeps it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, rows, type KubeList, type KubeObject } from './harness.ts';

const run = kubectlAvailable();

interface ReplicaSet extends KubeObject {
  spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
}

function revision(o: KubeObject): string | undefined {
  return o.metadata.annotations?.['deployment.kubernetes.io/revision'];
}

describe.skipIf(!run)('kubectl rollout', () => {
  let k: Conformance;

  async function replicaSets(): Promise<ReplicaSet[]> {
    return (await k.json<KubeList<ReplicaSet>>(['get', 'replicasets', '-l', 'app=web'])).items;
  }

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], deploymentYaml('web', { replicas: 3, image: 'nginx:1.27' }));
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('rollout status waits for a new deployment to become available and reports success', async () => {
    const r = await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
    await k.runningPods('app=web', 3);
  });

  test('rollout status follows an image change through its intermediate states to the end', async () => {
    expect(await k.ok(['set', 'image', 'deployment/web', 'web=nginx:1.28'])).toBe('deployment.apps/web image updated\n');
    const r = await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^Waiting for deployment "web" rollout to finish: /);
    const pods = await k.runningPods('app=web', 3);
    expect(pods.every((p) => p.spec.containers[0]!.image === 'nginx:1.28')).toBe(true);
    const rs = await replicaSets();
    expect(rs).toHaveLength(2);
    expect(rs.map((x) => [x.spec.template.spec.containers[0]!.image, x.spec.replicas]).sort()).toEqual([['nginx:1.27', 0], ['nginx:1.28', 3]]);
  });

  test('rollout restart rolls out a new replica set and scales the old one to 0', async () => {
    const before = await replicaSets();
    const r = await k.run(['rollout', 'restart', 'deployment/web']);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web restarted\n' });
    const d = await k.json<KubeObject>(['get', 'deployment', 'web']);
    const template = (d.spec?.['template'] as { metadata: { annotations?: Record<string, string> } }).metadata;
    expect(template.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);

    expect((await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);
    const after = await replicaSets();
    const fresh = after.filter((x) => !before.some((b) => b.metadata.name === x.metadata.name));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.spec.replicas).toBe(3);
    expect(revision(fresh[0]!)).toBe('3');
    for (const old of after.filter((x) => x !== fresh[0])) expect(old.spec.replicas).toBe(0);
    const pods = await k.runningPods('app=web', 3);
    expect(pods.every((p) => p.metadata.labels?.['pod-template-hash'] === fresh[0]!.metadata.labels?.['pod-template-hash'])).toBe(true);
  });

  test('rollout history lists one revision per template', async () => {
    const out = await k.ok(['rollout', 'history', 'deployment/web']);
    expect(out.split('\n')[0]).toBe('deployment.apps/web ');
    const table = rows(out.split('\n').slice(1).join('\n'));
    expect(table.map((r) => r['REVISION'])).toEqual(['1', '2', '3']);
    expect(table.every((r) => r['CHANGE-CAUSE'] === '<none>')).toBe(true);

    const two = await k.ok(['rollout', 'history', 'deployment/web', '--revision=2']);
    expect(two).toContain('deployment.apps/web with revision #2');
    expect(two).toMatch(/Image:\s+nginx:1\.28/);
    const one = await k.ok(['rollout', 'history', 'deployment/web', '--revision=1']);
    expect(one).toMatch(/Image:\s+nginx:1\.27/);
  });

  test('rollout undo goes back to the previous template, reusing its replica set', async () => {
    // Make the previous revision differ visibly: move to a new image first.
    await k.ok(['set', 'image', 'deployment/web', 'web=nginx:1.29']);
    expect((await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);
    const before = await replicaSets();
    const previous = before.find((x) => revision(x) === '3')!;

    const r = await k.run(['rollout', 'undo', 'deployment/web']);
    expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/web rolled back\n' });
    expect((await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);

    const d = await k.json<KubeObject>(['get', 'deployment', 'web']);
    const image = (d.spec?.['template'] as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image;
    expect(image).toBe('nginx:1.28');
    expect(revision(d)).toBe('5');
    const after = await replicaSets();
    expect(after.map((x) => x.metadata.name).sort()).toEqual(before.map((x) => x.metadata.name).sort());
    const reused = after.find((x) => x.metadata.name === previous.metadata.name)!;
    expect(reused.spec.replicas).toBe(3);
    expect(revision(reused)).toBe('5');
    const pods = await k.runningPods('app=web', 3);
    expect(pods.every((p) => p.spec.containers[0]!.image === 'nginx:1.28')).toBe(true);

    const history = rows((await k.ok(['rollout', 'history', 'deployment/web'])).split('\n').slice(1).join('\n'));
    expect(history.map((x) => x['REVISION'])).toEqual(['1', '2', '4', '5']);
  });

  test('rollout undo --to-revision goes back to that revision', async () => {
    expect(await k.ok(['rollout', 'undo', 'deployment/web', '--to-revision=1'])).toBe('deployment.apps/web rolled back\n');
    expect((await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);
    const pods = await k.runningPods('app=web', 3);
    expect(pods.every((p) => p.spec.containers[0]!.image === 'nginx:1.27')).toBe(true);
    const missing = await k.run(['rollout', 'undo', 'deployment/web', '--to-revision=42']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('unable to find specified revision 42 in history');
  });

  test('rollout status of a deployment that cannot become ready times out and exits 1', async () => {
    await k.ok(['set', 'image', 'deployment/web', 'web=registry.example/doesnotexist:1']);
    const r = await k.run(['rollout', 'status', 'deployment/web', '--timeout=1s']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(r.stderr.trim()).toBe('error: timed out waiting for the condition');
    // The old pods keep serving while the new ones cannot pull.
    const d = await k.json<KubeObject>(['get', 'deployment', 'web']);
    expect(d.status?.['availableReplicas']).toBeGreaterThanOrEqual(2);
  });
});
