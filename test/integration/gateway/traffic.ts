/**
 * Measuring the upstream traffic one GraphQL request causes, from both ends: the gateway's own
 * count (`gateway.upstream`) and what each simulated cluster logged. Plus small ground-truth
 * readers over the simulator's store, so tests compare answers with what the clusters hold.
 */
import { CoreV1Api, AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { RequestRecord, SimCluster } from '../../../src/sim/index.ts';
import type { FleetGateway } from '../../support/gateway.ts';

/** The parts of a stored Kubernetes object the tests read (the simulator's KObject, loosely). */
export interface Obj {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
    deletionTimestamp?: string;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  lastTimestamp?: string;
}

/** Objects of one store key (`/pods`, `apps/deployments`) exactly as the cluster holds them. */
export function truth(c: SimCluster, key: string): Obj[] {
  return c.store.list(key).map((s) => s.object as unknown as Obj);
}

export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `namespace/name` of an object. */
export const nsName = (o: Obj): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The workload that controls a pod, followed through its ReplicaSet, as `Kind namespace/name`; null for none. */
export function ownerOf(c: SimCluster, pod: Obj): { kind: string; namespace: string; name: string } | null {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref) return null;
  const namespace = pod.metadata.namespace ?? '';
  if (ref.kind === 'ReplicaSet') {
    const rs = truth(c, 'apps/replicasets').find((r) => r.metadata.namespace === namespace && r.metadata.name === ref.name);
    const d = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    return d ? { kind: 'Deployment', namespace, name: d.name } : null;
  }
  return { kind: ref.kind, namespace, name: ref.name };
}

export interface Traffic {
  /** Upstream calls the gateway counted since the mark, by `cluster resource verb`, zero entries left out. */
  gateway(): Record<string, number>;
  /** Requests the cluster logged since the mark. */
  cluster(name: string): RequestRecord[];
  /** Requests all clusters logged since the mark. */
  clusterTotal(): number;
}

/** Marks now; the returned Traffic reports what happened after. */
export function markTraffic(fg: FleetGateway): Traffic {
  const key = (r: { cluster: string; resource: string; verb: string }) => `${r.cluster} ${r.resource} ${r.verb}`;
  const before = new Map(fg.gateway.upstream.table().map((r) => [key(r), r.count]));
  const logStart = new Map(fg.sim.clusters.map((c) => [c.name, c.requests.all().length]));
  return {
    gateway() {
      const delta: Record<string, number> = {};
      for (const r of fg.gateway.upstream.table()) {
        const n = r.count - (before.get(key(r)) ?? 0);
        if (n !== 0) delta[key(r)] = n;
      }
      return delta;
    },
    cluster(name) {
      return fg.sim.cluster(name).requests.all().slice(logStart.get(name) ?? 0);
    },
    clusterTotal() {
      return fg.sim.clusters.reduce((n, c) => n + c.requests.all().length - (logStart.get(c.name) ?? 0), 0);
    },
  };
}

/** `{ "<cluster> <resource> list": 1 }` for every cluster × resource given: one LIST each, nothing else. */
export function oneListEach(clusters: readonly string[], resources: readonly string[]): Record<string, number> {
  const expected: Record<string, number> = {};
  for (const c of clusters) for (const r of resources) expected[`${c} ${r} list`] = 1;
  return expected;
}

/** client-node API clients for one context of the fleet's kubeconfig (ground truth and writes). */
export function kubeApis(kubeconfigPath: string, context: string): { core: CoreV1Api; apps: AppsV1Api; custom: CustomObjectsApi } {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  kc.setCurrentContext(context);
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), custom: kc.makeApiClient(CustomObjectsApi) };
}
