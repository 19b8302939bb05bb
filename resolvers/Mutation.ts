/**
 * Mutation roots: argument mapping into the write path's engine (src/ops/FleetOps). Thin by
 * design: target selection, input checks, the writes and the audit record are the engine's.
 */
import type { AppliedObjectResolvers, ClusterApplyResultResolvers, MutationResolvers } from '../src/generated/graphql.ts';
import type { ClusterError } from '../src/kube/ClusterError.ts';
import { InputError } from '../src/loaders/InputError.ts';
import { startRollout } from './Operation.ts';

const SERVICE_TYPES = { CLUSTER_IP: 'ClusterIP', NODE_PORT: 'NodePort', LOAD_BALANCER: 'LoadBalancer' } as const;
const POLICIES = { BACKGROUND: 'Background', FOREGROUND: 'Foreground', ORPHAN: 'Orphan' } as const;

export const Mutation: MutationResolvers = {
  apply: async (_, { input }, context) => {
    const { strategy } = input;
    if (strategy) return startRollout({ ...input, strategy }, context);
    return { clusters: await context.ops.apply(input), operation: null };
  },
  scale: async (_, { input }, { ops }) => (await ops.scale(input)).map((o) => ({
    cluster: o.cluster, previousReplicas: o.value?.previousReplicas ?? null, replicas: o.value?.replicas ?? null, error: errorData(o.error),
  })),
  restart: async (_, { input }, { ops }) => (await ops.restart(input)).map((o) => ({
    cluster: o.cluster, restartedAt: o.value?.restartedAt ?? null, revision: null, changed: null, error: errorData(o.error),
  })),
  rollback: async (_, { input }, { ops }) => (await ops.rollback(input)).map((o) => ({
    cluster: o.cluster, restartedAt: null, revision: o.value?.revision ?? null, changed: o.value?.changed ?? null, error: errorData(o.error),
  })),
  expose: async (_, { input }, { ops }) => {
    if (input.type === 'EXTERNAL_NAME') throw new InputError('input.type', 'EXTERNAL_NAME selects no pods: expose makes CLUSTER_IP, NODE_PORT or LOAD_BALANCER Services');
    const type = input.type ? SERVICE_TYPES[input.type] : null;
    return (await ops.expose({ ...input, type })).map((o) => ({
      cluster: o.cluster, service: o.value && { cluster: o.cluster, scope: o.value.metadata?.namespace ?? null, object: o.value }, error: errorData(o.error),
    }));
  },
  delete: async (_, { input }, { ops }) => {
    const policy = input.propagationPolicy ? POLICIES[input.propagationPolicy] : null;
    return (await ops.delete({ ...input, propagationPolicy: policy })).map((c) => ({
      cluster: c.cluster,
      deleted: c.objects.length > 0 && c.objects.every((o) => o.deleted),
      objects: c.objects.map((o) => ({ ...o, error: errorData(o.error) })),
      error: errorData(c.error),
    }));
  },
  copy: async (_, { input }, { ops }) => ({ clusters: await ops.copy(input), operation: null }),
};

/**
 * A cluster failure as data ({ code, message }). Why not the ClusterError itself: graphql-js
 * treats an Error returned by a resolver as thrown, which would turn data into a request error.
 */
function errorData(e: ClusterError | null): { code: string; message: string } | null {
  return e && { code: e.code, message: e.message };
}

export const ClusterApplyResult: ClusterApplyResultResolvers = {
  error: (c) => errorData(c.error),
};

export const AppliedObject: AppliedObjectResolvers = {
  error: (o) => errorData(o.error),
};
