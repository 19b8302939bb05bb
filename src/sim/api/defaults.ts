/**
 * Server-side defaulting: what kube-apiserver's v1 defaulters, create strategies and default
 * admission plugins (ServiceAccount, Priority, DefaultTolerationSeconds) add to an object before
 * it is stored, so that `kubectl get -o yaml` shows the same fields a real cluster would.
 *
 * Every rule only fills what is absent, so running it again on a stored object (as kube does on
 * every write) changes nothing. Allocation (cluster IPs, node ports, names) is the registry's.
 */

import type { KObject } from '../types.ts';
import type { ResourceType } from '../resources.ts';
import { groupVersion } from '../resources.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `parent[key]`, created when absent (a JSON null counts as absent). */
function child(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (isObj(v)) return v;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function setIfAbsent(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}

/** Mutates `obj` (a mutable copy) the way kube-apiserver defaults it before storing. */
export function applyDefaults(type: ResourceType, obj: KObject): void {
  const o = obj as Obj;
  switch (`${groupVersion(type)}/${type.kind}`) {
    case 'v1/Pod':
      return defaultPod(o);
    case 'v1/Service':
      return defaultService(o);
    case 'v1/Secret':
      return defaultSecret(o);
    case 'v1/Namespace':
      return defaultNamespace(obj);
    case 'v1/Endpoints':
      for (const subset of list(o['subsets'])) for (const p of list(subset['ports'])) setIfAbsent(p, 'protocol', 'TCP');
      return;
    case 'v1/Node': {
      const status = o['status'];
      // SetDefaults_NodeStatus: allocatable mirrors capacity until the kubelet reports it.
      if (isObj(status) && isObj(status['capacity']) && status['allocatable'] === undefined) status['allocatable'] = { ...status['capacity'] };
      return;
    }
    case 'apps/v1/Deployment':
      return defaultDeployment(child(o, 'spec'));
    case 'apps/v1/ReplicaSet': {
      const spec = child(o, 'spec');
      setIfAbsent(spec, 'replicas', 1);
      return defaultPodTemplate(spec);
    }
    case 'apps/v1/StatefulSet':
      return defaultStatefulSet(child(o, 'spec'));
    case 'apps/v1/DaemonSet':
      return defaultDaemonSet(child(o, 'spec'));
    case 'networking.k8s.io/v1/NetworkPolicy':
      return defaultNetworkPolicy(child(o, 'spec'));
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      // SetDefaults_Subject: users and groups live in the RBAC group, service accounts in core.
      for (const s of list(o['subjects'])) {
        if (s['apiGroup'] === undefined || s['apiGroup'] === '') s['apiGroup'] = s['kind'] === 'ServiceAccount' ? '' : 'rbac.authorization.k8s.io';
      }
      return;
  }
}

// ---- pods ----------------------------------------------------------------------------------

/** SetDefaults_Container: the pull policy follows the tag, `latest` or none meaning Always. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon === -1 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  setIfAbsent(probe, 'timeoutSeconds', 1);
  setIfAbsent(probe, 'periodSeconds', 10);
  setIfAbsent(probe, 'successThreshold', 1);
  setIfAbsent(probe, 'failureThreshold', 3);
  const http = probe['httpGet'];
  if (isObj(http)) {
    setIfAbsent(http, 'path', '/');
    setIfAbsent(http, 'scheme', 'HTTP');
  }
}

function defaultContainer(c: Obj, isPod: boolean): void {
  if (typeof c['image'] === 'string') setIfAbsent(c, 'imagePullPolicy', defaultPullPolicy(c['image']));
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  const resources = child(c, 'resources');
  // SetDefaults_Pod (pods only): a limit without a request requests the limit.
  if (isPod && isObj(resources['limits'])) {
    const requests = child(resources, 'requests');
    for (const [k, v] of Object.entries(resources['limits'])) if (requests[k] === undefined) requests[k] = v;
  }
  for (const p of list(c['ports'])) setIfAbsent(p, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  for (const e of list(c['env'])) {
    const from = e['valueFrom'];
    if (isObj(from) && isObj(from['fieldRef'])) setIfAbsent(from['fieldRef'], 'apiVersion', 'v1');
  }
}

/** SetDefaults_PodSpec and the container defaulters: shared by pods and workload templates. */
function defaultPodSpec(spec: Obj, isPod: boolean): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  child(spec, 'securityContext');
  for (const c of list(spec['containers'])) defaultContainer(c, isPod);
  for (const c of list(spec['initContainers'])) defaultContainer(c, isPod);
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec, true);
  setIfAbsent(spec, 'enableServiceLinks', true);
  // v1 reads the deprecated `serviceAccount` alias when the real field is empty, then
  // ServiceAccount admission picks "default"; v1 always echoes the name into the alias.
  setIfAbsent(spec, 'serviceAccountName', spec['serviceAccount']);
  setIfAbsent(spec, 'serviceAccountName', 'default');
  spec['serviceAccount'] = spec['serviceAccountName'];
  // Priority admission, with no PriorityClass in the cluster.
  setIfAbsent(spec, 'priority', 0);
  setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  // DefaultTolerationSeconds admission: unless something already tolerates the taint.
  const tolerations = list(spec['tolerations']);
  const added = DEFAULT_TOLERATIONS.filter((d) => !tolerations.some((t) => {
    const key = t['key'] ?? '';
    const effect = t['effect'] ?? '';
    return (key === d.key || key === '') && (effect === 'NoExecute' || effect === '');
  }));
  if (added.length > 0) spec['tolerations'] = [...tolerations, ...added.map((t) => ({ ...t }))];
}

