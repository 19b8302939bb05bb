/**
 * Printers of the service networking kinds: Services (type, IPs, ports), Endpoints,
 * EndpointSlices and NetworkPolicies.
 */

import type { Obj } from '../obj.ts';
import { int, obj, objs, str, strMap } from '../obj.ts';
import { formatLabelSelector, formatLabels } from '../labelSelector.ts';
import type { LabelSelector } from '../../types.ts';
import { age, nameOf } from './cells.ts';
import type { Printer } from './printer.ts';
import { AGE, col, NAME, wide } from './printer.ts';

function externalIP(spec: Obj, status: Obj): string {
  const external = Array.isArray(spec['externalIPs']) ? spec['externalIPs'].map(str) : [];
  switch (spec['type']) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ips = [...new Set(objs(obj(status['loadBalancer'])['ingress']).map((i) => str(i['ip']) || str(i['hostname'])).filter((s) => s !== ''))].sort();
      if (external.length > 0) return [...ips, ...external].join(',');
      return ips.length > 0 ? ips.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec['externalName']);
  }
  return '<unknown>';
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
    AGE,
    wide('Selector', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/'),
  ],
  cells(svc, now) {
    const spec = obj(svc['spec']);
    const clusterIPs = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'].map(str) : [];
    const clusterIP = clusterIPs[0] || str(spec['clusterIP']) || '<none>';
    const ports = objs(spec['ports']).map((p) => (int(p['nodePort']) > 0 ? `${int(p['port'])}:${int(p['nodePort'])}/${str(p['protocol'])}` : `${int(p['port'])}/${str(p['protocol'])}`));
    return [nameOf(svc), str(spec['type']), clusterIP, externalIP(spec, obj(svc['status'])), ports.join(',') || '<none>', age(svc, now), formatLabels(strMap(spec['selector']))];
  },
};

/** formatEndpoints: at most three host:port pairs, then "+ N more...". */
function formatEndpoints(ep: Obj): string {
  const subsets = objs(ep['subsets']);
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  const hostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  for (const ss of subsets) {
    const addrs = objs(ss['addresses']);
    const ports = objs(ss['ports']);
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) if (list.length < 3) list.push(str(a['ip']));
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) if (list.length < 3) list.push(hostPort(str(a['ip']), int(p['port'])));
    }
  }
  const text = list.join(',');
  return count > 3 ? `${text} + ${count - 3} more...` : text;
}

export const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'), AGE],
  cells: (ep, now) => [nameOf(ep), formatEndpoints(ep), age(ep, now)],
};

/** listWithMoreString: at most three items, then "+ N more..."; `<unset>` for none. */
function listWithMore(items: string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** printEndpointSlice: ports by number (or name, or `*`), every endpoint's addresses. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.'),
    col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.'),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    AGE,
  ],
  cells: (es, now) => {
    const ports = objs(es['ports']).map((p) => (p['port'] !== undefined && p['port'] !== null ? String(int(p['port'])) : str(p['name']) || '*'));
    const addresses = objs(es['endpoints']).flatMap((e) => (Array.isArray(e['addresses']) ? e['addresses'].map(str) : []));
    return [nameOf(es), str(es['addressType']), listWithMore(ports), listWithMore(addresses), age(es, now)];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [
    NAME,
    col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field.'),
    AGE,
  ],
  cells: (p, now) => [nameOf(p), formatLabelSelector(obj(p['spec'])['podSelector'] as LabelSelector | undefined), age(p, now)],
};
