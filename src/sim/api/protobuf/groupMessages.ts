/**
 * Protobuf message table for the non-core groups the simulator stores: apps/v1,
 * rbac.authorization.k8s.io/v1, coordination.k8s.io/v1, discovery.k8s.io/v1 and autoscaling/v1 (Scale), plus their
 * top-level kinds. Line format and flags: see schema.ts.
 */
import type { MessageTable } from './schema.ts';

const CONDITION = '1 type string!; 2 status string!; 3 lastTransitionTime Time; 4 reason string; 5 message string';
const ROLLING_UPDATE = '1 maxUnavailable IntOrString; 2 maxSurge IntOrString';

const APPS: MessageTable = {
  ControllerRevision: '1 metadata ObjectMeta; 2 data RawExtension; 3 revision int64!',
  DaemonSet: '1 metadata ObjectMeta; 2 spec DaemonSetSpec; 3 status DaemonSetStatus',
  DaemonSetCondition: CONDITION,
  DaemonSetSpec: '1 selector LabelSelector; 2 template PodTemplateSpec; 3 updateStrategy DaemonSetUpdateStrategy; 4 minReadySeconds int32; 6 revisionHistoryLimit int32!',
  DaemonSetStatus: '1 currentNumberScheduled int32!; 2 numberMisscheduled int32!; 3 desiredNumberScheduled int32!; 4 numberReady int32!; '
    + '5 observedGeneration int64; 6 updatedNumberScheduled int32; 7 numberAvailable int32; 8 numberUnavailable int32; 9 collisionCount int32!; '
    + '10 conditions DaemonSetCondition[]',
  DaemonSetUpdateStrategy: '1 type string; 2 rollingUpdate RollingUpdateDaemonSet',
  Deployment: '1 metadata ObjectMeta; 2 spec DeploymentSpec; 3 status DeploymentStatus',
  DeploymentCondition: '1 type string!; 2 status string!; 6 lastUpdateTime Time; 7 lastTransitionTime Time; 4 reason string; 5 message string',
  DeploymentSpec: '1 replicas int32!; 2 selector LabelSelector; 3 template PodTemplateSpec; 4 strategy DeploymentStrategy; 5 minReadySeconds int32; '
    + '6 revisionHistoryLimit int32!; 7 paused bool; 9 progressDeadlineSeconds int32!',
  DeploymentStatus: '1 observedGeneration int64; 2 replicas int32; 3 updatedReplicas int32; 7 readyReplicas int32; 4 availableReplicas int32; '
    + '5 unavailableReplicas int32; 9 terminatingReplicas int32!; 6 conditions DeploymentCondition[]; 8 collisionCount int32!',
  DeploymentStrategy: '1 type string; 2 rollingUpdate RollingUpdateDeployment',
  ReplicaSet: '1 metadata ObjectMeta; 2 spec ReplicaSetSpec; 3 status ReplicaSetStatus',
  ReplicaSetCondition: CONDITION,
  ReplicaSetSpec: '1 replicas int32!; 4 minReadySeconds int32; 2 selector LabelSelector; 3 template PodTemplateSpec',
  ReplicaSetStatus: '1 replicas int32!; 2 fullyLabeledReplicas int32; 4 readyReplicas int32; 5 availableReplicas int32; 7 terminatingReplicas int32!; '
    + '3 observedGeneration int64; 6 conditions ReplicaSetCondition[]',
  RollingUpdateDaemonSet: ROLLING_UPDATE,
  RollingUpdateDeployment: ROLLING_UPDATE,
  RollingUpdateStatefulSetStrategy: '1 partition int32!; 2 maxUnavailable IntOrString',
  StatefulSet: '1 metadata ObjectMeta; 2 spec StatefulSetSpec; 3 status StatefulSetStatus',
  StatefulSetCondition: CONDITION,
  StatefulSetOrdinals: '1 start int32!',
  StatefulSetPersistentVolumeClaimRetentionPolicy: '1 whenDeleted string; 2 whenScaled string',
  // serviceName lost its omitempty only recently; keeping an explicit "" is what older Go JSON wrote.
  StatefulSetSpec: '1 replicas int32!; 2 selector LabelSelector; 3 template PodTemplateSpec; 4 volumeClaimTemplates PersistentVolumeClaim[]; '
    + '5 serviceName string!; 6 podManagementPolicy string; 7 updateStrategy StatefulSetUpdateStrategy; 8 revisionHistoryLimit int32!; '
    + '9 minReadySeconds int32; 10 persistentVolumeClaimRetentionPolicy StatefulSetPersistentVolumeClaimRetentionPolicy; 11 ordinals StatefulSetOrdinals',
  StatefulSetStatus: '1 observedGeneration int64; 2 replicas int32!; 3 readyReplicas int32; 4 currentReplicas int32; 5 updatedReplicas int32; '
    + '6 currentRevision string; 7 updateRevision string; 9 collisionCount int32!; 10 conditions StatefulSetCondition[]; 11 availableReplicas int32!',
  StatefulSetUpdateStrategy: '1 type string; 2 rollingUpdate RollingUpdateStatefulSetStrategy',
};

