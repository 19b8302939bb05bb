/**
 * The simulator as the official Kubernetes Python client meets it: typed lists with selectors
 * and pagination, writes and the three patch types, forced server-side apply, the scale
 * subresource, orphaning and foreground deletes, kubernetes.watch.Watch resuming from a
 * resourceVersion, the legacy /watch/ paths and errors as ApiException. The client sends
 * booleans as Python spells them (`watch=True`, `force=True`, `orphanDependents=True`) and
 * refuses answers missing a field its models require, so these checks hold the simulator to
 * kube-apiserver's general rules rather than to what kubectl happens to send.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Conformance } from './harness.ts';
import { pythonClientAvailable, runPythonChecks, type CheckResult } from './pythonClient.ts';

const run = pythonClientAvailable();

const CHECKS = [
  'discovery_and_models', 'list_selectors_and_pagination', 'writes_and_patches', 'forced_server_side_apply',
  'scale_subresource', 'orphaning_delete', 'foreground_delete', 'watch_with_resume', 'legacy_watch_paths', 'errors',
];

describe.skipIf(!run)('the official Python client against a simulated cluster', () => {
  let k: Conformance;
  let results: Record<string, CheckResult>;

  beforeAll(async () => {
    k = await Conformance.start({ clusters: 1, nodes: 2 });
    results = await runPythonChecks(k.kubeconfig, k.context);
  }, 120_000);

  afterAll(async () => {
    await k?.stop();
  });

  test('runs every check the suite names, and only those', () => {
    expect(Object.keys(results).sort()).toEqual([...CHECKS].sort());
  });

  test.each(CHECKS)('%s passes', (name) => {
    const result = results[name];
    expect(result?.error ?? 'not run').toBe('');
    expect(result?.ok).toBe(true);
  });

  test('its watches reached the server as watches, legacy paths included', () => {
    const requests = k.fleet.clusters[0]!.requests;
    // watch_with_resume: two Watch.stream calls; legacy_watch_paths: four /watch/ paths.
    expect(requests.count({ verb: 'watch', resource: 'configmaps' })).toBeGreaterThanOrEqual(4);
    expect(requests.find({ verb: 'watch' }).filter((r) => r.path.includes('/watch/')).map((r) => r.path).sort()).toEqual([
      '/api/v1/watch/namespaces/py-legacy/configmaps',
      '/api/v1/watch/namespaces/py-legacy/configmaps/two',
      '/api/v1/watch/nodes',
      '/apis/apps/v1/watch/deployments',
    ]);
    expect(requests.find({ verb: 'watch', resource: 'configmaps' }).some((r) => r.query.includes('watch=True'))).toBe(true);
  });

  test('the orphaning delete arrived as the client spells it and left the ReplicaSet', () => {
    const deletes = k.fleet.clusters[0]!.requests.find({ method: 'DELETE', resource: 'deployments', namespace: 'py-orphan' });
    expect(deletes.map((r) => r.query)).toEqual(['?orphanDependents=True']);
  });
});
