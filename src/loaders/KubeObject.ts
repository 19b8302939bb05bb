/**
 * Kubernetes objects as the graph carries them: the object as the cluster returned it (typed
 * with @kubernetes/client-node's models), the cluster it came from, and the namespace scope of
 * the LIST it came from, so child fields join from lists of the same scope (one LIST per
 * cluster × resource × namespace, never one per parent object).
 */
import type {
  V1ConfigMap, V1DaemonSet, V1Deployment, V1Namespace, V1Node, V1Pod, V1Secret, V1Service, V1StatefulSet, CoreV1Event,
} from '@kubernetes/client-node';
import type { ClusterHealthSnapshot } from '../kube/ClusterHealth.ts';

/** A cluster's health as Cluster.status resolves it, with the cluster it belongs to. */
export type ClusterStatusObject = ClusterHealthSnapshot & { cluster: string };

export interface KubeObject<T> {
  cluster: string;
  /** Namespace the source LIST was limited to; null for all namespaces (or cluster-scoped). */
  scope: string | null;
  object: T;
}

/**
 * The KubeObject FleetReader makes of every object it reads. Its `name` and `namespace` are
 * getters on the prototype, so a type whose resolver map leaves those fields out (Pod) gets them
 * from the default resolver, a property read: no resolver call, resolve-info or path per object,
 * which is most of what a compiled full listing of pod names costs (src/server/compiledExecution.ts).
 */
/** What every Kubernetes object has: metadata with a name (and a namespace, when namespaced). */
export interface Named {
  metadata?: { name?: string; namespace?: string };
}

export class KubeItem<T extends Named> implements KubeObject<T> {
  constructor(public cluster: string, public scope: string | null, public object: T) {}

  get name(): string {
    return this.object.metadata?.name ?? '';
  }

  get namespace(): string {
    return this.object.metadata?.namespace ?? '';
  }
}

export type NodeObject = KubeObject<V1Node>;
export type NamespaceObject = KubeObject<V1Namespace>;
/** A KubeItem, not any KubeObject: Pod's `name` and `namespace` are its getters (resolvers/Pod.ts). */
export type PodObject = KubeItem<V1Pod>;
export type ServiceObject = KubeObject<V1Service>;
export type ConfigMapObject = KubeObject<V1ConfigMap>;
export type SecretObject = KubeObject<V1Secret>;
export type EventObject = KubeObject<CoreV1Event>;

export type WorkloadKindName = 'DEPLOYMENT' | 'STATEFULSET' | 'DAEMONSET';
export type DeploymentObject = KubeObject<V1Deployment> & { kind: 'DEPLOYMENT' };
export type StatefulSetObject = KubeObject<V1StatefulSet> & { kind: 'STATEFULSET' };
export type DaemonSetObject = KubeObject<V1DaemonSet> & { kind: 'DAEMONSET' };
export type WorkloadObject = DeploymentObject | StatefulSetObject | DaemonSetObject;
