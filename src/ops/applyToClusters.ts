/**
 * Server-side apply of parsed manifests to chosen clusters, and its plan (`dryRun`): every
 * target in parallel (each through its ClusterClient's concurrency limit and timeout), and on
 * each target Namespaces first, then the other objects in the manifests' order, as kubectl
 * applies them. The outcome is data per cluster and per object: what happened (decided from
 * what the server answered), the fields in conflict with their managers, and for a plan the
 * diff of the live object against the server's dry-run result.
 *
 * Failures stay where they happen: a conflict or refusal of one object does not stop the other
 * objects; a cluster that becomes unreachable stops only that cluster's remaining writes; no
 * cluster's failure hides another's outcome.
 */
import { stringify } from 'yaml';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import { InputError } from '../loaders/InputError.ts';
import { ClusterError, type FieldConflict } from '../kube/ClusterError.ts';
import type { ErrorCode } from '../kube/errorCodes.ts';
import type { ResourceType } from '../kube/resources.ts';
import type { ObjectLocation } from '../kube/writeRequest.ts';
import type { ManifestObject } from './parseManifests.ts';
import type { RestMapper } from './RestMapper.ts';
import { unifiedDiff } from './unifiedDiff.ts';
import { isSecret, maskSecretValues } from './maskSecretValues.ts';
import { ownership, withoutServerNoise } from './withoutServerNoise.ts';

export const DEFAULT_FIELD_MANAGER = 'fleetgraph';

/** The field manager a mutation names (default `fleetgraph`), checked before any cluster is asked. */
export function checkFieldManager(value: string | null | undefined): string {
  if (value === undefined || value === null) return DEFAULT_FIELD_MANAGER;
  if (value.length === 0 || value.length > 128 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError('input.fieldManager', `${quoteInput(value)} is not a field manager name: 1 to 128 printable characters`);
  }
  return value;
}

export type ApplyAction = 'CREATED' | 'CONFIGURED' | 'UNCHANGED';

export interface ApplyOptions {
  /** Owner of the applied fields. @default 'fleetgraph' */
  fieldManager?: string;
  /** Take over fields other managers own instead of failing with CONFLICT. @default false */
  force?: boolean;
  /** Plan: `dryRun=All` on every target, with a diff per object; nothing is written. @default false */
  dryRun?: boolean;
  /**
   * Plan: the most diff text one call returns over all clusters and objects; later diffs are
   * replaced by a note. Each diff is also cut at 64 KiB. @default 4194304 (4 MiB)
   */
  maxTotalDiffChars?: number;
  /** Told of an unexpected (non-cluster) failure, which becomes that cluster's INTERNAL_SERVER_ERROR. */
  onUnexpected?: (cluster: string, error: unknown) => void;
}

export interface AppliedObjectOutcome {
  apiVersion: string;
  kind: string;
  /** Where it was applied: null for cluster-scoped kinds. */
  namespace: string | null;
  name: string;
  /** null when the object failed (see `error`). */
  action: ApplyAction | null;
  /** Plan only: unified diff of the live object's YAML against the dry-run result ('' when equal). */
  diff: string | null;
  /** On CONFLICT: the fields other managers own. */
  conflicts: readonly FieldConflict[] | null;
  error: ClusterError | null;
  /** Plan only: what the server could not check for this object, and why. */
  warning: string | null;
}

export interface ClusterApplyOutcome {
  cluster: string;
  /** The objects attempted, in the order they were applied; after a cluster-level error the rest are not listed. */
  objects: AppliedObjectOutcome[];
  /** Why this cluster stopped (unreachable, timed out, credentials refused); null when every object was attempted. */
  error: ClusterError | null;
}

/** Failures that say nothing more will get through to this cluster now: its remaining objects are not attempted. */
const STOPS_CLUSTER: ReadonlySet<ErrorCode> = new Set(['CLUSTER_UNREACHABLE', 'CLUSTER_TIMEOUT', 'UNAUTHENTICATED']);

interface Served {
  metadata?: { resourceVersion?: string };
}

/** Namespaces first (their objects need them), then the rest in the manifests' order. */
export function applyOrder(objects: readonly ManifestObject[]): ManifestObject[] {
  const isNamespace = (o: ManifestObject) => o.kind === 'Namespace' && o.apiVersion === 'v1';
  return [...objects.filter(isNamespace), ...objects.filter((o) => !isNamespace(o))];
}

export function applyToClusters(
  targets: readonly ClusterClient[],
  objects: readonly ManifestObject[],
  mapper: RestMapper,
  options: ApplyOptions = {},
): Promise<ClusterApplyOutcome[]> {
  const ordered = applyOrder(objects);
  const budget: DiffBudget = { max: options.maxTotalDiffChars ?? DEFAULT_MAX_TOTAL_DIFF_CHARS, left: options.maxTotalDiffChars ?? DEFAULT_MAX_TOTAL_DIFF_CHARS };
  return Promise.all(targets.map((client) => applyToCluster(client, ordered, mapper, options, budget)));
}

export const DEFAULT_MAX_TOTAL_DIFF_CHARS = 4 * 1024 * 1024;

/** Why: a plan of 1,000 objects on 50 clusters would otherwise answer gigabytes of diff. */
interface DiffBudget {
  readonly max: number;
  left: number;
}

function spend(budget: DiffBudget, diff: string): string {
  if (diff.length <= budget.left) {
    budget.left -= diff.length;
    return diff;
  }
  budget.left = 0;
  return `... diff left out: this plan's diffs passed ${budget.max} characters in total; plan fewer objects or clusters at once\n`;
}

