/**
 * Server-side printing: the `meta.k8s.io/v1` Table that `kubectl get` asks for with
 * `Accept: application/json;as=Table;...`. Columns and cells follow kube-apiserver's printers
 * (pkg/printers/internalversion/printers.go), which kube always runs in wide mode: the priority
 * 1 columns are present and kubectl drops them unless `-o wide`.
 */

import type { JsonObject, KObject } from '../types.ts';
import type { ResourceType } from '../resources.ts';
import { groupVersion } from '../resources.ts';
import { formatLabelSelector, formatLabels, formatRequirements, labelSelectorToRequirements, SelectorError } from './labelSelector.ts';

export interface TableOptions {
  now: Date;
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

type Cell = string | number | boolean;
interface Column { name: string; type: string; format: string; description: string; priority: number }
interface RowCondition { type: string; status: string; reason: string; message: string }
interface Printer {
  columns: Column[];
  cells(o: Obj, now: number): Cell[];
  conditions?(o: Obj): RowCondition[] | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const strMap = (v: unknown): Record<string, string> | undefined => (isObj(v) ? (v as Record<string, string>) : undefined);

// ---- durations -------------------------------------------------------------------------------

/** duration.HumanDuration: two significant units at most, coarser as the span grows. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function parseTime(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** translateTimestampSince: `<unknown>` for an unset time. */
function since(ts: unknown, now: number): string {
  const t = parseTime(ts);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

const age = (o: Obj, now: number): string => since(obj(o['metadata'])['creationTimestamp'], now);
const nameOf = (o: Obj): string => str(obj(o['metadata'])['name']);

// ---- column definitions ----------------------------------------------------------------------

const D = {
  name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  created: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  containers: 'Names of each container in the template.',
  images: 'Images referenced by each container in the template.',
  selector: 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template\'s labels.',
};

function col(name: string, type: string, description: string, extra: { priority?: number; format?: string } = {}): Column {
  return { name, type, format: extra.format ?? '', description, priority: extra.priority ?? 0 };
}
const NAME = col('Name', 'string', D.name, { format: 'name' });
const AGE = col('Age', 'string', D.created);
const wide = (name: string, description: string): Column => col(name, 'string', description, { priority: 1 });

// ---- shared cell helpers ---------------------------------------------------------------------

/** layoutContainerCells: names and images comma-joined. */
function containerCells(podSpec: Obj): [string, string] {
  const cs = objs(podSpec['containers']);
  return [cs.map((c) => str(c['name'])).join(','), cs.map((c) => str(c['image'])).join(',')];
}

function templateSpec(o: Obj): Obj {
  return obj(obj(obj(o['spec'])['template'])['spec']);
}

/** The wide Selector cell of Deployments: labels.Selector.String(), empty when it selects everything. */
function selectorString(sel: unknown): string {
  if (!isObj(sel)) return '';
  try {
    return formatRequirements(labelSelectorToRequirements(sel));
  } catch (e) {
    if (e instanceof SelectorError) return '<invalid>';
    throw e;
  }
}

// ---- pods ------------------------------------------------------------------------------------

function podStatus(pod: Obj, now: number): { ready: string; reason: string; restarts: string } {
  const spec = obj(pod['spec']);
  const status = obj(pod['status']);
  const meta = obj(pod['metadata']);
  const initSpecs = new Map(objs(spec['initContainers']).map((c) => [str(c['name']), c]));
  const restartable = (name: string): boolean => initSpecs.get(name)?.['restartPolicy'] === 'Always';
  const total = objs(spec['containers']).length + [...initSpecs.values()].filter((c) => c['restartPolicy'] === 'Always').length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined => (b !== undefined && (a === undefined || b > a) ? b : a);
  const phase = str(status['phase']);
  let reason = str(status['reason']) || phase;
  for (const c of objs(status['conditions'])) if (c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated') reason = 'SchedulingGated';

  const inits = objs(status['initContainerStatuses']);
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = obj(inits[i]);
    const name = str(c['name']);
    const state = obj(c['state']);
    const finished = parseTime(obj(obj(c['lastState'])['terminated'])['finishedAt']);
    restarts += int(c['restartCount']);
    lastRestart = later(lastRestart, finished);
    if (restartable(name)) {
      sidecarRestarts += int(c['restartCount']);
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = isObj(state['terminated']) ? state['terminated'] : undefined;
    const wait = isObj(state['waiting']) ? state['waiting'] : undefined;
    if (term && int(term['exitCode']) === 0) continue;
    if (restartable(name) && c['started'] === true) {
      if (c['ready'] === true) ready++;
      continue;
    }
    if (term) {
      const r = str(term['reason']);
      reason = r !== '' ? `Init:${r}` : int(term['signal']) !== 0 ? `Init:Signal:${int(term['signal'])}` : `Init:ExitCode:${int(term['exitCode'])}`;
    } else if (wait && str(wait['reason']) !== '' && wait['reason'] !== 'PodInitializing') {
      reason = `Init:${str(wait['reason'])}`;
    } else {
      reason = `Init:${i}/${initSpecs.size}`;
    }
    initializing = true;
    break;
  }
  const initialized = objs(status['conditions']).some((c) => c['type'] === 'Initialized' && c['status'] === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = objs(status['containerStatuses']);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = obj(statuses[i]);
      const state = obj(c['state']);
      restarts += int(c['restartCount']);
      lastRestart = later(lastRestart, parseTime(obj(obj(c['lastState'])['terminated'])['finishedAt']));
      const wait = obj(state['waiting']);
      const term = isObj(state['terminated']) ? state['terminated'] : undefined;
      if (str(wait['reason']) !== '') reason = str(wait['reason']);
      else if (term && str(term['reason']) !== '') reason = str(term['reason']);
      else if (term) reason = int(term['signal']) !== 0 ? `Signal:${int(term['signal'])}` : `ExitCode:${int(term['exitCode'])}`;
      else if (c['ready'] === true && isObj(state['running'])) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = objs(status['conditions']).some((c) => c['type'] === 'Ready' && c['status'] === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (meta['deletionTimestamp'] && status['reason'] === 'NodeLost') reason = 'Unknown';
  else if (meta['deletionTimestamp'] && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  const restartsText = restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, reason, restarts: restartsText };
}

const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    wide('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    wide('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename'),
    wide('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.'),
    wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates'),
  ],
  cells(pod, now) {
    const spec = obj(pod['spec']);
    const status = obj(pod['status']);
    const s = podStatus(pod, now);
    // v1 conversion fills podIPs from podIP when only the latter is set.
    const ip = str(objs(status['podIPs'])[0]?.['ip']) || str(status['podIP']) || '<none>';
    const gates = objs(spec['readinessGates']);
    const conditions = objs(status['conditions']);
    const gatesText = gates.length === 0 ? '<none>'
      : `${gates.filter((g) => conditions.find((c) => c['type'] === g['conditionType'])?.['status'] === 'True').length}/${gates.length}`;
    return [nameOf(pod), s.ready, s.reason, s.restarts, age(pod, now), ip, str(spec['nodeName']) || '<none>', str(status['nominatedNodeName']) || '<none>', gatesText];
  },
  conditions(pod) {
    const phase = obj(pod['status'])['phase'];
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

// ---- nodes -----------------------------------------------------------------------------------

const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    wide('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses'),
    wide('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses'),
    wide('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    wide('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
    wide('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
  ],
  cells(node, now) {
    const status = obj(node['status']);
    const readyCond = objs(status['conditions']).filter((c) => c['type'] === 'Ready').pop();
    const states = readyCond ? [readyCond['status'] === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
    if (obj(node['spec'])['unschedulable'] === true) states.push('SchedulingDisabled');
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(strMap(obj(node['metadata'])['labels']) ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
      else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
    }
    const info = obj(status['nodeInfo']);
    const address = (t: string): string => str(objs(status['addresses']).find((a) => a['type'] === t)?.['address']) || '<none>';
    return [
      nameOf(node), states.join(','), [...roles].sort().join(',') || '<none>', age(node, now), str(info['kubeletVersion']),
      address('InternalIP'), address('ExternalIP'), str(info['osImage']) || '<unknown>', str(info['kernelVersion']) || '<unknown>', str(info['containerRuntimeVersion']) || '<unknown>',
    ];
  },
};

// ---- workloads -------------------------------------------------------------------------------

const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE, wide('Containers', D.containers), wide('Images', D.images), wide('Selector', D.selector),
  ],
  cells(d, now) {
    const spec = obj(d['spec']);
    const status = obj(d['status']);
    const [names, images] = containerCells(templateSpec(d));
    return [nameOf(d), `${int(status['readyReplicas'])}/${int(spec['replicas'] ?? 1)}`, int(status['updatedReplicas']), int(status['availableReplicas']), age(d, now), names, images, selectorString(spec['selector'])];
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE, wide('Containers', D.containers), wide('Images', D.images), wide('Selector', D.selector),
  ],
  cells(rs, now) {
    const spec = obj(rs['spec']);
    const status = obj(rs['status']);
    const [names, images] = containerCells(templateSpec(rs));
    return [nameOf(rs), int(spec['replicas'] ?? 1), int(status['replicas']), int(status['readyReplicas']), age(rs, now), names, images, formatLabelSelector(isObj(spec['selector']) ? spec['selector'] : undefined)];
  },
};

const statefulSetPrinter: Printer = {
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, wide('Containers', D.containers), wide('Images', D.images)],
  cells(s, now) {
    const [names, images] = containerCells(templateSpec(s));
    return [nameOf(s), `${int(obj(s['status'])['readyReplicas'])}/${int(obj(s['spec'])['replicas'] ?? 1)}`, age(s, now), names, images];
  },
};

const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    AGE, wide('Containers', D.containers), wide('Images', D.images), wide('Selector', D.selector),
  ],
  cells(ds, now) {
    const status = obj(ds['status']);
    const tspec = templateSpec(ds);
    const [names, images] = containerCells(tspec);
    const sel = obj(ds['spec'])['selector'];
    return [
      nameOf(ds), int(status['desiredNumberScheduled']), int(status['currentNumberScheduled']), int(status['numberReady']), int(status['updatedNumberScheduled']), int(status['numberAvailable']),
      formatLabels(strMap(tspec['nodeSelector'])), age(ds, now), names, images, formatLabelSelector(isObj(sel) ? sel : undefined),
    ];
  },
};

function controllerOf(o: Obj): string {
  const ref = objs(obj(o['metadata'])['ownerReferences']).find((r) => r['controller'] === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref['apiVersion']);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref['kind']);
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(ref['name'])}`;
}

const controllerRevisionPrinter: Printer = {
  columns: [NAME, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'), AGE],
  cells: (cr, now) => [nameOf(cr), controllerOf(cr), int(cr['revision']), age(cr, now)],
};

// ---- networking ------------------------------------------------------------------------------

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

const servicePrinter: Printer = {
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

const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'), AGE],
  cells: (ep, now) => [nameOf(ep), formatEndpoints(ep), age(ep, now)],
};

/** listWithMoreString: at most three items, then "+ N more..."; `<unset>` for none. */
function listWithMore(items: string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** printEndpointSlice: ports by number (or name, or `*`), every endpoint's addresses. */
const endpointSlicePrinter: Printer = {
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

// ---- config and identity ---------------------------------------------------------------------

const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'string', "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."), AGE],
  cells: (cm, now) => [nameOf(cm), Object.keys(obj(cm['data'])).length + Object.keys(obj(cm['binaryData'])).length, age(cm, now)],
};

const secretPrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    col('Data', 'string', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    AGE,
  ],
  cells: (s, now) => [nameOf(s), str(s['type']), Object.keys(obj(s['data'])).length, age(s, now)],
};

const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (ns, now) => [nameOf(ns), str(obj(ns['status'])['phase']), age(ns, now)],
};

const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (sa, now) => [nameOf(sa), Array.isArray(sa['secrets']) ? sa['secrets'].length : 0, age(sa, now)],
};

function bindingPrinter(kind: string): Printer {
  return {
    columns: [
      NAME, col('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'), AGE,
      wide('Users', `Users in the ${kind}`), wide('Groups', `Groups in the ${kind}`), wide('ServiceAccounts', `ServiceAccounts in the ${kind}`),
    ],
    cells(b, now) {
      const ref = obj(b['roleRef']);
      const subjects = objs(b['subjects']);
      const of = (k: string): string[] => subjects.filter((s) => s['kind'] === k).map((s) => (k === 'ServiceAccount' ? `${str(s['namespace'])}/${str(s['name'])}` : str(s['name'])));
      return [nameOf(b), `${str(ref['kind'])}/${str(ref['name'])}`, age(b, now), of('User').join(', '), of('Group').join(', '), of('ServiceAccount').join(', ')];
    },
  };
}

const leasePrinter: Printer = {
  columns: [NAME, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
  cells: (l, now) => [nameOf(l), str(obj(l['spec'])['holderIdentity']), age(l, now)],
};

// ---- events ----------------------------------------------------------------------------------

const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    wide('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
    wide('Source', 'The component reporting this event. Should be a short machine understandable string.'),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    wide('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    wide('Count', 'The number of times this event has occurred.'),
    col('Name', 'string', D.name, { priority: 1, format: 'name' }),
  ],
  cells(ev, now) {
    const first = parseTime(ev['firstTimestamp']) !== undefined ? since(ev['firstTimestamp'], now) : since(ev['eventTime'], now);
    let last = parseTime(ev['lastTimestamp']) !== undefined ? since(ev['lastTimestamp'], now) : first;
    let count = int(ev['count']);
    const series = ev['series'];
    if (isObj(series)) {
      last = since(series['lastObservedTime'], now);
      count = int(series['count']);
    } else if (count === 0) {
      count = 1; // singleton events of the events.k8s.io API carry no count
    }
    const io = obj(ev['involvedObject']);
    const kind = str(io['kind']).toLowerCase();
    const target = str(io['name']) !== '' ? `${kind}/${str(io['name'])}` : kind;
    const source = obj(ev['source']);
    const component = str(source['component']) || str(ev['reportingComponent']);
    const instance = str(source['host']) || str(ev['reportingInstance']);
    return [last, str(ev['type']), str(ev['reason']), target, str(io['fieldPath']), instance === '' ? component : `${component}, ${instance}`, str(ev['message']).trim(), first, count, nameOf(ev)];
  },
};

// ---- everything else -------------------------------------------------------------------------

/** rest.NewDefaultTableConvertor: Name and the creation time in RFC 3339 (UTC). */
const defaultPrinter: Printer = {
  columns: [NAME, col('Created At', 'date', D.created)],
  cells(o) {
    const t = parseTime(obj(o['metadata'])['creationTimestamp']);
    return [nameOf(o), t === undefined ? '' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  },
};

const PRINTERS: Record<string, Printer> = {
  'v1/Pod': podPrinter,
  'v1/Node': nodePrinter,
  'v1/Service': servicePrinter,
  'v1/Endpoints': endpointsPrinter,
  'discovery.k8s.io/v1/EndpointSlice': endpointSlicePrinter,
  'v1/ConfigMap': configMapPrinter,
  'v1/Secret': secretPrinter,
  'v1/Namespace': namespacePrinter,
  'v1/ServiceAccount': serviceAccountPrinter,
  'v1/Event': eventPrinter,
  'apps/v1/Deployment': deploymentPrinter,
  'apps/v1/ReplicaSet': replicaSetPrinter,
  'apps/v1/StatefulSet': statefulSetPrinter,
  'apps/v1/DaemonSet': daemonSetPrinter,
  'apps/v1/ControllerRevision': controllerRevisionPrinter,
  'rbac.authorization.k8s.io/v1/RoleBinding': bindingPrinter('roleBinding'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': bindingPrinter('clusterRoleBinding'),
  'coordination.k8s.io/v1/Lease': leasePrinter,
};

/** The Table kube-apiserver returns for a get or list of `type` (one object for a get). */
export function toTable(type: ResourceType, objects: KObject[], opts: TableOptions): JsonObject {
  const printer = PRINTERS[`${groupVersion(type)}/${type.kind}`] ?? defaultPrinter;
  const now = opts.now.getTime();
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((o) => {
    const rec = o as Obj;
    const row: JsonObject = { cells: printer.cells(rec, now) };
    const conditions = printer.conditions?.(rec);
    if (conditions) row['conditions'] = conditions;
    if (include === 'Object') row['object'] = o;
    else if (include === 'Metadata') row['object'] = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    return row;
  });
  const metadata: JsonObject = {};
  const lm = opts.listMeta ?? {};
  if (lm.resourceVersion !== undefined && lm.resourceVersion !== '') metadata['resourceVersion'] = lm.resourceVersion;
  if (lm.continue !== undefined && lm.continue !== '') metadata['continue'] = lm.continue;
  if (lm.remainingItemCount !== undefined) metadata['remainingItemCount'] = lm.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}
