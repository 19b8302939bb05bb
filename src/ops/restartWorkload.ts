/**
 * `kubectl rollout restart` on one cluster: the pod template gets the annotation
 * `kubectl.kubernetes.io/restartedAt` set to now (a strategic merge patch, as kubectl sends
 * it), so the workload's controller rolls every pod with its usual strategy. A paused
 * Deployment is refused, as kubectl refuses it.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { RestMapper } from './RestMapper.ts';
import { WORKLOAD_API_VERSIONS, type WorkloadRef } from './workloadRef.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

export async function restartWorkload(client: ClusterClient, mapper: RestMapper, ref: WorkloadRef, now: Date, fieldManager: string): Promise<{ restartedAt: string }> {
  const type = await mapper.map(client, WORKLOAD_API_VERSIONS[ref.kind] ?? 'apps/v1', ref.kind);
  const at = { type, namespace: ref.namespace, name: ref.name };
  const live = await client.send<{ spec?: { paused?: boolean } }>({ verb: 'get', at });
  if (live.body.spec?.paused === true) {
    throw new ClusterError(client.name, 'BAD_USER_INPUT', `cluster "${client.name}": ${ref.kind.toLowerCase()}s "${ref.name}": can't restart paused ${ref.kind.toLowerCase()} (run rollout resume first)`);
  }
  // kubectl writes RFC 3339 with seconds and the local offset; UTC says the same instant.
  const restartedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } };
  await client.send({ verb: 'patch', at, patchType: 'strategic', patch, fieldManager });
  return { restartedAt };
}
