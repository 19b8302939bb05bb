import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ClusterHealthSnapshot } from '../kube/ClusterHealth.ts';
import type { Usage } from '../kube/quantity.ts';
import type { NodeObject, NamespaceObject, PodObject, ServiceObject, ConfigMapObject, SecretObject, EventObject, WorkloadObject, DeploymentObject, StatefulSetObject, DaemonSetObject } from '../loaders/KubeObject.ts';
import type { RequestContext } from '../loaders/RequestContext.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An RFC 3339 timestamp, as Kubernetes writes them (`2026-01-01T00:00:00Z`). */
  DateTime: { input: string; output: string; }
  /** Any JSON value: a Kubernetes object as the cluster returned it. */
  JSON: { input: unknown; output: unknown; }
};

export type AppliedObject = {
  __typename?: 'AppliedObject';
  action: Maybe<ApplyAction>;
  error: Maybe<ClusterError>;
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  namespace: Maybe<Scalars['String']['output']>;
};

export type ApplyAction =
  | 'CONFIGURED'
  | 'CREATED'
  | 'DELETED'
  | 'UNCHANGED';

export type ApplyInput = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  fieldManager?: InputMaybe<Scalars['String']['input']>;
  force?: InputMaybe<Scalars['Boolean']['input']>;
  manifests: Scalars['String']['input'];
  namespace?: InputMaybe<Scalars['String']['input']>;
};

export type ApplyResult = {
  __typename?: 'ApplyResult';
  clusters: Array<ClusterApplyResult>;
  operation: Maybe<Operation>;
};

export type ChangeType =
  | 'ADDED'
  | 'DELETED'
  | 'MODIFIED';

export type Cluster = {
  __typename?: 'Cluster';
  events: Array<Event>;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespaces: Array<Namespace>;
  nodes: Array<Node>;
  pods: Array<Pod>;
  server: Scalars['String']['output'];
  services: Array<Service>;
  status: ClusterStatus;
  /** Summed node metrics (`kubectl top nodes`); null where the cluster has no metrics API. */
  usage: Maybe<ResourceUsage>;
  workloads: Array<Workload>;
};


export type ClusterEventsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EventType>;
};


export type ClusterNodesArgs = {
  labelSelector?: InputMaybe<Scalars['String']['input']>;
};


