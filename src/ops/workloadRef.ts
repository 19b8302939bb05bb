/**
 * One named object a mutation acts on (`kind`, `namespace`, `name`), checked before any cluster
 * is asked: a kind the mutation does not handle, or a name no cluster could hold, is the
 * caller's mistake (BAD_USER_INPUT), not one failure per cluster.
 */
import { quoteInput } from '../fleet/quoteInput.ts';
import { InputError } from '../loaders/InputError.ts';
import { dns1123LabelProblem, pathSegmentNameProblem } from '../loaders/kubeNames.ts';

export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

/** The apiVersion of each kind a workload mutation may name. */
export const WORKLOAD_API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1',
};

export function checkWorkloadRef(input: { kind: string; namespace: string; name: string }, kinds: readonly string[]): WorkloadRef {
  if (!kinds.includes(input.kind)) {
    throw new InputError('input.kind', `${quoteInput(input.kind)} is not one of ${kinds.join(', ')}`);
  }
  const ns = dns1123LabelProblem(input.namespace);
  if (ns) throw new InputError('input.namespace', `${quoteInput(input.namespace)} is not a namespace name: it ${ns}`);
  const name = pathSegmentNameProblem(input.name);
  if (name) throw new InputError('input.name', `${quoteInput(input.name)} is not an object name: it ${name}`);
  return { kind: input.kind, namespace: input.namespace, name: input.name };
}
