/** Every resolver map, one module per GraphQL type (or small family of types). */
import type { Resolvers } from '../src/generated/graphql.ts';
import { Cluster, ClusterStatus } from './Cluster.ts';
import { Event } from './Event.ts';
import { ExportQuery } from './Export.ts';
import { Namespace, Node } from './Node.ts';
import { AppliedObject, ClusterApplyResult, Mutation } from './Mutation.ts';
import { ClusterStatusChange, EventDelivery, ResourceChange, Subscription } from './Subscription.ts';
import { OperationMutation, OperationQuery } from './Operation.ts';
import { Pod } from './Pod.ts';
import { Query } from './Query.ts';
import { DateTimeScalar, JsonScalar, type ScalarBehaviour } from './scalars.ts';
import { ConfigMap, Secret, Service } from './Service.ts';
import { DaemonSet, Deployment, StatefulSet, Workload } from './Workload.ts';

/** Codegen types scalar resolvers as GraphQLScalarType; ours carry behaviour only (see scalars.ts). */
type FleetResolvers = Omit<Resolvers, 'DateTime' | 'JSON'> & { DateTime: ScalarBehaviour<string>; JSON: ScalarBehaviour<unknown> };

export const resolvers: FleetResolvers = {
  Query: { ...Query, ...ExportQuery, ...OperationQuery }, Mutation: { ...Mutation, ...OperationMutation }, Subscription, EventDelivery, ResourceChange, ClusterStatusChange,
  ClusterApplyResult, AppliedObject,
  Cluster, ClusterStatus, Node, Namespace,
  Workload, Deployment, StatefulSet, DaemonSet,
  Pod, Service, ConfigMap, Secret, Event,
  DateTime: DateTimeScalar, JSON: JsonScalar,
};