export type ClusterPodsArgs = {
  fieldSelector?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type ClusterServicesArgs = {
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type ClusterWorkloadsArgs = {
  kinds?: InputMaybe<Array<WorkloadKind>>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};

export type ClusterApplyResult = {
  __typename?: 'ClusterApplyResult';
  cluster: Scalars['String']['output'];
  error: Maybe<ClusterError>;
  objects: Array<AppliedObject>;
};

export type ClusterDeleteResult = {
  __typename?: 'ClusterDeleteResult';
  cluster: Scalars['String']['output'];
  deleted: Scalars['Boolean']['output'];
  error: Maybe<ClusterError>;
};

/** A failure that belongs to one cluster; `code` is one of a closed set (CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT, FORBIDDEN, ...). */
export type ClusterError = {
  __typename?: 'ClusterError';
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type ClusterExposeResult = {
  __typename?: 'ClusterExposeResult';
  cluster: Scalars['String']['output'];
  error: Maybe<ClusterError>;
  service: Maybe<Service>;
};

export type ClusterScaleResult = {
  __typename?: 'ClusterScaleResult';
  cluster: Scalars['String']['output'];
  error: Maybe<ClusterError>;
  previousReplicas: Maybe<Scalars['Int']['output']>;
  replicas: Maybe<Scalars['Int']['output']>;
};

/**
 * What fleetgraph knows of a cluster, checked when asked (one `GET /version` per request):
 * `reachable` and `latencyMs` from that check, `lastError` the most recent failure of any call to
 * the cluster and `lastErrorAt` when it was seen (they stay after the cluster recovers). A missing
 * metrics API is not a failure here: usage is null and the response's `errors` say why.
 */
export type ClusterStatus = {
  __typename?: 'ClusterStatus';
  checkedAt: Maybe<Scalars['DateTime']['output']>;
  lastError: Maybe<ClusterError>;
  lastErrorAt: Maybe<Scalars['DateTime']['output']>;
  /** Round-trip time of this request's check, in milliseconds. */
  latencyMs: Maybe<Scalars['Float']['output']>;
  reachable: Scalars['Boolean']['output'];
  /** The Kubernetes version the cluster reports (`v1.32.4`); the last one seen when it is unreachable now. */
  version: Maybe<Scalars['String']['output']>;
};

export type ClusterStatusChange = {
  __typename?: 'ClusterStatusChange';
  cluster: Scalars['String']['output'];
  status: ClusterStatus;
};

export type ConfigMap = {
  __typename?: 'ConfigMap';
  cluster: Cluster;
  data: Maybe<Scalars['JSON']['output']>;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
};

export type CopyInput = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  fromCluster: Scalars['String']['input'];
  kind: Scalars['String']['input'];
  names: Array<Scalars['String']['input']>;
  namespace: Scalars['String']['input'];
};

export type DaemonSet = Workload & {
  __typename?: 'DaemonSet';
  cluster: Cluster;
  events: Array<Event>;
  kind: WorkloadKind;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  pods: Array<Pod>;
  readyReplicas: Scalars['Int']['output'];
  replicas: Scalars['Int']['output'];
};

export type DeleteInput = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  kind: Scalars['String']['input'];
  name: Scalars['String']['input'];
  namespace?: InputMaybe<Scalars['String']['input']>;
};

export type Deployment = Workload & {
  __typename?: 'Deployment';
  availableReplicas: Scalars['Int']['output'];
  cluster: Cluster;
  events: Array<Event>;
  kind: WorkloadKind;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  pods: Array<Pod>;
  readyReplicas: Scalars['Int']['output'];
  replicas: Scalars['Int']['output'];
  updatedReplicas: Scalars['Int']['output'];
};

export type Event = {
  __typename?: 'Event';
  cluster: Cluster;
  count: Scalars['Int']['output'];
  firstTimestamp: Maybe<Scalars['DateTime']['output']>;
  involvedObject: ObjectRef;
  lastTimestamp: Maybe<Scalars['DateTime']['output']>;
  message: Scalars['String']['output'];
  namespace: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  type: EventType;
};

export type EventDelivery = {
  __typename?: 'EventDelivery';
  cursor: Scalars['String']['output'];
  event: Event;
};

export type EventType =
  | 'NORMAL'
  | 'WARNING';

export type ExposeInput = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  kind: Scalars['String']['input'];
  name: Scalars['String']['input'];
  namespace: Scalars['String']['input'];
  port: Scalars['Int']['input'];
  serviceName?: InputMaybe<Scalars['String']['input']>;
  targetPort?: InputMaybe<Scalars['Int']['input']>;
  type?: InputMaybe<ServiceType>;
};

export type Label = {
  __typename?: 'Label';
  key: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Manifests (multi-document YAML or JSON) applied with server-side apply on every target cluster. */
  apply: ApplyResult;
  /** Resources read from one cluster and applied to others. */
  copy: ApplyResult;
  delete: Array<ClusterDeleteResult>;
  expose: Array<ClusterExposeResult>;
  scale: Array<ClusterScaleResult>;
};


export type MutationApplyArgs = {
  input: ApplyInput;
};


export type MutationCopyArgs = {
  input: CopyInput;
};


export type MutationDeleteArgs = {
  input: DeleteInput;
};


export type MutationExposeArgs = {
  input: ExposeInput;
};


export type MutationScaleArgs = {
  input: ScaleInput;
};

export type Namespace = {
  __typename?: 'Namespace';
  cluster: Cluster;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  phase: Scalars['String']['output'];
};

export type Node = {
  __typename?: 'Node';
  allocatable: Resources;
  capacity: Resources;
  cluster: Cluster;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  pods: Array<Pod>;
  ready: Scalars['Boolean']['output'];
  usage: Maybe<ResourceUsage>;
};

/** A reference to a Kubernetes object. */
export type ObjectRef = {
  __typename?: 'ObjectRef';
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  namespace: Maybe<Scalars['String']['output']>;
};

