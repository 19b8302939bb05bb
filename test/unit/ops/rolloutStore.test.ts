/**
 * What only the in-memory store does: finished operations are kept up to the limit (running ones
 * never dropped). The behaviour every store shares (copies, cancels kept, watch) is the contract
 * in test/integration/replicas-ops/storeContract.ts, run against this store and the Redis one.
 */
import { describe, expect, test } from 'vitest';
import { MemoryOperationStore } from '../../../src/store/MemoryOperationStore.ts';
import type { OperationRecord } from '../../../src/store/OperationStore.ts';

const record = (id: string, state: OperationRecord['state'] = 'PENDING'): OperationRecord => ({
  id, kind: 'apply', state, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null, error: null, cancelRequested: false,
  fieldManager: 'fleetgraph', waitTimeoutSeconds: 600, pauseSeconds: 0,
  waves: [{ number: 1, state: 'PENDING', startedAt: null, finishedAt: null, clusters: [{ cluster: 'a', state: 'PENDING', objects: [], rollouts: [], error: null }] }],
});

describe('MemoryOperationStore', () => {
  test('keeps finished operations up to the limit, oldest dropped first, running ones never; lists newest first by state', async () => {
    const store = new MemoryOperationStore({ maxFinished: 2 });
    await store.create(record('running', 'RUNNING'));
    for (const id of ['f1', 'f2', 'f3']) await store.create(record(id, 'SUCCEEDED'));
    expect((await store.list()).map((r) => r.id)).toEqual(['f3', 'f2', 'running']);
    expect((await store.list({ state: 'RUNNING' })).map((r) => r.id)).toEqual(['running']);
  });
});
