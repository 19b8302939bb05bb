/**
 * `kubectl expose` on one cluster: a Service for a workload, selecting its pods the way kubectl
 * finds them (a Deployment's, ReplicaSet's or StatefulSet's `spec.selector.matchLabels`, a
 * Pod's labels), carrying the workload's labels, with the port asked (target port: the same
 * unless given). For a LoadBalancer it can wait, within a bound, for the ingress to be assigned.
 */
import type { V1Service } from '@kubernetes/client-node';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { ClusterError } from '../kube/ClusterError.ts';
import type { RestMapper } from './RestMapper.ts';
import type { WorkloadRef } from './workloadRef.ts';

export const EXPOSABLE_KINDS: Readonly<Record<string, string>> = { Deployment: 'apps/v1', ReplicaSet: 'apps/v1', StatefulSet: 'apps/v1', Pod: 'v1' };

export interface ExposeSpec {
  port: number;
  targetPort?: number | null;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  serviceName?: string | null;
  /** LoadBalancer: how long to wait for `status.loadBalancer.ingress`; 0 answers at once. */
  waitForIngressMs: number;
  /** @default 250 */
  pollMs?: number;
}

interface Exposed {
  metadata?: { labels?: Record<string, string> };
  spec?: { selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } };
}

export async function exposeWorkload(client: ClusterClient, mapper: RestMapper, ref: WorkloadRef, spec: ExposeSpec, fieldManager: string): Promise<V1Service> {
  const type = await mapper.map(client, EXPOSABLE_KINDS[ref.kind] ?? 'apps/v1', ref.kind);
  const workload = (await client.send<Exposed>({ verb: 'get', at: { type, namespace: ref.namespace, name: ref.name } })).body;
  const refuse = (why: string) => new ClusterError(client.name, 'BAD_USER_INPUT', `cluster "${client.name}": ${type.plural} "${ref.name}": ${why}`, type.plural);
  let selector: Record<string, string> | undefined;
  if (ref.kind === 'Pod') selector = workload.metadata?.labels;
  else if ((workload.spec?.selector?.matchExpressions?.length ?? 0) > 0) throw refuse('its selector has match expressions, which a Service cannot hold (kubectl refuses it too)');
  else selector = workload.spec?.selector?.matchLabels;
  if (!selector || Object.keys(selector).length === 0) throw refuse('has no labels to select its pods by');
  const services = await mapper.map(client, 'v1', 'Service');
  const name = spec.serviceName ?? ref.name;
  const body = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: ref.namespace, ...(workload.metadata?.labels ? { labels: workload.metadata.labels } : {}) },
    spec: { type: spec.type, selector, ports: [{ protocol: 'TCP', port: spec.port, targetPort: spec.targetPort ?? spec.port }] },
  };
  let service = (await client.send<V1Service>({ verb: 'create', type: services, namespace: ref.namespace, object: body, fieldManager })).body;
  if (spec.type !== 'LoadBalancer' || spec.waitForIngressMs <= 0) return service;
  const deadline = Date.now() + spec.waitForIngressMs;
  while ((service.status?.loadBalancer?.ingress?.length ?? 0) === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, Math.min(spec.pollMs ?? 250, Math.max(0, deadline - Date.now()))));
    service = (await client.send<V1Service>({ verb: 'get', at: { type: services, namespace: ref.namespace, name } })).body;
  }
  return service;
}