/** A long-running operation (rollout waves) that can be followed. */
export type Operation = {
  __typename?: 'Operation';
  id: Scalars['ID']['output'];
  state: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Pod = {
  __typename?: 'Pod';
  cluster: Cluster;
  createdAt: Maybe<Scalars['DateTime']['output']>;
  events: Array<Event>;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  node: Maybe<Node>;
  /** The node the pod is scheduled to; null while pending scheduling. */
  nodeName: Maybe<Scalars['String']['output']>;
  owner: Maybe<Workload>;
  phase: Scalars['String']['output'];
  podIP: Maybe<Scalars['String']['output']>;
  ready: Scalars['Boolean']['output'];
  restarts: Scalars['Int']['output'];
  usage: Maybe<ResourceUsage>;
};

export type PodConnection = {
  __typename?: 'PodConnection';
  edges: Array<PodEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type PodEdge = {
  __typename?: 'PodEdge';
  cursor: Scalars['String']['output'];
  node: Pod;
};

export type Query = {
  __typename?: 'Query';
  cluster: Maybe<Cluster>;
  /** Clusters matching a label selector (`env=prod,region in (eu,us)`) and/or exact names; all when both are left out. */
  clusters: Array<Cluster>;
  configMaps: Array<ConfigMap>;
  events: Array<Event>;
  namespaces: Array<Namespace>;
  nodes: Array<Node>;
  /** Pods of the selected clusters, ordered by cluster (fleet order), namespace and name. `first` defaults to 100 (at most 5000); `after` is an `endCursor`. */
  pods: PodConnection;
  /** Metadata and key names only: secret values never leave the cluster through fleetgraph. */
  secrets: Array<Secret>;
  services: Array<Service>;
  workloads: Array<Workload>;
};


export type QueryClusterArgs = {
  name: Scalars['String']['input'];
};


export type QueryClustersArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
};


export type QueryConfigMapsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type QueryEventsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  involvedKind?: InputMaybe<Scalars['String']['input']>;
  involvedName?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EventType>;
};


export type QueryNamespacesArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNodesArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
};


export type QueryPodsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  fieldSelector?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type QuerySecretsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type QueryServicesArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWorkloadsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<WorkloadKind>>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};

export type ResourceChange = {
  __typename?: 'ResourceChange';
  cluster: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
  namespace: Maybe<Scalars['String']['output']>;
  object: Maybe<Scalars['JSON']['output']>;
  type: ChangeType;
};

/** Measured usage, as `kubectl top` shows it, plus numeric forms for charts. */
export type ResourceUsage = {
  __typename?: 'ResourceUsage';
  cpu: Scalars['String']['output'];
  cpuMillicores: Scalars['Int']['output'];
  memory: Scalars['String']['output'];
  memoryBytes: Scalars['Float']['output'];
};

/** Kubernetes quantities as written (`4`, `16Gi`, `250m`). */
export type Resources = {
  __typename?: 'Resources';
  cpu: Scalars['String']['output'];
  memory: Scalars['String']['output'];
  pods: Maybe<Scalars['Int']['output']>;
};

export type ScaleInput = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Deployment, StatefulSet or ReplicaSet. */
  kind: Scalars['String']['input'];
  name: Scalars['String']['input'];
  namespace: Scalars['String']['input'];
  replicas: Scalars['Int']['input'];
};

export type Secret = {
  __typename?: 'Secret';
  cluster: Cluster;
  /** Key names only. */
  keys: Array<Scalars['String']['output']>;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  type: Scalars['String']['output'];
};

export type Service = {
  __typename?: 'Service';
  cluster: Cluster;
  clusterIP: Maybe<Scalars['String']['output']>;
  externalIPs: Array<Scalars['String']['output']>;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  /** The pods the service's selector picks. */
  pods: Array<Pod>;
  ports: Array<ServicePort>;
  type: ServiceType;
};

export type ServicePort = {
  __typename?: 'ServicePort';
  name: Maybe<Scalars['String']['output']>;
  nodePort: Maybe<Scalars['Int']['output']>;
  port: Scalars['Int']['output'];
  protocol: Scalars['String']['output'];
  targetPort: Maybe<Scalars['String']['output']>;
};