const RBAC: MessageTable = {
  AggregationRule: '1 clusterRoleSelectors LabelSelector[]',
  ClusterRole: '1 metadata ObjectMeta; 2 rules PolicyRule[]; 3 aggregationRule AggregationRule',
  ClusterRoleBinding: '1 metadata ObjectMeta; 2 subjects Subject[]; 3 roleRef RoleRef',
  PolicyRule: '1 verbs string[]; 2 apiGroups string[]; 3 resources string[]; 4 resourceNames string[]; 5 nonResourceURLs string[]',
  Role: '1 metadata ObjectMeta; 2 rules PolicyRule[]',
  RoleBinding: '1 metadata ObjectMeta; 2 subjects Subject[]; 3 roleRef RoleRef',
  RoleRef: '1 apiGroup string!; 2 kind string!; 3 name string!',
  Subject: '1 kind string!; 2 apiGroup string; 3 name string!; 4 namespace string',
};

const COORDINATION: MessageTable = {
  Lease: '1 metadata ObjectMeta; 2 spec LeaseSpec',
  LeaseSpec: '1 holderIdentity string!; 2 leaseDurationSeconds int32!; 3 acquireTime MicroTime; 4 renewTime MicroTime; 5 leaseTransitions int32!; '
    + '6 strategy string!; 7 preferredHolder string!',
};

// discovery.k8s.io/v1. Its EndpointPort is not core's, hence the prefixed message name.
const DISCOVERY: MessageTable = {
  Endpoint: '1 addresses string[]; 2 conditions EndpointConditions; 3 hostname string!; 4 targetRef ObjectReference; '
    + '5 deprecatedTopology map<string>; 6 nodeName string!; 7 zone string!; 8 hints EndpointHints',
  EndpointConditions: '1 ready bool!; 2 serving bool!; 3 terminating bool!',
  EndpointHints: '1 forZones ForZone[]; 2 forNodes ForNode[]',
  DiscoveryEndpointPort: '1 name string!; 2 protocol string!; 3 port int32!; 4 appProtocol string!',
  EndpointSlice: '1 metadata ObjectMeta; 4 addressType string!; 2 endpoints Endpoint[]; 3 ports DiscoveryEndpointPort[]',
  ForNode: '1 name string!',
  ForZone: '1 name string!',
};

// networking.k8s.io/v1. Stored, not enforced: the simulator has no pod network to police.
const NETWORKING: MessageTable = {
  NetworkPolicy: '1 metadata ObjectMeta; 2 spec NetworkPolicySpec',
  NetworkPolicySpec: '1 podSelector LabelSelector; 2 ingress NetworkPolicyIngressRule[]; 3 egress NetworkPolicyEgressRule[]; 4 policyTypes string[]',
  NetworkPolicyIngressRule: '1 ports NetworkPolicyPort[]; 2 from NetworkPolicyPeer[]',
  NetworkPolicyEgressRule: '1 ports NetworkPolicyPort[]; 2 to NetworkPolicyPeer[]',
  NetworkPolicyPeer: '1 podSelector LabelSelector; 2 namespaceSelector LabelSelector; 3 ipBlock IPBlock',
  NetworkPolicyPort: '1 protocol string!; 2 port IntOrString; 3 endPort int32!',
  IPBlock: '1 cidr string!; 2 except string[]',
};

