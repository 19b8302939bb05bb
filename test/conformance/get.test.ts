/**
 * `kubectl get` as a user types it: tables, selectors, output formats, watching, and the errors
 * a real apiserver gives for missing objects and bad selectors.
 */
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, rows, type KubeList, type KubeObject, type Pod } from './harness.ts';

const run = kubectlAvailable();

describe.skipIf(!run)('kubectl get', () => {
  let k: Conformance;
  let webPods: Pod[];
  let teamPods: Pod[];

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], `apiVersion: v1
kind: Namespace
metadata:
  name: team
---
${deploymentYaml('web', { replicas: 3 })}---
${deploymentYaml('api', { replicas: 2, namespace: 'team' })}`);
    await k.ok(['run', 'broken', '--image=registry.example/doesnotexist:1', '--labels=app=broken']);
    webPods = await k.runningPods('app=web', 3);
    teamPods = await k.runningPods('app=api', 2, 'team');
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('get nodes lists every node of the cluster as Ready with the kubelet version', async () => {
    const out = await k.ok(['get', 'nodes']);
    const table = rows(out);
    expect(table.map((r) => r['NAME'])).toEqual([`${k.context}-node-1`, `${k.context}-node-2`, `${k.context}-node-3`]);
    for (const r of table) {
      expect(r['STATUS']).toBe('Ready');
      expect(r['VERSION']).toBe('v1.32.4');
    }
    const nodes = await k.json<KubeList>(['get', 'nodes']);
    expect(nodes.items).toHaveLength(3);
  });

  test('get pods -A -l selects the labelled pods across namespaces and shows their namespace', async () => {
    const out = await k.ok(['get', 'pods', '-A', '-l', 'app in (web,api)']);
    const table = rows(out);
    expect(Object.keys(table[0]!)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const shown = table.map((r) => `${r['NAMESPACE']}/${r['NAME']}`).sort();
    const expected = [...webPods, ...teamPods].map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(shown).toEqual(expected);
    expect(table.every((r) => r['STATUS'] === 'Running' && r['READY'] === '1/1')).toBe(true);
    expect(out).not.toContain('broken');

    const onlyTeam = rows(await k.ok(['get', 'pods', '-A', '-l', 'app=api']));
    expect(onlyTeam.map((r) => r['NAMESPACE'])).toEqual(['team', 'team']);
  });

  test('get pods --field-selector status.phase=Running leaves out a pod that cannot pull its image', async () => {
    const running = rows(await k.ok(['get', 'pods', '-A', '--field-selector', 'status.phase=Running']));
    expect(running.map((r) => r['NAME'])).not.toContain('broken');
    expect(running).toHaveLength(5);

    const notRunning = await eventually(async () => {
      const r = rows(await k.ok(['get', 'pods', '-A', '--field-selector', 'status.phase!=Running']));
      return r.length === 1 && /ErrImagePull|ImagePullBackOff/.test(r[0]!['STATUS'] ?? '') ? r : undefined;
    });
    expect(notRunning[0]!['NAME']).toBe('broken');
  });

  test('get pods --field-selector spec.nodeName= shows exactly the pods bound to that node', async () => {
    const all = (await k.json<KubeList<Pod>>(['get', 'pods', '-A'])).items;
    const node = webPods[0]!.spec.nodeName!;
    const expected = all.filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name).sort();
    expect(expected.length).toBeGreaterThan(0);
    const out = await k.ok(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'wide']);
    const table = rows(out);
    expect(table.map((r) => r['NAME']).sort()).toEqual(expected);
    expect(table.every((r) => r['NODE'] === node)).toBe(true);

    const both = rows(await k.ok(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node},status.phase=Running`, '-l', 'app=web']));
    expect(both.map((r) => r['NAME']).sort()).toEqual(webPods.filter((p) => p.spec.nodeName === node).map((p) => p.metadata.name).sort());
  });

  test('get deployments -o yaml and -o json print the stored object with spec and status', async () => {
    const yamlText = await k.ok(['get', 'deployments', '-o', 'yaml']);
    expect(yamlText.startsWith('apiVersion: v1\nitems:\n')).toBe(true);
    const list = parseYaml(yamlText) as KubeList<KubeObject>;
    expect(list.kind).toBe('List');
    expect(list.items.map((d) => d.metadata.name)).toEqual(['web']);
    const web = list.items[0]!;
    expect(web.apiVersion).toBe('apps/v1');
    expect(web.kind).toBe('Deployment');
    expect(web.spec?.['replicas']).toBe(3);
    expect(web.status?.['readyReplicas']).toBe(3);
    expect(web.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');

    const one = await k.json<KubeObject>(['get', 'deployment', 'web', '-n', 'default']);
    expect(one.metadata.uid).toBe(web.metadata.uid);
    expect((one.spec?.['strategy'] as { type: string }).type).toBe('RollingUpdate');
    const inTeam = JSON.parse(await k.ok(['get', 'deployments', '-n', 'team', '-o', 'json'])) as KubeList;
    expect(inTeam.items.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['team/api']);
  });

  test('get pods -o wide shows each pod IP and node as the pod status has them', async () => {
    const table = rows(await k.ok(['get', 'pods', '-l', 'app=web', '-o', 'wide']));
    expect(Object.keys(table[0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    const byName = new Map(webPods.map((p) => [p.metadata.name, p]));
    for (const r of table) {
      const pod = byName.get(r['NAME']!)!;
      expect(r['IP']).toBe(pod.status.podIP);
      expect(r['IP']).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(r['NODE']).toBe(pod.spec.nodeName);
    }
  });

  test('get all shows the pods, the kubernetes service, the deployment and its replica set', async () => {
    const out = await k.ok(['get', 'all']);
    for (const p of webPods) expect(out).toContain(`pod/${p.metadata.name}`);
    expect(out).toContain('service/kubernetes');
    expect(out).toMatch(/deployment\.apps\/web\s+3\/3\s+3\s+3/);
    expect(out).toMatch(/replicaset\.apps\/web-[a-z0-9]{8,10}\s+3\s+3\s+3/);
    expect(out).not.toContain('team');
  });

  test('get pods -w prints a new line when a pod appears and when it starts running', async () => {
    const watch = k.kubectl.spawn(k.context, ['get', 'pods', '-l', 'app=watched', '-w']);
    try {
      // Nothing matches yet, so kubectl prints nothing; wait until its watch is open.
      const cluster = k.fleet.cluster(k.context);
      await eventually(() => cluster.openWatchCount > 0, 10_000);
      expect(watch.output()).toBe('');
      await k.ok(['run', 'watched', '--image=nginx:1.27', '--labels=app=watched']);
      const out = await eventually(() => {
        const text = watch.output();
        return /^watched\s+1\/1\s+Running\s+0\s+/m.test(text) ? text : undefined;
      }, 10_000);
      expect(out).toMatch(/^watched\s+0\/1\s+(Pending|ContainerCreating)\s+0\s+/m);
      expect(watch.child.exitCode).toBeNull();
    } finally {
      watch.stop();
    }
    const pod = await k.json<Pod>(['get', 'pod', 'watched']);
    expect(pod.status.phase).toBe('Running');
  });

  test('get of a missing object prints the NotFound error from the server and exits 1', async () => {
    const pod = await k.run(['get', 'pod', 'nope']);
    expect(pod.code).toBe(1);
    expect(pod.stdout).toBe('');
    expect(pod.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');

    const deploy = await k.run(['get', 'deployment', 'nope', '-n', 'team']);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
  });

  test('get with a bad label selector explains what it could not parse and exits 1', async () => {
    const r = await k.run(['get', 'pods', '-l', 'app in (web']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (web", field selector "": unable to parse requirement: found '', expected: ',' or ')'`);

    const field = await k.run(['get', 'pods', '--field-selector', 'spec.color=blue']);
    expect(field.code).toBe(1);
    expect(field.stderr).toContain('field label not supported: spec.color');
  });
});
