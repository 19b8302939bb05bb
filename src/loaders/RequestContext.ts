/**
 * What every resolver of one GraphQL request sees: the fleet, this request's loaders and the
 * per-cluster failures met so far. Made fresh per request (and per subscription event).
 */
import type { Fleet } from '../fleet/Fleet.ts';
import type { WatchHub } from '../live/WatchHub.ts';
import { FleetOps } from '../ops/FleetOps.ts';
import { FailureLog } from './FailureLog.ts';
import { FleetLoaders, type ListCache } from './FleetLoaders.ts';
import { FleetReader } from './FleetReader.ts';
import { RequestBudget } from '../limits/RequestBudget.ts';
import type { Identity } from '../auth/Identity.ts';
import type { CallerAccess } from '../auth/CallerAccess.ts';

export interface RequestContext {
  fleet: Fleet;
  loaders: FleetLoaders;
  failures: FailureLog;
  reader: FleetReader;
  /** The watch hub, where subscriptions are served (absent in engines and tests without one). */
  live?: WatchHub | undefined;
  /** What the context was made with, so a renewed one gets the same cap and deadline afresh. */
  limits?: RequestLimits | undefined;
  /** The read cache (`--cache`), when on. */
  cache?: ListCache | undefined;
  /** The write path's engine: one per fleet, not per request (it caches each cluster's discovery). */
  ops: FleetOps;
  /** Who the request comes from, when authentication is on (src/auth); kept when renewed. */
  identity?: Identity | undefined;
  /** The client's socket address: whom the rate limits count when there is no identity (src/limits/CallerBudgets.ts). */
  remoteAddress?: string | undefined;
  /** What `identity` may be served of the watch hub's streams (subscriptions; src/auth/CallerAccess.ts); kept when renewed. */
  access?: CallerAccess | undefined;
}

/** The request's cap on upstream calls per cluster and its deadline. */
export interface RequestLimits {
  maxUpstreamCallsPerCluster: number;
  requestTimeoutMs: number;
}

/** `limits` absent: no cap, no deadline. `live`: the watch hub, for subscriptions. `cache`: LISTs from memory. */
export function createRequestContext(fleet: Fleet, limits?: RequestLimits, live?: WatchHub, cache?: ListCache, ops?: FleetOps): RequestContext {
  const loaders = new FleetLoaders(limits && new RequestBudget(limits.maxUpstreamCallsPerCluster, limits.requestTimeoutMs), cache);
  const failures = new FailureLog();
  let engine = ops ?? defaultOps.get(fleet);
  if (!engine) defaultOps.set(fleet, (engine = new FleetOps(fleet)));
  return { fleet, loaders, failures, reader: new FleetReader(fleet, loaders, failures), live, limits, cache, ops: engine };
}

/** Callers that bring no engine (tests, engines) share one per fleet. */
const defaultOps = new WeakMap<Fleet, FleetOps>();

/**
 * Fresh per-request parts (loaders, failures) in a context that lives on: graphql-ws keeps one
 * context per subscription and executes every event with it, so without this an event would
 * read the loaders (and their cached LISTs) of the first, and count against one budget and deadline.
 */
export function renewRequestContext(ctx: RequestContext): void {
  Object.assign(ctx, createRequestContext(ctx.fleet, ctx.limits, ctx.live, ctx.cache, ctx.ops));
}
