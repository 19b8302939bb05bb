import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ClusterStatusObject, NodeObject, NamespaceObject, PodObject, ServiceObject, ConfigMapObject, SecretObject, EventObject, WorkloadObject, DeploymentObject, StatefulSetObject, DaemonSetObject } from '../loaders/KubeObject.ts';
import type { Usage } from '../kube/quantity.ts';
import type { EventDeliveryValue, ResourceChangeValue, ClusterStatusChangeValue } from '../live/deliveries.ts';
import type { ClusterApplyOutcome, AppliedObjectOutcome } from '../ops/applyToClusters.ts';
import type { OperationRecord, WaveProgress, ClusterProgress, OperationObjectRecord, WorkloadRolloutRecord, OperationFailure } from '../store/OperationStore.ts';
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

/** One object of an apply on one cluster. */
export type AppliedObject = {
  __typename?: 'AppliedObject';
  /** What happened to it (or would, in a plan), decided from what the cluster answered; null when it failed (see `error`). */
  action: Maybe<ApplyAction>;
  /** The object's apiVersion, as in the manifests. */
  apiVersion: Scalars['String']['output'];
  /** On CONFLICT: the fields another field manager owns (apply again with `force: true` to take them over); null otherwise. */
  conflicts: Maybe<Array<FieldConflict>>;
  /**
   * Plan (`dryRun`) only: a unified diff (`kubectl diff`'s format) of the live object's YAML
   * against the cluster's dry-run result, without server-set noise (managedFields,
   * resourceVersion, generation, uid, timestamps, status); empty when nothing changes. Null for
   * a real apply and when the object failed. Cut at 64 KiB per object and 4 MiB per request.
   */
  diff: Maybe<Scalars['String']['output']>;
  /** Why this object failed on this cluster (CONFLICT, NOT_FOUND for a kind the cluster does not serve, BAD_USER_INPUT for an invalid object, FORBIDDEN, ...); null when it succeeded. */
  error: Maybe<ClusterError>;
  /** The object's kind. */
  kind: Scalars['String']['output'];
  /** The object's name. */
  name: Scalars['String']['output'];
  /** The namespace it was applied in; null for cluster-scoped objects. */
  namespace: Maybe<Scalars['String']['output']>;
  /** Plan only: what the cluster could not check for this object, and why (e.g. its namespace is created by the same plan); null otherwise. */
  warning: Maybe<Scalars['String']['output']>;
};

/** What an apply did to one object. */
export type ApplyAction =
  /** The object existed and was changed. */
  | 'CONFIGURED'
  /** The object did not exist and was created. */
  | 'CREATED'
  /** Not returned by this version: `delete` reports each object in its own result (`ClusterDeleteResult.objects`). */
  | 'DELETED'
  /** The object already matched the manifests: the cluster changed nothing (same resourceVersion). */
  | 'UNCHANGED';

/** Arguments of `apply`. Name the targets with one of `clusters`, `clusterNames` or `allClusters` (or, for a rollout in waves, in `strategy.waves`). */
export type ApplyInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** Target clusters by exact name; with `clusters` too, the clusters that match both. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels (`env=prod,region in (eu,us)`); an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /**
   * Plan instead of apply: a server-side dry run (`dryRun=All`) on every target, returning per
   * object the action it would take and a `diff`; nothing is written anywhere. Default false.
   */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The field manager recorded by server-side apply as the owner of the applied fields (1 to 128 characters); default `fleetgraph`. */
  fieldManager?: InputMaybe<Scalars['String']['input']>;
  /** Take ownership of fields other managers own (server-side apply `force`) instead of reporting CONFLICT; default false. */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * Kubernetes manifests: multi-document YAML (read as kubectl reads it, YAML 1.1) or JSON; a
   * `kind: List` (or any `...List` with `items`) is its items. At most 1 MiB and 1,000 objects
   * by default (configurable where the gateway is started); every object needs apiVersion, kind and
   * metadata.name, and may appear once.
   */
  manifests: Scalars['String']['input'];
  /**
   * Namespace for namespaced objects that name none (default: `default`, as kubectl without a
   * context namespace). An object naming another namespace is refused, as kubectl refuses it.
   */
  namespace?: InputMaybe<Scalars['String']['input']>;
  /**
   * Roll out in waves instead of applying to every target at once. The waves name the target
   * clusters: leave out `clusters`, `clusterNames` and `allClusters`. Cannot be combined with
   * `dryRun` (plan without a strategy). The answer's `operation` is the started rollout.
   */
  strategy?: InputMaybe<RolloutStrategyInput>;
};

/** What `apply` did (or, with `dryRun`, would do) on every target cluster. */
export type ApplyResult = {
  __typename?: 'ApplyResult';
  /** One result per target cluster, in fleet order. */
  clusters: Array<ClusterApplyResult>;
  /** With `strategy`: the rollout in waves, started and returned at once (`clusters` is then empty: follow it with `operation(id)`); null for a plain apply. */
  operation: Maybe<Operation>;
};

/** One resource of one cluster in the read cache. */
export type CachedResource = {
  __typename?: 'CachedResource';
  /** When the last change to it arrived; null when none has since the first LIST. */
  lastChangeAt: Maybe<Scalars['DateTime']['output']>;
  /** The resource (`pods`, `deployments`, ...). */
  resource: Scalars['String']['output'];
  /** Whether its first LIST is done: reads of it make no upstream request. */
  synced: Scalars['Boolean']['output'];
};

/** How an object changed (a Kubernetes watch event type). */
export type ChangeType =
  /** The object was created (or first seen). */
  | 'ADDED'
  /** The object was deleted. */
  | 'DELETED'
  /** The object was changed. */
  | 'MODIFIED';

/**
 * One Kubernetes cluster of the fleet: a kubeconfig context named in the fleet file. Its name,
 * labels and server come from the fleet file and kubeconfig (no request); every other field asks
 * the cluster, once per request whatever the number of fields that need the same list.
 */
export type Cluster = {
  __typename?: 'Cluster';
  /** The cluster's core/v1 Events, newest first (`kubectl get events`); [] with an error in `errors` when the cluster cannot be read. */
  events: Array<Event>;
  /** The labels the fleet file gives the cluster (not Kubernetes labels), sorted by key; `clusters:` selectors match these. */
  labels: Array<Label>;
  /** The cluster's name in the fleet file (unique in the fleet); use it in `clusterNames` and `cluster(name:)`. */
  name: Scalars['String']['output'];
  /** The cluster's namespaces (`kubectl get namespaces`); [] with an error in `errors` when the cluster cannot be read. */
  namespaces: Array<Namespace>;
  /** The cluster's nodes (`kubectl get nodes`); [] with an error in `errors` when the cluster cannot be read. */
  nodes: Array<Node>;
  /** The cluster's pods, unpaginated (use `Query.pods` for pages); [] with an error in `errors` when the cluster cannot be read. */
  pods: Array<Pod>;
  /** The API server URL from the cluster's kubeconfig context (`https://10.0.0.1:6443`). */
  server: Scalars['String']['output'];
  /** The cluster's Services; [] with an error in `errors` when the cluster cannot be read. */
  services: Array<Service>;
  /** Reachability, version and latency, checked now with one `GET /version`; never an error, a failure is reported in it. */
  status: ClusterStatus;
  /** Summed node metrics (`kubectl top nodes`); null where the cluster has no metrics API. */
  usage: Maybe<ResourceUsage>;
  /** Deployments, StatefulSets and DaemonSets, in that order; [] with an error in `errors` when the cluster cannot be read. */
  workloads: Array<Workload>;
};


/**
 * One Kubernetes cluster of the fleet: a kubeconfig context named in the fleet file. Its name,
 * labels and server come from the fleet file and kubeconfig (no request); every other field asks
 * the cluster, once per request whatever the number of fields that need the same list.
 */
export type ClusterEventsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EventType>;
};


/**
 * One Kubernetes cluster of the fleet: a kubeconfig context named in the fleet file. Its name,
 * labels and server come from the fleet file and kubeconfig (no request); every other field asks
 * the cluster, once per request whatever the number of fields that need the same list.
 */
export type ClusterNodesArgs = {
  labelSelector?: InputMaybe<Scalars['String']['input']>;
};


/**
 * One Kubernetes cluster of the fleet: a kubeconfig context named in the fleet file. Its name,
 * labels and server come from the fleet file and kubeconfig (no request); every other field asks
 * the cluster, once per request whatever the number of fields that need the same list.
 */
