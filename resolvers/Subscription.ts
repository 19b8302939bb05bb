/**
 * Subscription: the watch hub's streams as GraphQL subscriptions. Arguments are checked and
 * clusters selected when subscribing (a bad one is an error before anything streams); the
 * filters go to the hub, which applies them before an event reaches GraphQL execution; each
 * delivered event is executed with fresh loaders (by src/server/sharedSubscribe.ts, which
 * executes an entry once for all subscribers holding the same caller, operation and variables).
 *
 * With authentication on, a subscriber is served only what its own RBAC allows in each cluster
 * (src/auth/callerChanges.ts): the clusters it may not list and watch are refused when it
 * subscribes, and every change is checked against its (briefly cached) access before delivery.
 */
import { GraphQLError } from 'graphql';
import { parseLabelSelector } from '../src/fleet/labelSelector.ts';
import { quoteInput } from '../src/fleet/quoteInput.ts';
import { RESOURCES, type ResourceName } from '../src/kube/resources.ts';
import { CursorError } from '../src/live/EventLog.ts';
import { decodeStreamCursor } from '../src/live/StreamCursor.ts';
import { changeFilter, eventFilter } from '../src/live/filters.ts';
import type { ResourceChangeEntry, WatchHub } from '../src/live/WatchHub.ts';
import type { HubDelivery, StreamProblem } from '../src/live/withProblems.ts';
import { admitSubscriber, callerChanges } from '../src/auth/callerChanges.ts';
import { SHARED_DELIVERIES, type ClusterStatusChangeValue, type EventDeliveryValue, type ResourceChangeValue } from '../src/live/deliveries.ts';
import type { Delivery } from '../src/live/readStreams.ts';
import type { EventDeliveryResolvers, ResourceChangeResolvers, SubscriptionResolvers, ClusterStatusChangeResolvers } from '../src/generated/graphql.ts';
import { InputError } from '../src/loaders/InputError.ts';
import type { RequestContext } from '../src/loaders/RequestContext.ts';
import { validateArguments } from '../src/loaders/validateArguments.ts';
import { operationSubscription } from './operationSubscription.ts';

/** The kinds `resourceChanges` follows, and the resource each is watched as. */
const KINDS: ReadonlyMap<string, ResourceName> = new Map(
  (['pods', 'services', 'configmaps', 'secrets', 'events', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'nodes', 'namespaces'] as const)
    .map((r) => [RESOURCES[r].kind, r]),
);

function hubOf(ctx: RequestContext): WatchHub {
  if (!ctx.live) throw new GraphQLError('subscriptions are served over WebSocket (graphql-ws) at this same URL, not over HTTP', { extensions: { code: 'BAD_REQUEST' } });
  return ctx.live;
}

/** A cursor the hub cannot read after is the client's mistake, said against `after`. */
function subscribeWith<T>(open: () => T): T {
  try {
    return open();
  } catch (e) {
    if (e instanceof CursorError) throw new InputError('after', e.message);
    throw e;
  }
}

/**
 * The `after` cursor read before anything else is asked: a malformed one is the client's mistake
 * (BAD_USER_INPUT against `after`), answered without the access reviews a caller's subscription
 * sends to every selected cluster. The hub reads it again when the streams open.
 */
function checkCursor(after: string | null | undefined): void {
  if (after !== undefined && after !== null) subscribeWith(() => decodeStreamCursor(after));
}

/**
 * Marks a stream whose deliveries graphql-ws may execute once for every subscriber holding the
 * same operation and variables (src/server/sharedSubscribe.ts, which also renews the context's
 * loaders before each execution).
 */
function shared<I extends object>(iterator: I): I {
  Object.defineProperty(iterator, SHARED_DELIVERIES, { value: true });
  return iterator;
}

/** A stream's standing failure (withProblems.ts) is a per-cluster error of that delivery; the subscription goes on. */
function unlessProblem<T extends object>(payload: T | StreamProblem): T {
  if ('problem' in payload) throw payload.problem;
  return payload;
}

/**
 * The hub's changes of `resource` in `clusters` as the request's caller may see them: opened for
 * the clusters it may list and watch in, and filtered per change (src/auth/callerChanges.ts).
 * Without a caller (authentication off) the hub's changes as they are.
 */
async function forCaller(ctx: RequestContext, clusters: readonly string[], resource: ResourceName, namespace: string | null | undefined,
  open: (clusters: readonly string[]) => AsyncIterableIterator<HubDelivery<ResourceChangeEntry>>): Promise<AsyncIterableIterator<HubDelivery<ResourceChangeEntry>>> {
  if (!ctx.identity) return open(clusters);
  // Fail closed: a caller's subscription is never served unfiltered.
  if (!ctx.access) throw new Error('an authenticated subscription reached a context without per-caller access checks (RequestContext.access)');
  const options = { access: ctx.access, identity: ctx.identity, client: (c: string) => ctx.fleet.get(c), type: RESOURCES[resource], namespace };
  const admission = await admitSubscriber(clusters, options);
  // Nothing the caller may see: the subscription itself is refused with the (first) refusal.
  if (admission.admitted.length === 0 && admission.refused.length > 0) throw admission.refused[0]!.error;
  return callerChanges(open(admission.admitted), options, admission);
}

