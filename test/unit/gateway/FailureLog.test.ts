/**
 * The per-request record of cluster failures: one entry per (cluster, code), however many
 * fields and resources ran into it, with the resources merged and the first message and path kept.
 */
import { describe, expect, test } from 'vitest';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import { FailureLog } from '../../../src/loaders/FailureLog.ts';

const down = (resource?: string) => new ClusterError('pr-2', 'CLUSTER_UNREACHABLE', 'cluster "pr-2" is unreachable (connection refused)', resource);

describe('FailureLog', () => {
  test('starts empty', () => {
    const log = new FailureLog();
    expect(log.size).toBe(0);
    expect(log.all()).toEqual([]);
  });

  test('keeps one entry per cluster and code, merging the resources that failed', () => {
    const log = new FailureLog();
    log.record(down('nodes'), ['clusters', 1, 'nodes']);
    log.record(down('pods'), ['clusters', 1, 'pods']);
    log.record(down('nodes'), ['clusters', 1, 'nodes', 0, 'pods']);
    log.record(down('events'));
    expect(log.size).toBe(1);
    expect(log.all()).toEqual([{
      cluster: 'pr-2', code: 'CLUSTER_UNREACHABLE', message: 'cluster "pr-2" is unreachable (connection refused)',
      resources: ['nodes', 'pods', 'events'], path: ['clusters', 1, 'nodes'],
    }]);
  });

  test('keeps separate entries for another code of the same cluster and for another cluster', () => {
    const log = new FailureLog();
    log.record(new ClusterError('pr-4', 'FORBIDDEN', 'cluster "pr-4": pods: forbidden', 'pods'), ['pods']);
    log.record(new ClusterError('pr-4', 'METRICS_UNAVAILABLE', 'cluster "pr-4" serves no metrics API', 'pods.metrics.k8s.io'), ['pods', 0, 'usage']);
    log.record(new ClusterError('pr-5', 'FORBIDDEN', 'cluster "pr-5": pods: forbidden', 'pods'), ['pods']);
    log.record(new ClusterError('pr-4', 'FORBIDDEN', 'cluster "pr-4": nodes: forbidden', 'nodes'), ['nodes']);
    expect(log.all().map((f) => [f.cluster, f.code, f.resources, f.message])).toEqual([
      ['pr-4', 'FORBIDDEN', ['pods', 'nodes'], 'cluster "pr-4": pods: forbidden'],
      ['pr-4', 'METRICS_UNAVAILABLE', ['pods.metrics.k8s.io'], 'cluster "pr-4" serves no metrics API'],
      ['pr-5', 'FORBIDDEN', ['pods'], 'cluster "pr-5": pods: forbidden'],
    ]);
    expect(log.size).toBe(3);
  });

  test('an error without a resource adds none, and without a path leaves the path undefined', () => {
    const log = new FailureLog();
    log.record(down());
    expect(log.all()).toEqual([{ cluster: 'pr-2', code: 'CLUSTER_UNREACHABLE', message: down().message, resources: [], path: undefined }]);
    log.record(down('pods'));
    expect(log.all()[0]?.resources).toEqual(['pods']);
  });
});