export type ServiceType =
  | 'CLUSTER_IP'
  | 'LOAD_BALANCER'
  | 'NODE_PORT';

export type StatefulSet = Workload & {
  __typename?: 'StatefulSet';
  cluster: Cluster;
  events: Array<Event>;
  kind: WorkloadKind;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  pods: Array<Pod>;
  readyReplicas: Scalars['Int']['output'];
  replicas: Scalars['Int']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  clusterStatus: ClusterStatusChange;
  /** `after`: a cursor from an earlier delivery, to resume without gaps. */
  events: EventDelivery;
  resourceChanges: ResourceChange;
};


export type SubscriptionEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  involvedKind?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EventType>;
};


export type SubscriptionResourceChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  kind: Scalars['String']['input'];
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};

export type Workload = {
  cluster: Cluster;
  events: Array<Event>;
  kind: WorkloadKind;
  labels: Array<Label>;
  name: Scalars['String']['output'];
  namespace: Scalars['String']['output'];
  pods: Array<Pod>;
  readyReplicas: Scalars['Int']['output'];
  replicas: Scalars['Int']['output'];
};

export type WorkloadKind =
  | 'DAEMONSET'
  | 'DEPLOYMENT'
  | 'STATEFULSET';



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = {}, TContext = {}, TArgs = {}> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = {}, TContext = {}, TArgs = {}> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = {}, TContext = {}> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = {}, TContext = {}> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = {}, TParent = {}, TContext = {}, TArgs = {}> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AppliedObject: ResolverTypeWrapper<AppliedObject>;
  ApplyAction: ApplyAction;
  ApplyInput: ApplyInput;
  ApplyResult: ResolverTypeWrapper<ApplyResult>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ChangeType: ChangeType;
  Cluster: ResolverTypeWrapper<ClusterClient>;
  ClusterApplyResult: ResolverTypeWrapper<ClusterApplyResult>;
  ClusterDeleteResult: ResolverTypeWrapper<ClusterDeleteResult>;
  ClusterError: ResolverTypeWrapper<ClusterError>;
  ClusterExposeResult: ResolverTypeWrapper<Omit<ClusterExposeResult, 'service'> & { service?: Maybe<ResolversTypes['Service']> }>;
  ClusterScaleResult: ResolverTypeWrapper<ClusterScaleResult>;
  ClusterStatus: ResolverTypeWrapper<ClusterHealthSnapshot>;
  ClusterStatusChange: ResolverTypeWrapper<Omit<ClusterStatusChange, 'status'> & { status: ResolversTypes['ClusterStatus'] }>;
  ConfigMap: ResolverTypeWrapper<ConfigMapObject>;
  CopyInput: CopyInput;
  DaemonSet: ResolverTypeWrapper<DaemonSetObject>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteInput: DeleteInput;
  Deployment: ResolverTypeWrapper<DeploymentObject>;
  Event: ResolverTypeWrapper<EventObject>;
  EventDelivery: ResolverTypeWrapper<Omit<EventDelivery, 'event'> & { event: ResolversTypes['Event'] }>;
  EventType: EventType;
  ExposeInput: ExposeInput;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Label: ResolverTypeWrapper<Label>;
  Mutation: ResolverTypeWrapper<{}>;
  Namespace: ResolverTypeWrapper<NamespaceObject>;
  Node: ResolverTypeWrapper<NodeObject>;
  ObjectRef: ResolverTypeWrapper<ObjectRef>;
  Operation: ResolverTypeWrapper<Operation>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Pod: ResolverTypeWrapper<PodObject>;
  PodConnection: ResolverTypeWrapper<Omit<PodConnection, 'edges'> & { edges: Array<ResolversTypes['PodEdge']> }>;
  PodEdge: ResolverTypeWrapper<Omit<PodEdge, 'node'> & { node: ResolversTypes['Pod'] }>;
  Query: ResolverTypeWrapper<{}>;
  ResourceChange: ResolverTypeWrapper<ResourceChange>;
  ResourceUsage: ResolverTypeWrapper<Usage>;
  Resources: ResolverTypeWrapper<Resources>;
  ScaleInput: ScaleInput;
  Secret: ResolverTypeWrapper<SecretObject>;
  Service: ResolverTypeWrapper<ServiceObject>;
  ServicePort: ResolverTypeWrapper<ServicePort>;
  ServiceType: ServiceType;
  StatefulSet: ResolverTypeWrapper<StatefulSetObject>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<{}>;
  Workload: ResolverTypeWrapper<WorkloadObject>;
  WorkloadKind: WorkloadKind;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AppliedObject: AppliedObject;
  ApplyInput: ApplyInput;
  ApplyResult: ApplyResult;
  Boolean: Scalars['Boolean']['output'];
  Cluster: ClusterClient;
  ClusterApplyResult: ClusterApplyResult;
  ClusterDeleteResult: ClusterDeleteResult;
  ClusterError: ClusterError;
  ClusterExposeResult: Omit<ClusterExposeResult, 'service'> & { service?: Maybe<ResolversParentTypes['Service']> };
  ClusterScaleResult: ClusterScaleResult;
  ClusterStatus: ClusterHealthSnapshot;
  ClusterStatusChange: Omit<ClusterStatusChange, 'status'> & { status: ResolversParentTypes['ClusterStatus'] };
  ConfigMap: ConfigMapObject;
  CopyInput: CopyInput;
  DaemonSet: DaemonSetObject;
  DateTime: Scalars['DateTime']['output'];
  DeleteInput: DeleteInput;
  Deployment: DeploymentObject;
  Event: EventObject;
  EventDelivery: Omit<EventDelivery, 'event'> & { event: ResolversParentTypes['Event'] };
  ExposeInput: ExposeInput;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Label: Label;
  Mutation: {};
  Namespace: NamespaceObject;
  Node: NodeObject;
  ObjectRef: ObjectRef;
  Operation: Operation;
  PageInfo: PageInfo;
  Pod: PodObject;
  PodConnection: Omit<PodConnection, 'edges'> & { edges: Array<ResolversParentTypes['PodEdge']> };
  PodEdge: Omit<PodEdge, 'node'> & { node: ResolversParentTypes['Pod'] };
  Query: {};
  ResourceChange: ResourceChange;
  ResourceUsage: Usage;
  Resources: Resources;
  ScaleInput: ScaleInput;
  Secret: SecretObject;
  Service: ServiceObject;
  ServicePort: ServicePort;
  StatefulSet: StatefulSetObject;
  String: Scalars['String']['output'];
  Subscription: {};
  Workload: WorkloadObject;
};

