/**
 * Printers of the apps/v1 kinds: Deployments, ReplicaSets, StatefulSets, DaemonSets and
 * ControllerRevisions; and of the PodDisruptionBudgets (policy/v1) that guard them.
 */

import type { Obj } from '../obj.ts';
import { int, isObj, obj, objs, str, strMap } from '../obj.ts';
import { formatLabelSelector, formatLabels } from '../labelSelector.ts';
import { age, containerCells, nameOf, selectorString, templateSpec } from './cells.ts';
import type { Printer } from './printer.ts';
import { AGE, col, D, NAME, wide } from './printer.ts';

export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE, wide('Containers', D.containers), wide('Images', D.images), wide('Selector', D.selector),
  ],
  cells(d, now) {
    const spec = obj(d['spec']);
    const status = obj(d['status']);
    const [names, images] = containerCells(templateSpec(d));
    return [nameOf(d), `${int(status['readyReplicas'])}/${int(spec['replicas'] ?? 1)}`, int(status['updatedReplicas']), int(status['availableReplicas']), age(d, now), names, images, selectorString(spec['selector'])];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE, wide('Containers', D.containers), wide('Images', D.images), wide('Selector', D.selector),
  ],
  cells(rs, now) {
    const spec = obj(rs['spec']);
    const status = obj(rs['status']);
    const [names, images] = containerCells(templateSpec(rs));
    return [nameOf(rs), int(spec['replicas'] ?? 1), int(status['replicas']), int(status['readyReplicas']), age(rs, now), names, images, formatLabelSelector(isObj(spec['selector']) ? spec['selector'] : undefined)];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, wide('Containers', D.containers), wide('Images', D.images)],
  cells(s, now) {
    const [names, images] = containerCells(templateSpec(s));
    return [nameOf(s), `${int(obj(s['status'])['readyReplicas'])}/${int(obj(s['spec'])['replicas'] ?? 1)}`, age(s, now), names, images];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    AGE, wide('Containers', D.containers), wide('Images', D.images), wide('Selector', D.selector),
  ],
  cells(ds, now) {
    const status = obj(ds['status']);
    const tspec = templateSpec(ds);
    const [names, images] = containerCells(tspec);
    const sel = obj(ds['spec'])['selector'];
    return [
      nameOf(ds), int(status['desiredNumberScheduled']), int(status['currentNumberScheduled']), int(status['numberReady']), int(status['updatedNumberScheduled']), int(status['numberAvailable']),
      formatLabels(strMap(tspec['nodeSelector'])), age(ds, now), names, images, formatLabelSelector(isObj(sel) ? sel : undefined),
    ];
  },
};

function controllerOf(o: Obj): string {
  const ref = objs(obj(o['metadata'])['ownerReferences']).find((r) => r['controller'] === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref['apiVersion']);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref['kind']);
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(ref['name'])}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [NAME, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'), AGE],
  cells: (cr, now) => [nameOf(cr), controllerOf(cr), int(cr['revision']), age(cr, now)],
};

/** printPodDisruptionBudget: either bound may be unset, shown as N/A. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME,
    col('Min Available', 'string', 'The minimum number of pods that must be available simultaneously.  This can be either an integer or percentage.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable simultaneously.  This can be either an integer or percentage.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  cells(p, now) {
    const spec = obj(p['spec']);
    const bound = (v: unknown): string => (typeof v === 'number' || typeof v === 'string' ? String(v) : 'N/A');
    return [nameOf(p), bound(spec['minAvailable']), bound(spec['maxUnavailable']), int(obj(p['status'])['disruptionsAllowed']), age(p, now)];
  },
};
