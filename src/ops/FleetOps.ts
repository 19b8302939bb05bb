/**
 * The write path's engine, one per fleet: it checks a mutation's input (targets, manifests,
 * options) before anything is written, runs it on the target clusters, and writes one audit
 * record per mutation, refused ones included. It knows nothing of GraphQL or HTTP: resolvers
 * call it, and the server gives it where audit records go.
 */
import type { Fleet } from '../fleet/Fleet.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import { InputError } from '../loaders/InputError.ts';
import { applyToClusters, DEFAULT_FIELD_MANAGER, type ClusterApplyOutcome } from './applyToClusters.ts';
import type { AuditRecord } from './AuditRecord.ts';
import { namespaceProblem, parseManifests, type ManifestLimits } from './parseManifests.ts';
import { RestMapper } from './RestMapper.ts';
import { selectTargets, type TargetInput } from './selectTargets.ts';

export interface FleetOpsOptions {
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

/** How many objects an audit record names (the rest are counted). */
const AUDITED_OBJECTS = 100;

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
}

/** kube-apiserver's rule (1 to 128 characters), checked here so a bad name costs no cluster a request. */
function checkFieldManager(value: string | null | undefined): string {
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
