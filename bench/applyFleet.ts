/**
 * The simulated fleet the apply benchmark writes to: N clusters of 3 nodes, 20 ms of latency on
 * every request. Also: the count of requests that reached the clusters, and the checks of what
 * a contender left there against the manifest (every object present and equal to it, owned by
 * the contender's field manager; on re-apply, not a single resourceVersion moved).
 */
import { SimFleet, type SimCluster } from '../src/sim/index.ts';
import { manifestObjects, type ManifestObject } from './applyManifest.ts';

export interface ApplyFleetShape {
  clusters: number;
  nodes: number;
  seed: number;
  latencyMs: number;
  /** Run the simulator's controllers (Deployments get ReplicaSets and pods, events...). */
  controllers: boolean;
}

export async function startApplyFleet(shape: ApplyFleetShape): Promise<SimFleet> {
  const fleet = await SimFleet.start({
    clusters: shape.clusters, nodes: shape.nodes, pods: 0, seed: shape.seed, namePrefix: 'apply',
    clusterDefaults: { controllers: shape.controllers },
  });
  await fleet.settle();
  await Promise.all(fleet.clusters.map((c) => c.setFaults({ latencyMs: shape.latencyMs })));
  return fleet;
}

/** The simulator's store key of a manifest kind. */
const STORE_KEY: Record<string, string> = {
  Namespace: '/namespaces', ServiceAccount: '/serviceaccounts', RoleBinding: 'rbac.authorization.k8s.io/rolebindings',
  ConfigMap: '/configmaps', Secret: '/secrets', Deployment: 'apps/deployments', Service: '/services',
};

function stored(c: SimCluster, o: ManifestObject): Record<string, unknown> | undefined {
  const key = STORE_KEY[o.kind];
  if (!key) throw new Error(`apply bench: no store key for ${o.kind}`);
  return c.store.get(key, o.kind === 'Namespace' ? '' : o.metadata.namespace ?? '', o.metadata.name)?.object as Record<string, unknown> | undefined;
}

/** Whether every field the manifest sets has that value in `actual` (the server adds defaults and metadata). */
function contains(actual: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) return Array.isArray(actual) && actual.length === wanted.length && wanted.every((w, i) => contains(actual[i], w));
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(wanted).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v));
  }
  return actual === wanted;
}

export interface StoreCheck {
  /** Objects looked for: clusters × namespaces × 10. */
  expected: number;
  present: number;
  /** Present and equal to the manifest in every field it sets. */
  equal: number;
  /** Present with an Apply entry of the contender's field manager in managedFields. */
  owned: number;
  problems: string[];
}

export function checkStore(fleet: SimFleet, namespaces: readonly string[], fieldManager: string): StoreCheck {
  const check: StoreCheck = { expected: 0, present: 0, equal: 0, owned: 0, problems: [] };
  const note = (p: string) => { if (check.problems.length < 5) check.problems.push(p); };
  for (const ns of namespaces) {
    const objects = manifestObjects(ns);
    for (const c of fleet.clusters) {
      for (const o of objects) {
        check.expected++;
        const s = stored(c, o);
        const id = `${c.name} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
        if (!s) { note(`${id} missing`); continue; }
        check.present++;
        if (contains(s, o)) check.equal++;
        else note(`${id} differs from the manifest`);
        const managed = (s.metadata as { managedFields?: { manager?: string; operation?: string }[] }).managedFields ?? [];
        if (managed.some((m) => m.manager === fieldManager && m.operation === 'Apply')) check.owned++;
        else note(`${id} has no Apply entry of field manager ${fieldManager}`);
      }
    }
  }
  return check;
}

/** resourceVersion of every manifest object in these namespaces on every cluster ('' when absent). */
export function resourceVersions(fleet: SimFleet, namespaces: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const ns of namespaces) {
    for (const c of fleet.clusters) {
      for (const o of manifestObjects(ns)) {
        const s = stored(c, o);
        out.set(`${c.name} ${o.kind} ${ns}/${o.metadata.name}`, (s?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
      }
    }
  }
  return out;
}

/** Objects whose resourceVersion differs between two snapshots (or that are absent). */
export function moved(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([k, v]) => v === '' || before.get(k) !== v).map(([k]) => k);
}

export interface ApplyUpstreamCount {
  total: number;
  /** PATCH with the apply content type (server-side apply). */
  apply: number;
  get: number;
  /** GET /version (gcloud's kubectl dispatcher before each run). */
  version: number;
  /** OpenAPI documents (kubectl's client-side schema check) and discovery. */
  openapi: number;
  discovery: number;
  other: number;
}

export function clearRequests(fleet: SimFleet): void {
  for (const c of fleet.clusters) c.requests.clear();
}

export function countRequests(fleet: SimFleet): ApplyUpstreamCount {
  const n: ApplyUpstreamCount = { total: 0, apply: 0, get: 0, version: 0, openapi: 0, discovery: 0, other: 0 };
  for (const c of fleet.clusters) {
    const all = c.requests.all();
    if (all.length >= 10_000) throw new Error(`apply bench: ${c.name}'s request log is full; counts would be capped`);
    for (const r of all) {
      n.total++;
      if (r.method === 'PATCH' && r.verb === 'patch') n.apply++;
      else if (r.verb === 'get') n.get++;
      else if (r.path === '/version') n.version++;
      else if (r.path.startsWith('/openapi')) n.openapi++;
      else if (r.path === '/api' || r.path === '/apis' || /^\/apis?\/[^/]+(\/[^/]+)?$/.test(r.path)) n.discovery++;
      else n.other++;
    }
  }
  return n;
}
