/** Workloads: Deployments, StatefulSets and DaemonSets behind the Workload interface. */
import type { GraphQLResolveInfo } from 'graphql';
import type { DaemonSetResolvers, DeploymentResolvers, StatefulSetResolvers, WorkloadResolvers } from '../src/generated/graphql.ts';
import type { WorkloadObject } from '../src/loaders/KubeObject.ts';
import type { RequestContext } from '../src/loaders/RequestContext.ts';
import { clusterField } from './clusterOf.ts';
import { toLabels } from './labels.ts';
import { pathOf } from './path.ts';

const TYPENAME = { DEPLOYMENT: 'Deployment', STATEFULSET: 'StatefulSet', DAEMONSET: 'DaemonSet' } as const;
const KIND = { DEPLOYMENT: 'Deployment', STATEFULSET: 'StatefulSet', DAEMONSET: 'DaemonSet' } as const;

function replicas(w: WorkloadObject): number {
  if (w.kind === 'DAEMONSET') return w.object.status?.desiredNumberScheduled ?? 0;
  return w.object.spec?.replicas ?? 1;
}

function readyReplicas(w: WorkloadObject): number {
  if (w.kind === 'DAEMONSET') return w.object.status?.numberReady ?? 0;
  return w.object.status?.readyReplicas ?? 0;
}

/** The fields every workload kind resolves the same way. */
const common = {
  cluster: clusterField,
  kind: (w: WorkloadObject) => w.kind,
  namespace: (w: WorkloadObject) => w.object.metadata?.namespace ?? '',
  name: (w: WorkloadObject) => w.object.metadata?.name ?? '',
  labels: (w: WorkloadObject) => toLabels(w.object.metadata?.labels),
  replicas,
  readyReplicas,
  pods: (w: WorkloadObject, _: unknown, { reader }: RequestContext, info: GraphQLResolveInfo) =>
    reader.podsOfWorkload(w, pathOf(info)),
  events: (w: WorkloadObject, _: unknown, { reader }: RequestContext, info: GraphQLResolveInfo) =>
    reader.eventsOf(w.cluster, w.scope, { kind: KIND[w.kind], namespace: w.object.metadata?.namespace, name: w.object.metadata?.name }, pathOf(info)),
};

export const Workload: WorkloadResolvers = {
  __resolveType: (w) => TYPENAME[w.kind],
};

export const Deployment: DeploymentResolvers = {
  ...common,
  updatedReplicas: (d) => d.object.status?.updatedReplicas ?? 0,
  availableReplicas: (d) => d.object.status?.availableReplicas ?? 0,
};

export const StatefulSet: StatefulSetResolvers = { ...common };
export const DaemonSet: DaemonSetResolvers = { ...common };
