/**
 * What every resolver of one GraphQL request sees: the fleet, this request's loaders and the
 * per-cluster failures met so far. Made fresh per request (and per subscription event).
 */
import type { Fleet } from '../fleet/Fleet.ts';
import { FailureLog } from './FailureLog.ts';
import { FleetLoaders } from './FleetLoaders.ts';
import { FleetReader } from './FleetReader.ts';
import { RequestBudget } from '../limits/RequestBudget.ts';

export interface RequestContext {
  fleet: Fleet;
  loaders: FleetLoaders;
  failures: FailureLog;
  reader: FleetReader;
}

/** `limits`: the request's cap on upstream calls per cluster and its deadline (absent: none). */
export function createRequestContext(fleet: Fleet, limits?: { maxUpstreamCallsPerCluster: number; requestTimeoutMs: number }): RequestContext {
  const loaders = new FleetLoaders(limits && new RequestBudget(limits.maxUpstreamCallsPerCluster, limits.requestTimeoutMs));
  const failures = new FailureLog();
  return { fleet, loaders, failures, reader: new FleetReader(fleet, loaders, failures) };
}