export type ClusterPodsArgs = {
  fieldSelector?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


/**
 * One Kubernetes cluster of the fleet: a kubeconfig context named in the fleet file. Its name,
 * labels and server come from the fleet file and kubeconfig (no request); every other field asks
 * the cluster, once per request whatever the number of fields that need the same list.
 */
export type ClusterServicesArgs = {
  namespace?: InputMaybe<Scalars['String']['input']>;
};


/**
 * One Kubernetes cluster of the fleet: a kubeconfig context named in the fleet file. Its name,
 * labels and server come from the fleet file and kubeconfig (no request); every other field asks
 * the cluster, once per request whatever the number of fields that need the same list.
 */
export type ClusterWorkloadsArgs = {
  kinds?: InputMaybe<Array<WorkloadKind>>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};

/** What an apply did on one cluster. */
export type ClusterApplyResult = {
  __typename?: 'ClusterApplyResult';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** Why this cluster stopped before every object was attempted (CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT, UNAUTHENTICATED); null otherwise. */
  error: Maybe<ClusterError>;
  /**
   * The objects attempted on this cluster, in the order they were applied (Namespaces first). A
   * failing object does not stop the others; after a cluster-level `error` the objects not yet
   * attempted are not listed.
   */
  objects: Array<AppliedObject>;
};

/** What `delete` did on one cluster. */
export type ClusterDeleteResult = {
  __typename?: 'ClusterDeleteResult';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** True when every chosen object was deleted there (or, with `dryRun`, would be) and there was at least one. */
  deleted: Scalars['Boolean']['output'];
  /** Why this cluster stopped (unreachable, timed out, or the selector's LIST failed); null otherwise. */
  error: Maybe<ClusterError>;
  /** Each object chosen on this cluster and what happened to it (for a selector: what it matched there). */
  objects: Array<DeletedObject>;
};

/** A failure that belongs to one cluster; `code` is one of a closed set (CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT, FORBIDDEN, ...). */
export type ClusterError = {
  __typename?: 'ClusterError';
  /** One of fleetgraph's error codes, the same set as a GraphQL error's `extensions.code`: CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METRICS_UNAVAILABLE, CONFLICT, RATE_LIMITED, UPSTREAM_ERROR, BAD_USER_INPUT. Switch on this, not on `message`. */
  code: Scalars['String']['output'];
  /** A human-readable explanation for people; its wording may change. */
  message: Scalars['String']['output'];
};

/** What `expose` did on one cluster. */
export type ClusterExposeResult = {
  __typename?: 'ClusterExposeResult';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** Why this cluster failed; null when it succeeded. */
  error: Maybe<ClusterError>;
  /** The Service created (for a LoadBalancer waited for, with its ingress in `externalIPs` once assigned); null when the cluster failed. */
  service: Maybe<Service>;
};

/** A cluster's reachability as the `clusterStatus` subscription reports it. */
export type ClusterReachability =
  /** The cluster answered its first check. */
  | 'REACHABLE'
  /** The cluster answers again after being unreachable. */
  | 'RECOVERED'
  /** The cluster stopped answering (connection refused, reset or timed out). */
  | 'UNREACHABLE';

/** How reads of one cluster are served. */
export type ClusterReads = {
  __typename?: 'ClusterReads';
  /** CACHED when the gateway was started with `--cache` (or the fleet file sets `cache: true` for this cluster), LIVE otherwise. */
  mode: ReadMode;
  /** The cluster's namespace scope (`namespaces` in the fleet file, `--namespaces`): namespaced resources are read and watched only in these, one namespace at a time; null: every namespace. */
  namespaces: Maybe<Array<Scalars['String']['output']>>;
  /** Each resource the cache watches for this cluster (those read so far); [] when LIVE. */
  resources: Array<CachedResource>;
};

/** What `scale` did on one cluster. */
export type ClusterScaleResult = {
  __typename?: 'ClusterScaleResult';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** Why this cluster failed (NOT_FOUND when the workload is not there); null when it succeeded. */
  error: Maybe<ClusterError>;
  /** The replica count before; null when the cluster failed. */
  previousReplicas: Maybe<Scalars['Int']['output']>;
  /** The replica count after; null when the cluster failed. */
  replicas: Maybe<Scalars['Int']['output']>;
};

/**
 * What fleetgraph knows of a cluster, checked when asked (one `GET /version` per request; requests
 * that ask while a check of the cluster is in flight share that check):
 * `reachable` and `latencyMs` from that check, `lastError` the most recent failure of any call to
 * the cluster and `lastErrorAt` when it was seen (they stay after the cluster recovers). A missing
 * metrics API is not a failure here: usage is null and the response's `errors` say why.
 */
export type ClusterStatus = {
  __typename?: 'ClusterStatus';
  /** When the cluster last answered or failed a request of fleetgraph's (this check included). */
  checkedAt: Maybe<Scalars['DateTime']['output']>;
  /** The most recent failure of any request to this cluster since the gateway started; null when there was none. */
  lastError: Maybe<ClusterError>;
  /** When `lastError` happened; null when there was none. */
  lastErrorAt: Maybe<Scalars['DateTime']['output']>;
  /** Round-trip time of this request's check, in milliseconds. */
  latencyMs: Maybe<Scalars['Float']['output']>;
  /** Whether the cluster answered this request's check (any HTTP answer counts, a 401 or 403 too); false when it could not be reached or timed out. */
  reachable: Scalars['Boolean']['output'];
  /** How this gateway serves reads of the cluster: LIVE (a LIST per request) or CACHED (from watched stores, `--cache`). */
  reads: ClusterReads;
  /** The Kubernetes version the cluster reports (`v1.32.4`); the last one seen when it is unreachable now. */
  version: Maybe<Scalars['String']['output']>;
};

/** One delivery of the `clusterStatus` subscription: a reachability change, or a gap. */
export type ClusterStatusChange = {
  __typename?: 'ClusterStatusChange';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** Pass as `after` to resume after this delivery. */
  cursor: Scalars['String']['output'];
  /** Set when changes were missed before this point; null otherwise. */
  gap: Maybe<StreamGap>;
  /** What changed; null in a gap delivery. */
  state: Maybe<ClusterReachability>;
  /** The cluster's status when the change was seen; null in a gap delivery. */
  status: Maybe<ClusterStatus>;
};

/** What `restart` or `rollback` did on one cluster. */
export type ClusterWorkloadResult = {
  __typename?: 'ClusterWorkloadResult';
  /** rollback: false when the Deployment already had that template (nothing written, as kubectl's "skipped rollback"); null otherwise. */
  changed: Maybe<Scalars['Boolean']['output']>;
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** Why this cluster failed (NOT_FOUND when the workload is not there, BAD_USER_INPUT for a paused Deployment or a missing revision); null when it succeeded. */
  error: Maybe<ClusterError>;
  /** restart: the `kubectl.kubernetes.io/restartedAt` value written; null otherwise or when the cluster failed. */
  restartedAt: Maybe<Scalars['String']['output']>;
  /** rollback: the revision whose pod template the Deployment now has; null otherwise or when the cluster failed. */
  revision: Maybe<Scalars['Int']['output']>;
};

/** A core/v1 ConfigMap of one cluster. */
export type ConfigMap = {
  __typename?: 'ConfigMap';
  /** The cluster the ConfigMap belongs to. */
  cluster: Cluster;
  /** `data` as an object of key to string value; `{}` when empty. (`binaryData` is not included.) */
  data: Maybe<Scalars['JSON']['output']>;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
};

/** Arguments of `copy`: choose the objects with one of `names` or `labelSelector`, and name the targets with one of `clusters`, `clusterNames` or `allClusters`. */
export type CopyInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** Target clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels; an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Plan instead of copy: a server-side dry run on every target with a diff per object; nothing is written. Default false. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The cluster to read the objects from. */
  fromCluster: Scalars['String']['input'];
  /** The kind of the objects: Namespace, ServiceAccount, Secret, ConfigMap, ClusterRole, ClusterRoleBinding, Role, RoleBinding, Service, Deployment, StatefulSet or DaemonSet. */
  kind: Scalars['String']['input'];
  /**
   * Copy every object of `kind` in `namespace` on `fromCluster` that this label selector
   * (`app=web,tier in (fe,be)`) matches, read with one LIST; objects the cluster made itself (as
   * `export` leaves them out) are not copied. An empty selector, or one matching nothing, is
   * refused. Not with `names`.
   */
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  /** Their names (at least one); every one must exist on `fromCluster`. Not with `labelSelector`. */
  names?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Their namespace (ignored for cluster-scoped kinds). */
  namespace: Scalars['String']['input'];
};

/** An apps/v1 DaemonSet. */
export type DaemonSet = Workload & {
  __typename?: 'DaemonSet';
  /** The cluster the DaemonSet runs in. */
  cluster: Cluster;
  /** Events about the DaemonSet itself, newest first. */
  events: Array<Event>;
  /** Always DAEMONSET. */
  kind: WorkloadKind;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** The pods the DaemonSet's selector picks in its namespace. */
  pods: Array<Pod>;
  /** `status.numberReady` (0 when unset). */
  readyReplicas: Scalars['Int']['output'];
  /** `status.desiredNumberScheduled`: nodes that should run the pod (0 when unset). */
  replicas: Scalars['Int']['output'];
};

/**
 * Arguments of `delete`: choose the objects one way, either `kind` with `name` or `labelSelector`,
 * or `manifests`; and name the targets with one of `clusters`, `clusterNames` or `allClusters`.
 */
export type DeleteInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** The kind's apiVersion; needed only for kinds other than the built-in workloads, core objects and RBAC. */
  apiVersion?: InputMaybe<Scalars['String']['input']>;
  /** Target clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels; an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Ask each cluster to validate the delete without deleting (`dryRun=All`); default false. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The objects' kind (Deployment, ConfigMap, ...). Not with `manifests`. */
  kind?: InputMaybe<Scalars['String']['input']>;
  /** Delete every object of `kind` in `namespace` that this label selector matches on each cluster (an empty selector is refused). Not with `name`. */
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  /** Delete the objects of these manifests (as `apply` reads them), in the reverse of apply's order. */
  manifests?: InputMaybe<Scalars['String']['input']>;
  /** One object's name. Not with `labelSelector`. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The namespace (default `default`, as kubectl); ignored for cluster-scoped kinds. With `manifests`, the namespace of objects that name none. */
  namespace?: InputMaybe<Scalars['String']['input']>;
  /** What happens to the objects' dependants (e.g. a Deployment's ReplicaSets); default BACKGROUND. */
  propagationPolicy?: InputMaybe<PropagationPolicy>;
};