export type AppliedObjectResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AppliedObject'] = ResolversParentTypes['AppliedObject']> = {
  action?: Resolver<Maybe<ResolversTypes['ApplyAction']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApplyResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ApplyResult'] = ResolversParentTypes['ApplyResult']> = {
  clusters?: Resolver<Array<ResolversTypes['ClusterApplyResult']>, ParentType, ContextType>;
  operation?: Resolver<Maybe<ResolversTypes['Operation']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Cluster'] = ResolversParentTypes['Cluster']> = {
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType, Partial<ClusterEventsArgs>>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespaces?: Resolver<Array<ResolversTypes['Namespace']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Node']>, ParentType, ContextType, Partial<ClusterNodesArgs>>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType, Partial<ClusterPodsArgs>>;
  server?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  services?: Resolver<Array<ResolversTypes['Service']>, ParentType, ContextType, Partial<ClusterServicesArgs>>;
  status?: Resolver<ResolversTypes['ClusterStatus'], ParentType, ContextType>;
  usage?: Resolver<Maybe<ResolversTypes['ResourceUsage']>, ParentType, ContextType>;
  workloads?: Resolver<Array<ResolversTypes['Workload']>, ParentType, ContextType, Partial<ClusterWorkloadsArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterApplyResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterApplyResult'] = ResolversParentTypes['ClusterApplyResult']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  objects?: Resolver<Array<ResolversTypes['AppliedObject']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterDeleteResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterDeleteResult'] = ResolversParentTypes['ClusterDeleteResult']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterErrorResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterError'] = ResolversParentTypes['ClusterError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterExposeResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterExposeResult'] = ResolversParentTypes['ClusterExposeResult']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  service?: Resolver<Maybe<ResolversTypes['Service']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterScaleResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterScaleResult'] = ResolversParentTypes['ClusterScaleResult']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  previousReplicas?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  replicas?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterStatusResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterStatus'] = ResolversParentTypes['ClusterStatus']> = {
  checkedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  lastErrorAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  latencyMs?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  reachable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterStatusChangeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterStatusChange'] = ResolversParentTypes['ClusterStatusChange']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ClusterStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ConfigMapResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ConfigMap'] = ResolversParentTypes['ConfigMap']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  data?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DaemonSetResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DaemonSet'] = ResolversParentTypes['DaemonSet']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkloadKind'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType>;
  readyReplicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeploymentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Deployment'] = ResolversParentTypes['Deployment']> = {
  availableReplicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkloadKind'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType>;
  readyReplicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedReplicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EventResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firstTimestamp?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  involvedObject?: Resolver<ResolversTypes['ObjectRef'], ParentType, ContextType>;
  lastTimestamp?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['EventType'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EventDeliveryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['EventDelivery'] = ResolversParentTypes['EventDelivery']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LabelResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Label'] = ResolversParentTypes['Label']> = {
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  apply?: Resolver<ResolversTypes['ApplyResult'], ParentType, ContextType, RequireFields<MutationApplyArgs, 'input'>>;
  copy?: Resolver<ResolversTypes['ApplyResult'], ParentType, ContextType, RequireFields<MutationCopyArgs, 'input'>>;
  delete?: Resolver<Array<ResolversTypes['ClusterDeleteResult']>, ParentType, ContextType, RequireFields<MutationDeleteArgs, 'input'>>;
  expose?: Resolver<Array<ResolversTypes['ClusterExposeResult']>, ParentType, ContextType, RequireFields<MutationExposeArgs, 'input'>>;
  scale?: Resolver<Array<ResolversTypes['ClusterScaleResult']>, ParentType, ContextType, RequireFields<MutationScaleArgs, 'input'>>;
};

