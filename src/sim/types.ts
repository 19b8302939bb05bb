/**
 * The object model of the simulated clusters: Kubernetes objects exactly as they travel on the
 * wire (JSON), plus typed views of the fields the simulator's own logic reads.
 *
 * Objects held by the store are deep-frozen; code that changes one works on a copy
 * (`cloneObject`) and writes it back through the cluster's registry.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: unknown };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** Any Kubernetes object on the wire. Kind-specific fields are read through the typed views below. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** What a client sends: metadata not yet completed by the server. */
export interface KObjectInput {
  apiVersion?: string;
  kind?: string;
  metadata?: Partial<ObjectMeta>;
  [field: string]: unknown;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}
export interface ContainerPort { name?: string; containerPort: number; protocol?: string; }
export interface Container {
  name: string;
  image: string;
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  env?: { name: string; value?: string }[];
  command?: string[];
  args?: string[];
  imagePullPolicy?: string;
  [field: string]: unknown;
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  restartPolicy?: string;
  schedulerName?: string;
  terminationGracePeriodSeconds?: number;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
  [field: string]: unknown;
}
export interface PodCondition { type: string; status: 'True' | 'False' | 'Unknown'; lastTransitionTime?: string; lastProbeTime?: string | null; reason?: string; message?: string; }
export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  containerID?: string;
  state: JsonObject;
  lastState: JsonObject;
}
export interface PodStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  conditions?: PodCondition[];
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  containerStatuses?: ContainerStatus[];
  qosClass?: string;
  reason?: string;
  message?: string;
}
export interface Pod extends KObject { spec: PodSpec; status?: PodStatus; }

export interface PodTemplateSpec { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown }; spec: PodSpec; }

export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate';
  rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
}
export interface WorkloadCondition { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string; }
export interface Deployment extends KObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    strategy?: DeploymentStrategy;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: WorkloadCondition[];
    collisionCount?: number;
  };
}
export interface ReplicaSet extends KObject {
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplateSpec; minReadySeconds?: number };
  status?: { replicas: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number; conditions?: WorkloadCondition[] };
}
export interface StatefulSet extends KObject {
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplateSpec; serviceName?: string; podManagementPolicy?: 'OrderedReady' | 'Parallel'; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } }; revisionHistoryLimit?: number };
  status?: { observedGeneration?: number; replicas: number; readyReplicas?: number; currentReplicas?: number; updatedReplicas?: number; availableReplicas?: number; currentRevision?: string; updateRevision?: string; collisionCount?: number };
}
export interface DaemonSet extends KObject {
  spec: { selector: LabelSelector; template: PodTemplateSpec; updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } }; revisionHistoryLimit?: number };
  status?: { currentNumberScheduled: number; numberMisscheduled: number; desiredNumberScheduled: number; numberReady: number; observedGeneration?: number; updatedNumberScheduled?: number; numberAvailable?: number; numberUnavailable?: number };
}
export interface ServicePort { name?: string; protocol?: string; port: number; targetPort?: number | string; nodePort?: number; }
export interface Service extends KObject {
  spec: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    externalName?: string;
    sessionAffinity?: string;
    [field: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] } };
}
export interface Node extends KObject {
  spec: { podCIDR?: string; unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[]; providerID?: string };
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    conditions?: (WorkloadCondition & { lastHeartbeatTime?: string })[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: Record<string, string>;
    images?: unknown[];
    daemonEndpoints?: JsonObject;
  };
}
export interface CoreEvent extends KObject {
  involvedObject: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  count?: number;
  type?: 'Normal' | 'Warning';
  reportingComponent?: string;
  reportingInstance?: string;
}

/**
 * Deep copy of a JSON value (objects in the store are frozen; copy before changing). A plain
 * recursive copy: several times faster than structuredClone for the JSON-only objects the
 * simulator holds, and every controller write goes through it.
 */
export function cloneObject<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = cloneValue(v);
  }
  return out;
}
