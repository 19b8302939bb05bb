/**
 * Printers of the cluster-level and identity kinds: Nodes, Namespaces, ServiceAccounts,
 * RoleBindings and ClusterRoleBindings, Leases, and Events.
 */

import { int, isObj, obj, objs, str, strMap } from '../obj.ts';
import { parseTime, since } from './humanDuration.ts';
import { age, nameOf } from './cells.ts';
import type { Printer } from './printer.ts';
import { AGE, col, D, NAME, wide } from './printer.ts';

export const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    wide('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses'),
    wide('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses'),
    wide('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    wide('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
    wide('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
  ],
  cells(node, now) {
    const status = obj(node['status']);
    const readyCond = objs(status['conditions']).filter((c) => c['type'] === 'Ready').pop();
    const states = readyCond ? [readyCond['status'] === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
    if (obj(node['spec'])['unschedulable'] === true) states.push('SchedulingDisabled');
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(strMap(obj(node['metadata'])['labels']) ?? {})) {
      if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
      else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
    }
    const info = obj(status['nodeInfo']);
    const address = (t: string): string => str(objs(status['addresses']).find((a) => a['type'] === t)?.['address']) || '<none>';
    return [
      nameOf(node), states.join(','), [...roles].sort().join(',') || '<none>', age(node, now), str(info['kubeletVersion']),
      address('InternalIP'), address('ExternalIP'), str(info['osImage']) || '<unknown>', str(info['kernelVersion']) || '<unknown>', str(info['containerRuntimeVersion']) || '<unknown>',
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (ns, now) => [nameOf(ns), str(obj(ns['status'])['phase']), age(ns, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (sa, now) => [nameOf(sa), Array.isArray(sa['secrets']) ? sa['secrets'].length : 0, age(sa, now)],
};

export function bindingPrinter(kind: string): Printer {
  return {
    columns: [
      NAME, col('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'), AGE,
      wide('Users', `Users in the ${kind}`), wide('Groups', `Groups in the ${kind}`), wide('ServiceAccounts', `ServiceAccounts in the ${kind}`),
    ],
    cells(b, now) {
      const ref = obj(b['roleRef']);
      const subjects = objs(b['subjects']);
      const of = (k: string): string[] => subjects.filter((s) => s['kind'] === k).map((s) => (k === 'ServiceAccount' ? `${str(s['namespace'])}/${str(s['name'])}` : str(s['name'])));
      return [nameOf(b), `${str(ref['kind'])}/${str(ref['name'])}`, age(b, now), of('User').join(', '), of('Group').join(', '), of('ServiceAccount').join(', ')];
    },
  };
}

export const leasePrinter: Printer = {
  columns: [NAME, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
  cells: (l, now) => [nameOf(l), str(obj(l['spec'])['holderIdentity']), age(l, now)],
};

// ---- events ----------------------------------------------------------------------------------

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    wide('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].'),
    wide('Source', 'The component reporting this event. Should be a short machine understandable string.'),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    wide('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
    wide('Count', 'The number of times this event has occurred.'),
    col('Name', 'string', D.name, { priority: 1, format: 'name' }),
  ],
  cells(ev, now) {
    const first = parseTime(ev['firstTimestamp']) !== undefined ? since(ev['firstTimestamp'], now) : since(ev['eventTime'], now);
    let last = parseTime(ev['lastTimestamp']) !== undefined ? since(ev['lastTimestamp'], now) : first;
    let count = int(ev['count']);
    const series = ev['series'];
    if (isObj(series)) {
      last = since(series['lastObservedTime'], now);
      count = int(series['count']);
    } else if (count === 0) {
      count = 1; // singleton events of the events.k8s.io API carry no count
    }
    const io = obj(ev['involvedObject']);
    const kind = str(io['kind']).toLowerCase();
    const target = str(io['name']) !== '' ? `${kind}/${str(io['name'])}` : kind;
    const source = obj(ev['source']);
    const component = str(source['component']) || str(ev['reportingComponent']);
    const instance = str(source['host']) || str(ev['reportingInstance']);
    return [last, str(ev['type']), str(ev['reason']), target, str(io['fieldPath']), instance === '' ? component : `${component}, ${instance}`, str(ev['message']).trim(), first, count, nameOf(ev)];
  },
};
