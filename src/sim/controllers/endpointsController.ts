/**
 * kube-controller-manager's endpoints controller: for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods that have an IP, ready ones under
 * `addresses` and the rest under `notReadyAddresses`, with each service port resolved to the
 * pod's port (a named targetPort looked up among the pod's container ports). Pods that resolve
 * to different ports land in different subsets. The Endpoints go when the Service goes.
 */
import { ApiError } from '../api/ApiError.ts';
import { R } from '../resources.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import type { KObject, Pod, Service, ServicePort } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { removeEndpointSlices, syncEndpointSlices } from './endpointSlices.ts';
import { isReady } from './podState.ts';

const MANAGER = 'kube-controller-manager';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

interface EndpointAddress { ip: string; hostname?: string; nodeName?: string; targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string } }
interface EndpointPort { name?: string; port: number; protocol: string }
interface EndpointSubset { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: EndpointPort[] }
type Endpoints = KObject & { subsets?: EndpointSubset[] };

function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}

/** What about a pod its Endpoints depend on. */
function relevance(pod: Pod): string {
  return JSON.stringify([pod.status?.podIP, isReady(pod), pod.metadata.deletionTimestamp, pod.spec.nodeName, pod.metadata.labels]);
}

function resolvePort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec.containers) {
    const p = c.ports?.find((x) => x.name === target && (x.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (p) return p.containerPort;
  }
  return undefined;
}

const byIp = (a: EndpointAddress, b: EndpointAddress): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.targetRef.uid < b.targetRef.uid ? -1 : 1);

export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const publishNotReady = svc.spec.publishNotReadyAddresses === true;
  for (const pod of pods) {
    const ip = pod.status?.podIP;
    if (!ip || pod.metadata.deletionTimestamp) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec.ports ?? []) {
      const port = resolvePort(pod, sp);
      if (port !== undefined) ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if ((svc.spec.ports ?? []).length > 0 && ports.length === 0) continue;
    const address: EndpointAddress = {
      ip,
      ...(pod.spec.hostname && pod.spec.subdomain === svc.metadata.name ? { hostname: String(pod.spec.hostname) } : {}),
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, uid: pod.metadata.uid },
    };
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (publishNotReady || isReady(pod) ? g.ready : g.notReady).push(address);
  }
  return [...groups.values()].map((g) => ({
    ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
    ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
    ...(g.ports.length ? { ports: g.ports } : {}),
  }));
}

export function createEndpointsController({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock } = ctx;
  /** namespace → service name → selector, so a pod change finds its services without a scan. */
  const selectors = new Map<string, Map<string, Record<string, string>>>();

  const remember = (svc: Service | undefined, ns: string, name: string): void => {
    let m = selectors.get(ns);
    if (!m) selectors.set(ns, (m = new Map()));
    if (svc?.spec.selector && svc.spec.type !== 'ExternalName') m.set(name, svc.spec.selector);
    else m.delete(name);
  };

  function removeEndpoints(ns: string, name: string): void {
    if (!registry.get(R.endpoints, ns, name)) return;
    try {
      registry.delete(R.endpoints, ns, name);
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'NotFound') throw e;
    }
  }

  function sync(ns: string, name: string): void {
    const svc = registry.get<Service>(R.services, ns, name);
    if (!svc) return removeEndpoints(ns, name);
    const selector = svc.spec.selector;
    // Services without a selector have hand-made Endpoints; those are not ours.
    if (!selector || svc.spec.type === 'ExternalName') {
      if (!svc.metadata.deletionTimestamp) removeEndpointSlices(registry, ns, name);
      return;
    }
    if (svc.metadata.deletionTimestamp) return;
    const pods = registry.list<Pod>(R.pods, ns).filter((p) => selects(selector, p.metadata.labels));
    const subsets = desiredSubsets(svc, pods);
    // The endpointslice controller's view of the same pods.
    syncEndpointSlices(registry, svc, subsets, clock.timestamp());
    const labels = { ...(svc.metadata.labels ?? {}) };
    const existing = registry.get<Endpoints>(R.endpoints, ns, name);
    if (existing) {
      if (stableEqual(existing.subsets ?? [], subsets) && stableEqual(existing.metadata.labels ?? {}, labels)) return;
      registry.mutate<Endpoints>(R.endpoints, ns, name, (draft) => {
        if (subsets.length) draft.subsets = subsets;
        else delete draft.subsets;
        draft.metadata.labels = labels;
        draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [TRIGGER_TIME]: clock.timestamp() };
      }, { fieldManager: MANAGER });
      return;
    }
    try {
      registry.create(R.endpoints, {
        metadata: { name, namespace: ns, labels, annotations: { [TRIGGER_TIME]: clock.timestamp() } },
        ...(subsets.length ? { subsets } : {}),
      }, { fieldManager: MANAGER });
    } catch (e) {
      if (!(e instanceof ApiError) || (e.reason !== 'AlreadyExists' && e.reason !== 'Forbidden')) throw e;
    }
  }

  return {
    name: 'endpoints-controller',
    onChange(change) {
      if (change.resource === '/services') {
        remember(change.type === 'DELETED' ? undefined : (change.current.object as Service), change.namespace, change.name);
        queue.add(`${change.namespace}/${change.name}`);
      } else if (change.resource === '/pods') {
        const pod = change.current.object as Pod;
        const prev = change.previous?.object as Pod | undefined;
        if (change.type === 'MODIFIED' && prev && relevance(prev) === relevance(pod)) return;
        const services = selectors.get(change.namespace);
        if (!services) return;
        for (const [name, sel] of services) {
          if (selects(sel, pod.metadata.labels) || (prev && selects(sel, prev.metadata.labels))) queue.add(`${change.namespace}/${name}`);
        }
      } else if (change.resource === '/endpoints' && change.type === 'DELETED') {
        // Someone deleted Endpoints of a live service: put them back.
        if (selectors.get(change.namespace)?.has(change.name)) queue.add(`${change.namespace}/${change.name}`);
      } else if (change.resource === 'discovery.k8s.io/endpointslices' && change.type !== 'ADDED') {
        // Someone changed or deleted a slice of a live service: put it back as it should be.
        const service = (change.current.object.metadata.labels ?? {})['kubernetes.io/service-name'];
        if (service && selectors.get(change.namespace)?.has(service)) queue.add(`${change.namespace}/${service}`);
      }
    },
    start() {
      for (const svc of registry.list<Service>(R.services)) {
        remember(svc, svc.metadata.namespace ?? '', svc.metadata.name);
        queue.add(`${svc.metadata.namespace}/${svc.metadata.name}`);
      }
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      sync(ns, name);
    },
  };
}