// policy/v1. PodDisruptionBudgetStatus's counts have no omitempty in Go: zeros are written.
const POLICY: MessageTable = {
  PodDisruptionBudget: '1 metadata ObjectMeta; 2 spec PodDisruptionBudgetSpec; 3 status PodDisruptionBudgetStatus',
  PodDisruptionBudgetSpec: '1 minAvailable IntOrString; 2 selector LabelSelector; 3 maxUnavailable IntOrString; 4 unhealthyPodEvictionPolicy string',
  PodDisruptionBudgetStatus: '1 observedGeneration int64; 2 disruptedPods map<Time>; 3 disruptionsAllowed int32!; 4 currentHealthy int32!; '
    + '5 desiredHealthy int32!; 6 expectedPods int32!; 7 conditions Condition[]',
};

const AUTOSCALING: MessageTable = {
  Scale: '1 metadata ObjectMeta; 2 spec ScaleSpec; 3 status ScaleStatus',
  // ScaleSpec.replicas has omitempty in Go, but `replicas: 0` is the whole point of a scale-to-zero
  // request; keeping it is harmless (it decodes to the same Go object) and saves callers a default.
  ScaleSpec: '1 replicas int32!',
  ScaleStatus: '1 replicas int32!; 2 selector string',
};

/** authorization.k8s.io/v1 self-reviews: what `kubectl auth can-i` sends (to a cluster with `rbac: true`). */
const AUTHORIZATION: MessageTable = {
  SelfSubjectAccessReview: '1 metadata ObjectMeta; 2 spec SelfSubjectAccessReviewSpec; 3 status SubjectAccessReviewStatus',
  SelfSubjectAccessReviewSpec: '1 resourceAttributes ResourceAttributes; 2 nonResourceAttributes NonResourceAttributes',
  ResourceAttributes: '1 namespace string; 2 verb string; 3 group string; 4 version string; 5 resource string; 6 subresource string; 7 name string; '
    + '8 fieldSelector FieldSelectorAttributes; 9 labelSelector LabelSelectorAttributes',
  FieldSelectorAttributes: '1 rawSelector string; 2 requirements FieldSelectorRequirement[]',
  FieldSelectorRequirement: '1 key string!; 2 operator string!; 3 values string[]',
  LabelSelectorAttributes: '1 rawSelector string; 2 requirements LabelSelectorRequirement[]',
  NonResourceAttributes: '1 path string; 2 verb string',
  SubjectAccessReviewStatus: '1 allowed bool!; 2 reason string; 3 evaluationError string; 4 denied bool',
  SelfSubjectRulesReview: '1 metadata ObjectMeta; 2 spec SelfSubjectRulesReviewSpec; 3 status SubjectRulesReviewStatus',
  SelfSubjectRulesReviewSpec: '1 namespace string',
  SubjectRulesReviewStatus: '1 resourceRules ResourceRule[]; 2 nonResourceRules NonResourceRule[]; 3 incomplete bool!; 4 evaluationError string',
  ResourceRule: '1 verbs string[]; 2 apiGroups string[]; 3 resources string[]; 4 resourceNames string[]',
  NonResourceRule: '1 verbs string[]; 2 nonResourceURLs string[]',
};

export const GROUP_MESSAGES: MessageTable = { ...APPS, ...RBAC, ...COORDINATION, ...DISCOVERY, ...NETWORKING, ...POLICY, ...AUTOSCALING, ...AUTHORIZATION };

export const GROUP_ROOTS: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/ReplicaSet': 'ReplicaSet',
  'apps/v1/StatefulSet': 'StatefulSet',
  'apps/v1/DaemonSet': 'DaemonSet',
  'apps/v1/ControllerRevision': 'ControllerRevision',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'coordination.k8s.io/v1/Lease': 'Lease',
  'discovery.k8s.io/v1/EndpointSlice': 'EndpointSlice',
  'networking.k8s.io/v1/NetworkPolicy': 'NetworkPolicy',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'autoscaling/v1/Scale': 'Scale',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
};
