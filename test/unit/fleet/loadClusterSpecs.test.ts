import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FleetConfigError, loadClusterSpecs } from '../../../src/fleet/loadClusterSpecs.ts';
import type { LoadClusterSpecsInput } from '../../../src/fleet/loadClusterSpecs.ts';
import { fleetErrorOf, kubeconfigOf, tempDir } from './support.ts';

const dir = tempDir();
afterAll(() => dir.remove());

const defaults = { timeoutMs: 5000, concurrency: 8 };
const fleetKubeconfig = dir.write('fleet-kubeconfig', kubeconfigOf(['dev-eu', 'staging-eu', 'prod-eu', 'prod-us']));
const load = (input: Partial<LoadClusterSpecsInput>) => loadClusterSpecs({ kubeconfigPath: fleetKubeconfig, defaults, ...input });

describe('loadClusterSpecs: a good kubeconfig and fleet file', () => {
  const fleetFile = dir.write('good-fleet.yaml', `
# clusters listed out of kubeconfig order on purpose
defaults:
  timeoutMs: 3000
clusters:
  prod-us:
    labels: { env: prod, region: us, app.kubernetes.io/part-of: shop }
    concurrency: 4
  dev-eu:
    labels: { env: dev, tier: "1", empty: "" }
    timeoutMs: 1000
    concurrency: 2
  staging-eu:
`);

  it('returns one spec per context in kubeconfig order, with labels and settings resolved', async () => {
    const specs = await load({ fleetFile });
    expect(specs.map(({ kubeConfig: _, ...rest }) => rest)).toEqual([
      { name: 'dev-eu', labels: { env: 'dev', tier: '1', empty: '' }, server: 'https://127.0.0.1:6443', timeoutMs: 1000, concurrency: 2, chunkSize: 500 },
      { name: 'staging-eu', labels: {}, server: 'https://127.0.0.1:6444', timeoutMs: 3000, concurrency: 8, chunkSize: 500 },
      { name: 'prod-eu', labels: {}, server: 'https://127.0.0.1:6445', timeoutMs: 3000, concurrency: 8, chunkSize: 500 },
      { name: 'prod-us', labels: { env: 'prod', region: 'us', 'app.kubernetes.io/part-of': 'shop' }, server: 'https://127.0.0.1:6446', timeoutMs: 3000, concurrency: 4, chunkSize: 500 },
    ]);
  });

  it('uses the flag defaults for every cluster without a fleet file', async () => {
    const specs = await load({});
    expect(specs.map((s) => [s.name, s.timeoutMs, s.concurrency, s.labels])).toEqual([
      ['dev-eu', 5000, 8, {}], ['staging-eu', 5000, 8, {}], ['prod-eu', 5000, 8, {}], ['prod-us', 5000, 8, {}],
    ]);
  });

  it('serves only the --contexts entries, still in kubeconfig order', async () => {
    const specs = await load({ fleetFile, contexts: ['prod-us', 'dev-eu'] });
    expect(specs.map((s) => s.name)).toEqual(['dev-eu', 'prod-us']);
  });

  it('takes extraLabels where the fleet file gives no labels, and the fleet file\'s where it does', async () => {
    const file = dir.write('extra-fleet.yaml', 'clusters:\n  dev-eu: { labels: { env: development } }\n  prod-eu: { labels: {} }\n  prod-us: { timeoutMs: 10 }\n');
    const extraLabels = { 'dev-eu': { env: 'dev' }, 'prod-eu': { env: 'prod' }, 'prod-us': { env: 'prod', region: 'us' }, 'staging-eu': { env: 'staging' } };
    const specs = await load({ fleetFile: file, extraLabels });
    expect(Object.fromEntries(specs.map((s) => [s.name, s.labels]))).toEqual({
      'dev-eu': { env: 'development' }, 'staging-eu': { env: 'staging' }, 'prod-eu': {}, 'prod-us': { env: 'prod', region: 'us' },
    });
    expect(specs[3]?.labels).not.toBe(extraLabels['prod-us']);
  });

  it('gives each cluster its own KubeConfig holding only its context, cluster and user', async () => {
    const specs = await load({});
    const prodEu = specs[2]?.kubeConfig;
    expect(prodEu?.getCurrentContext()).toBe('prod-eu');
    expect(prodEu?.getCurrentCluster()?.server).toBe('https://127.0.0.1:6445');
    expect(prodEu?.getCurrentUser()?.token).toBe('token-prod-eu');
    expect(prodEu?.getContexts().map((c) => c.name)).toEqual(['prod-eu']);
    expect(new Set(specs.map((s) => s.kubeConfig)).size).toBe(4);
  });

  it('resolves a relative kubeconfig path from the working directory', async () => {
    const specs = await loadClusterSpecs({ kubeconfigPath: relative(process.cwd(), fleetKubeconfig), defaults });
    expect(specs).toHaveLength(4);
  });

  it('makes certificate paths absolute relative to the kubeconfig, as kubectl does', async () => {
    const kc = kubeconfigOf(['a']);
    kc.clusters[0] = { name: 'a', cluster: { server: 'https://a.example:6443/', 'certificate-authority': 'ca.pem' } };
    kc.users[0] = { name: 'a', user: { 'client-certificate': 'certs/a.pem', 'client-key': '/abs/a-key.pem' } };
    const [spec] = await loadClusterSpecs({ kubeconfigPath: dir.write('certs-kubeconfig', kc), defaults });
    expect(spec?.server).toBe('https://a.example:6443');
    expect(spec?.kubeConfig.getCurrentCluster()?.caFile).toBe(join(dir.path, 'ca.pem'));
    expect(spec?.kubeConfig.getCurrentUser()?.certFile).toBe(join(dir.path, 'certs/a.pem'));
    expect(spec?.kubeConfig.getCurrentUser()?.keyFile).toBe('/abs/a-key.pem');
  });

  it('accepts a context without a user (an unauthenticated endpoint such as kubectl proxy)', async () => {
    const kc = kubeconfigOf(['proxy']);
    kc.contexts[0] = { name: 'proxy', context: { cluster: 'proxy' } };
    kc.users = [];
    const [spec] = await loadClusterSpecs({ kubeconfigPath: dir.write('proxy-kubeconfig', kc), defaults });
    expect(spec?.kubeConfig.getCurrentUser()).toBeNull();
  });

  it('does not check contexts that --contexts leaves out', async () => {
    const kc = kubeconfigOf(['good', 'stale']);
    kc.contexts[1] = { name: 'stale', context: { cluster: 'gone', user: 'gone' } };
    kc.clusters[1] = { name: 'stale' };
    const specs = await loadClusterSpecs({ kubeconfigPath: dir.write('stale-kubeconfig', kc), contexts: ['good'], defaults });
    expect(specs.map((s) => s.name)).toEqual(['good']);
  });
});

