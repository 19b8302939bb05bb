/**
 * Server-side printing: the `meta.k8s.io/v1` Table that `kubectl get` asks for with
 * `Accept: application/json;as=Table;...`. Columns and cells follow kube-apiserver's printers
 * (pkg/printers/internalversion/printers.go), which kube always runs in wide mode: the priority
 * 1 columns are present and kubectl drops them unless `-o wide`. The printers live in printers/;
 * this module picks one per kind and assembles the Table.
 */

import type { JsonObject, KObject } from '../types.ts';
import type { ResourceType } from '../resources.ts';
import { groupVersion } from '../resources.ts';
import type { Obj } from './obj.ts';
import type { Printer } from './printers/printer.ts';
import { bindingPrinter, eventPrinter, leasePrinter, namespacePrinter, nodePrinter, serviceAccountPrinter } from './printers/cluster.ts';
import { configMapPrinter, secretPrinter } from './printers/config.ts';
import { defaultPrinter } from './printers/defaultPrinter.ts';
import { endpointSlicePrinter, endpointsPrinter, networkPolicyPrinter, servicePrinter } from './printers/network.ts';
import { podPrinter } from './printers/pods.ts';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, podDisruptionBudgetPrinter, replicaSetPrinter, statefulSetPrinter } from './printers/workloads.ts';

export { humanDuration } from './printers/humanDuration.ts';

export interface TableOptions {
  now: Date;
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

const PRINTERS: Record<string, Printer> = {
  'v1/Pod': podPrinter,
  'v1/Node': nodePrinter,
  'v1/Service': servicePrinter,
  'v1/Endpoints': endpointsPrinter,
  'discovery.k8s.io/v1/EndpointSlice': endpointSlicePrinter,
  'v1/ConfigMap': configMapPrinter,
  'v1/Secret': secretPrinter,
  'v1/Namespace': namespacePrinter,
  'v1/ServiceAccount': serviceAccountPrinter,
  'v1/Event': eventPrinter,
  'apps/v1/Deployment': deploymentPrinter,
  'apps/v1/ReplicaSet': replicaSetPrinter,
  'apps/v1/StatefulSet': statefulSetPrinter,
  'apps/v1/DaemonSet': daemonSetPrinter,
  'apps/v1/ControllerRevision': controllerRevisionPrinter,
  'rbac.authorization.k8s.io/v1/RoleBinding': bindingPrinter('roleBinding'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': bindingPrinter('clusterRoleBinding'),
  'coordination.k8s.io/v1/Lease': leasePrinter,
  'policy/v1/PodDisruptionBudget': podDisruptionBudgetPrinter,
  'networking.k8s.io/v1/NetworkPolicy': networkPolicyPrinter,
};

/** The Table kube-apiserver returns for a get or list of `type` (one object for a get). */
export function toTable(type: ResourceType, objects: KObject[], opts: TableOptions): JsonObject {
  const printer = PRINTERS[`${groupVersion(type)}/${type.kind}`] ?? defaultPrinter;
  const now = opts.now.getTime();
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((o) => {
    const rec = o as Obj;
    const row: JsonObject = { cells: printer.cells(rec, now) };
    const conditions = printer.conditions?.(rec);
    if (conditions) row['conditions'] = conditions;
    if (include === 'Object') row['object'] = o;
    else if (include === 'Metadata') row['object'] = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    return row;
  });
  const metadata: JsonObject = {};
  const lm = opts.listMeta ?? {};
  if (lm.resourceVersion !== undefined && lm.resourceVersion !== '') metadata['resourceVersion'] = lm.resourceVersion;
  if (lm.continue !== undefined && lm.continue !== '') metadata['continue'] = lm.continue;
  if (lm.remainingItemCount !== undefined) metadata['remainingItemCount'] = lm.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}
