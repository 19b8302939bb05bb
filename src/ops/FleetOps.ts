/**
 * The write path's engine, one per fleet: it checks a mutation's input (targets, manifests,
 * options) before anything is written, runs it on the target clusters, and writes one audit
 * record per mutation, refused ones included. It knows nothing of GraphQL or HTTP: resolvers
 * call it, and the server gives it where audit records go.
 */
import type { Fleet } from '../fleet/Fleet.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import { InputError } from '../loaders/InputError.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ResourceType } from '../kube/resources.ts';
import { perCluster, type ClusterOutcome } from './perCluster.ts';
import { restartWorkload } from './restartWorkload.ts';
import { rollbackDeployment, type RollbackOutcome } from './rollbackDeployment.ts';
import { scaleWorkload, type ScaleOutcome } from './scaleWorkload.ts';
import { checkWorkloadRef, type WorkloadRef } from './workloadRef.ts';
import { EXPOSABLE_KINDS, exposeWorkload } from './exposeWorkload.ts';
import type { V1Service } from '@kubernetes/client-node';
import { deleteOnClusters, type ClusterDeleteOutcome, type DeleteSelection, type PropagationPolicy } from './deleteOnClusters.ts';
import { clean, EXPORT_KINDS, exportCluster, madeByUsers, type ExportBundle, type ExportOptions, type KObject } from './exportCluster.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { ManifestObject } from './parseManifests.ts';
import { validateArguments } from '../loaders/validateArguments.ts';
import { checkObjectSelector } from './checkObjectSelector.ts';
import { dns1123LabelProblem, pathSegmentNameProblem } from '../loaders/kubeNames.ts';
import { applyOrder, applyToClusters, checkFieldManager, DEFAULT_FIELD_MANAGER, type ClusterApplyOutcome } from './applyToClusters.ts';
import type { AuditRecord } from './AuditRecord.ts';
import type { Identity } from '../auth/Identity.ts';
import { namespaceProblem, parseManifests, type ManifestLimits } from './parseManifests.ts';
import { RestMapper } from './RestMapper.ts';
import { createRolloutEngine, type RolloutEngine, type RolloutOptions } from './rolloutEngine.ts';
import type { RolloutApplyInput } from './rolloutPlan.ts';
import type { OperationRecord } from '../store/OperationStore.ts';
import { selectTargets, type TargetInput } from './selectTargets.ts';
import { checkWriteAccess } from './checkWriteAccess.ts';
import { checkExportAccess, checkCopySourceAccess } from './checkSecretAccess.ts';
import { PolicyForbidden } from '../fleet/PolicyForbidden.ts';

export interface FleetOpsOptions {
  /** The clock restartedAt annotations are read from. @default () => new Date() */
  now?: () => Date;
  /** Manifest size and object-count limits. */
  limits?: ManifestLimits;
  /** Where each mutation's audit record goes (the server logs it). @default nowhere */
  audit?: (record: AuditRecord) => void;
  /** Told of an unexpected failure (a bug) while writing to a cluster; that cluster reports INTERNAL_SERVER_ERROR. */
  onUnexpected?: (cluster: string, error: unknown) => void;
  /** Most diff text one plan returns. @default 4 MiB */
  maxTotalDiffChars?: number;
  /** Rollouts in waves: where operations are kept, poll interval. */
  rollout?: RolloutOptions;
}

export interface ApplyInput extends TargetInput {
  manifests: string;
  namespace?: string | null;
  dryRun?: boolean | null;
  force?: boolean | null;
  fieldManager?: string | null;
}