describe('loadClusterSpecs: bad kubeconfigs', () => {
  /** [what is wrong, the kubeconfig (text or object), --contexts, the message after "kubeconfig <path>: "] */
  const cases: Array<[string, string | object, string[] | undefined, string]> = [
    ['not YAML', 'contexts:\n  - name: a\n  - name: a\n  name: b\n', undefined, 'YAML syntax error: All mapping items must start at the same column at line 4, column 1'],
    ['a list, not a mapping', '- a\n- b\n', undefined, 'expected a kubeconfig (a mapping with clusters, users and contexts), got a list'],
    ['empty', '', undefined, 'expected a kubeconfig (a mapping with clusters, users and contexts), got nothing'],
    ['no contexts', { ...kubeconfigOf(['a']), contexts: [] }, undefined, 'defines no contexts'],
    ['contexts not a list', { ...kubeconfigOf(['a']), contexts: { a: {} } }, undefined, 'contexts: expected a list, got a mapping'],
    ['a context without a name', { ...kubeconfigOf(['a']), contexts: [{ name: 'a', context: { cluster: 'a' } }, { context: { cluster: 'a' } }] }, undefined,
      'contexts[1] has no name (a context\'s name is its cluster\'s name in the gateway), got nothing'],
    ['a context with an empty name', { ...kubeconfigOf(['a']), contexts: [{ name: '', context: { cluster: 'a' } }] }, undefined,
      'contexts[0] has no name (a context\'s name is its cluster\'s name in the gateway), got ""'],
    ['a duplicate context', { ...kubeconfigOf(['a', 'b']), contexts: [...kubeconfigOf(['a', 'b']).contexts, { name: 'a', context: { cluster: 'b' } }] }, undefined,
      'context "a" is defined twice (contexts[0] and contexts[2])'],
    ['a context naming an undefined cluster', { ...kubeconfigOf(['x']), contexts: [{ name: 'x', context: { cluster: 'y', user: 'x' } }] }, undefined,
      'context "x" names cluster "y", which is not defined'],
    ['a context naming an undefined user', { ...kubeconfigOf(['x']), contexts: [{ name: 'x', context: { cluster: 'x', user: 'u' } }] }, undefined,
      'context "x" names user "u", which is not defined'],
    ['a context naming no cluster', { ...kubeconfigOf(['x']), contexts: [{ name: 'x', context: { user: 'x' } }] }, undefined, 'context "x" names no cluster'],
    ['a context without its context mapping', { ...kubeconfigOf(['x']), contexts: [{ name: 'x' }] }, undefined,
      'context "x" has no "context" mapping (with cluster and user), got nothing'],
    ['a cluster without a server', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { 'insecure-skip-tls-verify': true } }] }, undefined,
      'cluster "x" (of context "x") has no server URL'],
    ['a server without a scheme', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: 'localhost:6443' } }] }, undefined,
      'cluster "x" (of context "x") has server "localhost:6443", which is not an http(s) URL'],
    ['a server that is not http(s)', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: 'ftp://k8s.example' } }] }, undefined,
      'cluster "x" (of context "x") has server "ftp://k8s.example", which is not an http(s) URL'],
    ['a file: server', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: 'file:///etc/kubernetes' } }] }, undefined,
      'cluster "x" (of context "x") has server "file:///etc/kubernetes", which is not an http(s) URL'],
    ['an empty server', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: '' } }] }, undefined,
      'cluster "x" (of context "x") has no server URL'],
    ['a server with a user and password', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: 'https://admin:hunter2@k8s.example:6443' } }] }, undefined,
      'cluster "x" (of context "x") has server "https://***@k8s.example:6443", which carries credentials (user info before "@"); put them in the kubeconfig user instead'],
    ['a server with a query', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: 'https://k8s.example/?token=abc' } }] }, undefined,
      'cluster "x" (of context "x") has server "https://k8s.example/?token=abc", which has a query or fragment; a server URL may have only a scheme, host, port and path'],
    ['a server with a fragment', { ...kubeconfigOf(['x']), clusters: [{ name: 'x', cluster: { server: 'https://k8s.example#x' } }] }, undefined,
      'cluster "x" (of context "x") has server "https://k8s.example#x", which has a query or fragment; a server URL may have only a scheme, host, port and path'],
    ['--contexts naming a missing context', kubeconfigOf(['a', 'b']), ['b', 'c'], '--contexts names "c", which is not a context in this file; known contexts: a, b'],
    ['--contexts naming missing contexts', kubeconfigOf(['a', 'b']), ['c', 'd'], '--contexts names "c", "d", which are not contexts in this file; known contexts: a, b'],
    ['an empty --contexts list', kubeconfigOf(['a']), [], 'the list of contexts to serve is empty'],
  ];

  let written = 0;
  it.each(cases)('rejects a kubeconfig with %s', async (_what, content, contexts, problem) => {
    const path = dir.write(`bad-kubeconfig-${written++}`, content);
    const input: LoadClusterSpecsInput = contexts === undefined ? { kubeconfigPath: path, defaults } : { kubeconfigPath: path, contexts, defaults };
    expect(await fleetErrorOf(loadClusterSpecs(input))).toBe(`kubeconfig ${path}: ${problem}`);
  });

  it('never echoes a password from a server URL, even one the URL parser cannot read', async () => {
    for (const server of ['https://admin:hunter2@k8s.example', 'https://admin:hunter2@k8s.example:notaport', 'admin:hunter2@k8s.example']) {
      const kc = kubeconfigOf(['good', 'leaky']);
      kc.clusters[1] = { name: 'leaky', cluster: { server } };
      const path = dir.write(`leaky-kubeconfig-${written++}`, kc);
      const message = await fleetErrorOf(loadClusterSpecs({ kubeconfigPath: path, defaults }));
      expect(message).toContain('(of context "leaky")');
      expect(message).toContain('***@k8s.example');
      expect(message).not.toContain('hunter2');
    }
  });

  it('names a missing kubeconfig by its absolute path', async () => {
    const missing = join(dir.path, 'missing-kubeconfig');
    expect(await fleetErrorOf(loadClusterSpecs({ kubeconfigPath: relative(process.cwd(), missing), defaults }))).toBe(`kubeconfig ${missing}: cannot read: file not found`);
  });

  it('refuses a directory as a kubeconfig', async () => {
    expect(await fleetErrorOf(loadClusterSpecs({ kubeconfigPath: dir.path, defaults }))).toBe(`kubeconfig ${dir.path}: cannot read: it is a directory, not a file`);
  });

  it('throws FleetConfigError, named so', async () => {
    const e = await loadClusterSpecs({ kubeconfigPath: join(dir.path, 'nope'), defaults }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FleetConfigError);
    expect((e as Error).name).toBe('FleetConfigError');
  });
});
