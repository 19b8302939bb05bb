/**
 * The cloud provider's service controller: a Service of type LoadBalancer is announced
 * (EnsuringLoadBalancer), and after `loadBalancerMs` gets an ingress IP in
 * `status.loadBalancer` (EnsuredLoadBalancer), the way MetalLB or a cloud would hand one out;
 * `kubectl get svc` then shows the EXTERNAL-IP instead of <pending>. A Service that stops
 * being a LoadBalancer loses its ingress.
 */
import { R } from '../resources.ts';
import type { Service } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { fnv32a } from './templateHash.ts';

const COMPONENT = 'service-controller';
const MANAGER = 'kube-controller-manager';

export function createServiceController({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock, events, timings, clusterName } = ctx;
  /** key → cluster time the load balancer is ready. */
  const provisioning = new Map<string, number>();
  // One /24 per cluster, so that two clusters' load balancers do not look alike.
  const subnet = `172.18.${200 + (fnv32a(clusterName) % 55)}`;

  function usedIps(): Set<string> {
    const used = new Set<string>();
    for (const s of registry.list<Service>(R.services)) for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) used.add(i.ip);
    return used;
  }

  function allocate(): string {
    const used = usedIps();
    for (let n = 1; n < 255; n++) if (!used.has(`${subnet}.${n}`)) return `${subnet}.${n}`;
    return `${subnet}.254`;
  }

  function setIngress(svc: Service, ingress: { ip: string; ipMode: string }[]): void {
    registry.mutate<Service>(R.services, svc.metadata.namespace ?? '', svc.metadata.name, (draft) => {
      draft.status = { ...(draft.status ?? {}), loadBalancer: ingress.length ? { ingress } : {} };
    }, { subresource: 'status', fieldManager: MANAGER });
  }

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource !== '/services') return;
      if (change.type === 'DELETED') provisioning.delete(`${change.namespace}/${change.name}`);
      else queue.add(`${change.namespace}/${change.name}`);
    },
    start() {
      for (const s of registry.list<Service>(R.services)) queue.add(`${s.metadata.namespace}/${s.metadata.name}`);
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const svc = registry.get<Service>(R.services, ns, name);
      if (!svc) return;
      const hasIngress = (svc.status?.loadBalancer?.ingress ?? []).length > 0;
      if (svc.spec.type !== 'LoadBalancer' || svc.metadata.deletionTimestamp) {
        provisioning.delete(key);
        if (hasIngress) setIngress(svc, []);
        return;
      }
      if (hasIngress) return;
      const due = provisioning.get(key);
      if (due === undefined) {
        provisioning.set(key, clock.now() + timings.loadBalancerMs);
        events.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', COMPONENT);
        queue.addAfter(key, timings.loadBalancerMs);
        return;
      }
      if (clock.now() < due) {
        queue.addAfter(key, due - clock.now());
        return;
      }
      provisioning.delete(key);
      setIngress(svc, [{ ip: allocate(), ipMode: 'VIP' }]);
      events.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', COMPONENT);
    },
  };
}