export type NamespaceResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Namespace'] = ResolversParentTypes['Namespace']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type NodeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = {
  allocatable?: Resolver<ResolversTypes['Resources'], ParentType, ContextType>;
  capacity?: Resolver<ResolversTypes['Resources'], ParentType, ContextType>;
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  usage?: Resolver<Maybe<ResolversTypes['ResourceUsage']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ObjectRefResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ObjectRef'] = ResolversParentTypes['ObjectRef']> = {
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OperationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Operation'] = ResolversParentTypes['Operation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PodResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Pod'] = ResolversParentTypes['Pod']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType>;
  nodeName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['Workload']>, ParentType, ContextType>;
  phase?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  podIP?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ready?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  restarts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  usage?: Resolver<Maybe<ResolversTypes['ResourceUsage']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PodConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PodConnection'] = ResolversParentTypes['PodConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PodEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PodEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PodEdge'] = ResolversParentTypes['PodEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Pod'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  cluster?: Resolver<Maybe<ResolversTypes['Cluster']>, ParentType, ContextType, RequireFields<QueryClusterArgs, 'name'>>;
  clusters?: Resolver<Array<ResolversTypes['Cluster']>, ParentType, ContextType, Partial<QueryClustersArgs>>;
  configMaps?: Resolver<Array<ResolversTypes['ConfigMap']>, ParentType, ContextType, Partial<QueryConfigMapsArgs>>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType, Partial<QueryEventsArgs>>;
  namespaces?: Resolver<Array<ResolversTypes['Namespace']>, ParentType, ContextType, Partial<QueryNamespacesArgs>>;
  nodes?: Resolver<Array<ResolversTypes['Node']>, ParentType, ContextType, Partial<QueryNodesArgs>>;
  pods?: Resolver<ResolversTypes['PodConnection'], ParentType, ContextType, Partial<QueryPodsArgs>>;
  secrets?: Resolver<Array<ResolversTypes['Secret']>, ParentType, ContextType, Partial<QuerySecretsArgs>>;
  services?: Resolver<Array<ResolversTypes['Service']>, ParentType, ContextType, Partial<QueryServicesArgs>>;
  workloads?: Resolver<Array<ResolversTypes['Workload']>, ParentType, ContextType, Partial<QueryWorkloadsArgs>>;
};

