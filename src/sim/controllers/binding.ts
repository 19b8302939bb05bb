/**
 * The pods/binding subresource as kube-apiserver implements it: one atomic write that sets
 * `spec.nodeName` and the PodScheduled=True condition of a pod not yet bound. It bypasses the
 * pod update strategy (which forbids spec changes) just as the real binding storage does, so it
 * goes to the store directly, guarded by the pod's resourceVersion and uid.
 */
import { errors } from '../api/ApiError.ts';
import type { Registry } from '../registry/Registry.ts';
import { R, storeKey } from '../resources.ts';
import { StoreError } from '../store/ObjectStore.ts';
import { cloneObject, type Pod, type PodCondition } from '../types.ts';

/** Bind the pod to `node`. Throws Conflict if it is bound already or being deleted, NotFound if gone. */
export function bindPod(registry: Registry, namespace: string, name: string, uid: string, node: string): Pod {
  const stored = registry.getStored(R.pods, namespace, name);
  const pod = stored?.object as Pod | undefined;
  if (!stored || !pod || pod.metadata.uid !== uid) throw errors.notFound(R.pods, name);
  if (pod.spec.nodeName) throw errors.conflict(R.pods, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  if (pod.metadata.deletionTimestamp) throw errors.conflict(R.pods, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  const next = cloneObject(pod);
  next.spec.nodeName = node;
  const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: registry.clock.timestamp() };
  const status = (next.status ??= {});
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), scheduled];
  try {
    return registry.store.update(storeKey(R.pods), next, stored.rv).object as Pod;
  } catch (e) {
    if (e instanceof StoreError && e.reason === 'Conflict') throw errors.conflict(R.pods, name);
    if (e instanceof StoreError && e.reason === 'NotFound') throw errors.notFound(R.pods, name);
    throw e;
  }
}
