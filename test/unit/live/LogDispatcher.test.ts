import { describe, expect, test } from 'vitest';
import { parseLabelSelector } from '../../../src/fleet/labelSelector.ts';
import { changeFilter, eventFilter } from '../../../src/live/filters.ts';
import { LogUnavailable } from '../../../src/live/EventLog.ts';
import { LogDispatcher, type DispatchMember } from '../../../src/live/LogDispatcher.ts';
import { MemoryEventLog } from '../../../src/live/MemoryEventLog.ts';
import { readStreams, type Delivery, type ReadStreamsOptions } from '../../../src/live/readStreams.ts';
import { decodeStreamCursor } from '../../../src/live/StreamCursor.ts';
import type { ResourceChangeEntry } from '../../../src/live/WatchHub.ts';

const turn = () => new Promise<void>((r) => setImmediate(r));

/** Reads an iterator in the background until `until` holds for what it got. */
function collect<T>(it: AsyncIterableIterator<Delivery<T>>) {
  const got: Delivery<T>[] = [];
  const done = (async () => {
    for await (const d of it) got.push(d);
  })();
  return { got, stop: async () => { await it.return!(); await done; } };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (check()) return;
    await turn();
  }
  throw new Error(`never happened: ${what}`);
}

function event(name: string, namespace: string, involved: { kind: string; name: string }, warning = false): ResourceChangeEntry {
  return {
    type: 'ADDED', cluster: 'c', resource: 'events', at: '2026-01-01T00:00:00Z',
    object: { kind: 'Event', metadata: { name, namespace }, involvedObject: involved, type: warning ? 'Warning' : 'Normal' },
  };
}

function configMap(name: string, namespace: string, labels: Record<string, string>): ResourceChangeEntry {
  return { type: 'ADDED', cluster: 'c', resource: 'configmaps', at: '2026-01-01T00:00:00Z', object: { kind: 'ConfigMap', metadata: { name, namespace, labels } } };
}

function member(filter?: (v: number) => boolean): DispatchMember<number> & { got: number[]; isLive: boolean } {
  const m = { got: [] as number[], isLive: false, filter, live: () => { m.isLive = true; }, offer: (e: { value: number }) => { m.got.push(e.value); }, drop: () => undefined };
  return m;
}