async function applyToCluster(client: ClusterClient, objects: readonly ManifestObject[], mapper: RestMapper, options: ApplyOptions, budget: DiffBudget): Promise<ClusterApplyOutcome> {
  const results: AppliedObjectOutcome[] = [];
  // A plan creates no Namespace, so the server cannot dry-run objects inside one the plan would create.
  const plannedNamespaces = new Set<string>();
  for (const o of objects) {
    const result: AppliedObjectOutcome = {
      apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, action: null, diff: null, conflicts: null, error: null, warning: null,
    };
    results.push(result);
    try {
      const type = await mapper.map(client, o.apiVersion, o.kind);
      // kubectl's rule: a namespaced object without a namespace goes to the default one; a cluster-scoped one has none.
      result.namespace = type.namespaced ? (o.namespace ?? 'default') : null;
      if (options.dryRun && result.namespace !== null && plannedNamespaces.has(result.namespace)) {
        planInNewNamespace(o, result, budget);
        continue;
      }
      await applyOne(client, type, o, result, options, budget);
      if (options.dryRun && o.kind === 'Namespace' && result.action === 'CREATED' && type.group === '') plannedNamespaces.add(o.name);
    } catch (e) {
      const error = e instanceof ClusterError ? e : unexpected(client.name, e, options);
      result.error = error;
      result.conflicts = error.conflicts ?? null;
      if (STOPS_CLUSTER.has(error.code) || !(e instanceof ClusterError)) return { cluster: client.name, objects: results, error };
    }
  }
  return { cluster: client.name, objects: results, error: null };
}

async function applyOne(client: ClusterClient, type: ResourceType, o: ManifestObject, result: AppliedObjectOutcome, options: ApplyOptions, budget: DiffBudget): Promise<void> {
  const at: ObjectLocation = { type, namespace: result.namespace, name: o.name };
  const live = await getLive(client, at);
  const answer = await client.send<Record<string, unknown>>({
    verb: 'apply', at, object: bodyFor(o.object, result.namespace),
    fieldManager: options.fieldManager ?? DEFAULT_FIELD_MANAGER, force: options.force === true, dryRun: options.dryRun === true,
  });
  if (options.dryRun) {
    // A dry run keeps the live resourceVersion: compare contents and ownership instead.
    const before = live && canonical(withoutServerNoise(live));
    const after = canonical(withoutServerNoise(answer.body));
    result.action = !live ? 'CREATED' : before === after && canonical(ownership(live)) === canonical(ownership(answer.body)) ? 'UNCHANGED' : 'CONFIGURED';
    const id = objectId(o, result.namespace);
    const [from, to] = planned(live && withoutServerNoise(live), withoutServerNoise(answer.body));
    result.diff = spend(budget, unifiedDiff(from ? toYaml(from) : '', toYaml(to), { fromName: `live/${id}`, toName: `planned/${id}` }));
    return;
  }
  // 201: the apply created it. Otherwise a write that changed nothing leaves the resourceVersion as it was.
  const unchanged = live !== null && (live as Served).metadata?.resourceVersion === (answer.body as Served).metadata?.resourceVersion;
  result.action = answer.status === 201 ? 'CREATED' : unchanged ? 'UNCHANGED' : 'CONFIGURED';
}

function planInNewNamespace(o: ManifestObject, result: AppliedObjectOutcome, budget: DiffBudget): void {
  const id = objectId(o, result.namespace);
  result.action = 'CREATED';
  result.diff = spend(budget, unifiedDiff('', toYaml(planned(null, bodyFor(o.object, result.namespace))[1]), { fromName: `live/${id}`, toName: `planned/${id}` }));
  result.warning = `namespace ${JSON.stringify(result.namespace)} does not exist yet (this plan creates it), so the cluster could not dry-run this object: ` +
    'the diff shows it as written, without the server\'s defaults, and the server has not validated it';
}

async function getLive(client: ClusterClient, at: ObjectLocation): Promise<Record<string, unknown> | null> {
  try {
    return (await client.send<Record<string, unknown>>({ verb: 'get', at })).body;
  } catch (e) {
    if (e instanceof ClusterError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

/** The manifest object with the namespace it is applied in (the URL's), or none for a cluster-scoped kind. */
function bodyFor(object: Record<string, unknown>, namespace: string | null): Record<string, unknown> {
  const metadata = { ...(object.metadata as Record<string, unknown>) };
  if (namespace === null) delete metadata.namespace;
  else metadata.namespace = namespace;
  return { ...object, metadata };
}

/** What a plan's diff compares: a Secret's values masked (maskSecretValues.ts), anything else as it is. */
function planned(live: Record<string, unknown> | null, after: Record<string, unknown>): [Record<string, unknown> | null, Record<string, unknown>] {
  return isSecret(after) || isSecret(live) ? maskSecretValues(live, after) : [live, after];
}

function unexpected(cluster: string, error: unknown, options: ApplyOptions): ClusterError {
  options.onUnexpected?.(cluster, error);
  return new ClusterError(cluster, 'INTERNAL_SERVER_ERROR', `cluster "${cluster}": an internal error stopped the apply there (details in the gateway log)`);
}

/** kubectl diff's file name for an object: `apps.v1.Deployment.shop.web`. */
function objectId(o: ManifestObject, namespace: string | null): string {
  return [o.apiVersion.replace('/', '.'), o.kind, ...(namespace ? [namespace] : []), o.name].join('.');
}

function toYaml(object: unknown): string {
  // Sorted keys and no folding, as kubectl diff prints objects: equal objects print equal text.
  return stringify(object, { sortMapEntries: true, lineWidth: 0 });
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}
