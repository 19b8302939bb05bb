/**
 * Imperative kubectl on workloads: create (from files and generators), delete with its wait and
 * cascade, label, annotate and scale, checking both what kubectl prints and what the cluster
 * holds afterwards.
 *
 * `kubectl create deployment|namespace|configmap` send their bodies as protobuf
 * (application/vnd.kubernetes.protobuf), unlike `create -f`, which sends JSON.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, rows, type KubeList, type KubeObject, type Pod } from './harness.ts';

const run = kubectlAvailable();

describe.skipIf(!run)('kubectl create, delete, label, annotate and scale', () => {
  let k: Conformance;

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], deploymentYaml('web', { replicas: 2 }));
    await k.runningPods('app=web', 2);
  });

  afterAll(async () => {
    await k?.stop();
  });

  describe('create', () => {
    test('create -f makes every object of a multi-document file and refuses to make them twice', async () => {
      const file = await k.manifest('bundle.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: bundle-config
data:
  greeting: hello
---
${deploymentYaml('bundle', { replicas: 1 })}`);
      const r = await k.run(['create', '-f', file]);
      expect(r).toMatchObject({ code: 0, stdout: 'configmap/bundle-config created\ndeployment.apps/bundle created\n', stderr: '' });
      expect((await k.json<KubeObject>(['get', 'configmap', 'bundle-config']))['data']).toEqual({ greeting: 'hello' });
      await k.runningPods('app=bundle', 1);
      // create (unlike apply) records no last-applied configuration.
      const d = await k.json<KubeObject>(['get', 'deployment', 'bundle']);
      expect(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();

      const again = await k.run(['create', '-f', file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`Error from server (AlreadyExists): error when creating "${file}": configmaps "bundle-config" already exists`);
      expect(again.stderr).toContain(`Error from server (AlreadyExists): error when creating "${file}": deployments.apps "bundle" already exists`);
    });

    test('create deployment --image runs the requested replicas of that image', async () => {
      const r = await k.run(['create', 'deployment', 'hello', '--image=nginx:1.27', '--replicas=2', '--port=80']);
      expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps/hello created\n', stderr: '' });
      const d = await k.json<KubeObject>(['get', 'deployment', 'hello']);
      expect(d.metadata.labels).toEqual({ app: 'hello' });
      expect(d.spec?.['selector']).toEqual({ matchLabels: { app: 'hello' } });
      const pods = await k.runningPods('app=hello', 2);
      expect(pods.map((p) => p.spec.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27']);
      expect(pods.every((p) => p.spec.containers[0]!.name === 'nginx')).toBe(true);
    });

    test('create namespace makes an Active namespace that objects can be created in', async () => {
      const r = await k.run(['create', 'namespace', 'team-b']);
      expect(r).toMatchObject({ code: 0, stdout: 'namespace/team-b created\n', stderr: '' });
      const table = rows(await k.ok(['get', 'namespace', 'team-b']));
      expect(table[0]).toMatchObject({ NAME: 'team-b', STATUS: 'Active' });
      const ns = await k.json<KubeObject>(['get', 'namespace', 'team-b']);
      expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-b' });
      expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
      const again = await k.run(['create', 'namespace', 'team-b']);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe('Error from server (AlreadyExists): namespaces "team-b" already exists');
    });

    test('create configmap --from-literal stores each literal as a data key', async () => {
      const r = await k.run(['create', 'configmap', 'literals', '--from-literal=color=blue', '--from-literal=size=10']);
      expect(r).toMatchObject({ code: 0, stdout: 'configmap/literals created\n', stderr: '' });
      const cm = await k.json<KubeObject>(['get', 'configmap', 'literals']);
      expect(cm['data']).toEqual({ color: 'blue', size: '10' });
      expect(rows(await k.ok(['get', 'configmap', 'literals']))[0]).toMatchObject({ NAME: 'literals', DATA: '2' });
    });
  });

  describe('delete', () => {
    test('delete deployment removes it and, by cascade, its replica set and pods', async () => {
      await k.ok(['apply', '-f', '-'], deploymentYaml('doomed', { replicas: 2 }));
      const pods = await k.runningPods('app=doomed', 2);
      const rs = (await k.json<KubeList>(['get', 'replicasets', '-l', 'app=doomed'])).items;
      expect(rs).toHaveLength(1);

      const r = await k.run(['delete', 'deployment', 'doomed']);
      expect(r).toMatchObject({ code: 0, stdout: 'deployment.apps "doomed" deleted\n', stderr: '' });
      // kubectl waited for the deployment itself to go.
      expect((await k.run(['get', 'deployment', 'doomed'])).stderr.trim()).toBe('Error from server (NotFound): deployments.apps "doomed" not found');
      await eventually(async () => (await k.json<KubeList>(['get', 'replicasets', '-l', 'app=doomed'])).items.length === 0);
      await eventually(async () => (await k.pods('default', 'app=doomed')).length === 0);
      for (const p of pods) expect((await k.run(['get', 'pod', p.metadata.name])).code).toBe(1);
    });

    test('delete pod waits until the pod has terminated and is gone', async () => {
      await k.ok(['run', 'single', '--image=nginx:1.27']);
      await k.runningPods('run=single', 1);
      const r = await k.run(['delete', 'pod', 'single']);
      expect(r).toMatchObject({ code: 0, stdout: 'pod "single" deleted\n' });
      const after = await k.run(['get', 'pod', 'single']);
      expect(after.code).toBe(1);
      expect(after.stderr.trim()).toBe('Error from server (NotFound): pods "single" not found');
    });

    test('delete -f removes what a file created', async () => {
      const file = await k.manifest('gone.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gone\ndata:\n  a: "1"\n');
      await k.ok(['create', '-f', file]);
      expect(await k.ok(['delete', '-f', file])).toBe('configmap "gone" deleted\n');
      expect((await k.run(['get', 'configmap', 'gone'])).code).toBe(1);
    });

    test('delete of a missing object prints NotFound and exits 1, unless told to ignore it', async () => {
      const r = await k.run(['delete', 'deployment', 'nope']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
      const ignored = await k.run(['delete', 'deployment', 'nope', '--ignore-not-found']);
      expect(ignored).toMatchObject({ code: 0, stdout: '', stderr: '' });
    });

    test('delete namespace removes the namespace and everything in it', async () => {
      await k.ok(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: scratch\n---\n${deploymentYaml('tmp', { namespace: 'scratch', replicas: 1 })}`);
      await k.runningPods('app=tmp', 1, 'scratch');
      const r = await k.run(['delete', 'namespace', 'scratch']);
      expect(r).toMatchObject({ code: 0, stdout: 'namespace "scratch" deleted\n' });
      expect((await k.run(['get', 'namespace', 'scratch'])).stderr.trim()).toBe('Error from server (NotFound): namespaces "scratch" not found');
      const left = (await k.json<KubeList>(['get', 'all', '-n', 'scratch'])).items;
      expect(left).toEqual([]);
    });
  });

  describe('label and annotate', () => {
    test('label adds a label, refuses to change it without --overwrite, changes it with, and removes it with key-', async () => {
      const pod = (await k.pods('default', 'app=web'))[0]!.metadata.name;
      expect(await k.ok(['label', 'pod', pod, 'tier=frontend'])).toBe(`pod/${pod} labeled\n`);
      expect((await k.json<Pod>(['get', 'pod', pod])).metadata.labels?.['tier']).toBe('frontend');

      const refused = await k.run(['label', 'pod', pod, 'tier=backend']);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`error: 'tier' already has a value (frontend), and --overwrite is false`);
      expect((await k.json<Pod>(['get', 'pod', pod])).metadata.labels?.['tier']).toBe('frontend');

      expect(await k.ok(['label', 'pod', pod, 'tier=backend', '--overwrite'])).toBe(`pod/${pod} labeled\n`);
      expect(rows(await k.ok(['get', 'pods', '-l', 'tier=backend'])).map((r) => r['NAME'])).toEqual([pod]);

      expect(await k.ok(['label', 'pod', pod, 'tier-'])).toBe(`pod/${pod} unlabeled\n`);
      const labels = (await k.json<Pod>(['get', 'pod', pod])).metadata.labels ?? {};
      expect(labels['tier']).toBeUndefined();
      expect(labels['app']).toBe('web');
    });

    test('label with a selector labels every matching object', async () => {
      const out = await k.ok(['label', 'pods', '-l', 'app=web', 'release=stable']);
      const pods = await k.pods('default', 'app=web');
      expect(out.trim().split('\n').sort()).toEqual(pods.map((p) => `pod/${p.metadata.name} labeled`).sort());
      expect((await k.pods('default', 'release=stable')).length).toBe(pods.length);
    });

    test('annotate adds an annotation, refuses to overwrite it by default, and removes it with key-', async () => {
      expect(await k.ok(['annotate', 'deployment', 'web', 'owner=alice'])).toBe('deployment.apps/web annotated\n');
      const refused = await k.run(['annotate', 'deployment', 'web', 'owner=bob']);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (alice)`);
      expect((await k.json<KubeObject>(['get', 'deployment', 'web'])).metadata.annotations?.['owner']).toBe('alice');

      expect(await k.ok(['annotate', 'deployment', 'web', 'owner=bob', '--overwrite'])).toBe('deployment.apps/web annotated\n');
      expect((await k.json<KubeObject>(['get', 'deployment', 'web'])).metadata.annotations?.['owner']).toBe('bob');
      expect(await k.ok(['annotate', 'deployment', 'web', 'owner-'])).toBe('deployment.apps/web annotated\n');
      const annotations = (await k.json<KubeObject>(['get', 'deployment', 'web'])).metadata.annotations ?? {};
      expect(annotations['owner']).toBeUndefined();
      expect(annotations['deployment.kubernetes.io/revision']).toBe('1');
    });
  });

  describe('scale', () => {
    test('scale deploy/web --replicas=5 brings five pods to Running, and scaling down removes the extra ones', async () => {
      expect(await k.ok(['scale', 'deploy/web', '--replicas=5'])).toBe('deployment.apps/web scaled\n');
      const pods = await k.runningPods('app=web', 5);
      expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(3);
      const table = rows(await k.ok(['get', 'deployment', 'web']));
      expect(table[0]).toMatchObject({ NAME: 'web', READY: '5/5', 'UP-TO-DATE': '5', AVAILABLE: '5' });

      expect(await k.ok(['scale', 'deployment', 'web', '--replicas=2'])).toBe('deployment.apps/web scaled\n');
      await k.runningPods('app=web', 2);
      const rs = (await k.json<KubeList>(['get', 'replicasets', '-l', 'app=web'])).items;
      expect(rs.map((x) => x.spec?.['replicas'])).toEqual([2]);
    });

    test('scale --current-replicas refuses when the deployment has a different size', async () => {
      const r = await k.run(['scale', 'deployment', 'web', '--current-replicas=7', '--replicas=3']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Expected replicas to be 7, was 2');
      expect((await k.json<KubeObject>(['get', 'deployment', 'web'])).spec?.['replicas']).toBe(2);
    });
  });
});
