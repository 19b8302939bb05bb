/**
 * The fleet graph's reads: fleet-wide lists (every selected cluster in parallel) and the joins
 * between objects, all served from the request's loaders. A cluster that fails is recorded in
 * the request's FailureLog and contributes nothing; the others' data comes back.
 */
import type {
  CoreV1Event, V1DaemonSet, V1Deployment, V1Node, V1Pod, V1ReplicaSet, V1StatefulSet,
} from '@kubernetes/client-node';
import type { ClusterSelection, Fleet } from '../fleet/Fleet.ts';
import { parseLabelSelector, SelectorError } from '../fleet/labelSelector.ts';
import type { IndexQuery } from '../live/IndexedStore.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import type { ClusterClient, ListOptions } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import { sumUsage, type Usage } from '../kube/quantity.ts';
import { RESOURCES, type ResourceType } from '../kube/resources.ts';
import type { FailureLog } from './FailureLog.ts';
import type { FleetLoaders } from './FleetLoaders.ts';
import { splitFieldSelector } from './fieldSelectors.ts';
import { InputError } from './InputError.ts';
import { KubeItem } from './KubeObject.ts';
import type { EventObject, Named, NodeObject, PodObject, ServiceObject, WorkloadKindName, WorkloadObject } from './KubeObject.ts';
import { matchesLabelSelector, matchesServiceSelector } from './matchSelector.ts';

export type Path = ReadonlyArray<string | number>;

interface MetricsItem {
  metadata?: { name?: string; namespace?: string };
  usage?: Record<string, string>;
  containers?: Array<{ usage?: Record<string, string> }>;
}

const FIELD_SELECTOR_TERM = /^[A-Za-z0-9._/-]+(==|=|!=)(?:[^,\\]|\\.)*$/;

/** A value placed in a field selector term, escaped so it cannot add terms of its own. */
export function escapeFieldSelectorValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Checks a label or field selector before it goes to any cluster, so a typo is one clear error, not one per cluster. */
export function checkSelectors(options: { labelSelector?: string | null; fieldSelector?: string | null }): void {
  if (options.labelSelector) {
    try {
      parseLabelSelector(options.labelSelector);
    } catch (e) {
      if (e instanceof SelectorError) throw new InputError('labelSelector', e.message);
      throw e;
    }
  }
  if (options.fieldSelector) {
    for (const term of splitFieldSelector(options.fieldSelector)) {
      if (!FIELD_SELECTOR_TERM.test(term.trim())) {
        throw new InputError('fieldSelector', `${quoteInput(term)} is not field=value, field==value or field!=value`);
      }
    }
  }
}

export class FleetReader {
  constructor(
    readonly fleet: Fleet,
    private readonly loaders: FleetLoaders,
    private readonly failures: FailureLog,
  ) {}

  /** Clusters picked by a fleet-wide field's arguments (InputError naming `clusters` or `clusterNames` on bad input). */
  select(by: ClusterSelection, purpose: 'data' | 'listing' = 'data'): ClusterClient[] {
    try {
      return this.fleet.select(by, purpose);
    } catch (e) {
      if (e instanceof SelectorError) throw new InputError(/clusterNames/.test(e.message) ? 'clusterNames' : 'clusters', e.message);
      throw e;
    }
  }

  /** One LIST per selected cluster, in parallel; failing clusters are recorded and skipped. */
  async across<T extends Named>(clusters: readonly ClusterClient[], type: ResourceType, options: ListOptions, path: Path): Promise<Array<KubeItem<T>>> {
    checkSelectors(options);
    const parts = await Promise.all(clusters.map((c) => this.inCluster<T>(c, type, options, path)));
    return parts.flat();
  }

  /** One cluster's LIST (from the request's cache when already fetched); [] when the cluster failed. */
  async inCluster<T extends Named>(cluster: ClusterClient | string, type: ResourceType, options: ListOptions, path: Path): Promise<Array<KubeItem<T>>> {
    const client = typeof cluster === 'string' ? this.fleet.get(cluster) : cluster;
    if (!client) return [];
    const scope = type.namespaced ? options.namespace ?? null : null;
    const items = await this.attempt(this.loaders.list<T>(client, type, options), path);
    return (items ?? []).map((object) => new KubeItem(client.name, scope, object));
  }

  /**
   * Start LISTs a later join will need, without waiting (see resolvers/prefetch.ts). A failure
   * is not recorded here: it is recorded when (and only if) a field actually uses the list.
   */
  prefetch(clusters: readonly ClusterClient[], type: ResourceType, options: ListOptions): void {
    for (const c of clusters) this.loaders.list(c, type, options).catch(() => undefined);
  }

