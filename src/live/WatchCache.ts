/**
 * The watch-backed read cache (`--cache`): LISTs answered from the watch hub's stores instead of
 * the cluster. The first read of a (cluster, resource) starts its list+watch and is answered live;
 * once that stream is synced, reads of it make no upstream request. Selections the store cannot
 * answer exactly the way the API server would (a field selector) are read live.
 *
 * The stores are filled under the gateway's own identity. `visibleTo` is the one step between
 * store and resolver where per-caller filtering (the security issue) goes; today it passes all.
 */
import { parseLabelSelector } from '../fleet/labelSelector.ts';
import type { ListOptions } from '../kube/ClusterClient.ts';
import type { ResourceName, ResourceType } from '../kube/resources.ts';
import type { LiveObject } from './leanObject.ts';
import { keyOf, type ListWatch } from './ListWatch.ts';
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

  /**
   * The items a LIST with these options would return, from a synced store, in the API server's
   * order (namespace, then name); undefined when it must be read live (not synced yet, a field
   * selector, a resource or cluster not cached).
   */
  /** Whether reads of this cluster come from the cache (once synced). */
  serves(cluster: string): boolean {
    return this.options.cached?.(cluster) ?? true;
  }

  read(cluster: string, type: ResourceType, list: ListOptions): LiveObject[] | undefined {
    if (!CACHED.has(type.name) || list.fieldSelector || !this.serves(cluster)) return undefined;
    const watch = this.options.hub.hold(cluster, type.name as ResourceName);
    if (!watch.synced) return undefined;
    const selector = list.labelSelector ? parseLabelSelector(list.labelSelector) : undefined;
    const namespace = type.namespaced ? list.namespace || undefined : undefined;
    const items: LiveObject[] = [];
    for (const object of watch.objects.values()) {
      if (namespace !== undefined && object.metadata?.namespace !== namespace) continue;
      if (selector && !selector.matches(object.metadata?.['labels'] as Record<string, string> | undefined)) continue;
      items.push(object);
    }
    items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    return this.options.visibleTo ? this.options.visibleTo(cluster, type, items) : items;
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
}
