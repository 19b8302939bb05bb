/**
 * What the subscription fields resolve from: the hub's deliveries as they come out of
 * `WatchHub` (a change or a gap, with its cursor), plus what a gap alone cannot say (the kind
 * a resourceChanges subscriber asked for). The GraphQL shapes are made from these in resolvers/.
 */
import type { Delivery } from './readStreams.ts';
import type { ClusterStatusEntry, ResourceChangeEntry } from './WatchHub.ts';

export type EventDeliveryValue = Delivery<ResourceChangeEntry>;

export interface ResourceChangeValue {
  delivery: Delivery<ResourceChangeEntry>;
  kind: string;
}

export type ClusterStatusChangeValue = Delivery<ClusterStatusEntry>;
