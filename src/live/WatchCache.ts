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
 * A cluster with a namespace scope (namespaceScope.ts) has one store per namespace of it for each
 * namespaced resource: a namespaced read reads its namespace's store, an all-namespaces read the
 * union of the scope's stores (in LIST order, each store being one namespace), and the resource is
 * synced only when every store of the scope is. FleetLoaders refuses namespaces outside the scope
 * before asking here.
 *
 * The stores are filled under the gateway's own identity. A read made for a caller (its client
 * acts as someone: `ClusterClient.actingAs`, authentication on) is served only once `access`
 * (src/auth/CallerAccess.ts) says that caller may `list` what the read covers, in that cluster, as
 * a live LIST made as the caller would be authorized; refused, it throws that cluster's FORBIDDEN
 * error instead of serving anything. Joins (`lookup`) are served only on an answer already held,
 * and otherwise left to the list they fall back to, which asks. Without `access`, reads for a
 * caller are not served from the cache at all (read live as the caller). Reads not made for a
 * caller (authentication off) are served as they always were, at no cost.
 */
import { parseLabelSelector, type LabelSelector } from '../fleet/labelSelector.ts';
import type { ClusterClient, ListOptions } from '../kube/ClusterClient.ts';
import type { ClusterError } from '../kube/ClusterError.ts';
import type { ResourceName, ResourceType } from '../kube/resources.ts';
import type { IndexQuery } from './IndexedStore.ts';
import type { LiveObject } from './leanObject.ts';
import type { WatchedStore } from './WatchedStore.ts';
import type { WatchHub } from './WatchHub.ts';

/** The resources the cache serves (the read graph's; metrics are computed, not watched). */
const CACHED: ReadonlySet<string> = new Set<ResourceName>([
  'nodes', 'namespaces', 'pods', 'services', 'configmaps', 'secrets', 'events', 'deployments', 'statefulsets', 'daemonsets', 'replicasets',
]);

export interface WatchCacheOptions {
  hub: WatchHub;
  /** Which clusters are served from the cache (the fleet file's per-cluster setting). @default all */
  cached?: (cluster: string) => boolean;
  /** What a caller may be served (per-caller filtering). @default none: reads made for a caller are read live */
  access?: StoreAccess;
}

