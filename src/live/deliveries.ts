/**
 * What the subscription fields resolve from: the hub's deliveries as they come out of
 * `WatchHub` (a change or a gap, with its cursor), plus what a gap alone cannot say (the kind
 * a resourceChanges subscriber asked for). The GraphQL shapes are made from these in resolvers/.
 */
import type { Delivery } from './readStreams.ts';
import type { ClusterStatusEntry, ResourceChangeEntry } from './WatchHub.ts';

export type EventDeliveryValue = Delivery<ResourceChangeEntry>;

export type ResourceChangeValue = Delivery<ResourceChangeEntry> & { kind: string };

export type ClusterStatusChangeValue = Delivery<ClusterStatusEntry>;

/**
 * Set (true) on a subscription's event stream whose deliveries may be executed once and shared
 * among subscribers (src/server/sharedSubscribe.ts): each is a SharedDelivery whose result
 * depends only on its `value` (the hub's entry, the same object for every subscriber), the
 * operation and the variables, and on `cursor` only in the delivery type's own `cursor` fields.
 * Not set on clusterStatus (its `status` reads the cluster's health when executed).
 */
export const SHARED_DELIVERIES = Symbol('fleetgraph.sharedDeliveries');

/** A delivery of a stream marked with SHARED_DELIVERIES: a gap is never shared. */
export type SharedDelivery = Delivery<object> & Record<string, unknown>;
