/**
 * One set of DataLoaders per GraphQL request: every LIST a request needs is keyed by
 * (cluster, resource, namespace, label selector, field selector) and sent at most once, all
 * clusters in parallel; parent→child fields join from these lists.
 *
 * Data errors are values: a failing cluster rejects only its own keys. Once a cluster is found
 * unreachable or timing out in a request, its later calls in the same request fail at once with
 * the same error, so a dead cluster costs one timeout per request, not one per nesting level.
 */
import DataLoader from 'dataloader';
import type { ClusterClient, ListOptions } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { ResourceType } from '../kube/resources.ts';
import type { RequestBudget } from '../limits/RequestBudget.ts';
import type { IndexQuery } from '../live/IndexedStore.ts';
import { allNamespacesForbidden, scopedNamespaces } from '../live/namespaceScope.ts';

export interface ListKey {
  cluster: ClusterClient;
  type: ResourceType;
  namespace: string | null;
  labelSelector: string | null;
  fieldSelector: string | null;
}

/**
 * A source of LIST answers without an upstream call (the watch cache); undefined: read live.
 * A read made with a client acting as a caller is answered only with what that caller may list
 * (a promise, rejected with the cluster's FORBIDDEN error when it may not): see WatchCache.
 */
export interface ListCache {
  read(cluster: ClusterClient, type: ResourceType, options: ListOptions): unknown[] | Promise<unknown[] | undefined> | undefined;
  /**
   * One index bucket (pods on a node, an object by name, ...) in LIST order; undefined: list and
   * filter. `scope`: the namespace (null: all) of that fallback LIST, what a caller must be allowed.
   */
  lookup(cluster: ClusterClient, type: ResourceType, query: IndexQuery, scope: string | null): unknown[] | undefined;
  /** Whether reads of this cluster come from the cache. */
  serves(cluster: string): boolean;
  /** What the cache holds of a cluster, for Cluster.status. */
  describe(cluster: string): Array<{ resource: string; synced: boolean; lastChangeAt: Date | undefined }>;
}

export interface VersionInfo {
  gitVersion: string;
  latencyMs: number;
}

function listKeyString(k: ListKey): string {
  return [k.cluster.name, k.type.name, k.namespace ?? '', k.labelSelector ?? '', k.fieldSelector ?? ''].join('\u0000');
}

/** Secret values never leave the cluster through fleetgraph: keep key names, drop values at once. */
function withoutSecretValues(items: unknown[]): unknown[] {
  return items.map((item) => {
    if (typeof item !== 'object' || item === null) return item;
    const s = item as { data?: Record<string, unknown>; stringData?: unknown };
    const keys = Object.keys(s.data ?? {});
    const { stringData: _dropped, ...rest } = s;
    return { ...rest, data: Object.fromEntries(keys.map((k) => [k, ''])) };
  });
}

export class FleetLoaders {
  private readonly dead = new Map<string, ClusterError>();
  private readonly lists: DataLoader<ListKey, unknown[], string>;
  private readonly versions: DataLoader<ClusterClient, VersionInfo, string>;

  /**
   * @param budget the request's cap on upstream calls and its deadline (none: unlimited)
   * @param cache answers LISTs it can from memory, costing no upstream call (`--cache`)
   */
  constructor(private readonly budget?: RequestBudget, private readonly cache?: ListCache) {
    this.lists = new DataLoader<ListKey, unknown[], string>(
      (keys) => Promise.all(keys.map((k) => this.fetchList(k).catch((e: unknown) => toError(e)))),
      { cacheKeyFn: listKeyString },
    );
    this.versions = new DataLoader<ClusterClient, VersionInfo, string>(
      (clusters) => Promise.all(clusters.map((c) => this.guard(c, 'version', () => c.version()).catch((e: unknown) => toError(e)))),
      { cacheKeyFn: (c) => c.name },
    );
  }

  /** The items of one LIST; rejects with a ClusterError when that cluster failed. */
  list<T>(cluster: ClusterClient, type: ResourceType, options: ListOptions = {}): Promise<T[]> {
    return this.lists.load({
      cluster, type,
      namespace: type.namespaced ? options.namespace ?? null : null,
      labelSelector: options.labelSelector || null,
      fieldSelector: options.fieldSelector || null,
    }) as Promise<T[]>;
  }

  /**
   * A join answered from one of the cache's indexes, with no upstream call; undefined when the
   * cache cannot answer it (off, not synced, the caller's access not known yet): the caller lists
   * (in `scope`, null: all namespaces) and filters instead.
   */
  lookup<T>(cluster: ClusterClient, type: ResourceType, query: IndexQuery, scope: string | null): T[] | undefined {
    return this.cache?.lookup(cluster, type, query, scope) as T[] | undefined;
  }

  version(cluster: ClusterClient): Promise<VersionInfo> {
    return this.versions.load(cluster);
  }

  private async fetchList(k: ListKey): Promise<unknown[]> {
    // A cluster with a namespace scope: a namespace outside it is refused (as the cache refuses
    // it), and an all-namespaces read is one LIST per namespace of it, joined in LIST order.
    const namespaces = scopedNamespaces(k.cluster, k.type, k.namespace);
    const read = this.cache?.read(k.cluster, k.type, { namespace: k.namespace, labelSelector: k.labelSelector, fieldSelector: k.fieldSelector });
    const cached = read instanceof Promise ? await read : read;
    if (cached) return cached;
    if (namespaces && !k.namespace) return (await Promise.all(namespaces.map((namespace) => this.listLive({ ...k, namespace })))).flat();
    try {
      return await this.listLive(k);
    } catch (e) {
      // The gateway's own identity refused across all namespaces: say that a namespace scope is the way out (a caller's refusal is theirs, as the cluster words it).
      if (e instanceof ClusterError && e.code === 'FORBIDDEN' && k.type.namespaced && !k.namespace && !k.cluster.actingAs) throw allNamespacesForbidden(k.cluster.name, k.type, e);
      throw e;
    }
  }

  private async listLive(k: ListKey): Promise<unknown[]> {
    const items = await this.guard(k.cluster, k.type.name, () =>
      k.cluster.list<unknown>(k.type, { namespace: k.namespace, labelSelector: k.labelSelector, fieldSelector: k.fieldSelector }));
    return k.type.name === 'secrets' ? withoutSecretValues(items) : items;
  }

  private async guard<T>(cluster: ClusterClient, resource: string, call: () => Promise<T>): Promise<T> {
    const known = this.dead.get(cluster.name);
    if (known) throw known.forResource(resource);
    this.budget?.spend(cluster.name, resource);
    try {
      return await call();
    } catch (e) {
      if (e instanceof ClusterError && (e.code === 'CLUSTER_UNREACHABLE' || e.code === 'CLUSTER_TIMEOUT')) {
        if (!this.dead.has(cluster.name)) this.dead.set(cluster.name, e);
      }
      throw e;
    }
  }
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