export interface WorkloadInput extends TargetInput {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Field managers of the imperative writes, named apart from apply's as kubectl names them
 * (kubectl-scale, kubectl-rollout): a later apply of a different replica count then reports a
 * conflict with "fleetgraph-scale", saying who set it, instead of a same-name Update/Apply clash.
 */
export const SCALE_FIELD_MANAGER = 'fleetgraph-scale';
export const ROLLOUT_FIELD_MANAGER = 'fleetgraph-rollout';

/** How many objects an audit record names (the rest are counted). */
const AUDITED_OBJECTS = 100;

export interface DeleteInput extends TargetInput {
  apiVersion?: string | null;
  kind?: string | null;
  namespace?: string | null;
  name?: string | null;
  labelSelector?: string | null;
  manifests?: string | null;
  dryRun?: boolean | null;
  propagationPolicy?: PropagationPolicy | null;
}

export interface CopyInput extends TargetInput {
  fromCluster: string;
  kind: string;
  namespace: string;
  names?: readonly string[] | null;
  labelSelector?: string | null;
  dryRun?: boolean | null;
}

export interface ExposeInput extends WorkloadInput {
  port: number;
  targetPort?: number | null;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | null;
  serviceName?: string | null;
  waitForIngressSeconds?: number | null;
}

/** The longest `expose` waits for a LoadBalancer's ingress (the request stays open meanwhile). */
const MAX_INGRESS_WAIT_SECONDS = 120;

/** apiVersion of the kinds `delete` may name without one. */
const KNOWN_API_VERSIONS: Readonly<Record<string, string>> = {
  Namespace: 'v1', ConfigMap: 'v1', Secret: 'v1', Service: 'v1', Pod: 'v1', ServiceAccount: 'v1',
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1',
  Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
};

/** The most replicas `scale` accepts (kube's own limit is int32). */
const MAX_REPLICAS = 2 ** 31 - 1;

/** What `run` needs from each mutation: the checked targets, and how to audit its outcome. */
interface Ran<T> {
  value: T;
  clusters: AuditRecord['clusters'];
  objects: AuditRecord['objects'];
  objectCount?: number;
}

export class FleetOps {
  /** Shared by every mutation: each cluster's discovery is asked once per group-version. */
  readonly mapper = new RestMapper();
  /** `apply` with a strategy: rollouts in waves as long-running operations (rolloutEngine.ts). */
  readonly rollouts: RolloutEngine;

  /** Who this engine acts for (see `as`); null: the gateway itself (authentication off). */
  readonly actor: Identity | null = null;

  constructor(readonly fleet: Fleet, private readonly options: FleetOpsOptions = {}) {
    this.rollouts = createRolloutEngine({ fleet, mapper: this.mapper, ...pick(options, 'limits', 'audit', 'onUnexpected') }, options.rollout);
  }

  /**
   * This engine acting for one caller: the same discovery cache, rollout engine and options, with
   * `fleet` the caller's (Fleet.as: every write goes out as them, so each cluster's RBAC decides)
   * and every audit record naming them. Rollouts started through it run as the caller to the end.
   */
  as(fleet: Fleet, actor: Identity): FleetOps {
    const view = Object.create(this) as FleetOps;
    const audit = this.options.audit;
    Object.defineProperties(view, {
      fleet: { value: fleet },
      actor: { value: actor },
      options: { value: { ...this.options, ...(audit ? { audit: (r: AuditRecord) => audit({ ...r, actor }) } : {}) } },
      rollouts: { value: rolloutsFor(this.rollouts, fleet, actor) },
    });
    return view;
  }