/** One object of a delete on one cluster. */
export type DeletedObject = {
  __typename?: 'DeletedObject';
  /** The object's apiVersion. */
  apiVersion: Scalars['String']['output'];
  /** True when the cluster accepted the delete (with FOREGROUND the object stays until its dependants are gone). */
  deleted: Scalars['Boolean']['output'];
  /** Why it was not deleted (NOT_FOUND when it does not exist there); null when it was. */
  error: Maybe<ClusterError>;
  /** The object's kind. */
  kind: Scalars['String']['output'];
  /** Its name. */
  name: Scalars['String']['output'];
  /** Its namespace; null for cluster-scoped objects. */
  namespace: Maybe<Scalars['String']['output']>;
};

/** An apps/v1 Deployment. */
export type Deployment = Workload & {
  __typename?: 'Deployment';
  /** `status.availableReplicas`: pods ready for at least `minReadySeconds` (0 when unset). */
  availableReplicas: Scalars['Int']['output'];
  /** The cluster the Deployment runs in. */
  cluster: Cluster;
  /** Events about the Deployment itself, newest first. */
  events: Array<Event>;
  /** Always DEPLOYMENT. */
  kind: WorkloadKind;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** The pods the Deployment's selector picks in its namespace. */
  pods: Array<Pod>;
  /** `status.readyReplicas` (0 when unset). */
  readyReplicas: Scalars['Int']['output'];
  /** `spec.replicas`: desired pods (1 when unset). */
  replicas: Scalars['Int']['output'];
  /** `status.updatedReplicas`: pods running the current template (0 when unset). */
  updatedReplicas: Scalars['Int']['output'];
};

/** A core/v1 Event: something that happened to an object of one cluster, as `kubectl get events` shows it. */
export type Event = {
  __typename?: 'Event';
  /** The cluster the event was recorded in. */
  cluster: Cluster;
  /** `count` (or `series.count`): how many times the event occurred; 1 when neither is set. */
  count: Scalars['Int']['output'];
  /** `firstTimestamp` (or `eventTime` for events.k8s.io-style events); null when the cluster set neither. */
  firstTimestamp: Maybe<Scalars['DateTime']['output']>;
  /** `involvedObject`: the object the event is about. */
  involvedObject: ObjectRef;
  /** `lastTimestamp` (or `series.lastObservedTime`, then `eventTime`); null when the cluster set none. */
  lastTimestamp: Maybe<Scalars['DateTime']['output']>;
  /** `message`: the human-readable description; `""` when absent. */
  message: Scalars['String']['output'];
  /** `metadata.namespace`; null when the event has none. */
  namespace: Maybe<Scalars['String']['output']>;
  /** `reason`: a short machine-readable CamelCase word (`BackOff`, `Scheduled`); `""` when absent. */
  reason: Scalars['String']['output'];
  /** `type`: NORMAL or WARNING (NORMAL when the cluster writes anything else). */
  type: EventType;
};

/** One delivery of the `events` subscription: an event, or a gap. */
export type EventDelivery = {
  __typename?: 'EventDelivery';
  /** Pass as `after` to resume after this delivery. */
  cursor: Scalars['String']['output'];
  /** The event (as it is now, for an updated event); null in a gap delivery. */
  event: Maybe<Event>;
  /** Set when events were missed before this point; null otherwise. */
  gap: Maybe<StreamGap>;
};

/** The severity Kubernetes gives an event (`type`). */
export type EventType =
  /** `Normal`: something expected happened (scheduled, pulled, started, scaled). */
  | 'NORMAL'
  /** `Warning`: something may need attention (back-off, failed scheduling, probe failures). */
  | 'WARNING';

/** An export: the bundle and what it holds. */
export type ExportBundle = {
  __typename?: 'ExportBundle';
  /** The objects of the bundle, in its order (apiVersion is in `yaml`). */
  objects: Array<ObjectRef>;
  /** The objects as multi-document YAML, Namespaces first: `apply` it to restore. */
  yaml: Scalars['String']['output'];
};

/** Arguments of `expose`. Name the targets with one of `clusters`, `clusterNames` or `allClusters`. */
export type ExposeInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** Target clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels; an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Deployment, ReplicaSet, StatefulSet or Pod. */
  kind: Scalars['String']['input'];
  /** The object's name. */
  name: Scalars['String']['input'];
  /** The object's namespace. */
  namespace: Scalars['String']['input'];
  /** The port the Service listens on (1 to 65535). */
  port: Scalars['Int']['input'];
  /** The Service's name; default the object's name. */
  serviceName?: InputMaybe<Scalars['String']['input']>;
  /** The pods' port; default `port`. */
  targetPort?: InputMaybe<Scalars['Int']['input']>;
  /** The Service type; default CLUSTER_IP (EXTERNAL_NAME is refused: it selects no pods). */
  type?: InputMaybe<ServiceType>;
  /** LOAD_BALANCER only: wait up to this many seconds (0 to 120) for the load balancer's ingress, so `service.externalIPs` has it; default 0 (answer at once). */
  waitForIngressSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** A field that a server-side apply could not take because another field manager owns it. */
export type FieldConflict = {
  __typename?: 'FieldConflict';
  /** The field's path as the cluster names it, e.g. `.spec.replicas`. */
  field: Scalars['String']['output'];
  /** The field manager that owns it, e.g. `kubectl-client-side-apply` or `team-a`. */
  manager: Scalars['String']['output'];
};

/** One Kubernetes-style label (`key: value`). */
export type Label = {
  __typename?: 'Label';
  /** The label key, with its optional prefix (`app.kubernetes.io/name`). */
  key: Scalars['String']['output'];
  /** The label value (may be `""`). */
  value: Scalars['String']['output'];
};

