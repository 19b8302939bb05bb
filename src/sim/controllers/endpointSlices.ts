/**
 * EndpointSlices (discovery.k8s.io/v1) as kube-controller-manager's endpointslice controller
 * keeps them for a Service with a selector: slices named `<service>-<suffix>`, labelled with the
 * service name and their manager, owned by the Service, one per set of resolved ports, each
 * endpoint with its address, conditions, node, zone and pod. They carry what the service's
 * Endpoints carry (the endpoints controller computes both from the same pods), and they are
 * what kubectl reads for `describe service`. The garbage collector removes them with the Service.
 */
import { ApiError } from '../api/ApiError.ts';
import { R } from '../resources.ts';
import type { Registry } from '../registry/Registry.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import type { KObject, Node, Service } from '../types.ts';
import { ownerRefTo } from './OwnerIndex.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';
const MANAGER = 'kube-controller-manager';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The parts of an Endpoints subset a slice is made from. */
export interface SubsetAddress { ip: string; hostname?: string; nodeName?: string; targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string } }
export interface SliceSource { addresses?: SubsetAddress[]; notReadyAddresses?: SubsetAddress[]; ports?: { name?: string; port: number; protocol: string }[] }

interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef: SubsetAddress['targetRef'];
}
interface SlicePort { name: string; port: number; protocol: string }
type EndpointSlice = KObject & { addressType: string; endpoints?: SliceEndpoint[]; ports?: SlicePort[] };

interface Desired { endpoints: SliceEndpoint[]; ports: SlicePort[] }

function desiredSlices(registry: Registry, subsets: SliceSource[]): Desired[] {
  const zones = new Map<string, string | undefined>();
  const zoneOf = (node: string | undefined): string | undefined => {
    if (!node) return undefined;
    if (!zones.has(node)) zones.set(node, registry.get<Node>(R.nodes, '', node)?.metadata.labels?.[ZONE_LABEL]);
    return zones.get(node);
  };
  const endpoint = (a: SubsetAddress, ready: boolean): SliceEndpoint => {
    const zone = zoneOf(a.nodeName);
    return {
      addresses: [a.ip],
      conditions: { ready, serving: ready, terminating: false },
      ...(a.hostname ? { hostname: a.hostname } : {}),
      ...(a.nodeName ? { nodeName: a.nodeName } : {}),
      ...(zone ? { zone } : {}),
      targetRef: { ...a.targetRef },
    };
  };
  return subsets.map((s) => ({
    endpoints: [...(s.addresses ?? []).map((a) => endpoint(a, true)), ...(s.notReadyAddresses ?? []).map((a) => endpoint(a, false))]
      .sort((x, y) => (x.addresses[0]! < y.addresses[0]! ? -1 : x.addresses[0]! > y.addresses[0]! ? 1 : 0)),
    ports: (s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })),
  }));
}

/** Bring the slices of `svc` in line with its endpoint subsets (none: one empty slice, as kube keeps). */
export function syncEndpointSlices(registry: Registry, svc: Service, subsets: SliceSource[], now: string): void {
  const ns = svc.metadata.namespace ?? '';
  const name = svc.metadata.name;
  const existing = registry.list<EndpointSlice>(R.endpointslices, ns)
    .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
  const desired = desiredSlices(registry, subsets);
  if (desired.length === 0) desired.push({ endpoints: [], ports: [] });
  const labels = { ...(svc.metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY, [SERVICE_NAME_LABEL]: name };
  const owner = ownerRefTo(svc);
  const content = (d: Desired): Pick<EndpointSlice, 'endpoints' | 'ports'> => ({
    ...(d.endpoints.length ? { endpoints: d.endpoints } : {}),
    ...(d.ports.length ? { ports: d.ports } : {}),
  });
  desired.forEach((d, i) => {
    const slice = existing[i];
    const want = content(d);
    if (!slice) {
      try {
        registry.create(R.endpointslices, {
          metadata: { generateName: `${name}-`, namespace: ns, labels, annotations: { [TRIGGER_TIME]: now }, ownerReferences: [owner] },
          addressType: 'IPv4',
          ...want,
        }, { fieldManager: MANAGER });
      } catch (e) {
        if (!(e instanceof ApiError) || (e.reason !== 'AlreadyExists' && e.reason !== 'Forbidden')) throw e;
      }
      return;
    }
    const same = stableEqual(slice.endpoints ?? [], want.endpoints ?? []) && stableEqual(slice.ports ?? [], want.ports ?? [])
      && stableEqual(slice.metadata.labels ?? {}, labels) && stableEqual(slice.metadata.ownerReferences ?? [], [owner]);
    if (same) return;
    registry.mutate<EndpointSlice>(R.endpointslices, ns, slice.metadata.name, (draft) => {
      if (want.endpoints) draft.endpoints = want.endpoints;
      else delete draft.endpoints;
      if (want.ports) draft.ports = want.ports;
      else delete draft.ports;
      draft.metadata.labels = labels;
      draft.metadata.ownerReferences = [owner];
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [TRIGGER_TIME]: now };
    }, { fieldManager: MANAGER });
  });
  for (const extra of existing.slice(desired.length)) removeSlice(registry, ns, extra.metadata.name);
}

/** Remove the controller's slices of a service that no longer selects pods (or is gone). */
export function removeEndpointSlices(registry: Registry, ns: string, service: string): void {
  for (const s of registry.list<EndpointSlice>(R.endpointslices, ns)) {
    if (s.metadata.labels?.[SERVICE_NAME_LABEL] === service && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) removeSlice(registry, ns, s.metadata.name);
  }
}

function removeSlice(registry: Registry, ns: string, name: string): void {
  try {
    registry.delete(R.endpointslices, ns, name);
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'NotFound') throw e;
  }
}