export type ResourceChangeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ResourceChange'] = ResolversParentTypes['ResourceChange']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  object?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ChangeType'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResourceUsageResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ResourceUsage'] = ResolversParentTypes['ResourceUsage']> = {
  cpu?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cpuMillicores?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  memory?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  memoryBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResourcesResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Resources'] = ResolversParentTypes['Resources']> = {
  cpu?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  memory?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SecretResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Secret'] = ResolversParentTypes['Secret']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  keys?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ServiceResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Service'] = ResolversParentTypes['Service']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  clusterIP?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  externalIPs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType>;
  ports?: Resolver<Array<ResolversTypes['ServicePort']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ServiceType'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ServicePortResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ServicePort'] = ResolversParentTypes['ServicePort']> = {
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  nodePort?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  port?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetPort?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type StatefulSetResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['StatefulSet'] = ResolversParentTypes['StatefulSet']> = {
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkloadKind'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType>;
  readyReplicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  clusterStatus?: SubscriptionResolver<ResolversTypes['ClusterStatusChange'], "clusterStatus", ParentType, ContextType>;
  events?: SubscriptionResolver<ResolversTypes['EventDelivery'], "events", ParentType, ContextType, Partial<SubscriptionEventsArgs>>;
  resourceChanges?: SubscriptionResolver<ResolversTypes['ResourceChange'], "resourceChanges", ParentType, ContextType, RequireFields<SubscriptionResourceChangesArgs, 'kind'>>;
};

export type WorkloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Workload'] = ResolversParentTypes['Workload']> = {
  __resolveType: TypeResolveFn<'DaemonSet' | 'Deployment' | 'StatefulSet', ParentType, ContextType>;
  cluster?: Resolver<ResolversTypes['Cluster'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['Event']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['WorkloadKind'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['Label']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pods?: Resolver<Array<ResolversTypes['Pod']>, ParentType, ContextType>;
  readyReplicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  replicas?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  AppliedObject?: AppliedObjectResolvers<ContextType>;
  ApplyResult?: ApplyResultResolvers<ContextType>;
  Cluster?: ClusterResolvers<ContextType>;
  ClusterApplyResult?: ClusterApplyResultResolvers<ContextType>;
  ClusterDeleteResult?: ClusterDeleteResultResolvers<ContextType>;
  ClusterError?: ClusterErrorResolvers<ContextType>;
  ClusterExposeResult?: ClusterExposeResultResolvers<ContextType>;
  ClusterScaleResult?: ClusterScaleResultResolvers<ContextType>;
  ClusterStatus?: ClusterStatusResolvers<ContextType>;
  ClusterStatusChange?: ClusterStatusChangeResolvers<ContextType>;
  ConfigMap?: ConfigMapResolvers<ContextType>;
  DaemonSet?: DaemonSetResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deployment?: DeploymentResolvers<ContextType>;
  Event?: EventResolvers<ContextType>;
  EventDelivery?: EventDeliveryResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Label?: LabelResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Namespace?: NamespaceResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  ObjectRef?: ObjectRefResolvers<ContextType>;
  Operation?: OperationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Pod?: PodResolvers<ContextType>;
  PodConnection?: PodConnectionResolvers<ContextType>;
  PodEdge?: PodEdgeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResourceChange?: ResourceChangeResolvers<ContextType>;
  ResourceUsage?: ResourceUsageResolvers<ContextType>;
  Resources?: ResourcesResolvers<ContextType>;
  Secret?: SecretResolvers<ContextType>;
  Service?: ServiceResolvers<ContextType>;
  ServicePort?: ServicePortResolvers<ContextType>;
  StatefulSet?: StatefulSetResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Workload?: WorkloadResolvers<ContextType>;
};