const clusterNamesOf = (ctx: RequestContext, args: { clusters?: string | null; clusterNames?: readonly string[] | null }) =>
  ctx.fleet.select({ clusters: args.clusters, clusterNames: args.clusterNames }).map((c) => c.name);

export const Subscription: SubscriptionResolvers = {
  events: {
    subscribe: async (_, args, ctx) => {
      validateArguments(args);
      const hub = hubOf(ctx);
      const clusters = clusterNamesOf(ctx, args);
      const filter = eventFilter({ namespace: args.namespace, type: args.type, involvedKind: args.involvedKind, involvedName: args.involvedName });
      checkCursor(args.after);
      const source = await forCaller(ctx, clusters, 'events', args.namespace, (admitted) =>
        subscribeWith(() => hub.resourceChanges({ clusters: admitted, resource: 'events', namespace: args.namespace, after: args.after, filter })));
      return shared(source);
    },
    resolve: (payload: EventDeliveryValue | StreamProblem) => unlessProblem(payload),
  },
  resourceChanges: {
    subscribe: async (_, args, ctx) => {
      validateArguments(args);
      const resource = KINDS.get(args.kind);
      if (!resource) throw new InputError('kind', `${quoteInput(args.kind)} is not a kind resourceChanges follows; one of ${[...KINDS.keys()].join(', ')}`);
      const hub = hubOf(ctx);
      const clusters = clusterNamesOf(ctx, args);
      const labelSelector = args.labelSelector ? parseLabelSelector(args.labelSelector) : undefined;
      const filter = changeFilter({ namespace: args.namespace, labelSelector });
      checkCursor(args.after);
      const source = await forCaller(ctx, clusters, resource, args.namespace, (admitted) =>
        subscribeWith(() => hub.resourceChanges({ clusters: admitted, resource, namespace: args.namespace, after: args.after, filter })));
      return shared(source);
    },
    // The kind, which a gap alone cannot say, from the subscription's own argument: made once per
    // execution, not per subscriber (an execution may be shared).
    resolve: (payload: Delivery<ResourceChangeEntry> | StreamProblem, args: { kind: string }): ResourceChangeValue => ({ ...unlessProblem(payload), kind: args.kind }),
  },
  clusterStatus: {
    subscribe: (_, args, ctx) => {
      validateArguments(args);
      const hub = hubOf(ctx);
      const clusters = clusterNamesOf(ctx, args);
      const source = subscribeWith(() => hub.clusterStatus({ clusters, after: args.after }));
      return source;
    },
    resolve: (payload: ClusterStatusChangeValue) => payload,
  },
  operation: operationSubscription,
};

const gapFields = (gap: { cluster: string; missed: number | undefined } | undefined) =>
  gap ? { cluster: gap.cluster, missed: gap.missed ?? null } : null;

export const EventDelivery: EventDeliveryResolvers = {
  cursor: (d) => d.cursor,
  event: (d) => (d.value ? { cluster: d.value.cluster, scope: null, object: d.value.object as never } : null),
  gap: (d) => gapFields(d.gap),
};

export const ResourceChange: ResourceChangeResolvers = {
  cursor: (c) => c.cursor,
  type: (c) => c.value?.type ?? null,
  cluster: (c) => c.value?.cluster ?? c.gap!.cluster,
  kind: (c) => c.kind,
  namespace: (c) => c.value?.object.metadata?.namespace ?? null,
  name: (c) => c.value?.object.metadata?.name ?? null,
  object: (c) => c.value?.object ?? null,
  gap: (c) => gapFields(c.gap),
};

export const ClusterStatusChange: ClusterStatusChangeResolvers = {
  cursor: (d) => d.cursor,
  cluster: (d) => d.value?.cluster ?? d.gap!.cluster,
  state: (d) => d.value?.state ?? null,
  status: (d, _, ctx) => {
    if (!d.value) return null;
    const client = ctx.fleet.get(d.value.cluster);
    const health = client?.health.snapshot();
    // The change as seen by the probe, with what else the cluster's health knows (version, latency).
    return {
      cluster: d.value.cluster, reachable: d.value.reachable, version: health?.version, latencyMs: d.value.reachable ? health?.latencyMs : undefined,
      lastError: health?.lastError, lastErrorAt: health?.lastErrorAt, checkedAt: new Date(d.value.at),
    };
  },
  gap: (d) => gapFields(d.gap),
};
