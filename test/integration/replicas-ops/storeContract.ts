/**
 * The OperationStore contract, one set of tests for every implementation (in memory, Redis):
 * records are copies, a cancel asked for survives the runner's next update, a finished
 * operation never changes again, watchers see every change and stop at a final state, lists
 * are newest first and by state.
 */
import { describe, expect, test } from 'vitest';
import type { OperationRecord, OperationStore } from '../../../src/store/OperationStore.ts';

export const record = (id: string, state: OperationRecord['state'] = 'PENDING', createdAt = '2026-01-01T00:00:00Z'): OperationRecord => ({
  id, kind: 'apply', state, createdAt, startedAt: null, finishedAt: null, error: null, cancelRequested: false,
  fieldManager: 'fleetgraph', waitTimeoutSeconds: 600, pauseSeconds: 0,
  waves: [{ number: 1, state: 'PENDING', startedAt: null, finishedAt: null, clusters: [{ cluster: 'a', state: 'PENDING', objects: [], rollouts: [], error: null }] }],
});

let n = 0;
/** A fresh id per test: Redis stores share one server across the file's tests. */
const fresh = (name: string) => `${name}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

export function storeContract(name: string, make: () => OperationStore | Promise<OperationStore>): void {
  describe(`OperationStore contract: ${name}`, () => {
    test('hands out copies: changing what get returned changes nothing stored; an id is created once', async () => {
      const store = await make();
      const id = fresh('copy');
      await store.create(record(id));
      const got = (await store.get(id))!;
      got.state = 'FAILED';
      got.waves[0]!.state = 'FAILED';
      expect(await store.get(id)).toEqual(record(id));
      await expect(store.create(record(id))).rejects.toThrow(`operation ${id} exists already`);
      expect(await store.get('nope')).toBeUndefined();
      await expect(store.update(record('nope'))).rejects.toThrow('operation nope is not in the store');
    });

    test('a cancel asked for is kept through the runner\'s next update; a finished operation is not marked', async () => {
      const store = await make();
      const [a, b] = [fresh('cancel'), fresh('cancel')];
      const r = record(a, 'RUNNING');
      await store.create(r);
      expect((await store.requestCancel(a))?.cancelRequested).toBe(true);
      await store.update({ ...r, waves: [] }); // the runner's copy still says cancelRequested: false
      expect(await store.get(a)).toEqual({ ...r, waves: [], cancelRequested: true });
      await store.create(record(b, 'SUCCEEDED'));
      expect((await store.requestCancel(b))?.cancelRequested).toBe(false);
      expect(await store.requestCancel('nope')).toBeUndefined();
    });

    test('a finished operation never changes again (updates after a final state are ignored)', async () => {
      const store = await make();
      const id = fresh('final');
      const r = record(id, 'RUNNING');
      await store.create(r);
      await store.update({ ...r, state: 'SUCCEEDED' });
      await store.update({ ...r, state: 'RUNNING' });
      await store.update({ ...r, state: 'FAILED' });
      expect((await store.get(id))?.state).toBe('SUCCEEDED');
    });

    test('watch yields the record now, then every change, and ends after a final state', async () => {
      const store = await make();
      const id = fresh('watch');
      const r = record(id);
      await store.create(r);
      const seen: string[] = [];
      let first!: () => void;
      const started = new Promise<void>((resolve) => (first = resolve));
      const watching = (async () => {
        for await (const x of store.watch(id)) {
          seen.push(`${x.state}${x.cancelRequested ? '+cancel' : ''}`);
          first();
        }
      })();
      await started;
      await store.update({ ...r, state: 'RUNNING' });
      await store.requestCancel(id);
      await store.update({ ...r, state: 'CANCELLED' });
      await store.update({ ...r, state: 'CANCELLED' });
      await watching;
      expect(seen).toEqual(['PENDING', 'RUNNING', 'RUNNING+cancel', 'CANCELLED+cancel']);
      const none: unknown[] = [];
      for await (const x of store.watch('unknown')) none.push(x);
      expect(none).toEqual([]);
    });

    test('watch ends when its signal aborts', async () => {
      const store = await make();
      const id = fresh('abort');
      await store.create(record(id));
      const abort = new AbortController();
      const seen: string[] = [];
      const watching = (async () => {
        for await (const x of store.watch(id, abort.signal)) {
          seen.push(x.state);
          abort.abort();
        }
      })();
      await watching;
      expect(seen).toEqual(['PENDING']);
    });

    test('lists newest first (created in time order, as the engine does), all or by state, following state changes', async () => {
      const store = await make();
      const [old, mid, young] = [fresh('list'), fresh('list'), fresh('list')];
      await store.create(record(old, 'RUNNING', '2026-02-01T00:00:00Z'));
      await store.create(record(mid, 'RUNNING', '2026-02-02T00:00:00Z'));
      await store.create(record(young, 'PENDING', '2026-02-03T00:00:00Z'));
      const ours = (rs: OperationRecord[]) => rs.map((r) => r.id).filter((x) => [old, mid, young].includes(x));
      expect(ours(await store.list())).toEqual([young, mid, old]);
      expect(ours(await store.list({ state: 'RUNNING' }))).toEqual([mid, old]);
      await store.update({ ...record(old, 'RUNNING', '2026-02-01T00:00:00Z'), state: 'FAILED' });
      expect(ours(await store.list({ state: 'RUNNING' }))).toEqual([mid]);
      expect(ours(await store.list({ state: 'FAILED' }))).toEqual([old]);
      expect(ours(await store.list())).toEqual([young, mid, old]);
    });
  });
}
