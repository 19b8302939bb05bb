/**
 * The fleet's kubeconfig as kubectl reads it: one context per cluster, each reaching its own
 * cluster over verified TLS with its own token, plus the discovery commands a user tries first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, rows } from './harness.ts';

const run = kubectlAvailable();

describe.skipIf(!run)('kubectl config and contexts', () => {
  let k: Conformance;
  const names = ['sim-1', 'sim-2'];

  beforeAll(async () => {
    k = await Conformance.start({ clusters: 2, nodes: 2 });
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('config get-contexts lists one context per cluster, the first one current', async () => {
    const table = rows(await k.ok(['config', 'get-contexts']));
    expect(table).toEqual(names.map((n, i) => ({ CURRENT: i === 0 ? '*' : '', NAME: n, CLUSTER: n, AUTHINFO: n, NAMESPACE: '' })));
    expect((await k.ok(['config', 'get-contexts', '-o', 'name'])).split('\n').filter(Boolean)).toEqual(names);
    expect(await k.ok(['config', 'current-context'])).toBe('sim-1\n');
    expect((await k.ok(['config', 'get-clusters'])).split('\n').filter(Boolean).sort()).toEqual(['NAME', ...names].sort());
  });

  test('every context reaches its own cluster: --context sim-2 get nodes lists sim-2\'s nodes', async () => {
    for (const name of names) {
      const lists = () => k.fleet.clusters.map((c) => c.requests.count({ verb: 'list', resource: 'nodes' }));
      const before = lists();
      const r = await k.kubectl.run(name, ['get', 'nodes']);
      expect(r.code).toBe(0);
      expect(rows(r.stdout).map((x) => x['NAME'])).toEqual([`${name}-node-1`, `${name}-node-2`]);
      // The LIST reached that cluster and no other.
      expect(lists()).toEqual(before.map((n, i) => (k.fleet.clusters[i]!.name === name ? n + 1 : n)));
    }
  });

  test('what is made through one context exists only in that cluster', async () => {
    await k.kubectl.ok('sim-2', ['apply', '-f', '-'], deploymentYaml('only-here', { replicas: 1 }));
    expect((await k.kubectl.run('sim-2', ['get', 'deployment', 'only-here'])).code).toBe(0);
    const elsewhere = await k.kubectl.run('sim-1', ['get', 'deployment', 'only-here']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "only-here" not found');
    expect(k.fleet.cluster('sim-2').store.get('apps/deployments', 'default', 'only-here')).toBeDefined();
    expect(k.fleet.cluster('sim-1').store.get('apps/deployments', 'default', 'only-here')).toBeUndefined();
  });

  test('config view --minify shows the current context\'s server with the token redacted', async () => {
    const view = await k.ok(['config', 'view', '--minify', '--context', 'sim-2']);
    expect(view).toContain(`server: ${k.fleet.cluster('sim-2').url}`);
    expect(view).toContain('certificate-authority-data: DATA+OMITTED');
    expect(view).toContain('token: REDACTED');
    expect(view).not.toContain(k.fleet.cluster('sim-2').token);
    expect(view).not.toContain('sim-1');
  });

  test('a context with a wrong token is refused as Unauthorized', async () => {
    const r = await k.run(['--token', 'not-the-token', 'get', 'pods']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  test('version, cluster-info and api-resources describe a v1.32 cluster', async () => {
    const version = await k.ok(['version']);
    expect(version).toMatch(/^Server Version: v1\.32\.4$/m);
    const info = await k.ok(['cluster-info']);
    expect(info).toContain(`Kubernetes control plane is running at ${k.fleet.cluster('sim-1').url}`);
    const resources = rows(await k.ok(['api-resources']));
    const byName = new Map(resources.map((r) => [`${r['NAME']}.${r['APIVERSION']}`, r]));
    expect(byName.get('pods.v1')).toMatchObject({ SHORTNAMES: 'po', NAMESPACED: 'true', KIND: 'Pod' });
    expect(byName.get('deployments.apps/v1')).toMatchObject({ SHORTNAMES: 'deploy', NAMESPACED: 'true', KIND: 'Deployment' });
    expect(byName.get('nodes.v1')).toMatchObject({ NAMESPACED: 'false', KIND: 'Node' });
    expect(byName.get('pods.metrics.k8s.io/v1beta1')).toMatchObject({ KIND: 'PodMetrics' });
  });
});
