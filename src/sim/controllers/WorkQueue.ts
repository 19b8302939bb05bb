/**
 * A controller's work queue, as client-go's rate-limited workqueue is to kube-controller-manager:
 * keys (usually `namespace/name`) waiting to be reconciled, each at most once however often it is
 * added, plus keys due later on the cluster clock (delays, retries after errors with back-off).
 */
import type { SimClock, SimTimer } from '../clock.ts';

/** What a controller uses to ask for work. */
export interface Queue {
  /** Reconcile `key` soon (once, however many times it is added before it runs). */
  add(key: string): void;
  /** Reconcile `key` after `ms` of cluster time (the earliest of several requests wins). */
  addAfter(key: string, ms: number): void;
}

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;

export class WorkQueue implements Queue {
  private readonly pending = new Set<string>();
  /** key → when it is due; keys due at the same moment share one clock timer (and one batch). */
  private readonly delayed = new Map<string, number>();
  private readonly timers = new Map<number, { timer: SimTimer; keys: Set<string> }>();
  private readonly failures = new Map<string, number>();
  private stopped = false;

  /** @param wake called whenever a key becomes due, so the owner can schedule processing. */
  constructor(private readonly clock: SimClock, private readonly wake: () => void) {}

  add(key: string): void {
    if (this.stopped || this.pending.has(key)) return;
    this.pending.add(key);
    this.wake();
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const due = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing <= due) return;
    if (existing !== undefined) this.unschedule(key, existing);
    this.delayed.set(key, due);
    let slot = this.timers.get(due);
    if (!slot) {
      const keys = new Set<string>();
      const timer = this.clock.schedule(ms, () => {
        this.timers.delete(due);
        for (const k of keys) {
          this.delayed.delete(k);
          this.add(k);
        }
      });
      this.timers.set(due, (slot = { timer, keys }));
    }
    slot.keys.add(key);
  }

  /** The next due key, removed from the queue (insertion order keeps runs deterministic). */
  pop(): string | undefined {
    const next = this.pending.values().next();
    if (next.done) return undefined;
    this.pending.delete(next.value);
    return next.value;
  }

  get size(): number {
    return this.pending.size;
  }

  /** The reconcile of `key` failed: try again later, backing off exponentially. */
  retry(key: string): void {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    this.addAfter(key, Math.min(RETRY_BASE_MS * 2 ** (n - 1), RETRY_MAX_MS));
  }

  /** The reconcile of `key` succeeded: its next failure starts the back-off afresh. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const slot of this.timers.values()) slot.timer.cancel();
    this.timers.clear();
    this.delayed.clear();
    this.pending.clear();
    this.failures.clear();
  }

  private unschedule(key: string, due: number): void {
    const slot = this.timers.get(due);
    if (!slot) return;
    slot.keys.delete(key);
    if (slot.keys.size === 0) {
      slot.timer.cancel();
      this.timers.delete(due);
    }
  }
}
