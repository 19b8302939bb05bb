/** Service, ConfigMap and Secret: namespaced config and networking objects. */
import type { ConfigMapResolvers, SecretResolvers, ServiceResolvers } from '../src/generated/graphql.ts';
import { clusterField } from './clusterOf.ts';
import { toLabels } from './labels.ts';
import { pathOf } from './path.ts';

const SERVICE_TYPES = { ClusterIP: 'CLUSTER_IP', NodePort: 'NODE_PORT', LoadBalancer: 'LOAD_BALANCER', ExternalName: 'EXTERNAL_NAME' } as const;

export const Service: ServiceResolvers = {
  cluster: clusterField,
  namespace: (s) => s.object.metadata?.namespace ?? '',
  name: (s) => s.object.metadata?.name ?? '',
  labels: (s) => toLabels(s.object.metadata?.labels),
  type: (s) => SERVICE_TYPES[(s.object.spec?.type ?? 'ClusterIP') as keyof typeof SERVICE_TYPES] ?? 'CLUSTER_IP',
  clusterIP: (s) => s.object.spec?.clusterIP ?? null,
  externalName: (s) => s.object.spec?.externalName ?? null,
  externalIPs: (s) => [
    ...(s.object.spec?.externalIPs ?? []),
    ...(s.object.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter((x) => x !== ''),
  ],
  ports: (s) => (s.object.spec?.ports ?? []).map((p) => ({
    name: p.name ?? null,
    protocol: p.protocol ?? 'TCP',
    port: p.port,
    targetPort: p.targetPort === undefined ? null : String(p.targetPort),
    nodePort: p.nodePort ?? null,
  })),
  pods: (s, _, { reader }, info) => reader.podsOfService(s, pathOf(info)),
};

export const ConfigMap: ConfigMapResolvers = {
  cluster: clusterField,
  namespace: (c) => c.object.metadata?.namespace ?? '',
  name: (c) => c.object.metadata?.name ?? '',
  labels: (c) => toLabels(c.object.metadata?.labels),
  data: (c) => c.object.data ?? {},
};

export const Secret: SecretResolvers = {
  cluster: clusterField,
  namespace: (s) => s.object.metadata?.namespace ?? '',
  name: (s) => s.object.metadata?.name ?? '',
  labels: (s) => toLabels(s.object.metadata?.labels),
  type: (s) => s.object.type ?? 'Opaque',
  // Values were dropped when the list arrived (FleetLoaders); only key names remain.
  keys: (s) => Object.keys(s.object.data ?? {}).sort(),
};