  /** apply, or its plan with `dryRun`. Throws InputError (nothing written) for bad input; cluster failures are in the outcome. */
  async apply(input: ApplyInput): Promise<ClusterApplyOutcome[]> {
    const started = performance.now();
    const operation = 'apply';
    const dryRun = input.dryRun === true;
    let targets: string[] = [];
    try {
      const clients = selectTargets(this.fleet, input);
      targets = clients.map((c) => c.name);
      checkWriteAccess(this.fleet, clients, operation);
      const fieldManager = checkFieldManager(input.fieldManager);
      const nsProblem = input.namespace ? namespaceProblem(input.namespace) : undefined;
      if (nsProblem) throw new InputError('input.namespace', nsProblem);
      const objects = parseManifests(input.manifests, input.namespace, this.options.limits);
      const outcome = await applyToClusters(clients, objects, this.mapper, {
        fieldManager, force: input.force === true, dryRun,
        ...(this.options.maxTotalDiffChars === undefined ? {} : { maxTotalDiffChars: this.options.maxTotalDiffChars }),
        ...(this.options.onUnexpected ? { onUnexpected: this.options.onUnexpected } : {}),
      });
      this.options.audit?.({
        operation, dryRun, force: input.force === true, fieldManager, targets, outcome: 'done',
        clusters: outcome.map((c) => ({
          cluster: c.cluster, error: c.error?.code ?? null,
          actions: countBy(c.objects.map((o) => o.action ?? o.error?.code ?? 'NOT_ATTEMPTED')),
        })),
        objects: objects.slice(0, AUDITED_OBJECTS).map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })),
        objectCount: objects.length,
        durationMs: Math.round(performance.now() - started),
      });
      return outcome;
    } catch (e) {
      if (e instanceof InputError || e instanceof PolicyForbidden) {
        this.options.audit?.({
          operation, dryRun, force: input.force === true, fieldManager: input.fieldManager ?? DEFAULT_FIELD_MANAGER, targets,
          outcome: e instanceof PolicyForbidden ? 'forbidden' : 'rejected', error: e.message.slice(0, 500), clusters: [], objects: [], objectCount: 0,
          durationMs: Math.round(performance.now() - started),
        });
      }
      throw e;
    }
  }

  /** `kubectl scale` of a Deployment, StatefulSet or ReplicaSet on every target, through the scale subresource. */
  scale(input: WorkloadInput & { replicas: number }): Promise<Array<ClusterOutcome<ScaleOutcome>>> {
    return this.run('scale', { options: { replicas: input.replicas } }, input, async (clients) => {
      const ref = checkWorkloadRef(input, ['Deployment', 'StatefulSet', 'ReplicaSet']);
      if (!Number.isInteger(input.replicas) || input.replicas < 0 || input.replicas > MAX_REPLICAS) {
        throw new InputError('input.replicas', `must be a whole number from 0 to ${MAX_REPLICAS}, got ${input.replicas}`);
      }
      return this.perWorkload(clients, ref, (c) => scaleWorkload(c, this.mapper, ref, input.replicas, SCALE_FIELD_MANAGER),
        (v) => ({ previousReplicas: v.previousReplicas, replicas: v.replicas }));
    });
  }

  /** `kubectl rollout restart` of a Deployment, StatefulSet or DaemonSet on every target. */
  restart(input: WorkloadInput): Promise<Array<ClusterOutcome<{ restartedAt: string }>>> {
    return this.run('restart', {}, input, async (clients) => {
      const ref = checkWorkloadRef(input, ['Deployment', 'StatefulSet', 'DaemonSet']);
      const now = (this.options.now ?? (() => new Date()))();
      return this.perWorkload(clients, ref, (c) => restartWorkload(c, this.mapper, ref, now, ROLLOUT_FIELD_MANAGER), (v) => ({ restartedAt: v.restartedAt }));
    });
  }

  /** `kubectl rollout undo [--to-revision]` of a Deployment on every target. */
  rollback(input: WorkloadInput & { toRevision?: number | null }): Promise<Array<ClusterOutcome<RollbackOutcome>>> {
    return this.run('rollback', { options: { toRevision: input.toRevision ?? null } }, input, async (clients) => {
      const ref = checkWorkloadRef(input, ['Deployment']);
      const to = input.toRevision ?? null;
      if (to !== null && (!Number.isInteger(to) || to < 0)) throw new InputError('input.toRevision', `must be a revision number (1 or more; 0 means the previous one), got ${to}`);
      return this.perWorkload(clients, ref, (c) => rollbackDeployment(c, this.mapper, ref, to, ROLLOUT_FIELD_MANAGER), (v) => ({ revision: v.revision, changed: v.changed }));
    });
  }

  /** `kubectl delete` by name, label selector or manifests on every target, with dryRun and a propagation policy. */
  delete(input: DeleteInput): Promise<ClusterDeleteOutcome[]> {
    const policy = input.propagationPolicy ?? 'Background';
    return this.run('delete', { dryRun: input.dryRun === true, options: { propagationPolicy: policy } }, input, async (clients) => {
      const selection = this.deleteSelection(input);
      return async () => {
        const outcome = await deleteOnClusters(clients, selection, this.mapper, {
          dryRun: input.dryRun === true, propagationPolicy: policy,
          ...(this.options.onUnexpected ? { onUnexpected: this.options.onUnexpected } : {}),
        });
        const named = selection.by === 'names' ? selection.objects : [{ kind: selection.kind, namespace: selection.namespace, name: `-l ${selection.labelSelector}` }];
        return {
          value: outcome,
          clusters: outcome.map((c) => ({ cluster: c.cluster, error: c.error?.code ?? null, deleted: c.objects.filter((o) => o.deleted).length, failed: c.objects.filter((o) => o.error).length })),
          objects: named.slice(0, AUDITED_OBJECTS).map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })),
          objectCount: named.length,
        };
      };
    });
  }

  private deleteSelection(input: DeleteInput): DeleteSelection {
    const has = (v: unknown) => v !== undefined && v !== null;
    if (has(input.manifests)) {
      if (has(input.kind) || has(input.name) || has(input.labelSelector) || has(input.apiVersion)) {
        throw new InputError('input.manifests', 'cannot be combined with kind, apiVersion, name or labelSelector: choose the objects one way');
      }
      if (input.namespace) {
        const problem = namespaceProblem(input.namespace);
        if (problem) throw new InputError('input.namespace', problem);
      }
      // The reverse of apply's order: what lives in a Namespace goes before the Namespace.
      const objects = applyOrder(parseManifests(input.manifests ?? '', input.namespace, this.options.limits)).reverse();
      return { by: 'names', objects: objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name })) };
    }
    if (!has(input.kind)) throw new InputError('input', 'choose what to delete: kind with name or labelSelector, or manifests');
    const kind = input.kind ?? '';
    const apiVersion = input.apiVersion ?? KNOWN_API_VERSIONS[kind];
    if (apiVersion === undefined) {
      throw new InputError('input.apiVersion', `is required for kind ${quoteInput(kind)} (known without it: ${Object.keys(KNOWN_API_VERSIONS).join(', ')})`);
    }
    if (!/^[A-Za-z][A-Za-z0-9]{0,62}$/.test(kind)) throw new InputError('input.kind', `${quoteInput(kind)} is not a kind name such as Deployment`);
    const namespace = input.namespace ?? null;
    if (namespace !== null) {
      const problem = dns1123LabelProblem(namespace);
      if (problem) throw new InputError('input.namespace', `${quoteInput(namespace)} is not a namespace name: it ${problem}`);
    }
    if (has(input.name) === has(input.labelSelector)) throw new InputError('input', 'give exactly one of name and labelSelector');
    if (has(input.name)) {
      const name = input.name ?? '';
      const problem = pathSegmentNameProblem(name);
      if (problem) throw new InputError('input.name', `${quoteInput(name)} is not an object name: it ${problem}`);
      return { by: 'names', objects: [{ apiVersion, kind, namespace, name }] };
    }
    const labelSelector = checkObjectSelector('input.labelSelector', input.labelSelector ?? '', 'name the objects, or a selector that chooses some');
    return { by: 'selector', apiVersion, kind, namespace, labelSelector };
  }

  /** A clean, re-appliable YAML bundle of one cluster's configuration (see exportCluster.ts); audited, since it can carry Secret values. */
  async export(cluster: string, options: ExportOptions): Promise<ExportBundle> {
    const started = performance.now();
    this.fleet.refuseWithheld([cluster], 'cluster');
    const client = this.fleet.get(cluster);
    if (!client) throw new InputError('cluster', `unknown cluster ${quoteInput(cluster)}; known clusters: ${this.fleet.clusters.map((c) => c.name).join(', ') || '(none)'}`);
    for (const ns of options.namespaces ?? []) {
      const problem = dns1123LabelProblem(ns);
      if (problem) throw new InputError('namespaces', `${quoteInput(ns)} is not a namespace name: it ${problem}`);
    }
    const known = EXPORT_KINDS.map((k) => k.kind);
    const unknown = (options.kinds ?? []).filter((k) => !known.includes(k));
    if (unknown.length > 0) throw new InputError('kinds', `${unknown.slice(0, 5).map((k) => quoteInput(k)).join(', ')} cannot be exported; exported kinds: ${known.join(', ')}`);
    if (options.labelSelector) validateArguments({ labelSelector: options.labelSelector });
    if (options.includeSecrets === true) {
      try {
        checkExportAccess(this.fleet, client);
      } catch (e) {
        // Asking for secret values and being refused is worth a record of its own.
        this.options.audit?.({
          operation: 'export', options: { includeSecrets: true, namespaces: options.namespaces ?? null, kinds: options.kinds ?? null },
          targets: [cluster], outcome: 'forbidden', error: (e as Error).message.slice(0, 500), clusters: [], objects: [], objectCount: 0,
          durationMs: Math.round(performance.now() - started),
        });
        throw e;
      }
    }
    const bundle = await exportCluster(client, this.mapper, options);
    this.options.audit?.({
      operation: 'export', options: { includeSecrets: options.includeSecrets === true, namespaces: options.namespaces ?? null, kinds: options.kinds ?? null },
      targets: [cluster], outcome: 'done', clusters: [{ cluster, error: null, objects: bundle.objects.length }],
      objects: bundle.objects.slice(0, AUDITED_OBJECTS).map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })),
      objectCount: bundle.objects.length, durationMs: Math.round(performance.now() - started),
    });
    return bundle;
  }

  /**
   * The seed's resource sync: objects of one kind read from one cluster, by name or by label
   * selector (one LIST), stripped of what the server set (as export strips them, Secret values
   * kept: copying them is the point), and applied to the targets as `apply` does (dryRun is a
   * plan). A name missing on the source, or a selector matching nothing there, is bad input.
   */
  copy(input: CopyInput): Promise<ClusterApplyOutcome[]> {
    const options = { fromCluster: input.fromCluster, ...(typeof input.labelSelector === 'string' ? { labelSelector: input.labelSelector } : {}) };
    return this.run('copy', { dryRun: input.dryRun === true, fieldManager: DEFAULT_FIELD_MANAGER, options }, input, async (clients) => {
      this.fleet.refuseWithheld([input.fromCluster], 'input.fromCluster');
      const source = this.fleet.get(input.fromCluster);
      if (!source) throw new InputError('input.fromCluster', `unknown cluster ${quoteInput(input.fromCluster)}; known clusters: ${this.fleet.clusters.map((c) => c.name).join(', ')}`);
      const spec = EXPORT_KINDS.find((k) => k.kind === input.kind);
      if (!spec) throw new InputError('input.kind', `${quoteInput(input.kind)} cannot be copied; copied kinds: ${EXPORT_KINDS.map((k) => k.kind).join(', ')}`);
      checkCopySourceAccess(this.fleet, source, spec.kind);
      const nsProblem = dns1123LabelProblem(input.namespace);
      if (nsProblem) throw new InputError('input.namespace', `${quoteInput(input.namespace)} is not a namespace name: it ${nsProblem}`);
      const byNames = input.names !== undefined && input.names !== null;
      if (byNames === (input.labelSelector !== undefined && input.labelSelector !== null)) {
        throw new InputError('input', 'give exactly one of names and labelSelector to choose the objects to copy');
      }
      const type = await this.mapper.map(source, spec.apiVersion, spec.kind);
      const read = byNames
        ? await this.copyByNames(source, type, input, input.names ?? [])
        : await this.copyBySelector(source, type, input, checkObjectSelector('input.labelSelector', input.labelSelector ?? '', 'name the objects, or a selector that chooses some'));
      const objects: ManifestObject[] = read.map((o, i) => ({
        apiVersion: spec.apiVersion, kind: spec.kind, name: o.metadata?.name ?? '', namespace: type.namespaced ? input.namespace : null,
        object: clean(o, spec.apiVersion, spec.kind, true), document: i + 1, line: 1,
      }));
      return async () => {
        const outcome = await applyToClusters(clients, objects, this.mapper, {
          fieldManager: DEFAULT_FIELD_MANAGER, dryRun: input.dryRun === true,
          ...(this.options.onUnexpected ? { onUnexpected: this.options.onUnexpected } : {}),
        });
        return {
          value: outcome,
          clusters: outcome.map((c) => ({ cluster: c.cluster, error: c.error?.code ?? null, actions: countBy(c.objects.map((o) => o.action ?? o.error?.code ?? 'NOT_ATTEMPTED')) })),
          objects: objects.map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name })),
        };
      };
    });
  }

  /** copy's named objects, each read with a GET; any missing is bad input (nothing written). */
  private async copyByNames(source: ClusterClient, type: ResourceType, input: CopyInput, names: readonly string[]): Promise<KObject[]> {
    if (names.length === 0) throw new InputError('input.names', 'name at least one object to copy');
    for (const name of names) {
      const problem = pathSegmentNameProblem(name);
      if (problem) throw new InputError('input.names', `${quoteInput(name)} is not an object name: it ${problem}`);
    }
    const read = await Promise.all([...new Set(names)].map(async (name) => {
      try {
        return { name, object: (await source.send<KObject>({ verb: 'get', at: { type, namespace: input.namespace, name } })).body };
      } catch (e) {
        if (e instanceof ClusterError && e.code === 'NOT_FOUND') return { name, object: null };
        throw e;
      }
    }));
    const missing = read.filter((r) => r.object === null).map((r) => r.name);
    if (missing.length > 0) {
      throw new InputError('input.names', `not found on ${quoteInput(input.fromCluster)}: ${missing.slice(0, 5).map((n) => quoteInput(n)).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; nothing was written`);
    }
    return read.map((r) => r.object as KObject);
  }

  /**
   * copy's objects chosen by label selector: one LIST on the source (in the client's chunks),
   * without what the cluster made itself (as export leaves it out: owned objects, tokens,
   * `system:` RBAC, objects being deleted). Matching nothing is bad input, not a silent no-op:
   * a mistyped selector would otherwise look like a successful copy.
   */
  private async copyBySelector(source: ClusterClient, type: ResourceType, input: CopyInput, labelSelector: string): Promise<KObject[]> {
    const listed = await source.list<KObject>(type, { namespace: type.namespaced ? input.namespace : null, labelSelector });
    const kept = listed.filter((o) => madeByUsers(input.kind, o));
    if (kept.length === 0) {
      const where = type.namespaced ? ` in namespace ${quoteInput(input.namespace)}` : '';
      const skipped = listed.length > 0 ? ` (${listed.length} matching made by the cluster itself, which copy leaves out)` : '';
      throw new InputError('input.labelSelector', `no ${input.kind}${where} on ${quoteInput(input.fromCluster)} matches ${quoteInput(labelSelector)}${skipped}; nothing was written`);
    }
    return kept.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  }

  /** `kubectl expose`: a Service for a workload on every target (LoadBalancer: optionally waiting for its ingress). */
  expose(input: ExposeInput): Promise<Array<ClusterOutcome<V1Service>>> {
    const type = input.type ?? 'ClusterIP';
    return this.run('expose', { options: { port: input.port, type } }, input, async (clients) => {
      const ref = checkWorkloadRef(input, Object.keys(EXPOSABLE_KINDS));
      for (const [field, port] of [['input.port', input.port], ['input.targetPort', input.targetPort]] as const) {
        if (port !== undefined && port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new InputError(field, `must be a port number from 1 to 65535, got ${port}`);
      }
      if (input.serviceName) {
        const problem = dns1123LabelProblem(input.serviceName);
        if (problem) throw new InputError('input.serviceName', `${quoteInput(input.serviceName)} is not a Service name: it ${problem}`);
      }
      const wait = input.waitForIngressSeconds ?? 0;
      if (!Number.isInteger(wait) || wait < 0 || wait > MAX_INGRESS_WAIT_SECONDS) throw new InputError('input.waitForIngressSeconds', `must be a whole number from 0 to ${MAX_INGRESS_WAIT_SECONDS}, got ${wait}`);
      if (wait > 0 && type !== 'LoadBalancer') throw new InputError('input.waitForIngressSeconds', 'applies only to type LOAD_BALANCER');
      const spec = { port: input.port, targetPort: input.targetPort ?? null, type, serviceName: input.serviceName ?? null, waitForIngressMs: wait * 1000 };
      return this.perWorkload(clients, ref, (c) => exposeWorkload(c, this.mapper, ref, spec, DEFAULT_FIELD_MANAGER),
        (v) => ({ service: v.metadata?.name ?? null, ingress: (v.status?.loadBalancer?.ingress ?? []).length }));
    });
  }

  private perWorkload<T>(clients: readonly ClusterClient[], ref: WorkloadRef, write: (c: ClusterClient) => Promise<T>, audited: (v: T) => Record<string, unknown>) {
    return async (): Promise<Ran<Array<ClusterOutcome<T>>>> => {
      const outcome = await perCluster(clients, write, this.options.onUnexpected);
      return {
        value: outcome,
        clusters: outcome.map((o) => ({ cluster: o.cluster, error: o.error?.code ?? null, ...(o.value === null ? {} : audited(o.value)) })),
        objects: [{ kind: ref.kind, namespace: ref.namespace, name: ref.name }],
      };
    };
  }

  /**
   * Every mutation's frame: choose the targets, let `prepare` check the rest of the input (it
   * throws InputError before anything is written), run what it returns, and audit either way.
   */
  private async run<T>(
    operation: string,
    audit: Partial<AuditRecord>,
    targetInput: TargetInput,
    prepare: (clients: ClusterClient[]) => Promise<() => Promise<Ran<T>>>,
  ): Promise<T> {
    const started = performance.now();
    let targets: string[] = [];
    let execute: () => Promise<Ran<T>>;
    try {
      const clients = selectTargets(this.fleet, targetInput);
      targets = clients.map((c) => c.name);
      checkWriteAccess(this.fleet, clients, operation);
      execute = await prepare(clients);
    } catch (e) {
      // Refused input or policy, or a read the mutation needed first (copy's source) failed: nothing was written.
      if (e instanceof InputError || e instanceof ClusterError || e instanceof PolicyForbidden) {
        this.options.audit?.({
          operation, ...audit, targets, outcome: e instanceof InputError ? 'rejected' : e instanceof PolicyForbidden ? 'forbidden' : 'failed', error: e.message.slice(0, 500),
          clusters: e instanceof ClusterError ? [{ cluster: e.cluster, error: e.code }] : [], objects: [], objectCount: 0,
          durationMs: Math.round(performance.now() - started),
        });
      }
      throw e;
    }
    const ran = await execute();
    this.options.audit?.({
      operation, ...audit, targets, outcome: 'done', clusters: ran.clusters, objects: ran.objects,
      objectCount: ran.objectCount ?? ran.objects.length, durationMs: Math.round(performance.now() - started),
    });
    return ran.value;
  }
}