describe('LogDispatcher', () => {
  test('a subscriber catching up under concurrent appends switches to the dispatcher without losing or repeating an entry', async () => {
    const log = new MemoryEventLog<number>(100_000);
    const dispatcher = new LogDispatcher(log, 100_000, 16);
    await dispatcher.ready;
    const start = await log.latestCursor();
    for (let i = 1; i <= 300; i++) log.appendNow(i);
    // Appends keep coming, a few per turn, while subscribers replay from different places.
    let next = 301;
    const writer = (async () => {
      while (next <= 3000) {
        for (let k = 0; k < 1 + (next % 5) && next <= 3000; k++) log.appendNow(next++);
        await turn();
      }
    })();
    const cursors = [start];
    const probe = await log.readAfter(start, 300);
    for (const at of [0, 17, 150, 299]) cursors.push(probe.entries[at]!.cursor);
    const opts = (after: string): ReadStreamsOptions<number> => ({
      streams: [{ id: 's', cluster: 'c', log, dispatcher }], after: new Map([['s', after]]), batch: 7,
    });
    const subs = cursors.map((after) => collect(readStreams(opts(after))));
    await writer;
    await until(() => subs.every((s) => s.got.at(-1)?.value === 3000), 'every subscriber reached the last entry');
    const firsts = [1, 2, 19, 152, 301];
    subs.forEach((s, i) => {
      const values = s.got.map((d) => d.value);
      expect(values).toEqual(Array.from({ length: 3001 - firsts[i]! }, (_, k) => firsts[i]! + k));
    });
    // Every one of them is served by the dispatcher now, not by its own reads.
    expect(dispatcher.size).toBe(subs.length);
    await Promise.all(subs.map((s) => s.stop()));
    expect(dispatcher.size).toBe(0);
  });

  test('join: a member ahead of the dispatcher waits and is admitted right after its own position; one behind reads again', async () => {
    const log = new MemoryEventLog<number>(100);
    const dispatcher = new LogDispatcher(log);
    await dispatcher.ready;
    const c1 = log.appendNow(1);
    log.appendNow(2);
    const c3 = log.appendNow(3);
    // The dispatcher has not read 1..3 yet (its read is in flight): a member standing at 3 waits.
    const ahead = member();
    expect(dispatcher.join(ahead, c3)).toBe('wait');
    await until(() => dispatcher.at === c3, 'the dispatcher passed 3');
    expect(ahead.isLive).toBe(true);
    // A member standing at 1 is behind what the dispatcher passed: it must read the log again.
    const behind = member();
    expect(dispatcher.join(behind, c1)).toBe('read');
    expect(dispatcher.join(behind, c3)).toBe('live');
    log.appendNow(4);
    log.appendNow(5);
    await until(() => ahead.got.length === 2 && behind.got.length === 2, 'both got 4 and 5');
    expect(ahead.got).toEqual([4, 5]);
    expect(behind.got).toEqual([4, 5]);
  });

  test('subscribers with different filters each receive exactly their events', async () => {
    const log = new MemoryEventLog<ResourceChangeEntry>(1000);
    const dispatcher = new LogDispatcher(log);
    const streams = [{ id: 's', cluster: 'c', log, dispatcher }];
    const filters = {
      all: eventFilter({}),
      ns: eventFilter({ namespace: 'shop' }),
      name: eventFilter({ involvedName: 'web-1' }),
      nameAndNs: eventFilter({ involvedName: 'web-1', namespace: 'shop' }),
      kind: eventFilter({ involvedKind: 'Node' }),
      warning: eventFilter({ type: 'WARNING' }),
      warningInShop: eventFilter({ namespace: 'shop', type: 'WARNING' }),
    };
    const subs = Object.fromEntries(Object.entries(filters).map(([k, filter]) => [k, collect(readStreams({ streams, filter }))]));
    await dispatcher.ready;
    await until(() => dispatcher.size === Object.keys(filters).length, 'every subscriber joined the dispatcher');
    const entries = [
      event('e1', 'shop', { kind: 'Pod', name: 'web-1' }),
      event('e2', 'shop', { kind: 'Pod', name: 'web-2' }, true),
      event('e3', 'bank', { kind: 'Pod', name: 'web-1' }, true),
      event('e4', 'default', { kind: 'Node', name: 'n1' }),
      event('e5', 'shop', { kind: 'Node', name: 'web-1' }, true),
    ];
    for (const e of entries) log.appendNow(e);
    await until(() => subs['all']!.got.length === 5, 'the catch-all subscriber got everything');
    await turn();
    const names = (k: string) => subs[k]!.got.map((d) => d.value?.object.metadata?.name);
    expect(names('all')).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(names('ns')).toEqual(['e1', 'e2', 'e5']);
    expect(names('name')).toEqual(['e1', 'e3', 'e5']);
    expect(names('nameAndNs')).toEqual(['e1', 'e5']);
    expect(names('kind')).toEqual(['e4', 'e5']);
    expect(names('warning')).toEqual(['e2', 'e3', 'e5']);
    expect(names('warningInShop')).toEqual(['e2', 'e5']);
    // The last delivery's cursor stands past every entry, the filtered-out ones too.
    expect(decodeStreamCursor(subs['kind']!.got.at(-1)!.cursor).get('s')).toBe(await log.latestCursor());
    await Promise.all(Object.values(subs).map((s) => s.stop()));
  });

  test('label and namespace terms of resource changes index subscribers; the full selector still decides', async () => {
    const log = new MemoryEventLog<ResourceChangeEntry>(1000);
    const dispatcher = new LogDispatcher(log);
    const streams = [{ id: 's', cluster: 'c', log, dispatcher }];
    const web = collect(readStreams({ streams, filter: changeFilter({ labelSelector: parseLabelSelector('app=web,tier!=db') }) }));
    const shop = collect(readStreams({ streams, filter: changeFilter({ namespace: 'shop' }) }));
    await until(() => dispatcher.size === 2, 'both joined');
    log.appendNow(configMap('a', 'shop', { app: 'web' }));
    log.appendNow(configMap('b', 'bank', { app: 'web', tier: 'db' }));
    log.appendNow(configMap('c', 'bank', { app: 'web', tier: 'front' }));
    log.appendNow(configMap('d', 'shop', { app: 'api' }));
    await until(() => web.got.length === 2 && shop.got.length === 2, 'both got theirs');
    await turn();
    expect(web.got.map((d) => d.value?.object.metadata?.name)).toEqual(['a', 'c']);
    expect(shop.got.map((d) => d.value?.object.metadata?.name)).toEqual(['a', 'd']);
    await web.stop();
    await shop.stop();
  });

  test('a subscriber that ends is removed from the index and offered nothing more', async () => {
    const log = new MemoryEventLog<ResourceChangeEntry>(1000);
    const dispatcher = new LogDispatcher(log);
    const streams = [{ id: 's', cluster: 'c', log, dispatcher }];
    const offered: string[] = [];
    const filter = eventFilter({ namespace: 'shop' });
    const counting = Object.assign((e: ResourceChangeEntry) => {
      offered.push(e.object.metadata!.name!);
      return filter(e);
    }, { term: filter.term });
    const a = collect(readStreams({ streams, filter: counting }));
    const b = collect(readStreams({ streams, filter: eventFilter({ involvedName: 'x' }) }));
    await until(() => dispatcher.size === 2, 'both joined');
    log.appendNow(event('e1', 'shop', { kind: 'Pod', name: 'x' }));
    await until(() => a.got.length === 1 && b.got.length === 1, 'both got e1');
    await a.stop();
    expect(dispatcher.size).toBe(1);
    log.appendNow(event('e2', 'shop', { kind: 'Pod', name: 'x' }));
    await until(() => b.got.length === 2, 'b got e2');
    // The ended subscriber's filter never saw e2: it is gone from the index, not skipped.
    expect(offered).toEqual(['e1']);
    await b.stop();
    expect(dispatcher.size).toBe(0);
  });
  test('a log that cannot say where it ends at first (a shared log while Redis is away): the dispatcher places itself at the next wake-up and serves', async () => {
    const log = new MemoryEventLog<number>(100);
    let away = true;
    const latest = log.latestCursor.bind(log);
    log.latestCursor = () => (away ? Promise.reject(new LogUnavailable('away')) : latest());
    const dispatcher = new LogDispatcher(log, 100, 16);
    await dispatcher.ready;
    expect(dispatcher.join(member(), 'x.0')).toBe('alone');
    away = false;
    log.appendNow(1); // the shared log wakes its readers when it is back
    await until(() => dispatcher.at !== undefined, 'the dispatcher placed');
    const m = member();
    expect(dispatcher.join(m, dispatcher.at!)).toBe('live');
    log.appendNow(2);
    await until(() => m.got.length === 1, 'the next entry offered');
    expect(m.got).toEqual([2]);
    dispatcher.stop();
  });
  test('a subscription started as its shared log becomes unreachable waits for it (the hub tells the subscriber), then reads from there', async () => {
    const log = new MemoryEventLog<number>(100);
    let away = true;
    const latest = log.latestCursor.bind(log);
    log.latestCursor = () => (away ? Promise.reject(new LogUnavailable('away')) : latest());
    const sub = collect(readStreams({ streams: [{ id: 's', cluster: 'c', log }] }));
    await turn();
    away = false;
    log.appendNow(1); // back: the log wakes its readers, and the subscription starts after what it holds
    await turn();
    log.appendNow(2);
    await until(() => sub.got.length === 1, 'the entry after the start delivered');
    log.appendNow(3);
    await until(() => sub.got.length === 2, 'and the next');
    expect(sub.got.map((d) => d.value)).toEqual([2, 3]);
    await sub.stop();
  });
});
