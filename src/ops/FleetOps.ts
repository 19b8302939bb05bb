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
import { perCluster, type ClusterOutcome } from './perCluster.ts';
import { restartWorkload } from './restartWorkload.ts';
import { rollbackDeployment, type RollbackOutcome } from './rollbackDeployment.ts';
import { scaleWorkload, type ScaleOutcome } from './scaleWorkload.ts';
import { checkWorkloadRef, type WorkloadRef } from './workloadRef.ts';
import { applyToClusters, DEFAULT_FIELD_MANAGER, type ClusterApplyOutcome } from './applyToClusters.ts';
import type { AuditRecord } from './AuditRecord.ts';
import { namespaceProblem, parseManifests, type ManifestLimits } from './parseManifests.ts';
import { RestMapper } from './RestMapper.ts';
import { selectTargets, type TargetInput } from './selectTargets.ts';

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

  constructor(readonly fleet: Fleet, private readonly options: FleetOpsOptions = {}) {}

  /** apply, or its plan with `dryRun`. Throws InputError (nothing written) for bad input; cluster failures are in the outcome. */
  async apply(input: ApplyInput): Promise<ClusterApplyOutcome[]> {
    const started = performance.now();
    const operation = 'apply';
    const dryRun = input.dryRun === true;
    let targets: string[] = [];
    try {
      const clients = selectTargets(this.fleet, input);
      targets = clients.map((c) => c.name);
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
      if (e instanceof InputError) {
        this.options.audit?.({
          operation, dryRun, force: input.force === true, fieldManager: input.fieldManager ?? DEFAULT_FIELD_MANAGER, targets,
          outcome: 'rejected', error: e.message.slice(0, 500), clusters: [], objects: [], objectCount: 0,
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
      execute = await prepare(clients);
    } catch (e) {
      if (e instanceof InputError) {
        this.options.audit?.({
          operation, ...audit, targets, outcome: 'rejected', error: e.message.slice(0, 500), clusters: [], objects: [], objectCount: 0,
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
export function checkFieldManager(value: string | null | undefined): string {
  if (value === undefined || value === null) return DEFAULT_FIELD_MANAGER;
  if (value.length === 0 || value.length > 128 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError('input.fieldManager', `${quoteInput(value)} is not a field manager name: 1 to 128 printable characters`);
  }
  return value;
}

function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
