import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import type { Delivery } from '../../../src/live/readStreams.ts';
import { withProblems, type HubDelivery } from '../../../src/live/withProblems.ts';

/** An inner iterator whose deliveries the test hands out one by one. */
function manual() {
  const waiting: Array<(r: IteratorResult<Delivery<string>>) => void> = [];
  const ready: Array<IteratorResult<Delivery<string>>> = [];
  let returned = false;
  const iterator: AsyncIterableIterator<Delivery<string>> = {
    next: () => (ready.length > 0 ? Promise.resolve(ready.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    return: async () => {
      returned = true;
      for (const w of waiting.splice(0)) w({ done: true, value: undefined });
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  const give = (value: string) => {
    const r = { done: false as const, value: { cursor: value, value } };
    const w = waiting.shift();
    if (w) w(r);
    else ready.push(r);
  };
  return { iterator, give, returned: () => returned };
}

const err = (cluster: string) => new ClusterError(cluster, 'FORBIDDEN', `cluster "${cluster}": refused`);
const show = (r: IteratorResult<HubDelivery<string>>) => (r.done ? 'done' : 'problem' in r.value ? `problem ${r.value.problem.cluster}` : `value ${r.value.value}`);

describe('withProblems', () => {
  it('tells the initial problems first, then the deliveries', async () => {
    const inner = manual();
    const it = withProblems(inner.iterator, [err('a'), err('b')], () => () => undefined);
    inner.give('x');
    expect([show(await it.next()), show(await it.next()), show(await it.next())]).toEqual(['problem a', 'problem b', 'value x']);
  });

  it('a problem told while the subscriber waits is delivered at once, and the delivery that was awaited is not lost', async () => {
    const inner = manual();
    let tell: ((p: ClusterError) => void) | undefined;
    const it = withProblems(inner.iterator, [], (t) => {
      tell = t;
      return () => undefined;
    });
    const first = it.next();
    tell!(err('c'));
    expect(show(await first)).toBe('problem c');
    // The inner next() started before the problem is still the one the next call gets.
    const second = it.next();
    inner.give('y');
    inner.give('z');
    expect([show(await second), show(await it.next())]).toEqual(['value y', 'value z']);
  });

  it('return() stops watching and ends the inner iteration', async () => {
    const inner = manual();
    let watching = false;
    const it = withProblems(inner.iterator, [], () => {
      watching = true;
      return () => {
        watching = false;
      };
    });
    const pending = it.next();
    await it.return!();
    expect(show(await pending)).toBe('done');
    expect(watching).toBe(false);
    expect(inner.returned()).toBe(true);
  });

  it('passes the inner iteration\'s failure to the caller, also when a problem answered that call first', async () => {
    let fail: ((e: Error) => void) | undefined;
    const inner: AsyncIterableIterator<Delivery<string>> = {
      next: () => new Promise((_resolve, reject) => { fail = reject; }),
      [Symbol.asyncIterator]: () => inner,
    };
    let tell: ((p: ClusterError) => void) | undefined;
    const it = withProblems(inner, [], (t) => {
      tell = t;
      return () => undefined;
    });
    const first = it.next();
    tell!(err('d'));
    expect(show(await first)).toBe('problem d');
    fail!(new Error('stream broke'));
    await expect(it.next()).rejects.toThrow('stream broke');
  });
});
