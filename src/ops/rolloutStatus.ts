/**
 * Whether one Deployment, StatefulSet or DaemonSet has rolled out, read from its live object
 * with the rules (and words) of `kubectl rollout status` (kubectl's polymorphichelpers
 * rollout_status.go), so a wave waits for exactly what an operator would wait for by hand.
 * `failed` is the one outcome that no amount of waiting changes: a Deployment whose Progressing
 * condition says ProgressDeadlineExceeded.
 */

export interface RolloutVerdict {
  done: boolean;
  failed: boolean;
  message: string;
}

/** The kinds a wave waits for (apps/v1). */
export const ROLLOUT_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

interface Workload {
  metadata?: { name?: string; generation?: number };
  spec?: {
    replicas?: number;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
  };
}

const waiting = (message: string): RolloutVerdict => ({ done: false, failed: false, message });

export function rolloutStatus(kind: string, object: unknown): RolloutVerdict {
  const w = (object ?? {}) as Workload;
  const name = w.metadata?.name ?? '';
  const generation = w.metadata?.generation ?? 0;
  const status = w.status ?? {};
  const observed = status.observedGeneration ?? 0;
  switch (kind) {
    case 'Deployment': {
      if (generation > observed) return waiting('Waiting for deployment spec update to be observed...');
      const progressing = status.conditions?.find((c) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') {
        return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
      }
      const updated = status.updatedReplicas ?? 0;
      const replicas = status.replicas ?? 0;
      const available = status.availableReplicas ?? 0;
      const desired = w.spec?.replicas ?? 1;
      if (updated < desired) return waiting(`Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`);
      if (replicas > updated) return waiting(`Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`);
      if (available < updated) return waiting(`Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`);
      return { done: true, failed: false, message: `deployment "${name}" successfully rolled out` };
    }
    case 'DaemonSet': {
      // kubectl refuses OnDelete (pods change only when deleted, so there is nothing to wait for); a wave does not wait either.
      if (w.spec?.updateStrategy?.type === 'OnDelete') return { done: true, failed: false, message: `daemon set "${name}" uses the OnDelete strategy: not waited for` };
      if (generation > observed) return waiting('Waiting for daemon set spec update to be observed...');
      const desired = status.desiredNumberScheduled ?? 0;
      const updated = status.updatedNumberScheduled ?? 0;
      const available = status.numberAvailable ?? 0;
      if (updated < desired) return waiting(`Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`);
      if (available < desired) return waiting(`Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`);
      return { done: true, failed: false, message: `daemon set "${name}" successfully rolled out` };
    }
    case 'StatefulSet': {
      if (w.spec?.updateStrategy?.type === 'OnDelete') return { done: true, failed: false, message: `statefulset "${name}" uses the OnDelete strategy: not waited for` };
      if (observed === 0 || generation > observed) return waiting('Waiting for statefulset spec update to be observed...');
      const desired = w.spec?.replicas ?? 1;
      const ready = status.readyReplicas ?? 0;
      if (ready < desired) return waiting(`Waiting for ${desired - ready} pods to be ready...`);
      // As kubectl: with rollingUpdate given (the API server defaults it), updated replicas past the partition are the test.
      const rollingUpdate = w.spec?.updateStrategy?.rollingUpdate;
      if (rollingUpdate !== undefined) {
        const updated = status.updatedReplicas ?? 0;
        const partition = rollingUpdate.partition;
        if (partition !== undefined && updated < desired - partition) {
          return waiting(`Waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated...`);
        }
        return { done: true, failed: false, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
      }
      if (status.updateRevision !== status.currentRevision) {
        return waiting(`waiting for statefulset rolling update to complete ${status.updatedReplicas ?? 0} pods at revision ${status.updateRevision ?? ''}...`);
      }
      return { done: true, failed: false, message: `statefulset rolling update complete ${status.currentRevision ?? ''}` };
    }
    default:
      return { done: true, failed: false, message: `${kind} has no rollout to wait for` };
  }
}