  /** Deployments, StatefulSets and DaemonSets of the selected clusters, in that order per cluster. */
  async workloads(clusters: readonly ClusterClient[], options: ListOptions & { kinds?: readonly WorkloadKindName[] | null }, path: Path): Promise<WorkloadObject[]> {
    const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : (['DEPLOYMENT', 'STATEFULSET', 'DAEMONSET'] as const);
    checkSelectors(options);
    const perCluster = await Promise.all(clusters.map(async (c) => {
      const lists = await Promise.all(kinds.map(async (kind): Promise<WorkloadObject[]> => {
        switch (kind) {
          case 'DEPLOYMENT': return (await this.inCluster<V1Deployment>(c, RESOURCES.deployments, options, path)).map((o) => ({ ...o, kind }));
          case 'STATEFULSET': return (await this.inCluster<V1StatefulSet>(c, RESOURCES.statefulsets, options, path)).map((o) => ({ ...o, kind }));
          case 'DAEMONSET': return (await this.inCluster<V1DaemonSet>(c, RESOURCES.daemonsets, options, path)).map((o) => ({ ...o, kind }));
        }
      }));
      return lists.flat();
    }));
    return perCluster.flat();
  }

  /** The cluster's reachability, version and latency, checked now (GET /version, once per request). */
  async status(cluster: ClusterClient): Promise<void> {
    try {
      await this.loaders.version(cluster);
    } catch (e) {
      if (!(e instanceof ClusterError)) throw e;
      // Status reports the failure as data (reachable: false, lastError); no response error.
    }
  }

  /** A join from the cache's index (see FleetLoaders.lookup), or undefined: list and filter. */
  private indexed<T extends Named>(cluster: string, type: ResourceType, scope: string | null, query: IndexQuery): Array<KubeItem<T>> | undefined {
    const client = this.fleet.get(cluster);
    const items = client ? this.loaders.lookup<T>(client, type, query, scope) : undefined;
    return items?.map((object) => new KubeItem(cluster, scope, object));
  }

  async nodeOfPod(pod: PodObject, path: Path): Promise<NodeObject | null> {
    const nodeName = pod.object.spec?.nodeName;
    if (!nodeName) return null;
    const hit = this.indexed<V1Node>(pod.cluster, RESOURCES.nodes, null, { by: 'name', namespace: '', name: nodeName });
    if (hit) return hit[0] ?? null;
    const nodes = await this.inCluster<V1Node>(pod.cluster, RESOURCES.nodes, {}, path);
    return nodes.find((n) => n.object.metadata?.name === nodeName) ?? null;
  }

  async podsOnNode(node: NodeObject, path: Path): Promise<PodObject[]> {
    const name = node.object.metadata?.name;
    const hit = name ? this.indexed<V1Pod>(node.cluster, RESOURCES.pods, null, { by: 'node', node: name }) : undefined;
    if (hit) return hit;
    const pods = await this.inCluster<V1Pod>(node.cluster, RESOURCES.pods, {}, path);
    return pods.filter((p) => p.object.spec?.nodeName === name);
  }

  /** The workload controlling a pod, through its ReplicaSet for Deployments; null for bare pods and other owners. */
  async ownerOfPod(pod: PodObject, path: Path): Promise<WorkloadObject | null> {
    const ref = pod.object.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.object.metadata?.ownerReferences?.[0];
    if (!ref) return null;
    const namespace = pod.object.metadata?.namespace;
    const scoped = { namespace: pod.scope };
    // One object by name: from the cache's store when it can answer, else the namespace's LIST.
    const find = async <T extends { metadata?: { name?: string; namespace?: string } }>(type: ResourceType, name: string) => {
      const hit = this.indexed<T>(pod.cluster, type, pod.scope, { by: 'name', namespace: namespace ?? '', name });
      if (hit) return hit[0];
      const list = await this.inCluster<T>(pod.cluster, type, scoped, path);
      return list.find((o) => o.object.metadata?.name === name && o.object.metadata?.namespace === namespace);
    };
    switch (ref.kind) {
      case 'ReplicaSet': {
        const rs = await find<V1ReplicaSet>(RESOURCES.replicasets, ref.name);
        const dref = rs?.object.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
        if (!dref) return null;
        const d = await find<V1Deployment>(RESOURCES.deployments, dref.name);
        return d ? { ...d, kind: 'DEPLOYMENT' } : null;
      }
      case 'StatefulSet': {
        const s = await find<V1StatefulSet>(RESOURCES.statefulsets, ref.name);
        return s ? { ...s, kind: 'STATEFULSET' } : null;
      }
      case 'DaemonSet': {
        const d = await find<V1DaemonSet>(RESOURCES.daemonsets, ref.name);
        return d ? { ...d, kind: 'DAEMONSET' } : null;
      }
      default:
        return null;
    }
  }