/** Whether the caller a client acts as may be served a read (src/auth/CallerAccess.ts implements it). */
export interface StoreAccess {
  /** Null when the caller may list `type` in `namespace` (null: all namespaces) of the client's cluster; else the refusal to give it. */
  mayList(client: ClusterClient, type: ResourceType, namespace: string | null): ClusterError | null | Promise<ClusterError | null>;
  /** The answer to `mayList` when it is held now; undefined when it must be asked. */
  knownMayList(client: ClusterClient, type: ResourceType, namespace: string | null): boolean | undefined;
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
   * selector, a resource or cluster not cached). For a caller (`client.actingAs`) the items only
   * once the caller may list them (at once on a held answer, else a promise of them), and a
   * promise rejected with the cluster's FORBIDDEN error when it may not.
   */
  read(client: ClusterClient, type: ResourceType, list: ListOptions): LiveObject[] | Promise<LiveObject[] | undefined> | undefined {
    if (list.fieldSelector) return undefined;
    const cluster = client.name;
    const namespace = type.namespaced ? list.namespace || undefined : undefined;
    const stores = this.synced(cluster, type, namespace);
    if (!stores) return undefined;
    if (!client.actingAs) return this.readStores(stores, namespace, list.labelSelector);
    const { access } = this.options;
    if (!access) return undefined;
    const outcome = access.mayList(client, type, namespace ?? null);
    if (outcome instanceof Promise) {
      return outcome.then((refused) => {
        if (refused) throw refused;
        return this.readNow(cluster, type, namespace, list.labelSelector);
      });
    }
    if (outcome) return Promise.reject(outcome);
    return this.readStores(stores, namespace, list.labelSelector);
  }

  /** The synced stores' answer (see `read`), or undefined when they are not synced any more (after waiting for a review). */
  private readNow(cluster: string, type: ResourceType, namespace: string | undefined, labelSelector: string | null | undefined): LiveObject[] | undefined {
    const stores = this.synced(cluster, type, namespace);
    return stores && this.readStores(stores, namespace, labelSelector);
  }

  private readStores(stores: WatchedStore[], namespace: string | undefined, labelSelector: string | null | undefined): LiveObject[] {
    const selector = labelSelector ? parseLabelSelector(labelSelector) : undefined;
    return stores.length === 1 ? this.readStore(stores[0]!, namespace, selector) : stores.flatMap((w) => this.readStore(w, namespace, selector));
  }

  /** One store's answer to a LIST (see `read`), a fresh array. */
  private readStore(watch: WatchedStore, namespace: string | undefined, selector: LabelSelector | undefined): LiveObject[] {
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
    return from === whole && !selector?.requirements.length ? [...from]
      : from.filter((object) => (namespace === undefined || object.metadata?.namespace === namespace)
        && (!selector || selector.matches(object.metadata?.['labels'] as Record<string, string> | undefined)));
  }

  /**
   * One index bucket of a synced store (pods on a node, children of an owner, an object by
   * name, ...), in LIST order; undefined when it must be read live. `scope` is the namespace
   * (null: all) of the LIST the caller falls back to without it: for a caller, the bucket is
   * served only when the answer that the caller may make that LIST is held (the fallback asks).
   */
  lookup(client: ClusterClient, type: ResourceType, query: IndexQuery, scope: string | null): LiveObject[] | undefined {
    const namespace = type.namespaced && (query.by === 'name' || query.by === 'namespace') ? query.namespace : undefined;
    const stores = this.synced(client.name, type, namespace);
    if (!stores) return undefined;
    if (client.actingAs && this.options.access?.knownMayList(client, type, type.namespaced ? scope : null) !== true) return undefined;
    return stores.flatMap((w) => w.objects.lookup(query));
  }

  /** The resources of a cluster the cache watches (those read so far), for Cluster.status. */
  describe(cluster: string): Array<{ resource: string; synced: boolean; lastChangeAt: Date | undefined }> {
    const held: Array<{ resource: string; synced: boolean; lastChangeAt: Date | undefined }> = [];
    const { hub } = this.options;
    for (const resource of CACHED) {
      const watches = hub.namespacesOf(cluster, resource as ResourceName).map((ns) => hub.store(cluster, resource as ResourceName, ns));
      if (!watches.some(Boolean)) continue;
      // A scoped resource is synced when every namespace's store is; its last change is the latest of theirs.
      const last = Math.max(...watches.map((w) => w?.lastChangeAt?.getTime() ?? -Infinity));
      held.push({ resource, synced: watches.every((w) => w?.synced === true), lastChangeAt: last === -Infinity ? undefined : new Date(last) });
    }
    return held;
  }

  /**
   * The stores a read of (cluster, resource[, namespace]) covers, in LIST order, when the cache
   * serves it and they are synced; every store of the resource is started (held) at its first read.
   */
  private synced(cluster: string, type: ResourceType, namespace: string | undefined): WatchedStore[] | undefined {
    if (!CACHED.has(type.name) || !this.serves(cluster)) return undefined;
    const { hub } = this.options;
    const resource = type.name as ResourceName;
    const all = hub.namespacesOf(cluster, resource);
    const watches = all.map((ns) => hub.hold(cluster, resource, ns));
    // Cluster-wide: the one store. Scoped: the namespace's own store, or every store of the scope.
    const covered = all[0] === null || namespace === undefined ? watches : watches.filter((_, i) => all[i] === namespace);
    return covered.length > 0 && covered.every((w) => w.synced) ? covered : undefined;
  }
}
