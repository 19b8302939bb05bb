/**
 * The watch-backed read cache (`--cache`): LISTs answered from the watch hub's stores instead of
 * the cluster. The first read of a (cluster, resource) starts its list+watch and is answered live;
 * once that stream is synced, reads of it make no upstream request. Selections the store cannot
 * answer exactly the way the API server would (a field selector) are read live.
 *
 * Reads use the stores' indexes (IndexedStore.ts): a namespace or an equality label term picks a
 * bucket already in LIST order, the smallest one is filtered by the rest of the selection, and
 * nothing is sorted. Joins (`lookup`) read one bucket: pods on a node, an object by name, ...
 *
 * The stores are filled under the gateway's own identity. `visibleTo` is the one step between
 * store and resolver where per-caller filtering (the security issue) goes; today it passes all.
 */
import { parseLabelSelector } from '../fleet/labelSelector.ts';
import type { ListOptions } from '../kube/ClusterClient.ts';
import type { ResourceName, ResourceType } from '../kube/resources.ts';
import type { IndexQuery } from './IndexedStore.ts';
import type { LiveObject } from './leanObject.ts';
import type { ListWatch } from './ListWatch.ts';
import type { WatchHub } from './WatchHub.ts';

/** The resources the cache serves (the read graph's; metrics are computed, not watched). */
const CACHED: ReadonlySet<string> = new Set<ResourceName>([
  'nodes', 'namespaces', 'pods', 'services', 'configmaps', 'secrets', 'events', 'deployments', 'statefulsets', 'daemonsets', 'replicasets',
]);

export interface WatchCacheOptions {
  hub: WatchHub;
  /** Which clusters are served from the cache (the fleet file's per-cluster setting). @default all */
  cached?: (cluster: string) => boolean;
  /** What of a store one caller may see; the security issue's filter goes here. @default all of it */
  visibleTo?: (cluster: string, type: ResourceType, items: LiveObject[]) => LiveObject[];
}

export class WatchCache {
  constructor(private readonly options: WatchCacheOptions) {}

  /** Whether reads of this cluster come from the cache (once synced). */
  serves(cluster: string): boolean {
    return this.options.cached?.(cluster) ?? true;
  }

  /**
   * The items a LIST with these options would return, from a synced store, in the API server's
   * order (namespace, then name); undefined when it must be read live (not synced yet, a field
   * selector, a resource or cluster not cached).
   */
  read(cluster: string, type: ResourceType, list: ListOptions): LiveObject[] | undefined {
    if (list.fieldSelector) return undefined;
    const watch = this.synced(cluster, type);
    if (!watch) return undefined;
    const selector = list.labelSelector ? parseLabelSelector(list.labelSelector) : undefined;
    const namespace = type.namespaced ? list.namespace || undefined : undefined;
    // The smallest bucket that holds every answer: the namespace's, or an equality term's.
    let from: readonly LiveObject[] = namespace === undefined ? watch.objects.sorted() : watch.objects.lookup({ by: 'namespace', namespace });
    const whole = from;
    for (const r of selector?.requirements ?? []) {
      const equal = r.operator === '=' || (r.operator === 'in' && r.values.length === 1);
      if (!equal) continue;
      const bucket = watch.objects.lookup({ by: 'label', key: r.key, value: r.values[0]! });
      if (bucket.length < from.length) from = bucket;
    }
    // Without a selector the namespace's bucket (or the whole store) is the answer as it stands.
    const items = from === whole && !selector?.requirements.length ? [...from]
      : from.filter((object) => (namespace === undefined || object.metadata?.namespace === namespace)
        && (!selector || selector.matches(object.metadata?.['labels'] as Record<string, string> | undefined)));
    return this.visible(cluster, type, items);
  }

  /**
   * One index bucket of a synced store (pods on a node, children of an owner, an object by
   * name, ...), in LIST order; undefined when it must be read live.
   */
  lookup(cluster: string, type: ResourceType, query: IndexQuery): LiveObject[] | undefined {
    const watch = this.synced(cluster, type);
    if (!watch) return undefined;
    return this.visible(cluster, type, [...watch.objects.lookup(query)]);
  }

  /** The resources of a cluster the cache watches (those read so far), for Cluster.status. */
  describe(cluster: string): Array<{ resource: string; synced: boolean; lastChangeAt: Date | undefined }> {
    const held: Array<{ resource: string; synced: boolean; lastChangeAt: Date | undefined }> = [];
    for (const resource of CACHED) {
      const watch: ListWatch | undefined = this.options.hub.watch(cluster, resource as ResourceName);
      if (watch) held.push({ resource, synced: watch.synced, lastChangeAt: watch.lastChangeAt });
    }
    return held;
  }

  /** The store of (cluster, resource) when the cache serves it and it is synced (starting its stream if not). */
  private synced(cluster: string, type: ResourceType): ListWatch | undefined {
    if (!CACHED.has(type.name) || !this.serves(cluster)) return undefined;
    const watch = this.options.hub.hold(cluster, type.name as ResourceName);
    return watch.synced ? watch : undefined;
  }

  private visible(cluster: string, type: ResourceType, items: LiveObject[]): LiveObject[] {
    return this.options.visibleTo ? this.options.visibleTo(cluster, type, items) : items;
  }
}
