/**
 * `kubectl scale` on one cluster: through the scale subresource (so it works the same for
 * Deployments, StatefulSets and ReplicaSets, and an HPA-style owner sees an ordinary scale), a
 * merge patch of `spec.replicas`, as kubectl sends it. The count before comes from the scale
 * read just before the write.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { RestMapper } from './RestMapper.ts';
import { WORKLOAD_API_VERSIONS, type WorkloadRef } from './workloadRef.ts';

export interface ScaleOutcome {
  previousReplicas: number;
  replicas: number;
}

interface Scale {
  spec?: { replicas?: number };
}

export async function scaleWorkload(client: ClusterClient, mapper: RestMapper, ref: WorkloadRef, replicas: number, fieldManager: string): Promise<ScaleOutcome> {
  const type = await mapper.map(client, WORKLOAD_API_VERSIONS[ref.kind] ?? 'apps/v1', ref.kind);
  const at = { type, namespace: ref.namespace, name: ref.name, subresource: 'scale' as const };
  const before = await client.send<Scale>({ verb: 'get', at });
  const after = await client.send<Scale>({ verb: 'patch', at, patchType: 'merge', patch: { spec: { replicas } }, fieldManager });
  return { previousReplicas: before.body.spec?.replicas ?? 0, replicas: after.body.spec?.replicas ?? replicas };
}
