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
  let wake: (() => void) | undefined;
  let ended = false;
  const unwatch = watch((problem) => {
    if (ended) return;
    queue.push(problem);
    wake?.();
  });
  const end = () => {
    ended = true;
    unwatch();
  };
  // The inner next() still running when a problem was told first: the following next() takes it.
  let pending: Promise<IteratorResult<Delivery<T>>> | undefined;
  const iterator: AsyncIterableIterator<HubDelivery<T>> = {
    async next(): Promise<IteratorResult<HubDelivery<T>>> {
      const told = ended ? undefined : queue.shift();
      if (told) return { done: false, value: { problem: told } };
      pending ??= inner.next();
      const problemTold = new Promise<'problem'>((resolve) => {
        wake = () => resolve('problem');
      });
      const first = await Promise.race([pending, problemTold]);
      wake = undefined;
      if (first === 'problem') return { done: false, value: { problem: queue.shift()! } };
      pending = undefined;
      if (first.done) end();
      return first;
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
