/** Event: core/v1 Events as `kubectl get events` shows them. */
import type { EventResolvers } from '../src/generated/graphql.ts';
import { clusterField } from './clusterOf.ts';
import { timestamp } from './labels.ts';

export const Event: EventResolvers = {
  cluster: clusterField,
  namespace: (e) => e.object.metadata?.namespace ?? null,
  type: (e) => (e.object.type === 'Warning' ? 'WARNING' : 'NORMAL'),
  reason: (e) => e.object.reason ?? '',
  message: (e) => e.object.message ?? '',
  // Kubernetes requires involvedObject; a cluster that omits it still yields the rest of the answer.
  involvedObject: (e) => ({
    kind: e.object.involvedObject?.kind ?? '',
    namespace: e.object.involvedObject?.namespace ?? null,
    name: e.object.involvedObject?.name ?? '',
  }),
  count: (e) => e.object.count ?? e.object.series?.count ?? 1,
  firstTimestamp: (e) => timestamp(e.object.firstTimestamp ?? e.object.eventTime),
  lastTimestamp: (e) => timestamp(e.object.lastTimestamp ?? e.object.series?.lastObservedTime ?? e.object.eventTime),
};
