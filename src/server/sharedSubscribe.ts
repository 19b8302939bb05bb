/**
 * graphql-ws's `subscribe`, executing each hub entry once for all the subscribers that hold the
 * same operation and variables, instead of once per subscriber (graphql-js `subscribe`).
 *
 * Why: at 10,000 subscribers the gateway delivers ~10,000 events a second, and dashboards (like
 * the benchmark) have many subscribers with the same document and variables, all offered the same
 * entry object by the hub's LogDispatcher. Executing once per (entry, operation, variables) and
 * giving each subscriber a shallow copy with its own cursor removes most of the execution, its
 * fresh loaders and the garbage they make.
 *
 * What is shared, and what never is:
 * - Never between callers: the key holds the caller's identity (`callerOf`).
 * - Only streams the resolvers mark with SHARED_DELIVERIES (src/live/deliveries.ts): their
 *   deliveries execute to a result that depends on the entry, the operation and the variables,
 *   and on the cursor only in the delivery type's own `cursor` fields.
 * - The shared execution runs with a placeholder cursor; the fields of the root field's object
 *   that resolved to it (`cursor`, under any alias, any number of times) get each subscriber's
 *   own cursor. Cursors are fields of the delivery types themselves (schema/subscriptions.graphql),
 *   never deeper: only the root field's own keys are looked at.
 * - Gap deliveries (per subscriber by nature), stream problems (withProblems.ts) and results
 *   with errors are never shared: each subscriber executes those itself.
 * - Every execution renews the context first (fresh loaders, budget and deadline, as the issue
 *   asks); a shared result is not an execution, so it costs no loaders.
 * The memo is keyed by the entry object (WeakMaps) and holds a result for at least MEMO_MS; it
 * is dropped once executions have gone on for 2 × MEMO_MS: long enough for every subscriber
 * offered an entry to take it, even behind a backlog, and not much longer. Why (memory): a result can be large (an event with its cluster's nodes), and the hub's
 * log holds entries far longer; an entry executed again after that is only CPU.
 */
import { createRequire } from 'node:module';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import { SHARED_DELIVERIES, type SharedDelivery } from '../live/deliveries.ts';

// The graphql-js copy graphql-ws and the schema use (see graphqlWs.ts).
const { createSourceEventStream, execute, print } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** One entry executed for one (operation, variables): the root field's object, and where its cursors are. */
interface SharedResult {
  rootKey: string;
  root: Record<string, unknown>;
  cursorKeys: readonly string[];
}

type Shared = SharedResult | null | Promise<SharedResult | null>;
type Memo = WeakMap<object, Map<string, Shared>>;

/** How long a shared result is kept at least (and at most twice as long). */
const MEMO_MS = 5000;

/** Counts for tests and status: executions done, and deliveries answered from a shared one. */
export interface SharedSubscribeStats {
  executions: number;
  shared: number;
}

export interface SharedSubscribe {
  subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  readonly stats: SharedSubscribeStats;
}

/** Nothing a resolver or a cluster can produce: only the shared execution's cursor fields return it. */
const PLACEHOLDER = `\u0000shared-cursor-${Math.random().toString(36).slice(2)}\u0000`;

const isAsyncIterable = (x: unknown): x is AsyncIterableIterator<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

export interface SharedSubscribeOptions {
  /** Called with the subscription's context before each execution (fresh loaders, budget, deadline). */
  renewContext(context: unknown): void;
  /** Who the subscription's context acts for, as a key ('' for nobody: authentication off); results are shared only between equal keys. */
  callerOf(context: unknown): string;
  /** What the server adds to each execution's result (the per-cluster failures its fields met, as errors: a result with errors is never shared). */
  finish?(context: unknown, result: ExecutionResult): ExecutionResult;
}

