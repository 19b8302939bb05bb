/**
 * What the HTTP API of one simulated cluster needs from the cluster behind it. SimCluster
 * provides it; handlers depend only on this interface.
 */
import type { SimClock } from '../clock.ts';
import type { FaultSettings } from '../cluster/Faults.ts';
import type { RbacAuthorizer } from '../auth/RbacAuthorizer.ts';
import type { RequestLog } from '../cluster/RequestLog.ts';
import type { Registry } from '../registry/Registry.ts';
import type { ObjectStore } from '../store/ObjectStore.ts';
import type { KObject } from '../types.ts';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
}

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export interface ApiContext {
  clusterName: string;
  registry: Registry;
  store: ObjectStore;
  clock: SimClock;
  faults(): Readonly<FaultSettings>;
  /** Bearer tokens this cluster accepts, and who each one is. */
  tokens: ReadonlyMap<string, UserInfo>;
  version: VersionInfo;
  requests: RequestLog;
  /** How often a watch that allows bookmarks gets one (real time). */
  bookmarkIntervalMs: number;
  /** metrics.k8s.io readings; undefined when the cluster serves no metrics API (no metrics-server). */
  metrics: { nodes(): KObject[]; pods(namespace?: string): KObject[] } | undefined;
  /** Enforce RBAC with this authorizer (a cluster with `rbac: true`); undefined: every authenticated request is allowed. */
  rbac: RbacAuthorizer | undefined;
  /** Random numbers for fault injection (not cluster state). */
  faultRandom(): number;
}
