/**
 * The in-process OperationStore: a Map and listeners. Records are deep-copied in and out so
 * callers behave as they will against a shared store. Finished operations are kept up to a
 * limit, oldest dropped first: why, without it a gateway running automation for months would
 * grow without bound; running operations are never dropped.
 */
import { FINAL_STATES, type OperationRecord, type OperationState, type OperationStore } from './OperationStore.ts';

export interface MemoryOperationStoreOptions {
  /** Finished operations kept for `operation(id)` and `operations`. @default 1000 */
  maxFinished?: number;
}

export class MemoryOperationStore implements OperationStore {
  private readonly records = new Map<string, OperationRecord>();
  private readonly listeners = new Map<string, Set<(r: OperationRecord) => void>>();
  private readonly maxFinished: number;

  constructor(options: MemoryOperationStoreOptions = {}) {
    this.maxFinished = options.maxFinished ?? 1000;
  }

  create(record: OperationRecord): Promise<void> {
    if (this.records.has(record.id)) return Promise.reject(new Error(`operation ${record.id} exists already`));
    this.records.set(record.id, structuredClone(record));
    this.prune();
    return Promise.resolve();
  }

  get(id: string): Promise<OperationRecord | undefined> {
    const r = this.records.get(id);
    return Promise.resolve(r && structuredClone(r));
  }

  list(filter: { state?: OperationState } = {}): Promise<OperationRecord[]> {
    const all = [...this.records.values()].reverse();
    return Promise.resolve(all.filter((r) => filter.state === undefined || r.state === filter.state).map((r) => structuredClone(r)));
  }

  update(record: OperationRecord): Promise<void> {
    const stored = this.records.get(record.id);
    if (!stored) return Promise.reject(new Error(`operation ${record.id} is not in the store`));
    // Monotonic, as the shared store: a finished operation stays as it finished.
    if (FINAL_STATES.has(stored.state)) return Promise.resolve();
    const next = { ...structuredClone(record), cancelRequested: stored.cancelRequested || record.cancelRequested };
    this.records.set(record.id, next);
    this.publish(next);
    if (FINAL_STATES.has(next.state)) this.prune();
    return Promise.resolve();
  }

  requestCancel(id: string): Promise<OperationRecord | undefined> {
    const stored = this.records.get(id);
    if (!stored) return Promise.resolve(undefined);
    if (!FINAL_STATES.has(stored.state) && !stored.cancelRequested) {
      stored.cancelRequested = true;
      this.publish(stored);
    }
    return Promise.resolve(structuredClone(stored));
  }

  async *watch(id: string, signal?: AbortSignal): AsyncIterable<OperationRecord> {
    const queue: OperationRecord[] = [];
    let wake: (() => void) | undefined;
    const listener = (r: OperationRecord) => {
      queue.push(structuredClone(r));
      wake?.();
    };
    const onAbort = () => wake?.();
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    signal?.addEventListener('abort', onAbort);
    try {
      const now = this.records.get(id);
      if (!now) return;
      yield structuredClone(now);
      if (FINAL_STATES.has(now.state)) return;
      while (!signal?.aborted) {
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        yield next;
        if (FINAL_STATES.has(next.state)) return;
      }
    } finally {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private publish(record: OperationRecord): void {
    for (const listener of this.listeners.get(record.id) ?? []) listener(record);
  }

  private prune(): void {
    let finished = 0;
    for (const r of this.records.values()) if (FINAL_STATES.has(r.state)) finished++;
    // Map iteration is insertion order: the oldest finished operations go first.
    for (const [id, r] of this.records) {
      if (finished <= this.maxFinished) break;
      if (FINAL_STATES.has(r.state)) {
        this.records.delete(id);
        finished--;
      }
    }
  }
}