/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Manifests (multi-document YAML or JSON, `kind: List` too) applied with server-side apply on
   * every target cluster, in parallel; on each cluster Namespaces first, then the other objects in
   * the manifests' order (as kubectl applies them). With `dryRun: true` it is a plan: a
   * server-side dry run (`dryRun=All`) on every target, with a diff per object; nothing is written.
   * Null with a BAD_USER_INPUT error when the input or the targets are refused (nothing written).
   */
  apply: Maybe<ApplyResult>;
  /**
   * Stop an operation before its next write: a wave whose apply is in flight finishes that apply
   * (its rollout is no longer waited for), later waves are not written. Answers the operation in
   * its final state (CANCELLED); an operation that had already finished answers its final state
   * unchanged. An unknown id is a NOT_FOUND error.
   */
  cancelOperation: Maybe<Operation>;
  /**
   * Resource sync: objects chosen by names or by a label selector, read from one cluster,
   * stripped of what the server set (uid, resourceVersion, managedFields, timestamps, status,
   * owner references, a Service's cluster IPs), and applied to the targets as `apply` applies
   * manifests (`dryRun`: a plan with diffs). A name missing on the source cluster, or a selector
   * matching nothing there, is a BAD_USER_INPUT error; nothing is written then.
   */
  copy: Maybe<ApplyResult>;
  /**
   * `kubectl delete` on every target cluster: objects named (kind and name, or manifests) or
   * chosen by a label selector on each cluster, with a propagation policy and `dryRun`. One
   * result per target, with every object's outcome; a missing object is that object's NOT_FOUND.
   */
  delete: Maybe<Array<ClusterDeleteResult>>;
  /**
   * `kubectl expose` on every target cluster: a Service for a Deployment, ReplicaSet, StatefulSet
   * or Pod, selecting its pods by the workload's selector (a Pod: its labels) and carrying its
   * labels. For a LoadBalancer, `waitForIngressSeconds` waits (at most 120 s) for the ingress.
   * A Service of that name already there is that cluster's CONFLICT.
   */
  expose: Maybe<Array<ClusterExposeResult>>;
  /**
   * `kubectl rollout restart` on every target cluster: the pod template of one Deployment,
   * StatefulSet or DaemonSet gets the `kubectl.kubernetes.io/restartedAt` annotation, so its
   * controller replaces every pod with its usual rollout strategy.
   */
  restart: Maybe<Array<ClusterWorkloadResult>>;
  /**
   * `kubectl rollout undo` on every target cluster: one Deployment gets back the pod template of
   * an earlier revision (default the previous one), read from the ReplicaSets it owns.
   */
  rollback: Maybe<Array<ClusterWorkloadResult>>;
  /**
   * `kubectl scale` on every target cluster: the replica count of one Deployment, StatefulSet or
   * ReplicaSet set through its scale subresource. One result per target; a workload missing on a
   * cluster is that cluster's NOT_FOUND.
   */
  scale: Maybe<Array<ClusterScaleResult>>;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationApplyArgs = {
  input: ApplyInput;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationCancelOperationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationCopyArgs = {
  input: CopyInput;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationDeleteArgs = {
  input: DeleteInput;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationExposeArgs = {
  input: ExposeInput;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationRestartArgs = {
  input: WorkloadRefInput;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationRollbackArgs = {
  input: RollbackInput;
};


/**
 * Writes to the fleet. Built: `apply` (server-side apply, and its plan with `dryRun: true`),
 * `scale`, `restart`, `rollback`, `delete`, `copy` and `expose`.
 *
 * Every mutation names its targets: `clusters` (a label selector over cluster labels),
 * `clusterNames`, or `allClusters: true`. None of them, an empty selector, or a choice that
 * matches no cluster is a BAD_USER_INPUT error before any cluster is asked: a fleet-wide write is
 * never the default. Bad input (manifests, names, namespaces) is refused, with every problem
 * listed, before anything is written anywhere.
 *
 * Root fields are nullable so that an error costs only its own field: a request with two
 * mutations keeps the first one's outcome (already written to clusters) when the second is
 * refused. Failures on clusters are data, not errors: each target cluster has one result, with
 * `error { code message }` where it failed.
 */
export type MutationScaleArgs = {
  input: ScaleInput;
};

/** A namespace of one cluster (`kubectl get namespaces`). */
export type Namespace = {
  __typename?: 'Namespace';
  /** The cluster this namespace belongs to. */
  cluster: Cluster;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `status.phase`: `Active` or `Terminating` (`Active` when the cluster leaves it out). */
  phase: Scalars['String']['output'];
};

/** A node of one cluster (`kubectl get nodes`). */
export type Node = {
  __typename?: 'Node';
  /** `status.allocatable`: what pods may use (capacity minus system reservations). */
  allocatable: Resources;
  /** `status.capacity`: what the node has in total. */
  capacity: Resources;
  /** The cluster this node belongs to. */
  cluster: Cluster;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** The pods scheduled to this node (`spec.nodeName`), in every namespace. */
  pods: Array<Pod>;
  /** Whether the node's `Ready` condition is `True` (false when it is `False`, `Unknown` or missing). */
  ready: Scalars['Boolean']['output'];
  /** Current usage from the metrics API (`kubectl top node`); null when the cluster has no metrics API or no sample for this node. */
  usage: Maybe<ResourceUsage>;
};

/** A reference to a Kubernetes object. */
export type ObjectRef = {
  __typename?: 'ObjectRef';
  /** The object's kind (`Pod`, `Deployment`, `Node`); `""` when the cluster left it out. */
  kind: Scalars['String']['output'];
  /** The object's name; `""` when the cluster left it out. */
  name: Scalars['String']['output'];
  /** The object's namespace; null for cluster-scoped objects (nodes, namespaces). */
  namespace: Maybe<Scalars['String']['output']>;
};

/** A long-running operation: a rollout of manifests in waves. */
export type Operation = {
  __typename?: 'Operation';
  /** Whether a cancel was asked for (the operation stops before its next write). */
  cancelRequested: Scalars['Boolean']['output'];
  /** When it was accepted. */
  createdAt: Scalars['DateTime']['output'];
  /** Why it failed: the wave, cluster and object where it stopped; null unless FAILED. */
  error: Maybe<OperationError>;
  /** The field manager of its applies. */
  fieldManager: Scalars['String']['output'];
  /** When it ended (SUCCEEDED, FAILED or CANCELLED); null while it runs. */
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** The operation's id (opaque). */
  id: Scalars['ID']['output'];
  /** The pause between waves, in seconds. */
  pauseSeconds: Scalars['Int']['output'];
  /** When its first wave began; null while PENDING. */
  startedAt: Maybe<Scalars['DateTime']['output']>;
  /** Where it stands. */
  state: OperationState;
  /** The wait allowed per wave, in seconds. */
  waitTimeoutSeconds: Scalars['Int']['output'];
  /** The waves, in order, each with per-cluster progress. */
  waves: Array<OperationWave>;
};

/** One cluster's part in a wave. */
export type OperationCluster = {
  __typename?: 'OperationCluster';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** A cluster-level failure (the apply stopped on the cluster, or a workload vanished); null otherwise. */
  error: Maybe<ClusterError>;
  /** The objects applied there, in apply order, with what happened to each; empty before the apply. */
  objects: Array<OperationObject>;
  /** The Deployments, StatefulSets and DaemonSets applied there, and whether each has rolled out. */
  rollouts: Array<WorkloadRollout>;
  /** Where this cluster stands. */
  state: OperationStepState;
};

/** Why an operation failed. */
export type OperationError = {
  __typename?: 'OperationError';
  /** The cluster where it failed. */
  cluster: Maybe<Scalars['String']['output']>;
  /** The cluster's error code, when a cluster answered with one (CONFLICT, FORBIDDEN, CLUSTER_UNREACHABLE, ...). */
  code: Maybe<Scalars['String']['output']>;
  /** What happened, naming the wave, cluster, object and reason. */
  message: Scalars['String']['output'];
  /** The object that failed, when one did. */
  object: Maybe<ObjectRef>;
  /** What kind of failure. */
  reason: OperationFailureReason;
  /** The wave it stopped at (from 1). */
  wave: Maybe<Scalars['Int']['output']>;
};

/** What kind of failure halted an operation. */
export type OperationFailureReason =
  /** An object could not be applied, or a cluster could not be written. */
  | 'APPLY_FAILED'
  /** A bug in fleetgraph stopped it (details in the gateway log). */
  | 'INTERNAL'
  /** A workload failed to roll out (a Deployment's progress deadline passed) or vanished while waited for. */
  | 'ROLLOUT_FAILED'
  /** A wave had not rolled out within `waitTimeoutSeconds`. */
  | 'TIMED_OUT';

/** One object of a wave's apply on one cluster. */
export type OperationObject = {
  __typename?: 'OperationObject';
  /** What the apply did to it; null when it failed (see `error`). */
  action: Maybe<ApplyAction>;
  /** The object's apiVersion, as in the manifests. */
  apiVersion: Scalars['String']['output'];
  /** On CONFLICT: the fields another field manager owns; null otherwise. */
  conflicts: Maybe<Array<FieldConflict>>;
  /** Why this object failed on this cluster; null when it succeeded. */
  error: Maybe<ClusterError>;
  /** The object's kind. */
  kind: Scalars['String']['output'];
  /** The object's name. */
  name: Scalars['String']['output'];
  /** The namespace it was applied in; null for cluster-scoped objects. */
  namespace: Maybe<Scalars['String']['output']>;
};

/** Where an operation stands. */
export type OperationState =
  /** Cancelled: later waves were not written. */
  | 'CANCELLED'
  /** A wave failed (apply, rollout or timeout): see `error`; later waves were not written. */
  | 'FAILED'
  /** Accepted; its first wave has not begun. */
  | 'PENDING'
  /** A wave is being applied or waited for, or the operation pauses between waves. */
  | 'RUNNING'
  /** Every wave was applied and rolled out. */
  | 'SUCCEEDED';

/** Where one cluster of a wave stands. */
export type OperationStepState =
  /** Being written. */
  | 'APPLYING'
  /** Written, but the operation stopped (cancelled, or another cluster failed) before its rollout was confirmed. */
  | 'CANCELLED'
  /** Its apply or a rollout failed, or it timed out. */
  | 'FAILED'
  /** Not begun. */
  | 'PENDING'
  /** Never written: the operation halted before this cluster's wave. */
  | 'SKIPPED'
  /** Written and rolled out. */
  | 'SUCCEEDED'
  /** Written; its workloads are not all rolled out yet. */
  | 'WAITING';

/** One wave of a rollout. */
export type OperationWave = {
  __typename?: 'OperationWave';
  /** Its clusters, in fleet order. */
  clusters: Array<OperationCluster>;
  /** When it ended; null if it has not. */
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** The wave's number, from 1, in the order of `strategy.waves`. */
  number: Scalars['Int']['output'];
  /** When its apply began; null if it has not. */
  startedAt: Maybe<Scalars['DateTime']['output']>;
  /** Where the wave stands. */
  state: WaveState;
};

/**
 * Where a page lies in the whole list (Relay's PageInfo). Pages go forward only (`first`,
 * `after`); `hasPreviousPage` still tells whether anything comes before this page.
 */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of this page's last item, to pass as `after`; null when the page is empty. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether more items follow this page: ask again with `after: endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether items come before this page (true when `after` skipped some); false on the first page. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of this page's first item; null when the page is empty. */
  startCursor: Maybe<Scalars['String']['output']>;
};

/** A core/v1 Pod of one cluster. */
export type Pod = {
  __typename?: 'Pod';
  /** The cluster the pod runs in. */
  cluster: Cluster;
  /** `metadata.creationTimestamp`. */
  createdAt: Maybe<Scalars['DateTime']['output']>;
  /** Events about this pod, newest first. */
  events: Array<Event>;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** The node the pod runs on; null while unscheduled or when that node is not listed. */
  node: Maybe<Node>;
  /** The node the pod is scheduled to (`spec.nodeName`); null while pending scheduling. */
  nodeName: Maybe<Scalars['String']['output']>;
  /** The Deployment (through its ReplicaSet), StatefulSet or DaemonSet controlling the pod; null for bare pods, Jobs and other owners. */
  owner: Maybe<Workload>;
  /** `status.phase`: Pending, Running, Succeeded, Failed or Unknown (Unknown when unset). Running does not mean ready: see `ready`. */
  phase: Scalars['String']['output'];
  /** `status.podIP`; null until the pod has an address. */
  podIP: Maybe<Scalars['String']['output']>;
  /** Whether the pod's `Ready` condition is `True` (passing readiness probes, serving traffic). */
  ready: Scalars['Boolean']['output'];
  /** Container restarts, summed over `status.containerStatuses[].restartCount`. */
  restarts: Scalars['Int']['output'];
  /** Current usage, summed over containers, from the metrics API (`kubectl top pod`); null without a metrics API or sample. */
  usage: Maybe<ResourceUsage>;
};

/** One page of pods (Relay cursor connection). */
export type PodConnection = {
  __typename?: 'PodConnection';
  /** The pods of this page, each with its cursor, in (cluster, namespace, name) order. */
  edges: Array<PodEdge>;
  /** Where this page lies in the whole list. */
  pageInfo: PageInfo;
  /** How many pods match over all pages (all selected clusters), not only this page. */
  totalCount: Scalars['Int']['output'];
};

/** One pod of a page and its position. */
export type PodEdge = {
  __typename?: 'PodEdge';
  /** Opaque position of this pod; pass it as `after` to continue after it. Stays valid if the pod is deleted. */
  cursor: Scalars['String']['output'];
  /** The pod. */
  node: Pod;
};

/** How a delete treats the deleted object's dependants (Kubernetes `propagationPolicy`). */
export type PropagationPolicy =
  /** The object goes at once; the garbage collector deletes its dependants afterwards (kubectl's default). */
  | 'BACKGROUND'
  /** The object stays (with a deletionTimestamp) until its dependants are deleted, then goes. */
  | 'FOREGROUND'
  /** The object goes; its dependants stay, without an owner. */
  | 'ORPHAN';

/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type Query = {
  __typename?: 'Query';
  /**
   * One cluster by its exact name, asking it nothing until you select its fields.
   * Null when no cluster of the fleet has that name (no error: test for null).
   */
  cluster: Maybe<Cluster>;
  /**
   * The clusters of the fleet, in fleet-file order, without asking them anything (their `status`
   * does). Null only when `clusters` or `clusterNames` is invalid (see the error).
   */
  clusters: Maybe<Array<Cluster>>;
  /** ConfigMaps of the selected clusters, with their data. Null only when an argument is invalid. */
  configMaps: Maybe<Array<ConfigMap>>;
  /**
   * core/v1 Events of the selected clusters (`kubectl get events`), newest first across the fleet
   * (by last time seen). Null only when an argument is invalid.
   */
  events: Maybe<Array<Event>>;
  /**
   * One cluster's configuration as a clean, re-appliable YAML bundle (backup): the chosen kinds
   * in the chosen namespaces, without what the server set (uid, resourceVersion, managedFields,
   * timestamps, status, owner references, Service cluster IPs). Restore is `apply` of `yaml` to
   * any cluster. Objects the cluster makes itself (owned objects, the `default` ServiceAccount,
   * `kube-root-ca.crt`, service-account tokens, `system:` RBAC) are left out. Null with an error
   * when the arguments are refused (BAD_USER_INPUT) or the cluster cannot be read.
   */
  export: Maybe<ExportBundle>;
  /**
   * Namespaces of the selected clusters (`kubectl get namespaces`). Null only when an argument is
   * invalid.
   */
  namespaces: Maybe<Array<Namespace>>;
  /**
   * Nodes of the selected clusters (`kubectl get nodes`), by cluster in fleet order then as each
   * cluster lists them. Null only when an argument is invalid.
   */
  nodes: Maybe<Array<Node>>;
  /** One operation by id; null when there is none (unknown, or dropped after the gateway kept its 1,000 most recent finished ones). */
  operation: Maybe<Operation>;
  /** Operations, newest first, optionally only those in one state. */
  operations: Array<Operation>;
  /**
   * Pods of the selected clusters, ordered by cluster (fleet order), namespace and name, a page at
   * a time (Relay cursor connection, forward only). Every page asks each selected cluster for its
   * whole pod list again: pages are cheap for the client, not for the clusters.
   * Null only when an argument is invalid (a malformed selector, `first` out of range, a cursor
   * this API did not give).
   */
  pods: Maybe<PodConnection>;
  /**
   * Secrets of the selected clusters: metadata and key names only, secret values never leave the
   * cluster through fleetgraph. Null only when an argument is invalid.
   */
  secrets: Maybe<Array<Secret>>;
  /** Services of the selected clusters (`kubectl get services`). Null only when an argument is invalid. */
  services: Maybe<Array<Service>>;
  /**
   * Deployments, StatefulSets and DaemonSets of the selected clusters, per cluster in fleet order
   * and in that kind order. Null only when an argument is invalid.
   */
  workloads: Maybe<Array<Workload>>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryClusterArgs = {
  name: Scalars['String']['input'];
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryClustersArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryConfigMapsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryEventsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  involvedKind?: InputMaybe<Scalars['String']['input']>;
  involvedName?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EventType>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryExportArgs = {
  cluster: Scalars['String']['input'];
  includeSecrets?: InputMaybe<Scalars['Boolean']['input']>;
  kinds?: InputMaybe<Array<Scalars['String']['input']>>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespaces?: InputMaybe<Array<Scalars['String']['input']>>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryNamespacesArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryNodesArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryOperationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryOperationsArgs = {
  state?: InputMaybe<OperationState>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryPodsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  fieldSelector?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QuerySecretsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryServicesArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read graph over the fleet: every root field asks the clusters it selects in parallel, live
 * (one LIST per cluster and kind per request, shared by every field that needs it).
 *
 * **Errors stay local.** A root field answers `null` (never a half-filled list) when its own
 * arguments are wrong (a malformed selector, an unknown cluster name, a bad cursor: one
 * BAD_USER_INPUT error naming the argument) or when something inside it fails unexpectedly; the
 * other root fields of the same request still answer. That is why every root field is nullable:
 * a dashboard that asks for `clusters`, `pods` and `events` in one request loses only the part
 * that was wrong. Read `errors` beside `data` (with Apollo Client use `errorPolicy: 'all'`).
 * Fields below the root stay non-null where they can: a cluster that cannot be read answers `[]`
 * plus an error, so an error there comes from a bad argument (wrong for every cluster alike) or
 * a bug, and nulls the root field it is under.
 *
 * **A failing cluster is not an error of the field.** When one cluster is unreachable, slow or
 * forbids a list, the field still answers the other clusters' objects, and the response's `errors`
 * hold one entry for that cluster (`extensions.code` CLUSTER_UNREACHABLE, CLUSTER_TIMEOUT,
 * FORBIDDEN, ...; `extensions.cluster` names it).
 *
 * **Selecting clusters.** Fleet-wide fields take `clusters` (a Kubernetes label selector over the
 * cluster labels of the fleet file, such as `env=prod,region in (eu,us)`) and/or `clusterNames`
 * (exact names). With both, a cluster must match both; with neither, every cluster is asked.
 * Results keep the fleet file's cluster order.
 */
export type QueryWorkloadsArgs = {
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  kinds?: InputMaybe<Array<WorkloadKind>>;
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};

/** Where reads come from. */
export type ReadMode =
  /** Reads come from in-memory stores kept by watches, once synced; a LIST until then. */
  | 'CACHED'
  /** Every read is a LIST to the cluster. */
  | 'LIVE';

/** One delivery of the `resourceChanges` subscription: a change, or a gap. */
export type ResourceChange = {
  __typename?: 'ResourceChange';
  /** The cluster's name. */
  cluster: Scalars['String']['output'];
  /** Pass as `after` to resume after this change. */
  cursor: Scalars['String']['output'];
  /** Set when changes were missed before this point; null otherwise. */
  gap: Maybe<StreamGap>;
  /** The object's kind. */
  kind: Scalars['String']['output'];
  /** The object's name; null in a gap delivery. */
  name: Maybe<Scalars['String']['output']>;
  /** The object's namespace; null for cluster-scoped objects and in a gap delivery. */
  namespace: Maybe<Scalars['String']['output']>;
  /** The object as the cluster returned it, without managedFields (and without values for Secrets); null in a gap delivery. For DELETED, its last state as the deletion event carried it; for a deletion the gateway found by listing again (after the cluster expired the watch's history, 410 Gone), the gateway's stored copy (for Pods: metadata and the fields this API reads). */
  object: Maybe<Scalars['JSON']['output']>;
  /** How the object changed; null in a gap delivery. */
  type: Maybe<ChangeType>;
};

/** Measured usage, as `kubectl top` shows it, plus numeric forms for charts. */
export type ResourceUsage = {
  __typename?: 'ResourceUsage';
  /** CPU in use as `kubectl top` prints it: millicores, rounded up (`250m`). */
  cpu: Scalars['String']['output'];
  /** CPU in use, in millicores (1000 = one core). */
  cpuMillicores: Scalars['Int']['output'];
  /** Memory in use as `kubectl top` prints it: MiB, rounded down (`512Mi`). */
  memory: Scalars['String']['output'];
  /** Memory in use, in bytes (a Float: it may exceed 2^31). */
  memoryBytes: Scalars['Float']['output'];
};

/** Kubernetes quantities as written (`4`, `16Gi`, `250m`). */
export type Resources = {
  __typename?: 'Resources';
  /** CPU as a Kubernetes quantity (`4` cores, `3500m` millicores); `0` when unset. */
  cpu: Scalars['String']['output'];
  /** Memory as a Kubernetes quantity (`16Gi`, `16374624Ki`); `0` when unset. */
  memory: Scalars['String']['output'];
  /** How many pods fit; null when the node does not say. */
  pods: Maybe<Scalars['Int']['output']>;
};

/** One Deployment to roll back, and where. Name the targets with one of `clusters`, `clusterNames` or `allClusters`. */
export type RollbackInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** Target clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels; an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Deployment (the only kind rolled back this way). */
  kind: Scalars['String']['input'];
  /** The Deployment's name. */
  name: Scalars['String']['input'];
  /** The Deployment's namespace. */
  namespace: Scalars['String']['input'];
  /** The revision to go back to (the `deployment.kubernetes.io/revision` of one of its ReplicaSets); left out or 0: the previous one. */
  toRevision?: InputMaybe<Scalars['Int']['input']>;
};

/** How a rollout proceeds: the waves in order, how long to wait for each, and the pause between them. */
export type RolloutStrategyInput = {
  /** Pause between a wave's successful rollout and the next wave's apply, in seconds (0 to 86400). Default 0. */
  pauseSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** How long a wave may take to roll out after its apply, in seconds (1 to 86400); past it the operation fails with TIMED_OUT. Default 600. */
  waitTimeoutSeconds?: InputMaybe<Scalars['Int']['input']>;
  /**
   * The waves, in order (1 to 100). Each names its clusters like a mutation's targets; every wave
   * must match at least one cluster, and a cluster may be in one wave only.
   */
  waves: Array<RolloutWaveInput>;
};

/** One wave's clusters: by label selector, by names, or both (the clusters that match both). */
export type RolloutWaveInput = {
  /** Clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Clusters by label selector over cluster labels (`env=prod,region=eu`); an empty selector is refused. */
  clusters?: InputMaybe<Scalars['String']['input']>;
};

/** Arguments of `scale`. Name the targets with one of `clusters`, `clusterNames` or `allClusters`. */
export type ScaleInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** Target clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels; an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Deployment, StatefulSet or ReplicaSet. */
  kind: Scalars['String']['input'];
  /** The workload's name. */
  name: Scalars['String']['input'];
  /** The workload's namespace. */
  namespace: Scalars['String']['input'];
  /** The desired replica count (0 or more). */
  replicas: Scalars['Int']['input'];
};

/** A core/v1 Secret of one cluster: metadata and key names only, never the values. */
export type Secret = {
  __typename?: 'Secret';
  /** The cluster the Secret belongs to. */
  cluster: Cluster;
  /** The key names of `data`, sorted; the values are dropped before they reach the gateway's resolvers. */
  keys: Array<Scalars['String']['output']>;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** `type` (`Opaque`, `kubernetes.io/tls`, ...; Opaque when unset). */
  type: Scalars['String']['output'];
};

/** A core/v1 Service of one cluster. */
export type Service = {
  __typename?: 'Service';
  /** The cluster the Service belongs to. */
  cluster: Cluster;
  /** `spec.clusterIP`: the virtual IP, `None` for a headless Service; null for EXTERNAL_NAME or when unset. */
  clusterIP: Maybe<Scalars['String']['output']>;
  /** `spec.externalIPs` followed by the load balancer's `status.loadBalancer.ingress` IPs or hostnames; [] when none. */
  externalIPs: Array<Scalars['String']['output']>;
  /** `spec.externalName`: the DNS name an EXTERNAL_NAME Service aliases; null for other types. */
  externalName: Maybe<Scalars['String']['output']>;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** The pods the service's selector picks in its namespace; [] for a Service without a selector. */
  pods: Array<Pod>;
  /** `spec.ports`; [] when none (EXTERNAL_NAME Services may have none). */
  ports: Array<ServicePort>;
  /** `spec.type` (CLUSTER_IP when unset). */
  type: ServiceType;
};

/** One port of a Service (`spec.ports[]`). */
export type ServicePort = {
  __typename?: 'ServicePort';
  /** `name`; null for a single unnamed port. */
  name: Maybe<Scalars['String']['output']>;
  /** `nodePort`: the port opened on every node, for NODE_PORT and LOAD_BALANCER; null otherwise. */
  nodePort: Maybe<Scalars['Int']['output']>;
  /** `port`: the port the Service listens on. */
  port: Scalars['Int']['output'];
  /** `protocol`: TCP, UDP or SCTP (TCP when unset). */
  protocol: Scalars['String']['output'];
  /** `targetPort`: the pods' port, a number or a named container port, as text; null when unset (then it equals `port`). */
  targetPort: Maybe<Scalars['String']['output']>;
};

/** How a Service is exposed (`spec.type`). */
export type ServiceType =
  /** `ClusterIP` (the default): a virtual IP reachable inside the cluster. */
  | 'CLUSTER_IP'
  /** `ExternalName`: a DNS alias (CNAME) for `externalName`, with no cluster IP, no pods and no proxying. Not a type `expose` creates. */
  | 'EXTERNAL_NAME'
  /** `LoadBalancer`: also an external load balancer (see `externalIPs`). */
  | 'LOAD_BALANCER'
  /** `NodePort`: also a port on every node. */
  | 'NODE_PORT';

/** An apps/v1 StatefulSet. */
export type StatefulSet = Workload & {
  __typename?: 'StatefulSet';
  /** The cluster the StatefulSet runs in. */
  cluster: Cluster;
  /** Events about the StatefulSet itself, newest first. */
  events: Array<Event>;
  /** Always STATEFULSET. */
  kind: WorkloadKind;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** The pods the StatefulSet's selector picks in its namespace. */
  pods: Array<Pod>;
  /** `status.readyReplicas` (0 when unset). */
  readyReplicas: Scalars['Int']['output'];
  /** `spec.replicas`: desired pods (1 when unset). */
  replicas: Scalars['Int']['output'];
};

/** Changes a subscriber did not receive from one cluster's stream: they are no longer held (or the stream was restarted). */
export type StreamGap = {
  __typename?: 'StreamGap';
  /** The cluster whose changes were missed. */
  cluster: Scalars['String']['output'];
  /** How many changes were missed; null when the gateway cannot tell (the stream was restarted since the cursor). */
  missed: Maybe<Scalars['Int']['output']>;
};

/**
 * Live updates over WebSocket (graphql-ws, `ws://HOST:PORT/graphql`, the same port and path as HTTP).
 * Every delivery carries an opaque `cursor`: subscribe again with `after: cursor` to receive what
 * happened since, then live changes. When the gateway no longer holds everything since that cursor
 * (its log per stream is bounded, and is dropped when nobody has used the stream for a while), the
 * first delivery for that cluster is a `gap` saying so: loss is always said, never silent.
 * Changes are streamed from the moment each cluster's stream is synced (the first LIST done).
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** Reachability changes of the selected clusters: each cluster's first check (REACHABLE or UNREACHABLE), then UNREACHABLE and RECOVERED as they happen. */
  clusterStatus: ClusterStatusChange;
  /** Kubernetes Events (core/v1) of the selected clusters as they are recorded or updated; filters apply before delivery. */
  events: EventDelivery;
  /**
   * A rollout operation's progress: the operation as it is now, then again each time it changes
   * (a wave or cluster moves on, a cancel is asked for), completing after its final state
   * (SUCCEEDED, FAILED or CANCELLED; one delivery for an operation already finished). Each delivery
   * is the whole operation, so none carries a cursor: subscribing again starts from the operation as
   * it is then. An unknown id is a NOT_FOUND error.
   */
  operation: Operation;
  /** Objects of one kind added, modified or deleted in the selected clusters; filters apply before delivery. */
  resourceChanges: ResourceChange;
};


/**
 * Live updates over WebSocket (graphql-ws, `ws://HOST:PORT/graphql`, the same port and path as HTTP).
 * Every delivery carries an opaque `cursor`: subscribe again with `after: cursor` to receive what
 * happened since, then live changes. When the gateway no longer holds everything since that cursor
 * (its log per stream is bounded, and is dropped when nobody has used the stream for a while), the
 * first delivery for that cluster is a `gap` saying so: loss is always said, never silent.
 * Changes are streamed from the moment each cluster's stream is synced (the first LIST done).
 */
export type SubscriptionClusterStatusArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Live updates over WebSocket (graphql-ws, `ws://HOST:PORT/graphql`, the same port and path as HTTP).
 * Every delivery carries an opaque `cursor`: subscribe again with `after: cursor` to receive what
 * happened since, then live changes. When the gateway no longer holds everything since that cursor
 * (its log per stream is bounded, and is dropped when nobody has used the stream for a while), the
 * first delivery for that cluster is a `gap` saying so: loss is always said, never silent.
 * Changes are streamed from the moment each cluster's stream is synced (the first LIST done).
 */
export type SubscriptionEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  involvedKind?: InputMaybe<Scalars['String']['input']>;
  involvedName?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EventType>;
};


/**
 * Live updates over WebSocket (graphql-ws, `ws://HOST:PORT/graphql`, the same port and path as HTTP).
 * Every delivery carries an opaque `cursor`: subscribe again with `after: cursor` to receive what
 * happened since, then live changes. When the gateway no longer holds everything since that cursor
 * (its log per stream is bounded, and is dropped when nobody has used the stream for a while), the
 * first delivery for that cluster is a `gap` saying so: loss is always said, never silent.
 * Changes are streamed from the moment each cluster's stream is synced (the first LIST done).
 */
export type SubscriptionOperationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Live updates over WebSocket (graphql-ws, `ws://HOST:PORT/graphql`, the same port and path as HTTP).
 * Every delivery carries an opaque `cursor`: subscribe again with `after: cursor` to receive what
 * happened since, then live changes. When the gateway no longer holds everything since that cursor
 * (its log per stream is bounded, and is dropped when nobody has used the stream for a while), the
 * first delivery for that cluster is a `gap` saying so: loss is always said, never silent.
 * Changes are streamed from the moment each cluster's stream is synced (the first LIST done).
 */
export type SubscriptionResourceChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  clusters?: InputMaybe<Scalars['String']['input']>;
  kind: Scalars['String']['input'];
  labelSelector?: InputMaybe<Scalars['String']['input']>;
  namespace?: InputMaybe<Scalars['String']['input']>;
};

/** Where a wave stands. */
export type WaveState =
  /** Its clusters are being written. */
  | 'APPLYING'
  /** The operation was cancelled while this wave was applied or waited for. */
  | 'CANCELLED'
  /** Its apply or rollout failed, or it timed out: the operation halted here. */
  | 'FAILED'
  /** The pause before this wave (`pauseSeconds`). */
  | 'PAUSED'
  /** Not begun. */
  | 'PENDING'
  /** Never begun: the operation halted (failed or cancelled) before it. */
  | 'SKIPPED'
  /** Written and rolled out on every cluster. */
  | 'SUCCEEDED'
  /** Written; waiting for its workloads to roll out. */
  | 'WAITING';

/** A controller that runs pods: a Deployment, StatefulSet or DaemonSet. Ask `__typename` or `kind` for which. */
export type Workload = {
  /** The cluster the workload runs in. */
  cluster: Cluster;
  /** Events about this workload object itself (not its pods), newest first. */
  events: Array<Event>;
  /** Which kind of workload this is. */
  kind: WorkloadKind;
  /** `metadata.labels`, sorted by key. */
  labels: Array<Label>;
  /** `metadata.name`. */
  name: Scalars['String']['output'];
  /** `metadata.namespace`. */
  namespace: Scalars['String']['output'];
  /** The pods the workload's selector picks in its namespace (what `kubectl describe` counts). */
  pods: Array<Pod>;
  /** Pods ready now: `status.readyReplicas`; for a DaemonSet `status.numberReady` (0 when unset). */
  readyReplicas: Scalars['Int']['output'];
  /** Desired pods: `spec.replicas` (1 when unset); for a DaemonSet `status.desiredNumberScheduled`. */
  replicas: Scalars['Int']['output'];
};

/** The workload kinds fleetgraph reads (apps/v1). */
export type WorkloadKind =
  /** apps/v1 DaemonSet: one pod per eligible node. */
  | 'DAEMONSET'
  /** apps/v1 Deployment. */
  | 'DEPLOYMENT'
  /** apps/v1 StatefulSet. */
  | 'STATEFULSET';

/** One workload on the target clusters (`restart`). Name the targets with one of `clusters`, `clusterNames` or `allClusters`. */
export type WorkloadRefInput = {
  /** Target every cluster of the fleet. Cannot be combined with `clusters` or `clusterNames`. */
  allClusters?: InputMaybe<Scalars['Boolean']['input']>;
  /** Target clusters by exact name. */
  clusterNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Target clusters by label selector over cluster labels; an empty selector is refused (say `allClusters: true`). */
  clusters?: InputMaybe<Scalars['String']['input']>;
  /** Deployment, StatefulSet or DaemonSet. */
  kind: Scalars['String']['input'];
  /** The workload's name. */
  name: Scalars['String']['input'];
  /** The workload's namespace. */
  namespace: Scalars['String']['input'];
};

/** The rollout of one applied workload on one cluster, as `kubectl rollout status` reads it. */
export type WorkloadRollout = {
  __typename?: 'WorkloadRollout';
  /** Whether it has rolled out (all replicas updated and available, no old ones left). */
  done: Scalars['Boolean']['output'];
  /** Deployment, StatefulSet or DaemonSet. */
  kind: Scalars['String']['output'];
  /** kubectl's words for where it stands, e.g. `Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...`. */
  message: Scalars['String']['output'];
  /** The workload's name. */
  name: Scalars['String']['output'];
  /** The workload's namespace. */
  namespace: Maybe<Scalars['String']['output']>;
};



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
  AppliedObject: ResolverTypeWrapper<AppliedObjectOutcome>;
  ApplyAction: ApplyAction;
  ApplyInput: ApplyInput;
  ApplyResult: ResolverTypeWrapper<Omit<ApplyResult, 'clusters' | 'operation'> & { clusters: Array<ResolversTypes['ClusterApplyResult']>, operation?: Maybe<ResolversTypes['Operation']> }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CachedResource: ResolverTypeWrapper<CachedResource>;
  ChangeType: ChangeType;
  Cluster: ResolverTypeWrapper<ClusterClient>;
  ClusterApplyResult: ResolverTypeWrapper<ClusterApplyOutcome>;
  ClusterDeleteResult: ResolverTypeWrapper<ClusterDeleteResult>;
  ClusterError: ResolverTypeWrapper<ClusterError>;
  ClusterExposeResult: ResolverTypeWrapper<Omit<ClusterExposeResult, 'service'> & { service?: Maybe<ResolversTypes['Service']> }>;
  ClusterReachability: ClusterReachability;
  ClusterReads: ResolverTypeWrapper<ClusterReads>;
  ClusterScaleResult: ResolverTypeWrapper<ClusterScaleResult>;
  ClusterStatus: ResolverTypeWrapper<ClusterStatusObject>;
  ClusterStatusChange: ResolverTypeWrapper<ClusterStatusChangeValue>;
  ClusterWorkloadResult: ResolverTypeWrapper<ClusterWorkloadResult>;
  ConfigMap: ResolverTypeWrapper<ConfigMapObject>;
  CopyInput: CopyInput;
  DaemonSet: ResolverTypeWrapper<DaemonSetObject>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteInput: DeleteInput;
  DeletedObject: ResolverTypeWrapper<DeletedObject>;
  Deployment: ResolverTypeWrapper<DeploymentObject>;
  Event: ResolverTypeWrapper<EventObject>;
  EventDelivery: ResolverTypeWrapper<EventDeliveryValue>;
  EventType: EventType;
  ExportBundle: ResolverTypeWrapper<ExportBundle>;
  ExposeInput: ExposeInput;
  FieldConflict: ResolverTypeWrapper<FieldConflict>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Label: ResolverTypeWrapper<Label>;
  Mutation: ResolverTypeWrapper<{}>;
  Namespace: ResolverTypeWrapper<NamespaceObject>;
  Node: ResolverTypeWrapper<NodeObject>;
  ObjectRef: ResolverTypeWrapper<ObjectRef>;
  Operation: ResolverTypeWrapper<OperationRecord>;
  OperationCluster: ResolverTypeWrapper<ClusterProgress>;
  OperationError: ResolverTypeWrapper<OperationFailure>;
  OperationFailureReason: OperationFailureReason;
  OperationObject: ResolverTypeWrapper<OperationObjectRecord>;
  OperationState: OperationState;
  OperationStepState: OperationStepState;
  OperationWave: ResolverTypeWrapper<WaveProgress>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Pod: ResolverTypeWrapper<PodObject>;
  PodConnection: ResolverTypeWrapper<Omit<PodConnection, 'edges'> & { edges: Array<ResolversTypes['PodEdge']> }>;
  PodEdge: ResolverTypeWrapper<Omit<PodEdge, 'node'> & { node: ResolversTypes['Pod'] }>;
  PropagationPolicy: PropagationPolicy;
  Query: ResolverTypeWrapper<{}>;
  ReadMode: ReadMode;
  ResourceChange: ResolverTypeWrapper<ResourceChangeValue>;
  ResourceUsage: ResolverTypeWrapper<Usage>;
  Resources: ResolverTypeWrapper<Resources>;
  RollbackInput: RollbackInput;
  RolloutStrategyInput: RolloutStrategyInput;
  RolloutWaveInput: RolloutWaveInput;
  ScaleInput: ScaleInput;
  Secret: ResolverTypeWrapper<SecretObject>;
  Service: ResolverTypeWrapper<ServiceObject>;
  ServicePort: ResolverTypeWrapper<ServicePort>;
  ServiceType: ServiceType;
  StatefulSet: ResolverTypeWrapper<StatefulSetObject>;
  StreamGap: ResolverTypeWrapper<StreamGap>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<{}>;
  WaveState: WaveState;
  Workload: ResolverTypeWrapper<WorkloadObject>;
  WorkloadKind: WorkloadKind;
  WorkloadRefInput: WorkloadRefInput;
  WorkloadRollout: ResolverTypeWrapper<WorkloadRolloutRecord>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AppliedObject: AppliedObjectOutcome;
  ApplyInput: ApplyInput;
  ApplyResult: Omit<ApplyResult, 'clusters' | 'operation'> & { clusters: Array<ResolversParentTypes['ClusterApplyResult']>, operation?: Maybe<ResolversParentTypes['Operation']> };
  Boolean: Scalars['Boolean']['output'];
  CachedResource: CachedResource;
  Cluster: ClusterClient;
  ClusterApplyResult: ClusterApplyOutcome;
  ClusterDeleteResult: ClusterDeleteResult;
  ClusterError: ClusterError;
  ClusterExposeResult: Omit<ClusterExposeResult, 'service'> & { service?: Maybe<ResolversParentTypes['Service']> };
  ClusterReads: ClusterReads;
  ClusterScaleResult: ClusterScaleResult;
  ClusterStatus: ClusterStatusObject;
  ClusterStatusChange: ClusterStatusChangeValue;
  ClusterWorkloadResult: ClusterWorkloadResult;
  ConfigMap: ConfigMapObject;
  CopyInput: CopyInput;
  DaemonSet: DaemonSetObject;
  DateTime: Scalars['DateTime']['output'];
  DeleteInput: DeleteInput;
  DeletedObject: DeletedObject;
  Deployment: DeploymentObject;
  Event: EventObject;
  EventDelivery: EventDeliveryValue;
  ExportBundle: ExportBundle;
  ExposeInput: ExposeInput;
  FieldConflict: FieldConflict;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Label: Label;
  Mutation: {};
  Namespace: NamespaceObject;
  Node: NodeObject;
  ObjectRef: ObjectRef;
  Operation: OperationRecord;
  OperationCluster: ClusterProgress;
  OperationError: OperationFailure;
  OperationObject: OperationObjectRecord;
  OperationWave: WaveProgress;
  PageInfo: PageInfo;
  Pod: PodObject;
  PodConnection: Omit<PodConnection, 'edges'> & { edges: Array<ResolversParentTypes['PodEdge']> };
  PodEdge: Omit<PodEdge, 'node'> & { node: ResolversParentTypes['Pod'] };
  Query: {};
  ResourceChange: ResourceChangeValue;
  ResourceUsage: Usage;
  Resources: Resources;
  RollbackInput: RollbackInput;
  RolloutStrategyInput: RolloutStrategyInput;
  RolloutWaveInput: RolloutWaveInput;
  ScaleInput: ScaleInput;
  Secret: SecretObject;
  Service: ServiceObject;
  ServicePort: ServicePort;
  StatefulSet: StatefulSetObject;
  StreamGap: StreamGap;
  String: Scalars['String']['output'];
  Subscription: {};
  Workload: WorkloadObject;
  WorkloadRefInput: WorkloadRefInput;
  WorkloadRollout: WorkloadRolloutRecord;
};

export type AppliedObjectResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AppliedObject'] = ResolversParentTypes['AppliedObject']> = {
  action?: Resolver<Maybe<ResolversTypes['ApplyAction']>, ParentType, ContextType>;
  apiVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  conflicts?: Resolver<Maybe<Array<ResolversTypes['FieldConflict']>>, ParentType, ContextType>;
  diff?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  warning?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApplyResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ApplyResult'] = ResolversParentTypes['ApplyResult']> = {
  clusters?: Resolver<Array<ResolversTypes['ClusterApplyResult']>, ParentType, ContextType>;
  operation?: Resolver<Maybe<ResolversTypes['Operation']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CachedResourceResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['CachedResource'] = ResolversParentTypes['CachedResource']> = {
  lastChangeAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  resource?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  synced?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
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
  objects?: Resolver<Array<ResolversTypes['DeletedObject']>, ParentType, ContextType>;
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

export type ClusterReadsResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterReads'] = ResolversParentTypes['ClusterReads']> = {
  mode?: Resolver<ResolversTypes['ReadMode'], ParentType, ContextType>;
  namespaces?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  resources?: Resolver<Array<ResolversTypes['CachedResource']>, ParentType, ContextType>;
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
  reads?: Resolver<ResolversTypes['ClusterReads'], ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterStatusChangeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterStatusChange'] = ResolversParentTypes['ClusterStatusChange']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  gap?: Resolver<Maybe<ResolversTypes['StreamGap']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['ClusterReachability']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['ClusterStatus']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClusterWorkloadResultResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ClusterWorkloadResult'] = ResolversParentTypes['ClusterWorkloadResult']> = {
  changed?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  restartedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  revision?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
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

export type DeletedObjectResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['DeletedObject'] = ResolversParentTypes['DeletedObject']> = {
  apiVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deleted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

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
  event?: Resolver<Maybe<ResolversTypes['Event']>, ParentType, ContextType>;
  gap?: Resolver<Maybe<ResolversTypes['StreamGap']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ExportBundleResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ExportBundle'] = ResolversParentTypes['ExportBundle']> = {
  objects?: Resolver<Array<ResolversTypes['ObjectRef']>, ParentType, ContextType>;
  yaml?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type FieldConflictResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['FieldConflict'] = ResolversParentTypes['FieldConflict']> = {
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  manager?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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
  apply?: Resolver<Maybe<ResolversTypes['ApplyResult']>, ParentType, ContextType, RequireFields<MutationApplyArgs, 'input'>>;
  cancelOperation?: Resolver<Maybe<ResolversTypes['Operation']>, ParentType, ContextType, RequireFields<MutationCancelOperationArgs, 'id'>>;
  copy?: Resolver<Maybe<ResolversTypes['ApplyResult']>, ParentType, ContextType, RequireFields<MutationCopyArgs, 'input'>>;
  delete?: Resolver<Maybe<Array<ResolversTypes['ClusterDeleteResult']>>, ParentType, ContextType, RequireFields<MutationDeleteArgs, 'input'>>;
  expose?: Resolver<Maybe<Array<ResolversTypes['ClusterExposeResult']>>, ParentType, ContextType, RequireFields<MutationExposeArgs, 'input'>>;
  restart?: Resolver<Maybe<Array<ResolversTypes['ClusterWorkloadResult']>>, ParentType, ContextType, RequireFields<MutationRestartArgs, 'input'>>;
  rollback?: Resolver<Maybe<Array<ResolversTypes['ClusterWorkloadResult']>>, ParentType, ContextType, RequireFields<MutationRollbackArgs, 'input'>>;
  scale?: Resolver<Maybe<Array<ResolversTypes['ClusterScaleResult']>>, ParentType, ContextType, RequireFields<MutationScaleArgs, 'input'>>;
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
  cancelRequested?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['OperationError']>, ParentType, ContextType>;
  fieldManager?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pauseSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['OperationState'], ParentType, ContextType>;
  waitTimeoutSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  waves?: Resolver<Array<ResolversTypes['OperationWave']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OperationClusterResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OperationCluster'] = ResolversParentTypes['OperationCluster']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  objects?: Resolver<Array<ResolversTypes['OperationObject']>, ParentType, ContextType>;
  rollouts?: Resolver<Array<ResolversTypes['WorkloadRollout']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['OperationStepState'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OperationErrorResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OperationError'] = ResolversParentTypes['OperationError']> = {
  cluster?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  object?: Resolver<Maybe<ResolversTypes['ObjectRef']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['OperationFailureReason'], ParentType, ContextType>;
  wave?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OperationObjectResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OperationObject'] = ResolversParentTypes['OperationObject']> = {
  action?: Resolver<Maybe<ResolversTypes['ApplyAction']>, ParentType, ContextType>;
  apiVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  conflicts?: Resolver<Maybe<Array<ResolversTypes['FieldConflict']>>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ClusterError']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OperationWaveResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['OperationWave'] = ResolversParentTypes['OperationWave']> = {
  clusters?: Resolver<Array<ResolversTypes['OperationCluster']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['WaveState'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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
  clusters?: Resolver<Maybe<Array<ResolversTypes['Cluster']>>, ParentType, ContextType, Partial<QueryClustersArgs>>;
  configMaps?: Resolver<Maybe<Array<ResolversTypes['ConfigMap']>>, ParentType, ContextType, Partial<QueryConfigMapsArgs>>;
  events?: Resolver<Maybe<Array<ResolversTypes['Event']>>, ParentType, ContextType, Partial<QueryEventsArgs>>;
  export?: Resolver<Maybe<ResolversTypes['ExportBundle']>, ParentType, ContextType, RequireFields<QueryExportArgs, 'cluster'>>;
  namespaces?: Resolver<Maybe<Array<ResolversTypes['Namespace']>>, ParentType, ContextType, Partial<QueryNamespacesArgs>>;
  nodes?: Resolver<Maybe<Array<ResolversTypes['Node']>>, ParentType, ContextType, Partial<QueryNodesArgs>>;
  operation?: Resolver<Maybe<ResolversTypes['Operation']>, ParentType, ContextType, RequireFields<QueryOperationArgs, 'id'>>;
  operations?: Resolver<Array<ResolversTypes['Operation']>, ParentType, ContextType, Partial<QueryOperationsArgs>>;
  pods?: Resolver<Maybe<ResolversTypes['PodConnection']>, ParentType, ContextType, Partial<QueryPodsArgs>>;
  secrets?: Resolver<Maybe<Array<ResolversTypes['Secret']>>, ParentType, ContextType, Partial<QuerySecretsArgs>>;
  services?: Resolver<Maybe<Array<ResolversTypes['Service']>>, ParentType, ContextType, Partial<QueryServicesArgs>>;
  workloads?: Resolver<Maybe<Array<ResolversTypes['Workload']>>, ParentType, ContextType, Partial<QueryWorkloadsArgs>>;
};

export type ResourceChangeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['ResourceChange'] = ResolversParentTypes['ResourceChange']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  gap?: Resolver<Maybe<ResolversTypes['StreamGap']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  object?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['ChangeType']>, ParentType, ContextType>;
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
  externalName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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

export type StreamGapResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['StreamGap'] = ResolversParentTypes['StreamGap']> = {
  cluster?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  missed?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  clusterStatus?: SubscriptionResolver<ResolversTypes['ClusterStatusChange'], "clusterStatus", ParentType, ContextType, Partial<SubscriptionClusterStatusArgs>>;
  events?: SubscriptionResolver<ResolversTypes['EventDelivery'], "events", ParentType, ContextType, Partial<SubscriptionEventsArgs>>;
  operation?: SubscriptionResolver<ResolversTypes['Operation'], "operation", ParentType, ContextType, RequireFields<SubscriptionOperationArgs, 'id'>>;
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

export type WorkloadRolloutResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['WorkloadRollout'] = ResolversParentTypes['WorkloadRollout']> = {
  done?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  namespace?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  AppliedObject?: AppliedObjectResolvers<ContextType>;
  ApplyResult?: ApplyResultResolvers<ContextType>;
  CachedResource?: CachedResourceResolvers<ContextType>;
  Cluster?: ClusterResolvers<ContextType>;
  ClusterApplyResult?: ClusterApplyResultResolvers<ContextType>;
  ClusterDeleteResult?: ClusterDeleteResultResolvers<ContextType>;
  ClusterError?: ClusterErrorResolvers<ContextType>;
  ClusterExposeResult?: ClusterExposeResultResolvers<ContextType>;
  ClusterReads?: ClusterReadsResolvers<ContextType>;
  ClusterScaleResult?: ClusterScaleResultResolvers<ContextType>;
  ClusterStatus?: ClusterStatusResolvers<ContextType>;
  ClusterStatusChange?: ClusterStatusChangeResolvers<ContextType>;
  ClusterWorkloadResult?: ClusterWorkloadResultResolvers<ContextType>;
  ConfigMap?: ConfigMapResolvers<ContextType>;
  DaemonSet?: DaemonSetResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeletedObject?: DeletedObjectResolvers<ContextType>;
  Deployment?: DeploymentResolvers<ContextType>;
  Event?: EventResolvers<ContextType>;
  EventDelivery?: EventDeliveryResolvers<ContextType>;
  ExportBundle?: ExportBundleResolvers<ContextType>;
  FieldConflict?: FieldConflictResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Label?: LabelResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Namespace?: NamespaceResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  ObjectRef?: ObjectRefResolvers<ContextType>;
  Operation?: OperationResolvers<ContextType>;
  OperationCluster?: OperationClusterResolvers<ContextType>;
  OperationError?: OperationErrorResolvers<ContextType>;
  OperationObject?: OperationObjectResolvers<ContextType>;
  OperationWave?: OperationWaveResolvers<ContextType>;
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
  StreamGap?: StreamGapResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Workload?: WorkloadResolvers<ContextType>;
  WorkloadRollout?: WorkloadRolloutResolvers<ContextType>;
};

