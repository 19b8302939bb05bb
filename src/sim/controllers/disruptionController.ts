/**
 * kube-controller-manager's disruption controller: keeps each PodDisruptionBudget's status, the
 * numbers `kubectl get pdb` shows (ALLOWED DISRUPTIONS) and eviction would obey. For the pods its
 * selector matches in its namespace:
 *
 * - expectedPods: with `maxUnavailable` or a percentage `minAvailable`, the sum of the replicas of
 *   the pods' controllers (a ReplicaSet's Deployment, else the ReplicaSet; a StatefulSet); with an
 *   integer `minAvailable`, the number of pods;
 * - desiredHealthy: `minAvailable` (a percentage rounded up), or expectedPods minus
 *   `maxUnavailable` (a percentage rounded up);
 * - currentHealthy: the Ready pods not being deleted;
 * - disruptionsAllowed: currentHealthy minus desiredHealthy, at least 0, and the condition
 *   DisruptionAllowed (SufficientPods / InsufficientPods).
 *
 * Evictions (and so `disruptedPods`) are not simulated.
 */
import { matchesLabelSelector } from '../api/labelSelector.ts';
import { R } from '../resources.ts';
import type { Deployment, KObject, LabelSelector, Pod, ReplicaSet, StatefulSet } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { controllerRef } from './OwnerIndex.ts';
import { isReady, isTerminating } from './podState.ts';

const MANAGER = 'kube-controller-manager';
/** Changes of these can change a budget's numbers. */
const WATCHED = new Set(['/pods', 'apps/replicasets', 'apps/deployments', 'apps/statefulsets']);

type IntOrString = number | string;

interface PodDisruptionBudget extends KObject {
  spec?: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: LabelSelector | null };
  status?: {
    observedGeneration?: number; disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number; expectedPods: number;
    conditions?: { type: string; status: string; observedGeneration?: number; lastTransitionTime: string; reason: string; message: string }[];
  };
}

/** intstr.GetScaledValueFromIntOrPercent with roundUp; undefined for a malformed value. */
function scaled(value: IntOrString, total: number): number | undefined {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : undefined;
}

export function createDisruptionController({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock } = ctx;
  /** namespace → names of its budgets: a pod change wakes only its namespace's budgets, if any. */
  const budgets = new Map<string, Set<string>>();

  function track(namespace: string, name: string, present: boolean): void {
    let names = budgets.get(namespace);
    if (present) {
      if (!names) budgets.set(namespace, (names = new Set()));
      names.add(name);
    } else if (names) {
      names.delete(name);
      if (names.size === 0) budgets.delete(namespace);
    }
  }

  /** The replicas of the pod's scale-bearing controller, named once per controller. */
  function controllerScale(pod: Pod): [string, number] | undefined {
    const ref = controllerRef(pod);
    const ns = pod.metadata.namespace ?? '';
    if (ref?.kind === 'ReplicaSet') {
      const rs = registry.get<ReplicaSet>(R.replicasets, ns, ref.name);
      if (!rs) return undefined;
      const owner = controllerRef(rs);
      if (owner?.kind === 'Deployment') {
        const d = registry.get<Deployment>(R.deployments, ns, owner.name);
        return d ? [`Deployment/${d.metadata.uid}`, d.spec.replicas ?? 1] : undefined;
      }
      return [`ReplicaSet/${rs.metadata.uid}`, rs.spec.replicas ?? 1];
    }
    if (ref?.kind === 'StatefulSet') {
      const sts = registry.get<StatefulSet>(R.statefulsets, ns, ref.name);
      return sts ? [`StatefulSet/${sts.metadata.uid}`, sts.spec.replicas ?? 1] : undefined;
    }
    return undefined;
  }

  function expectedScale(pods: Pod[]): number {
    const scales = new Map<string, number>();
    for (const p of pods) {
      const s = controllerScale(p);
      if (s) scales.set(s[0], s[1]);
    }
    return [...scales.values()].reduce((a, b) => a + b, 0);
  }

  return {
    name: 'disruption-controller',
    onChange(change) {
      if (change.resource === 'policy/poddisruptionbudgets') {
        track(change.namespace, change.name, change.type !== 'DELETED');
        if (change.type !== 'DELETED') queue.add(`${change.namespace}/${change.name}`);
      } else if (WATCHED.has(change.resource)) {
        for (const name of budgets.get(change.namespace) ?? []) queue.add(`${change.namespace}/${name}`);
      }
    },
    start() {
      for (const b of registry.list(R.poddisruptionbudgets)) {
        track(b.metadata.namespace ?? '', b.metadata.name, true);
        queue.add(`${b.metadata.namespace}/${b.metadata.name}`);
      }
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const pdb = registry.get<PodDisruptionBudget>(R.poddisruptionbudgets, ns, name);
      if (!pdb || pdb.metadata.deletionTimestamp) return;
      const spec = pdb.spec ?? {};
      const pods = registry.list<Pod>(R.pods, ns).filter((p) => matchesLabelSelector(spec.selector, p.metadata.labels));
      let expected: number;
      let desired: number | undefined;
      if (spec.maxUnavailable !== undefined) {
        expected = expectedScale(pods);
        const unavailable = scaled(spec.maxUnavailable, expected);
        desired = unavailable === undefined ? undefined : Math.max(0, expected - unavailable);
      } else if (typeof spec.minAvailable === 'number') {
        expected = pods.length;
        desired = spec.minAvailable;
      } else if (typeof spec.minAvailable === 'string') {
        expected = expectedScale(pods);
        desired = scaled(spec.minAvailable, expected);
      } else {
        expected = pods.length;
        desired = 0;
      }
      const healthy = pods.filter((p) => !isTerminating(p) && isReady(p)).length;
      const allowed = desired === undefined ? 0 : Math.max(0, healthy - desired);
      const generation = pdb.metadata.generation;
      const condition = allowed > 0
        ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
        : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
      const old = pdb.status;
      const oldCondition = old?.conditions?.find((c) => c.type === 'DisruptionAllowed');
      const same = old !== undefined && old.observedGeneration === generation && old.expectedPods === expected
        && old.desiredHealthy === (desired ?? 0) && old.currentHealthy === healthy && old.disruptionsAllowed === allowed
        && oldCondition?.status === condition.status && oldCondition.reason === condition.reason;
      if (same) return;
      registry.mutate<PodDisruptionBudget>(R.poddisruptionbudgets, ns, name, (draft) => {
        draft.status = {
          ...(generation !== undefined ? { observedGeneration: generation } : {}),
          disruptionsAllowed: allowed, currentHealthy: healthy, desiredHealthy: desired ?? 0, expectedPods: expected,
          conditions: [{
            ...condition, ...(generation !== undefined ? { observedGeneration: generation } : {}),
            // meta.SetStatusCondition: the transition time moves only when the status does.
            lastTransitionTime: oldCondition?.status === condition.status ? oldCondition.lastTransitionTime : clock.timestamp(),
          }],
        };
      }, { subresource: 'status', fieldManager: MANAGER });
    },
  };
}
