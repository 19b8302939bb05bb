/**
 * ControllerRevisions, the template history of StatefulSets and DaemonSets (what `kubectl
 * rollout history` lists for them): one per distinct pod template, named `<owner>-<hash>`,
 * numbered; returning to an earlier template renumbers its revision rather than creating a new
 * one; history beyond revisionHistoryLimit is pruned.
 */
import { ApiError } from '../api/ApiError.ts';
import { R } from '../resources.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { cloneObject, type KObject, type PodTemplateSpec } from '../types.ts';
import type { ControllerDeps } from './ControllerManager.ts';
import { controllerRef, ownerRefTo } from './OwnerIndex.ts';
import { computeHash } from './templateHash.ts';

const MANAGER = 'kube-controller-manager';

export type ControllerRevision = KObject & { data?: unknown; revision: number };

export interface RevisionOptions {
  /** The revision label carrying the hash: `controller.kubernetes.io/hash` (StatefulSet) or `controller-revision-hash` (DaemonSet). */
  hashLabel: string;
}

export interface Revisions {
  /** The revision of the current template. */
  update: ControllerRevision;
  hash: string;
  /** All revisions of the owner, oldest first (including `update`). */
  all: ControllerRevision[];
}

function revisionData(template: PodTemplateSpec): unknown {
  return { spec: { template: { ...cloneObject(template), $patch: 'replace' } } };
}

/** The pod template a revision recorded. */
export function revisionTemplate(rev: ControllerRevision): PodTemplateSpec | undefined {
  const t = (rev.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template;
  if (!t) return undefined;
  const { $patch: _p, ...rest } = t;
  return rest;
}

export function ownedRevisions({ ctx, owners }: Pick<ControllerDeps, 'ctx' | 'owners'>, owner: KObject): ControllerRevision[] {
  return owners.ownedBy<ControllerRevision>(ctx.registry.store, R.controllerrevisions, owner.metadata.uid)
    .filter((r) => controllerRef(r)?.uid === owner.metadata.uid)
    .sort((a, b) => a.revision - b.revision);
}

/** Make sure the owner's current template has a revision, and that it is the newest. */
export function syncRevisions(deps: Pick<ControllerDeps, 'ctx' | 'owners'>, owner: KObject, template: PodTemplateSpec, opts: RevisionOptions): Revisions {
  const { registry } = deps.ctx;
  const ns = owner.metadata.namespace ?? '';
  const all = ownedRevisions(deps, owner);
  const data = revisionData(template);
  const max = all.reduce((m, r) => Math.max(m, r.revision), 0);
  const equal = all.filter((r) => stableEqual(r.data, data));
  const found = equal[equal.length - 1];
  if (found) {
    const hash = found.metadata.labels?.[opts.hashLabel] ?? computeHash(template);
    if (found.revision === max) return { update: found, hash, all };
    const renumbered = registry.mutate<ControllerRevision>(R.controllerrevisions, ns, found.metadata.name, (draft) => {
      draft.revision = max + 1;
    }, { fieldManager: MANAGER }) ?? found;
    return { update: renumbered, hash, all: [...all.filter((r) => r !== found), renumbered] };
  }
  for (let collisions = 0; ; collisions++) {
    const hash = computeHash(template, collisions);
    try {
      const created = registry.create<ControllerRevision>(R.controllerrevisions, {
        metadata: {
          name: `${owner.metadata.name}-${hash}`,
          namespace: ns,
          labels: { ...(template.metadata?.labels ?? {}), [opts.hashLabel]: hash },
          ownerReferences: [ownerRefTo(owner)],
        },
        data,
        revision: max + 1,
      }, { fieldManager: MANAGER });
      return { update: created, hash, all: [...all, created] };
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists' || collisions >= 5) throw e;
    }
  }
}

/** Delete the oldest revisions beyond `limit`, sparing the ones in `live`. */
export function pruneRevisions(deps: Pick<ControllerDeps, 'ctx'>, all: ControllerRevision[], live: Set<string>, limit: number): void {
  const spare = all.filter((r) => !live.has(r.metadata.name));
  for (const r of spare.slice(0, Math.max(0, spare.length - limit))) {
    try {
      deps.ctx.registry.delete(R.controllerrevisions, r.metadata.namespace ?? '', r.metadata.name);
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'NotFound') throw e;
    }
  }
}
