/**
 * The simulated cluster's sense of time. Everything a cluster *does* over time (kubelet start
 * delays, crash-loop back-off, load-balancer provisioning, timestamps on objects and events)
 * goes through a SimClock, so tests can drive time by hand and stay fast and deterministic,
 * while `npm start` and benchmarks run on real time.
 *
 * Transport-level timing (watch `timeoutSeconds`, injected latency, hung connections) stays on
 * real timers: a client waiting on a socket lives in real time whatever the cluster's clock says.
 */

export interface SimTimer {
  cancel(): void;
}

export interface SimClock {
  /** Milliseconds since the epoch, in cluster time. */
  now(): number;
  /** RFC 3339 with second precision, the way Kubernetes writes metav1.Time. */
  timestamp(): string;
  /** RFC 3339 with microseconds, the way Kubernetes writes metav1.MicroTime (managedFields, eventTime). */
  microTimestamp(): string;
  /** Run `fn` after `ms` of cluster time. */
  schedule(ms: number, fn: () => void): SimTimer;
}

let lastSecond = Number.NaN;
let lastTimestamp = '';
function toTimestamp(ms: number): string {
  // One string per second, not per call: every object written in a second holds the same one.
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastTimestamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastTimestamp;
}
function toMicroTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Real time, optionally sped up (`speed` 10 makes a 5 s kubelet delay take 0.5 s). */
export class RealClock implements SimClock {
  /**
   * @param speed how many cluster milliseconds pass per real millisecond.
   * @default 1
   */
  constructor(private speed = 1) {
    RealClock.checkSpeed(speed);
  }
  private static checkSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error(`RealClock: speed must be a positive number, got ${speed}`);
  }
  /** Change the speed for timers scheduled from now on (a benchmark populates fast, then measures at 1). */
  setSpeed(speed: number): void {
    RealClock.checkSpeed(speed);
    // Cluster time keeps going from where it is, at the new rate.
    this.anchorCluster = this.now();
    this.anchorMono = performance.now();
    this.speed = speed;
  }
  private anchorCluster = Date.now();
  private anchorMono = performance.now();
  /** The due time of the latest timer that fired: timers fire up to a millisecond early. */
  private floor = 0;
  /**
   * Cluster time: the wall clock while the speed is 1; sped up, it runs `speed` times faster
   * than real time, so that a delay `schedule` shortens has also passed by `now()` when its
   * timer fires (controllers compare due times with `now()`). A sped-up cluster's clock thus
   * runs ahead of its clients' clocks, as a skewed cluster's would.
   */
  now(): number {
    const t = this.speed === 1 && this.anchorCluster <= Date.now()
      ? Date.now()
      : this.anchorCluster + Math.floor((performance.now() - this.anchorMono) * this.speed);
    return t > this.floor ? t : this.floor;
  }
  timestamp(): string {
    return toTimestamp(this.now());
  }
  microTimestamp(): string {
    return toMicroTimestamp(this.now());
  }
  schedule(ms: number, fn: () => void): SimTimer {
    const due = this.now() + Math.max(0, ms);
    // When the timer fires its delay has passed in cluster time too, even if the timer is early.
    const handle = setTimeout(() => {
      if (due > this.floor) this.floor = due;
      fn();
    }, Math.max(0, ms / this.speed));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  }
}

interface Pending {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Time that moves only when a test says so. `advance(ms)` fires every timer that falls due, in
 * order of due time, letting the cluster settle (microtasks and immediates) after each one so
 * that work the timer triggers runs before the next timer fires.
 */
export class ManualClock implements SimClock {
  private current: number;
  private seq = 0;
  private pending: Pending[] = [];

  /** @param start cluster time at creation, ms since the epoch. @default 2026-01-01T00:00:00Z */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  timestamp(): string {
    return toTimestamp(this.current);
  }
  microTimestamp(): string {
    return toMicroTimestamp(this.current);
  }
  schedule(ms: number, fn: () => void): SimTimer {
    const entry: Pending = { due: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => { entry.cancelled = true; } };
  }
  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }
  /** Move time forward by `ms`, firing due timers in order and settling after each. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new Error(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    const target = this.current + ms;
    await settle();
    for (;;) {
      this.pending = this.pending.filter((p) => !p.cancelled);
      let next: Pending | undefined;
      for (const p of this.pending) {
        if (p.due <= target && (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq))) next = p;
      }
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.current = Math.max(this.current, next.due);
      next.fn();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Let queued microtasks and immediates (the controllers' work queue) run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
