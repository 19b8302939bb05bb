/** Pod: its state, where it runs, what owns it, what it uses and what happened to it. */
import type { PodResolvers } from '../src/generated/graphql.ts';
import { clusterField } from './clusterOf.ts';
import { timestamp, toLabels } from './labels.ts';
import { pathOf } from './path.ts';

// `name` and `namespace` have no resolver: the default one reads PodObject's getters (a
// KubeItem's), so a listing of many pods calls no resolver per pod for them.
export const Pod: PodResolvers = {
  cluster: clusterField,
  labels: (p) => toLabels(p.object.metadata?.labels),
  nodeName: (p) => p.object.spec?.nodeName ?? null,
  podIP: (p) => p.object.status?.podIP ?? null,
  createdAt: (p) => timestamp(p.object.metadata?.creationTimestamp),
  phase: (p) => p.object.status?.phase ?? 'Unknown',
  ready: (p) => p.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  restarts: (p) => (p.object.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0),
  node: (p, _, { reader }, info) => reader.nodeOfPod(p, pathOf(info)),
  owner: (p, _, { reader }, info) => reader.ownerOfPod(p, pathOf(info)),
  usage: (p, _, { reader }, info) => reader.podUsage(p, pathOf(info)),
  events: (p, _, { reader }, info) =>
    reader.eventsOf(p.cluster, p.scope, { kind: 'Pod', namespace: p.object.metadata?.namespace, name: p.object.metadata?.name }, pathOf(info)),
};

