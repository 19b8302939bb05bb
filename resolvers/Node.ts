/** Node and Namespace: cluster-scoped objects. */
import type { NamespaceResolvers, NodeResolvers } from '../src/generated/graphql.ts';
import { clusterField } from './clusterOf.ts';
import { toLabels } from './labels.ts';
import { pathOf } from './path.ts';

function resources(r: Record<string, string> | undefined) {
  const pods = r?.pods === undefined ? null : Number.parseInt(r.pods, 10);
  return { cpu: r?.cpu ?? '0', memory: r?.memory ?? '0', pods: Number.isFinite(pods) ? pods : null };
}

export const Node: NodeResolvers = {
  cluster: clusterField,
  name: (n) => n.object.metadata?.name ?? '',
  labels: (n) => toLabels(n.object.metadata?.labels),
  ready: (n) => n.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  capacity: (n) => resources(n.object.status?.capacity),
  allocatable: (n) => resources(n.object.status?.allocatable),
  usage: (n, _, { reader }, info) => reader.nodeUsage(n, pathOf(info)),
  pods: (n, _, { reader }, info) => reader.podsOnNode(n, pathOf(info)),
};

export const Namespace: NamespaceResolvers = {
  cluster: clusterField,
  name: (n) => n.object.metadata?.name ?? '',
  labels: (n) => toLabels(n.object.metadata?.labels),
  phase: (n) => n.object.status?.phase ?? 'Active',
};
