/**
 * A subscriber's deliveries with its streams' standing failures told in between: a stream that
 * cannot be read (its cluster refuses the watch: 403, 401, 404; or the namespace asked for is
 * outside the cluster's scope) would otherwise just stay silent, and the subscriber would wait
 * forever for changes that never come. Each such failure is one delivery of its own (a
 * `StreamProblem`, a per-cluster error of the subscription); the other streams go on, and the
 * failing one keeps retrying, its changes delivered once it works again.
 */
import type { ClusterError } from '../kube/ClusterError.ts';
import type { Delivery } from './readStreams.ts';

/** One stream's failure, told to its subscriber as a delivery without a cursor. */
export interface StreamProblem {
  problem: ClusterError;
}

export type HubDelivery<T> = Delivery<T> | StreamProblem;

export function isStreamProblem<T>(d: HubDelivery<T>): d is StreamProblem {
  return 'problem' in d;
}

/**
 * `inner`'s deliveries, with `initial` problems first and then each one `watch` reports as it
 * happens (a delivery already waiting in `inner` is not held back by one). `watch` returns how
 * to stop watching, called when the iteration ends.
 */
export function withProblems<T>(
  inner: AsyncIterableIterator<Delivery<T>>,
  initial: readonly ClusterError[],
  watch: (tell: (problem: ClusterError) => void) => () => void,
): AsyncIterableIterator<HubDelivery<T>> {
  const queue: ClusterError[] = [...initial];
  let ended = false;
  let tellWaiter: (problem: ClusterError) => boolean = () => false;
  const unwatch = watch((problem) => {
    if (ended) return;
    if (!tellWaiter(problem)) queue.push(problem);
  });
  const end = () => {
    ended = true;
    unwatch();
  };
  // Every delivery passes through here, so no race or promise per call beyond the one returned:
  // one inner next() at a time; its outcome goes to the waiting caller, or is kept for the next
  // call when a problem answered that caller first (the awaited delivery is never lost).
  type Outcome = { ok: true; result: IteratorResult<Delivery<T>> } | { ok: false; error: unknown };
  let waiter: { resolve: (r: IteratorResult<HubDelivery<T>>) => void; reject: (e: unknown) => void } | undefined;
  let kept: Outcome | undefined;
  let pulling = false;
  const settle = (outcome: Outcome) => {
    pulling = false;
    if (outcome.ok && outcome.result.done) end();
    const w = waiter;
    if (!w) {
      kept = outcome;
      return;
    }
    waiter = undefined;
    if (outcome.ok) w.resolve(outcome.result);
    else w.reject(outcome.error);
  };
  tellWaiter = (problem) => {
    const w = waiter;
    if (!w) return false;
    waiter = undefined;
    w.resolve({ done: false, value: { problem } });
    return true;
  };
  const iterator: AsyncIterableIterator<HubDelivery<T>> = {
    next(): Promise<IteratorResult<HubDelivery<T>>> {
      const told = ended ? undefined : queue.shift();
      if (told) return Promise.resolve({ done: false, value: { problem: told } });
      if (kept) {
        const k = kept;
        kept = undefined;
        return k.ok ? Promise.resolve(k.result) : Promise.reject(k.error);
      }
      if (!pulling) {
        pulling = true;
        inner.next().then((result) => settle({ ok: true, result }), (error: unknown) => settle({ ok: false, error }));
      }
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
    async return(): Promise<IteratorResult<HubDelivery<T>>> {
      end();
      await inner.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown): Promise<IteratorResult<HubDelivery<T>>> {
      end();
      return inner.throw ? inner.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
