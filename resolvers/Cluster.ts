/** Cluster: one kubeconfig context, its labels, its live status and everything in it. */
import type { V1Namespace, V1Node, V1Pod, V1Service, CoreV1Event } from '@kubernetes/client-node';
import type { ClusterResolvers, ClusterStatusResolvers } from '../src/generated/graphql.ts';
import { newestFirst } from '../src/loaders/FleetReader.ts';
import { RESOURCES } from '../src/kube/resources.ts';
import { validateArguments } from '../src/loaders/validateArguments.ts';
import { timestamp, toLabels } from './labels.ts';
import { pathOf } from './path.ts';
import { prefetchNodeJoins, prefetchPodJoins, prefetchServiceJoins, prefetchWorkloadJoins } from './prefetch.ts';
import { checkFirst, eventFieldSelector, firstN } from './Query.ts';

export const Cluster: ClusterResolvers = {
  name: (c) => c.name,
  labels: (c) => toLabels(c.labels),
  server: (c) => c.server,
  status: async (c, _, { reader }) => {
    await reader.status(c);
    return { ...c.health.snapshot(), cluster: c.name };
  },
  nodes: (c, args, { reader }, info) => {
    validateArguments(args);
    prefetchNodeJoins(reader, [c], info, args);
    return reader.across<V1Node>([c], RESOURCES.nodes, { labelSelector: args.labelSelector }, pathOf(info));
  },
  namespaces: (c, _, { reader }, info) => reader.across<V1Namespace>([c], RESOURCES.namespaces, {}, pathOf(info)),
  workloads: (c, args, { reader }, info) => {
    validateArguments(args);
    prefetchWorkloadJoins(reader, [c], args.namespace, info, args);
    return reader.workloads([c], { namespace: args.namespace, labelSelector: args.labelSelector, kinds: args.kinds }, pathOf(info));
  },
  pods: (c, args, { reader }, info) => {
    validateArguments(args, { fieldSelectorResource: RESOURCES.pods.name });
    prefetchPodJoins(reader, [c], args.namespace, info, args);
    return reader.across<V1Pod>([c], RESOURCES.pods, { namespace: args.namespace, labelSelector: args.labelSelector, fieldSelector: args.fieldSelector }, pathOf(info));
  },
  services: (c, args, { reader }, info) => {
    validateArguments(args);
    prefetchServiceJoins(reader, [c], args.namespace, info, {});
    return reader.across<V1Service>([c], RESOURCES.services, { namespace: args.namespace }, pathOf(info));
  },
  events: async (c, args, { reader }, info) => {
    validateArguments(args);
    checkFirst(args.first);
    const events = await reader.across<CoreV1Event>([c], RESOURCES.events, { namespace: args.namespace, fieldSelector: eventFieldSelector(args) }, pathOf(info));
    return firstN(newestFirst(events), args.first);
  },
  usage: (c, _, { reader }, info) => reader.clusterUsage(c, pathOf(info)),
};

export const ClusterStatus: ClusterStatusResolvers = {
  reachable: (s) => s.reachable ?? false,
  version: (s) => s.version ?? null,
  latencyMs: (s) => (s.reachable && s.latencyMs !== undefined ? Math.round(s.latencyMs * 100) / 100 : null),
  lastError: (s) => (s.lastError ? { code: s.lastError.code, message: s.lastError.message } : null),
  lastErrorAt: (s) => timestamp(s.lastErrorAt),
  checkedAt: (s) => timestamp(s.checkedAt),
  reads: (s, _, { cache, fleet }) => ({
    namespaces: fleet.get(s.cluster)?.namespaces?.slice() ?? null,
    mode: cache?.serves(s.cluster) ? 'CACHED' : 'LIVE',
    resources: (cache?.serves(s.cluster) ? cache.describe(s.cluster) : []).map((r) => ({ resource: r.resource, synced: r.synced, lastChangeAt: timestamp(r.lastChangeAt) })),
  }),
};