function defaultPodTemplate(spec: Obj): void {
  const template = child(spec, 'template');
  // Go clients (kubectl rollout undo, create deployment) send the zero metav1.Time as
  // `creationTimestamp: null`; decoded, that is no timestamp at all. Keeping the null would make
  // the same template hash and compare differently from the one stored without it.
  const meta = template['metadata'];
  if (isObj(meta) && meta['creationTimestamp'] === null) delete meta['creationTimestamp'];
  defaultPodSpec(child(template, 'spec'), false);
}

// ---- workloads -----------------------------------------------------------------------------

function defaultDeployment(spec: Obj): void {
  setIfAbsent(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', '25%');
    setIfAbsent(ru, 'maxSurge', '25%');
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(spec);
}

function defaultStatefulSet(spec: Obj): void {
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') setIfAbsent(child(strategy, 'rollingUpdate'), 'partition', 0);
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfAbsent(retention, 'whenDeleted', 'Retain');
  setIfAbsent(retention, 'whenScaled', 'Retain');
  defaultPodTemplate(spec);
}

function defaultDaemonSet(spec: Obj): void {
  const strategy = child(spec, 'updateStrategy');
  setIfAbsent(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', 1);
    setIfAbsent(ru, 'maxSurge', 0);
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(spec);
}

// ---- networking ----------------------------------------------------------------------------

/** SetDefaults_NetworkPolicy and _NetworkPolicyPort: TCP ports; Ingress, plus Egress when egress rules exist. */
function defaultNetworkPolicy(spec: Obj): void {
  const rules = [...list(spec['ingress']), ...list(spec['egress'])];
  for (const r of rules) for (const p of list(r['ports'])) setIfAbsent(p, 'protocol', 'TCP');
  const types = spec['policyTypes'];
  if (!Array.isArray(types) || types.length === 0) spec['policyTypes'] = list(spec['egress']).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

// ---- core ----------------------------------------------------------------------------------

function defaultService(svc: Obj): void {
  const spec = child(svc, 'spec');
  setIfAbsent(spec, 'type', 'ClusterIP');
  setIfAbsent(spec, 'sessionAffinity', 'None');
  if (spec['sessionAffinity'] === 'None') delete spec['sessionAffinityConfig'];
  if (spec['sessionAffinity'] === 'ClientIP') {
    const clientIP = child(child(spec, 'sessionAffinityConfig'), 'clientIP');
    setIfAbsent(clientIP, 'timeoutSeconds', 10800);
  }
  for (const p of list(spec['ports'])) {
    setIfAbsent(p, 'protocol', 'TCP');
    if (p['targetPort'] === undefined || p['targetPort'] === null || p['targetPort'] === 0 || p['targetPort'] === '') p['targetPort'] = p['port'];
  }
  const type = spec['type'];
  const externalIPs = Array.isArray(spec['externalIPs']) ? spec['externalIPs'] : [];
  if (type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0)) setIfAbsent(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setIfAbsent(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
    // A single-stack IPv4 cluster. Headless services without a selector are the one case
    // kube marks RequireDualStack, still with the one family the cluster has.
    const headlessNoSelector = spec['clusterIP'] === 'None' && !isObj(spec['selector']);
    setIfAbsent(spec, 'ipFamilyPolicy', headlessNoSelector ? 'RequireDualStack' : 'SingleStack');
    if (!Array.isArray(spec['ipFamilies']) || spec['ipFamilies'].length === 0) spec['ipFamilies'] = ['IPv4'];
  }
}

function defaultSecret(secret: Obj): void {
  setIfAbsent(secret, 'type', 'Opaque');
  // v1 conversion folds the write-only stringData into data (base64), stringData winning.
  const stringData = secret['stringData'];
  if (isObj(stringData)) {
    const data = child(secret, 'data');
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(typeof v === 'string' ? v : String(v), 'utf8').toString('base64');
    delete secret['stringData'];
  }
}

function defaultNamespace(ns: KObject): void {
  const o = ns as Obj;
  const spec = child(o, 'spec');
  // Only when absent: the namespace controller empties the list while deleting, and an
  // emptied list must stay empty.
  if (!Array.isArray(spec['finalizers'])) spec['finalizers'] = ['kubernetes'];
  setIfAbsent(child(o, 'status'), 'phase', 'Active');
  // The immutable name label kube maintains so namespace selectors can pick a namespace by name.
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
}