/** kube-apiserver's rule (1 to 128 characters), checked here so a bad name costs no cluster a request. */
function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function pick<T extends object, K extends keyof T>(from: T, ...keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Partial<Pick<T, K>>;
}

/**
 * The rollout engine as one caller uses it: rollouts they start run through their fleet, and they
 * see (get, list, watch, cancel) only operations whose every cluster is in their fleet. Why: an
 * operation record names clusters and objects; a gateway policy that withholds a cluster from a
 * caller must not show it to them through someone else's rollout. An operation they may not see
 * answers as an unknown id (NOT_FOUND), saying nothing of whether it exists.
 */
function rolloutsFor(engine: RolloutEngine, fleet: Fleet, actor: Identity): RolloutEngine {
  const visible = (op: OperationRecord | undefined): op is OperationRecord =>
    op !== undefined && op.waves.every((w) => w.clusters.every((c) => fleet.get(c.cluster) !== undefined));
  return {
    ...engine,
    start: (input: RolloutApplyInput) => engine.start(input, { fleet, actor }),
    get: async (id) => {
      const op = await engine.get(id);
      return visible(op) ? op : undefined;
    },
    list: async (state) => (await engine.list(state)).filter(visible),
    cancel: async (id) => {
      const op = await engine.get(id);
      if (!visible(op)) return undefined;
      // Cancelling changes what happens on the operation's clusters: the gateway policy's `write` on each (docs/policy.md).
      checkWriteAccess(fleet, fleet.clusters.filter((c) => op.waves.some((w) => w.clusters.some((x) => x.cluster === c.name))), 'cancelOperation');
      return engine.cancel(id);
    },
    watch: (id, signal) => ({
      async *[Symbol.asyncIterator]() {
        for await (const op of engine.watch(id, signal)) {
          if (!visible(op)) return;
          yield op;
        }
      },
    }),
  };
}
