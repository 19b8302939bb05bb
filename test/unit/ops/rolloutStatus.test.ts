/**
 * rolloutStatus reads a workload's live object with `kubectl rollout status`'s rules and words:
 * these cases are the branches of kubectl's polymorphichelpers/rollout_status.go.
 */
import { describe, expect, test } from 'vitest';
import { rolloutStatus } from '../../../src/ops/rolloutStatus.ts';

const deployment = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2) =>
  ({ metadata: { name: 'web', generation }, spec: { replicas: 3, ...spec }, status: { observedGeneration: 2, ...status } });

describe('Deployment', () => {
  test.each([
    ['spec not observed yet', deployment({}, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), false, 'Waiting for deployment spec update to be observed...'],
    ['new replicas not all updated', deployment({}, { replicas: 3, updatedReplicas: 1, availableReplicas: 1 }), false, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'],
    ['old replicas left', deployment({}, { replicas: 4, updatedReplicas: 3, availableReplicas: 3 }), false, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...'],
    ['updated but not available', deployment({}, { replicas: 3, updatedReplicas: 3, availableReplicas: 2 }), false, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...'],
    ['rolled out', deployment({}, { replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), true, 'deployment "web" successfully rolled out'],
    ['no status at all', { metadata: { name: 'web', generation: 1 }, spec: { replicas: 1 } }, false, 'Waiting for deployment spec update to be observed...'],
  ])('%s', (_name, object, done, message) => {
    expect(rolloutStatus('Deployment', object)).toEqual({ done, failed: false, message });
  });

  test('ProgressDeadlineExceeded fails it: waiting longer changes nothing', () => {
    const object = deployment({}, { replicas: 3, updatedReplicas: 3, availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
    expect(rolloutStatus('Deployment', object)).toEqual({ done: false, failed: true, message: 'deployment "web" exceeded its progress deadline' });
  });
});

describe('StatefulSet', () => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>) =>
    ({ metadata: { name: 'db', generation: 2 }, spec: { replicas: 3, ...spec }, status: { observedGeneration: 2, ...status } });
  test('waits for ready replicas, then for the update revision', () => {
    expect(rolloutStatus('StatefulSet', sts({}, { readyReplicas: 2 })).message).toBe('Waiting for 1 pods to be ready...');
    expect(rolloutStatus('StatefulSet', sts({}, { readyReplicas: 3, updatedReplicas: 1, currentRevision: 'db-1', updateRevision: 'db-2' })))
      .toEqual({ done: false, failed: false, message: 'waiting for statefulset rolling update to complete 1 pods at revision db-2...' });
    expect(rolloutStatus('StatefulSet', sts({}, { readyReplicas: 3, currentRevision: 'db-2', updateRevision: 'db-2' })))
      .toEqual({ done: true, failed: false, message: 'statefulset rolling update complete db-2' });
  });
  test('with a partition, the updated replicas past it are the test', () => {
    const strategy = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } };
    expect(rolloutStatus('StatefulSet', sts(strategy, { readyReplicas: 3, updatedReplicas: 1 })).done).toBe(false);
    expect(rolloutStatus('StatefulSet', sts(strategy, { readyReplicas: 3, updatedReplicas: 2 }))).toEqual({ done: true, failed: false, message: 'partitioned roll out complete: 2 new pods have been updated...' });
  });
  test('an unobserved one (observedGeneration 0) waits', () => {
    expect(rolloutStatus('StatefulSet', sts({}, { observedGeneration: 0, readyReplicas: 3 })).done).toBe(false);
  });
});

describe('DaemonSet', () => {
  const ds = (status: Record<string, unknown>, type = 'RollingUpdate') =>
    ({ metadata: { name: 'agent', generation: 1 }, spec: { updateStrategy: { type } }, status: { observedGeneration: 1, desiredNumberScheduled: 3, ...status } });
  test('waits for updated, then available pods', () => {
    expect(rolloutStatus('DaemonSet', ds({ updatedNumberScheduled: 2, numberAvailable: 2 })).message).toBe('Waiting for daemon set "agent" rollout to finish: 2 out of 3 new pods have been updated...');
    expect(rolloutStatus('DaemonSet', ds({ updatedNumberScheduled: 3, numberAvailable: 1 })).message).toBe('Waiting for daemon set "agent" rollout to finish: 1 of 3 updated pods are available...');
    expect(rolloutStatus('DaemonSet', ds({ updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({ done: true, failed: false, message: 'daemon set "agent" successfully rolled out' });
  });
  test('OnDelete is not waited for (its pods change only when deleted)', () => {
    expect(rolloutStatus('DaemonSet', ds({ updatedNumberScheduled: 0 }, 'OnDelete')).done).toBe(true);
  });
});
