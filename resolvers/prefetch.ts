/**
 * Starts, alongside a parent LIST, the LISTs its selected child fields will join from, so a
 * dashboard query costs one network round trip per cluster instead of one per nesting level.
 * Only what the query selects is started; everything still goes through the request's loaders,
 * so each (cluster, resource, namespace, selector) is still fetched at most once.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { ClusterClient } from '../src/kube/ClusterClient.ts';
import { RESOURCES } from '../src/kube/resources.ts';
import { checkSelectors, type FleetReader } from '../src/loaders/FleetReader.ts';
import { selects } from './lookahead.ts';

interface Selectors {
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

/**
 * For a list of pods (at `prefix` below the current field): owner, node, usage and events.
 * The parent's selectors are checked first: bad input must cost no upstream request at all.
 */
export function prefetchPodJoins(reader: FleetReader, clusters: readonly ClusterClient[], namespace: string | null | undefined, info: GraphQLResolveInfo, selectors: Selectors, prefix: string[] = []): void {
  checkSelectors(selectors);
  const scope = { namespace: namespace ?? null };
  if (selects(info, ...prefix, 'owner')) {
    reader.prefetch(clusters, RESOURCES.replicasets, scope);
    reader.prefetch(clusters, RESOURCES.deployments, scope);
  }
  if (selects(info, ...prefix, 'node')) reader.prefetch(clusters, RESOURCES.nodes, {});
  if (selects(info, ...prefix, 'usage')) reader.prefetch(clusters, RESOURCES.podMetrics, scope);
  if (selects(info, ...prefix, 'events')) reader.prefetch(clusters, RESOURCES.events, scope);
}

/** For a list of nodes: their pods and usage. */
export function prefetchNodeJoins(reader: FleetReader, clusters: readonly ClusterClient[], info: GraphQLResolveInfo, selectors: Selectors): void {
  checkSelectors(selectors);
  if (selects(info, 'pods')) reader.prefetch(clusters, RESOURCES.pods, {});
  if (selects(info, 'usage')) reader.prefetch(clusters, RESOURCES.nodeMetrics, {});
}

/** For a list of workloads: their pods and events. */
export function prefetchWorkloadJoins(reader: FleetReader, clusters: readonly ClusterClient[], namespace: string | null | undefined, info: GraphQLResolveInfo, selectors: Selectors): void {
  checkSelectors(selectors);
  const scope = { namespace: namespace ?? null };
  if (selects(info, 'pods')) reader.prefetch(clusters, RESOURCES.pods, scope);
  if (selects(info, 'events')) reader.prefetch(clusters, RESOURCES.events, scope);
}

/** For a list of services: the pods their selectors pick. */
export function prefetchServiceJoins(reader: FleetReader, clusters: readonly ClusterClient[], namespace: string | null | undefined, info: GraphQLResolveInfo, selectors: Selectors): void {
  checkSelectors(selectors);
  if (selects(info, 'pods')) reader.prefetch(clusters, RESOURCES.pods, { namespace: namespace ?? null });
}
