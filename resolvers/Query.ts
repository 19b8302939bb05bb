/** Query roots: fleet-wide lists, each asking every selected cluster in parallel. */
import type { V1ConfigMap, V1Namespace, V1Node, V1Pod, V1Secret, V1Service, CoreV1Event } from '@kubernetes/client-node';
import { escapeFieldSelectorValue, newestFirst } from '../src/loaders/FleetReader.ts';
import { checkPageArguments, compareItemKeys, paginate } from '../src/loaders/paginate.ts';
import { InputError } from '../src/loaders/InputError.ts';
import { validateArguments } from '../src/loaders/validateArguments.ts';
import { RESOURCES } from '../src/kube/resources.ts';
import type { QueryResolvers } from '../src/generated/graphql.ts';
import { pathOf } from './path.ts';
import { prefetchNodeJoins, prefetchPodJoins, prefetchServiceJoins, prefetchWorkloadJoins } from './prefetch.ts';

const EVENT_TYPES = { NORMAL: 'Normal', WARNING: 'Warning' } as const;

/** Field selector for events: server-side filters by type and involved object. */
export function eventFieldSelector(args: { type?: 'NORMAL' | 'WARNING' | null; involvedKind?: string | null; involvedName?: string | null }): string | null {
  const terms: string[] = [];
  if (args.type) terms.push(`type=${EVENT_TYPES[args.type]}`);
  if (args.involvedKind) terms.push(`involvedObject.kind=${escapeFieldSelectorValue(args.involvedKind)}`);
  if (args.involvedName) terms.push(`involvedObject.name=${escapeFieldSelectorValue(args.involvedName)}`);
  return terms.length > 0 ? terms.join(',') : null;
}

/** Checked before anything is fetched: bad input costs no upstream request. */
export function checkFirst(first: number | null | undefined): void {
  if (first !== null && first !== undefined && (!Number.isInteger(first) || first < 0)) {
    throw new InputError('first', `must be a non-negative integer, got ${first}`);
  }
}

export function firstN<T>(items: T[], first: number | null | undefined): T[] {
  return first === null || first === undefined ? items : items.slice(0, first);
}

// Every field checks its arguments first (validateArguments), before selecting clusters or
// prefetching joins: a bad argument is one BAD_USER_INPUT for its field and no upstream request.
export const Query: QueryResolvers = {
  clusters: (_, args, { reader }) => {
    validateArguments(args);
    return reader.select(args, 'listing');
  },
  // A context name is free-form (kubeconfig), so any string is looked up; an unknown one is null.
  // A cluster the gateway policy withholds from the caller is FORBIDDEN, not null (docs/policy.md).
  cluster: (_, { name }, { fleet }) => {
    fleet.refuseWithheld([name], 'name');
    return fleet.get(name) ?? null;
  },

  nodes: (_, args, { reader }, info) => {
    validateArguments(args);
    const clusters = reader.select(args);
    prefetchNodeJoins(reader, clusters, info, args);
    return reader.across<V1Node>(clusters, RESOURCES.nodes, { labelSelector: args.labelSelector }, pathOf(info));
  },

  namespaces: (_, args, { reader }, info) => {
    validateArguments(args);
    return reader.across<V1Namespace>(reader.select(args), RESOURCES.namespaces, {}, pathOf(info));
  },

  workloads: (_, args, { reader }, info) => {
    validateArguments(args);
    const clusters = reader.select(args);
    prefetchWorkloadJoins(reader, clusters, args.namespace, info, args);
    return reader.workloads(clusters, { namespace: args.namespace, labelSelector: args.labelSelector, kinds: args.kinds }, pathOf(info));
  },

  pods: async (_, args, { reader, fleet }, info) => {
    validateArguments(args, { fieldSelectorResource: RESOURCES.pods.name });
    const clusters = reader.select(args);
    const order = new Map(fleet.clusters.map((c, i) => [c.name, i]));
    checkPageArguments(args.first, args.after, order, { clusters: new Set(clusters.map((c) => c.name)), namespace: args.namespace });
    prefetchPodJoins(reader, clusters, args.namespace, info, args, ['edges', 'node']);
    const pods = await reader.across<V1Pod>(clusters, RESOURCES.pods,
      { namespace: args.namespace, labelSelector: args.labelSelector, fieldSelector: args.fieldSelector }, pathOf(info));
    const keyOf = (p: (typeof pods)[number]) => ({ cluster: p.cluster, namespace: p.object.metadata?.namespace ?? '', name: p.object.metadata?.name ?? '' });
    const compare = compareItemKeys(order);
    const sorted = [...pods].sort((a, b) => compare(keyOf(a), keyOf(b)));
    const page = paginate(sorted, keyOf, order, args.first, args.after);
    return {
      edges: page.items.map(({ cursor, item }) => ({ cursor, node: item })),
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, startCursor: page.startCursor, endCursor: page.endCursor },
      totalCount: page.totalCount,
    };
  },

  services: (_, args, { reader }, info) => {
    validateArguments(args);
    const clusters = reader.select(args);
    prefetchServiceJoins(reader, clusters, args.namespace, info, args);
    return reader.across<V1Service>(clusters, RESOURCES.services, { namespace: args.namespace, labelSelector: args.labelSelector }, pathOf(info));
  },

  configMaps: (_, args, { reader }, info) => {
    validateArguments(args);
    return reader.across<V1ConfigMap>(reader.select(args), RESOURCES.configmaps, { namespace: args.namespace, labelSelector: args.labelSelector }, pathOf(info));
  },

  secrets: (_, args, { reader }, info) => {
    validateArguments(args);
    return reader.across<V1Secret>(reader.select(args), RESOURCES.secrets, { namespace: args.namespace, labelSelector: args.labelSelector }, pathOf(info));
  },

  events: async (_, args, { reader }, info) => {
    validateArguments(args);
    checkFirst(args.first);
    const events = await reader.across<CoreV1Event>(reader.select(args), RESOURCES.events,
      { namespace: args.namespace, fieldSelector: eventFieldSelector(args) }, pathOf(info));
    return firstN(newestFirst(events), args.first);
  },
};
