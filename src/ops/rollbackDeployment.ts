/**
 * `kubectl rollout undo deployment/NAME [--to-revision=N]` on one cluster, as kubectl's
 * DeploymentRollbacker does it: find the ReplicaSet the Deployment owns whose
 * `deployment.kubernetes.io/revision` is N (default: the newest before the current one), and
 * JSON-patch its pod template (without the pod-template-hash label) and its annotations back
 * into the Deployment. The Deployment controller then rolls out that template as a new revision.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import { RESOURCES } from '../kube/resources.ts';
import type { RestMapper } from './RestMapper.ts';
import type { WorkloadRef } from './workloadRef.ts';

const REVISION = 'deployment.kubernetes.io/revision';
/** Annotations that describe the Deployment's own rollout, kept from it rather than copied from the ReplicaSet (kubectl's annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
]);

interface Meta {
  name?: string;
  uid?: string;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ uid?: string; controller?: boolean }>;
}
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface Deployment {
  metadata?: Meta;
  spec?: { paused?: boolean; selector?: Selector; template?: { metadata?: { labels?: Record<string, string> } } & Record<string, unknown> };
}
interface ReplicaSet {
  metadata?: Meta;
  spec?: { template?: { metadata?: { labels?: Record<string, string> } & Record<string, unknown> } & Record<string, unknown> };
}

export interface RollbackOutcome {
  /** The revision whose template the Deployment now has. */
  revision: number;
  /** False when the Deployment already had that template (kubectl: "skipped rollback"). */
  changed: boolean;
}

export async function rollbackDeployment(client: ClusterClient, mapper: RestMapper, ref: WorkloadRef, toRevision: number | null, fieldManager: string): Promise<RollbackOutcome> {
  const type = await mapper.map(client, 'apps/v1', 'Deployment');
  const at = { type, namespace: ref.namespace, name: ref.name };
  const deployment = (await client.send<Deployment>({ verb: 'get', at })).body;
  const refuse = (why: string) => new ClusterError(client.name, 'BAD_USER_INPUT', `cluster "${client.name}": deployments "${ref.name}": ${why}`, 'deployments');
  if (deployment.spec?.paused) throw refuse('you cannot rollback a paused deployment; resume it first with kubectl rollout resume and try again');
  const owned = (await client.list<ReplicaSet>(RESOURCES.replicasets, { namespace: ref.namespace, labelSelector: selectorText(deployment.spec?.selector) }))
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata?.uid));
  const revisionOf = (m: Meta | undefined) => Number(m?.annotations?.[REVISION] ?? 0);
  const current = revisionOf(deployment.metadata);
  const history = owned.map((rs) => ({ rs, revision: revisionOf(rs.metadata) })).filter((h) => h.revision > 0);
  const target = toRevision !== null && toRevision > 0
    ? history.find((h) => h.revision === toRevision)
    : history.filter((h) => h.revision < current).sort((a, b) => b.revision - a.revision)[0];
  if (!target) {
    throw refuse(toRevision !== null && toRevision > 0 ? `unable to find specified revision ${toRevision} in history` : 'no rollout history found (no previous revision to roll back to)');
  }
  const template = structuredClone(target.rs.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  if (sameJson(template, deployment.spec?.template)) return { revision: target.revision, changed: false };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.rs.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  await client.send({
    verb: 'patch', at, patchType: 'json', fieldManager,
    patch: [{ op: 'replace', path: '/spec/template', value: template }, { op: 'replace', path: '/metadata/annotations', value: annotations }],
  });
  return { revision: target.revision, changed: true };
}

/** A LabelSelector as the label-selector text LIST takes. */
function selectorText(selector: Selector | undefined): string {
  const terms = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') terms.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') terms.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') terms.push(e.key);
    else if (e.operator === 'DoesNotExist') terms.push(`!${e.key}`);
  }
  return terms.join(',');
}

function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x);
  return canonical(a) === canonical(b);
}
