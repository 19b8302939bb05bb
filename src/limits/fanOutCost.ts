/**
 * The fan-out price of an operation, estimated before it runs from what each field really
 * multiplies: the clusters a root field selects (its cluster selector resolved against the
 * fleet), an assumed size per LIST and per join, the nesting of joins (Node.pods → Pod.node →
 * Node.pods multiplies at every level), and the distinct upstream LISTs it will cause (aliases
 * with distinct selectors each cost their own). cost = field resolutions (every field of every
 * object returned, leaves included) + distinct upstream calls × list size (objects fetched).
 *
 * It counts the query as written: a fragment spread twice is priced twice (an upper bound that
 * refuses exponentially doubled fragments), but each fragment is priced once per context
 * (memoized), so the estimate takes time linear in the document.
 */
import {
  getArgumentValues, getNamedType, isCompositeType, isObjectType, isInterfaceType, Kind,
  type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLInterfaceType, type GraphQLObjectType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/** What the estimate needs of the fleet: its cluster names and how a selector picks some. */
export interface FleetView {
  readonly clusterNames: readonly string[];
  /** Cluster names a `clusters`/`clusterNames` pair selects; throws on a bad selector. */
  select(by: { clusters?: string | null; clusterNames?: readonly string[] | null }): readonly string[];
}

export interface FanOutEstimate {
  cost: number;
  /** Distinct upstream calls (LIST or GET /version) per cluster. */
  callsPerCluster: Map<string, number>;
}

interface Sizes { list: number; join: number }
interface Scope { clusters: readonly string[]; namespace: string | null; edges: number }
interface Part { objects: number; calls: Set<string> }

type ParentType = GraphQLObjectType | GraphQLInterfaceType;
type Args = Record<string, unknown>;

const WORKLOAD_TYPES = new Set(['Workload', 'Deployment', 'StatefulSet', 'DaemonSet']);
const WORKLOAD_LISTS: Record<string, string> = { DEPLOYMENT: 'deployments', STATEFULSET: 'statefulsets', DAEMONSET: 'daemonsets' };
const NAMESPACED_ROOT: Record<string, string> = { namespaces: 'namespaces', services: 'services', configMaps: 'configmaps', secrets: 'secrets' };
const CAP = 1e18;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

export function estimateFanOut(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Args, fleet: FleetView, sizes: Sizes,
): FanOutEstimate {
  const memo = new Map<string, Part>();

  const select = (args: Args): readonly string[] => {
    try {
      return fleet.select({ clusters: str(args.clusters), clusterNames: Array.isArray(args.clusterNames) ? args.clusterNames as string[] : null });
    } catch {
      return fleet.clusterNames; // a bad selector fails at execution, before any call; price it as the whole fleet
    }
  };
  const calls = (scope: readonly string[], resource: string, namespace: string | null, ...selectors: Array<string | null>): string[] =>
    scope.map((c) => [c, resource, namespace ?? '', ...selectors.map((s) => s ?? '')].join('\u0000'));

  /** How one field multiplies its parent: objects per parent, the upstream calls, the scope below it. */
  function fan(parent: string, field: string, args: Args, scope: Scope): { count: number; calls: string[]; scope: Scope } {
    const { list: L, join: J } = sizes;
    const ns = str(args.namespace);
    const label = str(args.labelSelector);
    const owner = WORKLOAD_TYPES.has(parent) ? 'Workload' : parent;
    switch (`${owner}.${field}`) {
      case 'Query.clusters': { const c = select(args); return { count: c.length, calls: [], scope: { ...scope, clusters: c } }; }
      case 'Query.cluster': { const n = str(args.name); const c = n !== null && fleet.clusterNames.includes(n) ? [n] : []; return { count: c.length, calls: [], scope: { ...scope, clusters: c } }; }
      case 'Query.nodes': { const c = select(args); return { count: c.length * L, calls: calls(c, 'nodes', null, label), scope: { ...scope, clusters: c, namespace: null } }; }
      case 'Query.workloads': case 'Cluster.workloads': {
        const c = owner === 'Query' ? select(args) : scope.clusters;
        const kinds = Array.isArray(args.kinds) && args.kinds.length > 0 ? args.kinds as string[] : Object.keys(WORKLOAD_LISTS);
        const per = owner === 'Query' ? c.length : 1;
        return { count: per * kinds.length * L, calls: kinds.flatMap((k) => calls(c, WORKLOAD_LISTS[k] ?? k, ns, label)), scope: { ...scope, clusters: c, namespace: ns } };
      }
      case 'Query.pods': {
        const c = select(args);
        const edges = Math.min(int(args.first) ?? 100, c.length * L);
        return { count: 1, calls: calls(c, 'pods', ns, label, str(args.fieldSelector)), scope: { clusters: c, namespace: ns, edges } };
      }
      case 'PodConnection.edges': return { count: scope.edges, calls: [], scope };
      case 'Query.events': case 'Cluster.events': {
        const c = owner === 'Query' ? select(args) : scope.clusters;
        const all = (owner === 'Query' ? c.length : 1) * L;
        // The field selector is built from type/involvedKind/involvedName: distinct values, distinct LISTs.
        const selector = JSON.stringify([args.type ?? null, args.involvedKind ?? null, args.involvedName ?? null]);
        return { count: Math.min(int(args.first) ?? all, all), calls: calls(c, 'events', ns, selector), scope: { ...scope, clusters: c, namespace: ns } };
      }
      case 'Cluster.nodes': return { count: L, calls: calls(scope.clusters, 'nodes', null, label), scope: { ...scope, namespace: null } };
      case 'Cluster.namespaces': return { count: L, calls: calls(scope.clusters, 'namespaces', null), scope };
      case 'Cluster.pods': return { count: L, calls: calls(scope.clusters, 'pods', ns, label, str(args.fieldSelector)), scope: { ...scope, namespace: ns } };
      case 'Cluster.services': return { count: L, calls: calls(scope.clusters, 'services', ns), scope: { ...scope, namespace: ns } };
      case 'Cluster.status': return { count: 1, calls: calls(scope.clusters, 'version', null), scope };
      case 'Cluster.usage': case 'Node.usage': return { count: 1, calls: calls(scope.clusters, 'nodemetrics', null), scope };
      case 'Node.pods': return { count: J, calls: calls(scope.clusters, 'pods', null), scope: { ...scope, namespace: null } };
      case 'Pod.node': return { count: 1, calls: calls(scope.clusters, 'nodes', null), scope: { ...scope, namespace: null } };
      case 'Pod.owner': return { count: 1, calls: ['replicasets', 'deployments', 'statefulsets', 'daemonsets'].flatMap((r) => calls(scope.clusters, r, scope.namespace)), scope };
      case 'Pod.usage': return { count: 1, calls: calls(scope.clusters, 'podmetrics', scope.namespace), scope };
      case 'Pod.events': case 'Workload.events': return { count: J, calls: calls(scope.clusters, 'events', scope.namespace), scope };
      case 'Workload.pods': case 'Service.pods': return { count: J, calls: calls(scope.clusters, 'pods', scope.namespace), scope };
      default: {
        const resource = owner === 'Query' ? NAMESPACED_ROOT[field] : undefined;
        if (resource !== undefined) {
          const c = select(args);
          return { count: c.length * L, calls: calls(c, resource, ns, label), scope: { ...scope, clusters: c, namespace: ns } };
        }
        // Any other object field (labels, capacity, cluster, pageInfo...): no upstream call, small.
        return { count: 1, calls: [], scope };
      }
    }
  }

  function walk(type: ParentType, set: SelectionSetNode, scope: Scope): Part {
    const part: Part = { objects: 0, calls: new Set() };
    const add = (p: Part, times: number) => {
      part.objects = Math.min(CAP, part.objects + p.objects * times);
      for (const k of p.calls) part.calls.add(k);
    };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        add(fieldPart(type, s, scope), 1);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        add(walk(narrow(type, s.typeCondition?.name.value), s.selectionSet, scope), 1);
      } else {
        const fragment = fragments.get(s.name.value);
        if (!fragment) continue;
        const key = [s.name.value, type.name, scope.namespace ?? '', scope.edges, ...scope.clusters].join('\u0000');
        let p = memo.get(key);
        if (!p) {
          p = walk(narrow(type, fragment.typeCondition.name.value), fragment.selectionSet, scope);
          memo.set(key, p);
        }
        add(p, 1);
      }
    }
    return part;
  }

  function narrow(type: ParentType, name: string | undefined): ParentType {
    const t = name === undefined ? undefined : schema.getType(name);
    return t && (isObjectType(t) || isInterfaceType(t)) ? t : type;
  }

  function fieldPart(type: ParentType, node: FieldNode, scope: Scope): Part {
    const def: GraphQLField<unknown, unknown> | undefined = type.getFields()[node.name.value];
    if (!def) return { objects: 1, calls: new Set() }; // __typename, introspection
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) return { objects: 1, calls: new Set() };
    let args: Args = {};
    try {
      args = getArgumentValues(def, node, variables);
    } catch {
      args = {}; // bad arguments fail at execution; price the field without them
    }
    const f = fan(type.name, node.name.value, args, scope);
    // A union's selection holds only __typename and fragments, which name their own types.
    const childType = isObjectType(named) || isInterfaceType(named) ? named : type;
    const child = node.selectionSet ? walk(childType, node.selectionSet, f.scope) : { objects: 0, calls: new Set<string>() };
    return { objects: Math.min(CAP, 1 + f.count * child.objects), calls: new Set([...f.calls, ...child.calls]) };
  }

  const root = operation.operation === 'query' ? schema.getQueryType()
    : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return { cost: 0, callsPerCluster: new Map() };
  const total = walk(root, operation.selectionSet, { clusters: fleet.clusterNames, namespace: null, edges: 0 });
  const callsPerCluster = new Map<string, number>();
  for (const k of total.calls) {
    const cluster = k.slice(0, k.indexOf('\u0000'));
    callsPerCluster.set(cluster, (callsPerCluster.get(cluster) ?? 0) + 1);
  }
  return { cost: Math.min(CAP, total.objects + total.calls.size * sizes.list), callsPerCluster };
}
