import { readFileSync } from 'node:fs';

/**
 * Shapes shared by the fan-out benchmark's processes: the dashboard every contender builds
 * (the GraphQL answer's shape, so one tally checks all three), the tally the orchestrator
 * compares with the simulator's own stores, and the messages between the orchestrator and a
 * contender's process.
 */

/** The kubectl people run here (on this machine, gcloud's version-dispatching wrapper). */
export const KUBECTL_BINARY = '/usr/bin/kubectl';
/**
 * The binary that wrapper runs for a v1.32 server. The wrapper first asks the cluster for
 * /version (one more round trip per invocation); this one does not.
 */
export const KUBECTL_DIRECT_BINARY = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

export type WorkloadKind = 'DEPLOYMENT' | 'STATEFULSET' | 'DAEMONSET';

export interface DashboardCluster {
  name: string;
  nodes: { name: string; ready: boolean; capacity: { cpu: string; memory: string } }[];
  workloads: { kind: WorkloadKind; namespace: string; name: string; replicas: number; readyReplicas: number }[];
  pods: {
    namespace: string; name: string; phase: string; ready: boolean; restarts: number;
    node: { name: string } | null; owner: { kind: WorkloadKind; name: string } | null;
  }[];
  events: { reason: string; message: string; involvedObject: { kind: string; name: string }; count: number; lastTimestamp: string | null }[];
}

/** What one dashboard answer holds, summed over clusters: compared with the simulator's truth. */
export interface DashboardTally {
  clusters: number;
  nodes: number;
  workloads: number;
  pods: number;
  /** Pods whose node was joined (scheduled pods). */
  podsOnNode: number;
  /** Pods whose owning workload was joined (through the ReplicaSet for Deployments). */
  podsWithOwner: number;
  warnings: number;
}

/**
 * CPU time this process has used, in milliseconds; with `children`, plus that of its
 * waited-for child processes (kubectl), read from /proc (Linux; elsewhere this process only).
 */
export function cpuMs(children = false): number {
  const own = process.cpuUsage();
  let childMs = 0;
  if (children) {
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 16 and 17 of stat(5), cutime and cstime, in clock ticks (100 per second on Linux).
      childMs = (Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
      childMs = 0;
    }
  }
  return (own.user + own.system) / 1000 + (Number.isFinite(childMs) ? childMs : 0);
}

export function tally(clusters: readonly DashboardCluster[]): DashboardTally {
  const t: DashboardTally = { clusters: clusters.length, nodes: 0, workloads: 0, pods: 0, podsOnNode: 0, podsWithOwner: 0, warnings: 0 };
  for (const c of clusters) {
    t.nodes += c.nodes.length;
    t.workloads += c.workloads.length;
    t.pods += c.pods.length;
    for (const p of c.pods) {
      if (p.node) t.podsOnNode++;
      if (p.owner) t.podsWithOwner++;
    }
    t.warnings += c.events.length;
  }
  return t;
}

/** What the orchestrator hands a contender process (as its one argument, JSON). */
export interface ContenderConfig {
  kubeconfig: string;
  contexts: string[];
  warmup: number;
  iterations: number;
  /** kubectl: the discovery cache directory for this run. */
  cacheDir?: string;
  /** kubectl: the binary. @default KUBECTL_BINARY */
  kubectl?: string;
  /** gateway client: the gateway's /graphql URL. */
  url?: string;
  /** client-node floor: one keep-alive agent per cluster (true) or the library's agent per request. @default true */
  keepAlive?: boolean;
}

/** Orchestrator → contender: start the measured iterations (upstream counters were just reset). */
export interface GoMessage { type: 'go' }

/** Gateway server process ↔ orchestrator. */
export type GatewayServerMessage =
  | { type: 'listening'; url: string }
  | { type: 'upstream'; count: number; byResource: Record<string, number>; cpuMs: number }
  | { type: 'error'; message: string };
export type GatewayControlMessage = { type: 'upstream' } | { type: 'stop' };