  /** Pods a workload's selector picks in its namespace (what `kubectl describe` counts). */
  async podsOfWorkload(w: WorkloadObject, path: Path): Promise<PodObject[]> {
    const namespace = w.object.metadata?.namespace;
    const pods = this.byLabels(w.cluster, w.scope, w.object.spec?.selector?.matchLabels)
      ?? await this.inCluster<V1Pod>(w.cluster, RESOURCES.pods, { namespace: w.scope }, path);
    return pods.filter((p) => p.object.metadata?.namespace === namespace && matchesLabelSelector(w.object.spec?.selector, p.object.metadata?.labels));
  }

  async podsOfService(s: ServiceObject, path: Path): Promise<PodObject[]> {
    const namespace = s.object.metadata?.namespace;
    const pods = this.byLabels(s.cluster, s.scope, s.object.spec?.selector)
      ?? await this.inCluster<V1Pod>(s.cluster, RESOURCES.pods, { namespace: s.scope }, path);
    return pods.filter((p) => p.object.metadata?.namespace === namespace && matchesServiceSelector(s.object.spec?.selector, p.object.metadata?.labels));
  }

  /**
   * Candidate pods for a selector from the cache's label index: the smallest bucket of the
   * selector's equality terms (the caller still applies the whole selector and the namespace).
   * Undefined when there is no equality term or the cache cannot answer.
   */
  private byLabels(cluster: string, scope: string | null, matchLabels: Readonly<Record<string, string>> | undefined): PodObject[] | undefined {
    let best: PodObject[] | undefined;
    for (const [key, value] of Object.entries(matchLabels ?? {})) {
      const bucket = this.indexed<V1Pod>(cluster, RESOURCES.pods, scope, { by: 'label', key, value });
      if (!bucket) return undefined;
      if (!best || bucket.length < best.length) best = bucket;
    }
    return best;
  }

  /** Events whose involvedObject is the given object, newest first. */
  async eventsOf(cluster: string, scope: string | null, ref: { kind: string; namespace?: string; name?: string }, path: Path): Promise<EventObject[]> {
    const events = await this.inCluster<CoreV1Event>(cluster, RESOURCES.events, { namespace: scope }, path);
    return newestFirst(events.filter((e) => {
      const io = e.object.involvedObject ?? {};
      return io.kind === ref.kind && io.name === ref.name && (ref.namespace === undefined || io.namespace === ref.namespace);
    }));
  }

  async nodeUsage(node: NodeObject, path: Path): Promise<Usage | null> {
    const metrics = await this.metrics(node.cluster, RESOURCES.nodeMetrics, null, path);
    const m = metrics?.find((x) => x.metadata?.name === node.object.metadata?.name);
    return m ? sumUsage([m.usage]) : null;
  }

  async podUsage(pod: PodObject, path: Path): Promise<Usage | null> {
    const metrics = await this.metrics(pod.cluster, RESOURCES.podMetrics, pod.scope, path);
    const m = metrics?.find((x) => x.metadata?.name === pod.object.metadata?.name && x.metadata?.namespace === pod.object.metadata?.namespace);
    return m ? sumUsage((m.containers ?? []).map((c) => c.usage)) : null;
  }

  /** Summed node usage of the cluster (`kubectl top nodes`, added up); null where there is no metrics API. */
  async clusterUsage(cluster: ClusterClient, path: Path): Promise<Usage | null> {
    const metrics = await this.metrics(cluster.name, RESOURCES.nodeMetrics, null, path);
    return metrics ? sumUsage(metrics.map((m) => m.usage)) : null;
  }

  private async metrics(cluster: string, type: ResourceType, namespace: string | null, path: Path): Promise<MetricsItem[] | undefined> {
    const client = this.fleet.get(cluster);
    if (!client) return undefined;
    return this.attempt(this.loaders.list<MetricsItem>(client, type, { namespace }), path);
  }

  private async attempt<T>(p: Promise<T>, path: Path): Promise<T | undefined> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof ClusterError) {
        this.failures.record(e, path);
        return undefined;
      }
      throw e;
    }
  }
}

export function newestFirst(events: EventObject[]): EventObject[] {
  const time = (e: EventObject) => {
    const t = e.object.lastTimestamp ?? e.object.eventTime ?? e.object.firstTimestamp ?? e.object.metadata?.creationTimestamp;
    return t ? Date.parse(String(t)) : 0;
  };
  return [...events].sort((a, b) => time(b) - time(a));
}