export function createSharedSubscribe(options: SharedSubscribeOptions): SharedSubscribe {
  // A promise while the first subscriber's execution runs, then what it gave (null: not shared).
  // Two generations: a lookup reads both; the older is dropped when an execution finds the
  // newer over MEMO_MS old.
  let memo: Memo = new WeakMap();
  let older: Memo = new WeakMap();
  let memoSince = performance.now();
  const memoOf = (value: object) => memo.get(value) ?? older.get(value);
  const newMemoFor = (value: object) => {
    const now = performance.now();
    if (now - memoSince > MEMO_MS) {
      older = memo;
      memo = new WeakMap();
      memoSince = now;
    }
    const byKey = new Map<string, Shared>();
    memo.set(value, byKey);
    return byKey;
  };
  const stats: SharedSubscribeStats = { executions: 0, shared: 0 };

  const run = (args: ExecutionArgs, rootValue: unknown): ExecutionResult | Promise<ExecutionResult> => {
    // graphql-ws keeps one context per subscription: every execution gets fresh loaders.
    options.renewContext(args.contextValue);
    stats.executions++;
    const result = execute({ ...args, rootValue });
    const { finish } = options;
    if (!finish) return result;
    return result instanceof Promise ? result.then((r) => finish(args.contextValue, r)) : finish(args.contextValue, result);
  };

  async function subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source as ExecutionResult;
    const sharing = (source as { [SHARED_DELIVERIES]?: boolean })[SHARED_DELIVERIES] === true;
    // The sharing key: what the result depends on besides the entry. Why (security): what a
    // caller may see depends on who it is (per-caller filtering, and every nested field read as
    // the caller), so the key starts with the caller's identity: one caller's result is never
    // handed to another, however alike their documents. This is the one place the key is made.
    const key = sharing
      ? `${options.callerOf(args.contextValue)}\u0000${args.operationName ?? ''}\u0000${JSON.stringify(args.variableValues ?? null)}\u0000${args.document.loc?.source.body ?? print(args.document)}`
      : '';

    const unshared = async (payload: unknown) => run(args, payload);
    const fromShared = (shared: SharedResult | null, payload: SharedDelivery) => {
      if (!shared) return run(args, payload);
      stats.shared++;
      return withCursor(shared, payload.cursor);
    };
    /** Synchronous when the entry was already executed for this key: most deliveries. */
    const deliver = (payload: unknown): ExecutionResult | Promise<ExecutionResult> => {
      if (!sharing) return run(args, payload);
      const d = payload as SharedDelivery;
      if (d.gap !== undefined || typeof d.value !== 'object' || d.value === null) return run(args, payload);
      let byKey = memoOf(d.value);
      const known = byKey?.get(key);
      if (known !== undefined) return known instanceof Promise ? known.then((shared) => fromShared(shared, d)) : fromShared(known, d);
      byKey ??= newMemoFor(d.value);
      const executing = run(args, { ...d, cursor: PLACEHOLDER });
      const first = (result: ExecutionResult): ExecutionResult | Promise<ExecutionResult> => {
        const shared = sharedOf(result);
        // A result with errors stays this subscriber's own; the others execute for themselves.
        byKey.set(key, result.errors ? null : shared ?? null);
        if (!shared) return result.errors ? result : unshared(payload);
        const own = withCursor(shared, d.cursor);
        return result.errors ? { ...result, data: own.data } : own;
      };
      if (!(executing instanceof Promise)) return first(executing);
      // Remembered before it settles: the subscribers offered this entry at the same moment
      // wait for this one execution instead of starting their own.
      const settled = executing.then(first);
      byKey.set(key, settled.then(() => (byKey.get(key) ?? null) as SharedResult | null, () => null));
      return settled;
    };

    const step = (r: IteratorResult<unknown>): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
      if (r.done) return { done: true, value: undefined };
      const value = deliver(r.value);
      return value instanceof Promise ? value.then((v) => ({ done: false, value: v })) : { done: false, value };
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      // One promise per delivery (the source's, then this), not an async function's more.
      next: () => source.next().then(step),
      async return() {
        await source.return?.();
        return { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        if (source.throw) {
          await source.throw(error);
          return { done: true, value: undefined };
        }
        throw error;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  return { subscribe, stats };
}

/** The root field's object and the keys at which the placeholder cursor landed, if any. */
function sharedOf(result: ExecutionResult): SharedResult | undefined {
  const data = result.data;
  if (!data) return undefined;
  const keys = Object.keys(data);
  if (keys.length !== 1) return undefined;
  const rootKey = keys[0]!;
  const root = data[rootKey];
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return undefined;
  const object = root as Record<string, unknown>;
  const cursorKeys: string[] = [];
  for (const k in object) if (object[k] === PLACEHOLDER) cursorKeys.push(k);
  return { rootKey, root: object, cursorKeys };
}

function withCursor(shared: SharedResult, cursor: string): ExecutionResult {
  const own: Record<string, unknown> = { ...shared.root };
  for (const k of shared.cursorKeys) own[k] = cursor;
  return { data: { [shared.rootKey]: own } };
}
