/**
 * Service IP and node-port allocation, as kube-apiserver's service registry does on create:
 * a ClusterIP from the service CIDR (10.96.0.0/12) unless the client chose one or asked for a
 * headless service ("None"), and a node port in 30000-32767 for NodePort and LoadBalancer ports.
 */
import { errors } from '../api/ApiError.ts';
import { R } from '../resources.ts';
import type { KObject, Service } from '../types.ts';
import type { Registry } from './Registry.ts';

function usedClusterIps(registry: Registry): Set<string> {
  const used = new Set<string>();
  for (const s of registry.list<Service>(R.services)) if (s.spec.clusterIP) used.add(s.spec.clusterIP);
  return used;
}

function usedNodePorts(registry: Registry): Set<number> {
  const used = new Set<number>();
  for (const s of registry.list<Service>(R.services)) for (const p of s.spec.ports ?? []) if (p.nodePort) used.add(p.nodePort);
  return used;
}

export function allocateServiceNetwork(registry: Registry, obj: KObject): void {
  const svc = obj as Service;
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return;
  if (!spec.clusterIP) {
    const used = usedClusterIps(registry);
    // 10.96.0.1 is the kubernetes service; start after it, in a seeded but collision-free way.
    for (let attempt = 0; ; attempt++) {
      if (attempt > 5000) throw errors.internal('the service IP range is full');
      const n = 2 + registry.random.int(65_000);
      const ip = `10.96.${n >> 8}.${n & 255}`;
      if (!used.has(ip)) { spec.clusterIP = ip; break; }
    }
  } else if (spec.clusterIP !== 'None' && usedClusterIps(registry).has(spec.clusterIP)) {
    throw errors.invalid(R.services, svc.metadata.name, `Service "${svc.metadata.name}" is invalid: spec.clusterIPs: Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated` }]);
  }
  spec.clusterIPs = [spec.clusterIP];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    const used = usedNodePorts(registry);
    for (const port of spec.ports ?? []) {
      if (port.nodePort) continue;
      let candidate = 30000 + registry.random.int(2768);
      while (used.has(candidate)) candidate = candidate >= 32767 ? 30000 : candidate + 1;
      port.nodePort = candidate;
      used.add(candidate);
    }
  }
}
