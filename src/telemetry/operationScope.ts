/**
 * Which GraphQL operation the running code works for, carried through every await with Node's
 * AsyncLocalStorage: a cluster call made by a resolver (through DataLoader batches, retries and
 * all) finds the operation's span here and becomes its child, and adds to its call counts.
 *
 * Used only when tracing is on: with it off nothing is ever stored, and on Node 20 an
 * AsyncLocalStorage that has never been `run` installs no async hooks (no cost).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';

export interface OperationScope {
  /** The operation span's context: the parent of every cluster call made within it. */
  readonly context: Context;
  /** Cluster calls made within the operation so far (ClusterClient.request). */
  calls: number;
  /** HTTP requests those calls sent (a retried call sends more than one). */
  attempts: number;
}

const storage = new AsyncLocalStorage<OperationScope | undefined>();

/** Runs `fn` (and everything it starts) as work of the operation `scope`. */
export function inOperation<T>(scope: OperationScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The operation the running code works for, if any. */
export function currentOperation(): OperationScope | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` as work of no operation. For loops that outlive the request that happened to start
 * them (a watch hub's list+watch, a status probe): without this, every LIST they make for hours
 * would be traced as a child of that first request and counted in its calls.
 */
export function outsideOperations<T>(fn: () => T): T {
  return storage.getStore() === undefined ? fn() : storage.run(undefined, fn);
}
