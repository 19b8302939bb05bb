/**
 * kind + apiVersion → where the object lives on one cluster (its resource path, namespaced or
 * not), from that cluster's own discovery: clusters of a fleet run different versions and serve
 * different APIs, so an unknown kind is one cluster's NOT_FOUND, not the request's error.
 *
 * One discovery request per (cluster, group-version) (`/api/v1`, `/apis/apps/v1`), cached for
 * the gateway's life and shared by concurrent callers; a kind missing from a cached list (a CRD
 * installed since) refreshes that list, at most once per `missRefreshMs`.
 */
import { ClusterError } from '../kube/ClusterError.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ResourceType } from '../kube/resources.ts';

export interface RestMapperOptions {
  /** A miss refreshes a group-version's list only if it is older than this. @default 1000 */
  missRefreshMs?: number;
}

interface ApiResourceList {
  resources?: Array<{ name?: unknown; kind?: unknown; namespaced?: unknown }>;
}

interface Discovered {
  /** undefined: the cluster does not serve this group-version (404). */
  kinds: ReadonlyMap<string, ResourceType> | undefined;
  fetchedAt: number;
}

export class RestMapper {
  private readonly cache = new WeakMap<ClusterClient, Map<string, Promise<Discovered>>>();
  private readonly missRefreshMs: number;

  constructor(options: RestMapperOptions = {}) {
    this.missRefreshMs = options.missRefreshMs ?? 1000;
  }

  /** The mapping of `kind` in `apiVersion` on this cluster; ClusterError NOT_FOUND when it serves no such kind. */
  async map(client: ClusterClient, apiVersion: string, kind: string): Promise<ResourceType> {
    let found = await this.discovered(client, apiVersion, false);
    if (!found.kinds?.has(kind) && Date.now() - found.fetchedAt >= this.missRefreshMs) {
      found = await this.discovered(client, apiVersion, true);
    }
    const type = found.kinds?.get(kind);
    if (type) return type;
    const why = found.kinds ? `it serves ${apiVersion} but no kind ${kind} in it` : `it does not serve ${apiVersion}`;
    throw new ClusterError(client.name, 'NOT_FOUND', `cluster "${client.name}": no ${kind} in ${apiVersion} (${why})`, 'discovery', 404);
  }

  private discovered(client: ClusterClient, apiVersion: string, refresh: boolean): Promise<Discovered> {
    let lists = this.cache.get(client);
    if (!lists) this.cache.set(client, (lists = new Map()));
    const cached = lists.get(apiVersion);
    if (cached && !refresh) return cached;
    const fetching = fetchResourceList(client, apiVersion);
    lists.set(apiVersion, fetching);
    // A failed discovery (cluster down) is not remembered: the next call asks again.
    fetching.catch(() => {
      if (lists.get(apiVersion) === fetching) lists.delete(apiVersion);
    });
    return fetching;
  }
}

async function fetchResourceList(client: ClusterClient, apiVersion: string): Promise<Discovered> {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const path = group === '' ? `/api/${encodeURIComponent(version)}` : `/apis/${encodeURIComponent(group)}/${encodeURIComponent(version)}`;
  const fetchedAt = Date.now();
  let list: ApiResourceList;
  try {
    list = await client.getJson<ApiResourceList>(path, { cluster: client.name, resource: 'discovery' }, 'get');
  } catch (e) {
    if (e instanceof ClusterError && e.code === 'NOT_FOUND') return { kinds: undefined, fetchedAt };
    throw e;
  }
  const kinds = new Map<string, ResourceType>();
  for (const r of list.resources ?? []) {
    // Subresources (`deployments/scale`) name another kind (Scale) and are not where objects live.
    if (typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string' || kinds.has(r.kind)) continue;
    kinds.set(r.kind, { name: r.name, group, version, plural: r.name, kind: r.kind, namespaced: r.namespaced === true });
  }
  return { kinds, fetchedAt };
}
