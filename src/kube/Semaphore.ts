/**
 * A counting semaphore with deadlines: at most `limit` upstream requests per cluster at once,
 * and a waiter gives up when its deadline passes (a queue must not outlive the caller's timeout).
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<{ grant: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Semaphore limit must be a positive integer, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves true with a slot held (call release once), or false if `deadline` (epoch ms) passed first. */
  acquire(deadline: number): Promise<boolean> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          this.active++;
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(false);
      }, Math.max(0, deadline - Date.now()));
      this.waiters.push(waiter);
    });
  }

  release(): void {
    if (this.active === 0) throw new Error('Semaphore.release() called with no slot held');
    this.active--;
    const next = this.waiters.shift();
    if (next) next.grant();
  }
}
