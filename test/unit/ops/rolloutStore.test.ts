/**
 * MemoryOperationStore behaves as a shared store would: records are copies, a cancel asked for
 * survives the runner's next update, watchers see every change and stop at a final state, and
 * finished operations are kept only up to the limit (running ones never dropped).
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
  test('hands out copies: changing what get returned changes nothing stored', async () => {
    const store = new MemoryOperationStore();
    await store.create(record('op1'));
    const got = (await store.get('op1'))!;
    got.state = 'FAILED';
    got.waves[0]!.state = 'FAILED';
    expect((await store.get('op1'))?.state).toBe('PENDING');
    expect((await store.get('op1'))?.waves[0]?.state).toBe('PENDING');
    await expect(store.create(record('op1'))).rejects.toThrow('operation op1 exists already');
  });

  test('a cancel asked for is kept through the runner\'s next update; a finished operation is not marked', async () => {
    const store = new MemoryOperationStore();
    const r = record('op1', 'RUNNING');
    await store.create(r);
    expect((await store.requestCancel('op1'))?.cancelRequested).toBe(true);
    await store.update({ ...r, waves: [] }); // the runner's copy still says cancelRequested: false
    expect((await store.get('op1'))?.cancelRequested).toBe(true);
    await store.create(record('op2', 'SUCCEEDED'));
    expect((await store.requestCancel('op2'))?.cancelRequested).toBe(false);
    expect(await store.requestCancel('nope')).toBeUndefined();
  });

  test('watch yields the record now, then every change, and ends after a final state', async () => {
    const store = new MemoryOperationStore();
    const r = record('op1');
    await store.create(r);
    const seen: string[] = [];
    const watching = (async () => {
      for await (const x of store.watch('op1')) seen.push(`${x.state}${x.cancelRequested ? '+cancel' : ''}`);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    await store.update({ ...r, state: 'RUNNING' });
    await store.requestCancel('op1');
    await store.update({ ...r, state: 'CANCELLED' });
    await store.update({ ...r, state: 'CANCELLED' });
    await watching;
    expect(seen).toEqual(['PENDING', 'RUNNING', 'RUNNING+cancel', 'CANCELLED+cancel']);
    const none: unknown[] = [];
    for await (const x of store.watch('unknown')) none.push(x);
    expect(none).toEqual([]);
  });

  test('watch ends when its signal aborts', async () => {
    const store = new MemoryOperationStore();
    await store.create(record('op1'));
    const abort = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const x of store.watch('op1', abort.signal)) seen.push(x.state);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    await watching;
    expect(seen).toEqual(['PENDING']);
  });

  test('keeps finished operations up to the limit, oldest dropped first, running ones never; lists newest first by state', async () => {
    const store = new MemoryOperationStore({ maxFinished: 2 });
    await store.create(record('running', 'RUNNING'));
    for (const id of ['f1', 'f2', 'f3']) await store.create(record(id, 'SUCCEEDED'));
    expect((await store.list()).map((r) => r.id)).toEqual(['f3', 'f2', 'running']);
    expect((await store.list({ state: 'RUNNING' })).map((r) => r.id)).toEqual(['running']);
  });
});
