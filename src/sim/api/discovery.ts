/**
 * Discovery documents, in both forms kubectl reads: the aggregated `APIGroupDiscoveryList`
 * (apidiscovery.k8s.io/v2, asked for first through the Accept header) and the legacy
 * `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>` lists it falls back to.
 * Built from the one resource table so discovery and routing always agree.
 */
import { RESOURCE_TYPES, groupVersion, type ResourceType } from '../resources.ts';

const SUBRESOURCE_KINDS: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
};
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

export const AGGREGATED_DISCOVERY_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function groups(): Map<string, ResourceType[]> {
  const out = new Map<string, ResourceType[]>();
  for (const t of RESOURCE_TYPES) {
    const key = `${t.group}|${t.version}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(t);
  }
  return out;
}

export function resourceTypesOf(group: string, version: string): ResourceType[] {
  return RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(hidden: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const seen = new Map<string, string[]>();
  for (const t of RESOURCE_TYPES) {
    if (t.group === '' || hidden.has(t.group)) continue;
    const versions = seen.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    seen.set(t.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...seen.entries()].map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  const found = (apiGroupList().groups as { name: string }[]).find((g) => g.name === group);
  return found ? { kind: 'APIGroup', apiVersion: 'v1', ...found } : undefined;
}

export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = resourceTypesOf(group, version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types) {
    const entry: Record<string, unknown> = { name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
    if (t.shortNames.length) entry.shortNames = t.shortNames;
    if (t.categories.length) entry.categories = t.categories;
    resources.push(entry);
    for (const sub of t.subresources) {
      const target = SUBRESOURCE_KINDS[sub];
      resources.push({
        name: `${t.resource}/${sub}`, singularName: '', namespaced: t.namespaced,
        ...(target ? { group: target.group, version: target.version, kind: target.kind } : { kind: t.kind }),
        verbs: SUBRESOURCE_VERBS,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources };
}

function discoveryResource(t: ResourceType): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames.length) entry.shortNames = t.shortNames;
  if (t.categories.length) entry.categories = t.categories;
  if (t.subresources.length) {
    entry.subresources = t.subresources.map((sub) => ({
      subresource: sub,
      responseKind: SUBRESOURCE_KINDS[sub] ?? { group: t.group, version: t.version, kind: t.kind },
      verbs: SUBRESOURCE_VERBS,
    }));
  }
  return entry;
}

/** The aggregated discovery document for `/api` (core) or `/apis` (every named group). */
export function aggregatedDiscovery(core: boolean, hidden: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const items: Record<string, unknown>[] = [];
  const byGroup = new Map<string, Map<string, ResourceType[]>>();
  for (const [key, types] of groups()) {
    const [group, version] = key.split('|') as [string, string];
    if ((group === '') !== core || hidden.has(group)) continue;
    let versions = byGroup.get(group);
    if (!versions) byGroup.set(group, (versions = new Map()));
    versions.set(version, types);
  }
  for (const [group, versions] of byGroup) {
    items.push({
      metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: [...versions.entries()].map(([version, types]) => ({ version, resources: types.map(discoveryResource), freshness: 'Current' })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** Does the Accept header ask for aggregated discovery v2? */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return !!accept && /as=APIGroupDiscoveryList/.test(accept) && /g=apidiscovery\.k8s\.io;\s*v=v2(?![a-z0-9])/.test(accept);
}
