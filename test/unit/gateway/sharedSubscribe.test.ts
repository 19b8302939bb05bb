/**
 * The shared subscription executor on its own, over a small schema and hand-fed streams: one
 * execution per (entry, operation, variables), each subscriber with its own cursor wherever the
 * operation asks for it, and nothing shared that is one subscriber's own (gaps, errors, other
 * variables, streams not marked shareable).
 */
import { createRequire } from 'node:module';
import type { ExecutionResult, GraphQLFieldResolver } from 'graphql';
import { describe, expect, test, vi } from 'vitest';
import { SHARED_DELIVERIES } from '../../../src/live/deliveries.ts';
import { createSharedSubscribe } from '../../../src/server/sharedSubscribe.ts';

// The graphql-js copy sharedSubscribe.ts executes with (Node's resolution: the CommonJS build).
const { buildSchema, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

interface Entry { name: string; bad?: boolean }
interface Payload { cursor: string; value?: Entry; gap?: { missed: number } }

/** A stream fed by the test: `push` one delivery, read by the executor. */
class Feed {
  private readonly queue: Payload[] = [];
  private wake: (() => void) | undefined;
  push(p: Payload): void {
    this.queue.push(p);
    this.wake?.();
  }
  iterator(shared: boolean): AsyncIterableIterator<Payload> {
    const it: AsyncIterableIterator<Payload> = {
      next: async () => {
        while (this.queue.length === 0) await new Promise<void>((r) => { this.wake = r; });
        return { done: false, value: this.queue.shift()! };
      },
      return: async () => ({ done: true, value: undefined }),
      [Symbol.asyncIterator]: () => it,
    };
    if (shared) Object.defineProperty(it, SHARED_DELIVERIES, { value: true });
    return it;
  }
}

function setup() {
  const schema = buildSchema(`
    type Query { unused: Int }
    type Subscription { changes(tag: String, shared: Boolean): Change! }
    type Gap { missed: Int! }
    type Change { cursor: String! name: String gap: Gap tag: String }
  `);
  const calls = { name: 0, renew: 0 };
  const feeds: Feed[] = [];
  const field = schema.getSubscriptionType()!.getFields()['changes']!;
  field.subscribe = ((_: unknown, args: { shared?: boolean | null }) => {
    const feed = new Feed();
    feeds.push(feed);
    return feed.iterator(args.shared !== false);
  }) as GraphQLFieldResolver<unknown, unknown>;
  field.resolve = (p: unknown) => p;
  const change = schema.getType('Change') as import('graphql').GraphQLObjectType;
  const f = change.getFields();
  f['name']!.resolve = (d: Payload) => {
    calls.name++;
    if (d.value?.bad) throw new Error(`bad entry ${d.value.name}`);
    return d.value?.name ?? null;
  };
  f['gap']!.resolve = (d: Payload) => d.gap ?? null;
  f['tag']!.resolve = (_d: unknown, _a: unknown, _c: unknown, info) => String(info.variableValues['tag'] ?? '');
  const sharing = createSharedSubscribe({ renewContext: () => { calls.renew++; }, callerOf: (c) => (c as { caller?: string }).caller ?? '' });
  async function subscriber(query: string, variables: Record<string, unknown> = {}, caller?: string) {
    const it = await sharing.subscribe({ schema, document: parse(query), variableValues: variables, contextValue: { caller } });
    if (!(Symbol.asyncIterator in it)) throw new Error(`not a stream: ${JSON.stringify(it)}`);
    const feed = feeds.at(-1)!;
    return { feed, next: async () => (await it.next()).value as ExecutionResult };
  }
  return { calls, stats: sharing.stats, subscriber };
}

const Q = 'subscription ($tag: String) { changes(tag: $tag) { cursor name } }';

describe('sharedSubscribe', () => {
  test('an entry is executed once for identical subscribers, each getting its own cursor', async () => {
    const { calls, stats, subscriber } = setup();
    const subs = [await subscriber(Q, { tag: 'a' }), await subscriber(Q, { tag: 'a' }), await subscriber(Q, { tag: 'a' })];
    const entry: Entry = { name: 'web' };
    subs.forEach((s, i) => s.feed.push({ cursor: `c${i}`, value: entry }));
    const got = await Promise.all(subs.map((s) => s.next()));
    expect(got).toEqual([0, 1, 2].map((i) => ({ data: { changes: { cursor: `c${i}`, name: 'web' } } })));
    expect(calls).toEqual({ name: 1, renew: 1 });
    expect(stats).toEqual({ executions: 1, shared: 2 });
    // The next entry is executed again, once.
    const second: Entry = { name: 'db' };
    subs.forEach((s, i) => s.feed.push({ cursor: `d${i}`, value: second }));
    expect((await Promise.all(subs.map((s) => s.next()))).map((r) => r.data)).toEqual([0, 1, 2].map((i) => ({ changes: { cursor: `d${i}`, name: 'db' } })));
    expect(stats).toEqual({ executions: 2, shared: 4 });
  });

  test('identical subscribers of different callers are never shared (each executes for itself); of the same caller they are', async () => {
    const { calls, stats, subscriber } = setup();
    const subs = [await subscriber(Q, {}, 'alice'), await subscriber(Q, {}, 'bob'), await subscriber(Q, {}, 'alice'), await subscriber(Q, {})];
    const entry: Entry = { name: 'web' };
    subs.forEach((s, i) => s.feed.push({ cursor: `c${i}`, value: entry }));
    const got = await Promise.all(subs.map((s) => s.next()));
    expect(got.map((r) => r.data)).toEqual([0, 1, 2, 3].map((i) => ({ changes: { cursor: `c${i}`, name: 'web' } })));
    // alice twice shares one execution; bob and the caller-less subscriber execute their own.
    expect(calls.name).toBe(3);
    expect(stats).toEqual({ executions: 3, shared: 1 });
  });

  test('the cursor is each subscriber\'s own under every alias and fragment that selects it', async () => {
    const { stats, subscriber } = setup();
    const q = 'subscription { changes { c1: cursor ...F name ... on Change { c3: cursor } } } fragment F on Change { cursor c2: cursor }';
    const [a, b] = [await subscriber(q), await subscriber(q)];
    const entry: Entry = { name: 'web' };
    a!.feed.push({ cursor: 'A', value: entry });
    b!.feed.push({ cursor: 'B', value: entry });
    expect((await a!.next()).data).toEqual({ changes: { c1: 'A', cursor: 'A', c2: 'A', name: 'web', c3: 'A' } });
    expect((await b!.next()).data).toEqual({ changes: { c1: 'B', cursor: 'B', c2: 'B', name: 'web', c3: 'B' } });
    expect(stats).toEqual({ executions: 1, shared: 1 });
  });

  test('different variables, different documents and unmarked streams are not shared', async () => {
    const { calls, stats, subscriber } = setup();
    const subs = [
      await subscriber('subscription ($tag: String) { changes(tag: $tag) { cursor name tag } }', { tag: 'a' }),
      await subscriber('subscription ($tag: String) { changes(tag: $tag) { cursor name tag } }', { tag: 'b' }),
      await subscriber('subscription ($tag: String) { changes(tag: $tag) { name cursor tag } }', { tag: 'a' }),
      await subscriber('subscription { changes(shared: false) { cursor name } }'),
      await subscriber('subscription { changes(shared: false) { cursor name } }'),
    ];
    const entry: Entry = { name: 'web' };
    subs.forEach((s, i) => s.feed.push({ cursor: `c${i}`, value: entry }));
    const got = await Promise.all(subs.map((s) => s.next()));
    expect(got.map((r) => r.data)).toEqual([
      { changes: { cursor: 'c0', name: 'web', tag: 'a' } },
      { changes: { cursor: 'c1', name: 'web', tag: 'b' } },
      { changes: { name: 'web', cursor: 'c2', tag: 'a' } },
      { changes: { cursor: 'c3', name: 'web' } },
      { changes: { cursor: 'c4', name: 'web' } },
    ]);
    expect(calls.name).toBe(5);
    expect(stats).toEqual({ executions: 5, shared: 0 });
  });

  test('a shared result is kept for a while, not for as long as the entry lives', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const { stats, subscriber } = setup();
      const [a, b] = [await subscriber(Q), await subscriber(Q)];
      const old: Entry = { name: 'old' };
      a!.feed.push({ cursor: 'a1', value: old });
      await a!.next();
      // Six seconds on, another entry is executed: the first is still held (one generation back).
      vi.advanceTimersByTime(6000);
      a!.feed.push({ cursor: 'a2', value: { name: 'next' } });
      await a!.next();
      b!.feed.push({ cursor: 'b1', value: old });
      expect((await b!.next()).data).toEqual({ changes: { cursor: 'b1', name: 'old' } });
      expect(stats).toEqual({ executions: 2, shared: 1 });
      // Twelve seconds on, after one more execution, it is not: executed again.
      vi.advanceTimersByTime(6000);
      a!.feed.push({ cursor: 'a3', value: { name: 'last' } });
      await a!.next();
      b!.feed.push({ cursor: 'b2', value: old });
      expect((await b!.next()).data).toEqual({ changes: { cursor: 'b2', name: 'old' } });
      expect(stats).toEqual({ executions: 4, shared: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  test('gap deliveries and results with errors are each subscriber\'s own', async () => {
    const { calls, stats, subscriber } = setup();
    const q = 'subscription { changes { cursor name gap { missed } } }';
    const [a, b] = [await subscriber(q), await subscriber(q)];
    a!.feed.push({ cursor: 'gA', gap: { missed: 1 } });
    b!.feed.push({ cursor: 'gB', gap: { missed: 2 } });
    expect((await a!.next()).data).toEqual({ changes: { cursor: 'gA', name: null, gap: { missed: 1 } } });
    expect((await b!.next()).data).toEqual({ changes: { cursor: 'gB', name: null, gap: { missed: 2 } } });
    const bad: Entry = { name: 'broken', bad: true };
    a!.feed.push({ cursor: 'eA', value: bad });
    b!.feed.push({ cursor: 'eB', value: bad });
    const [ra, rb] = [await a!.next(), await b!.next()];
    expect(ra.data).toEqual({ changes: { cursor: 'eA', name: null, gap: null } });
    expect(rb.data).toEqual({ changes: { cursor: 'eB', name: null, gap: null } });
    expect(ra.errors?.map((e) => e.message)).toEqual(['bad entry broken']);
    expect(rb.errors?.map((e) => e.message)).toEqual(['bad entry broken']);
    // Two gaps, and the bad entry executed by each subscriber.
    expect(calls.name).toBe(4);
    expect(stats).toEqual({ executions: 4, shared: 0 });
  });
});
