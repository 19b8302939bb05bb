/**
 * Checks a read field's arguments by name before the field asks any cluster (and before any
 * look-ahead prefetch). Why: an argument no cluster could match (a namespace `Payments`, a name
 * `../../etc`, a 10,000-character value) would otherwise go to every selected cluster and come
 * back as an empty list with no error, or as one 431 per cluster. Every argument that names a
 * namespace is called `namespace`, so checking by name covers every field that has one.
 * Cursors and `first` are checked where the selection is known (`checkPageArguments`).
 */
import { parseLabelSelector, SelectorError } from '../fleet/labelSelector.ts';
import { quoteInput } from '../fleet/quoteInput.ts';
import { checkFieldSelector, MAX_SELECTOR_LENGTH } from './fieldSelectors.ts';
import { InputError } from './InputError.ts';
import { dns1123LabelProblem, pathSegmentNameProblem } from './kubeNames.ts';

/** Kinds are Go type names: a letter, then letters and digits. */
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/** Longest cluster name accepted in `clusterNames` (kubeconfig context names are free-form, but not unbounded). */
export const MAX_CLUSTER_NAME_LENGTH = 253;

export interface ArgumentChecks {
  /** The resource a `fieldSelector` argument filters (a name from `src/kube/resources.ts`). */
  fieldSelectorResource?: string;
}

function checkLength(argument: string, value: string, max: number): void {
  if (value.length > max) throw new InputError(argument, `is ${value.length} characters long; at most ${max} are accepted`);
}

function checkName(argument: string, value: string, problemOf: (v: string) => string | undefined, what: string): void {
  const problem = problemOf(value);
  if (problem !== undefined) throw new InputError(argument, `${quoteInput(value)} is not a valid ${what}: ${problem}`);
}

function checkLabelSelector(argument: string, text: string): void {
  checkLength(argument, text, MAX_SELECTOR_LENGTH);
  try {
    parseLabelSelector(text);
  } catch (e) {
    if (e instanceof SelectorError) throw new InputError(argument, e.message);
    throw e;
  }
}

/** Throws InputError (BAD_USER_INPUT) naming the first argument that is wrong and what is wrong with it. */
export function validateArguments(args: Readonly<Record<string, unknown>>, checks: ArgumentChecks = {}): void {
  const { namespace, involvedName, involvedKind, labelSelector, fieldSelector, clusters, clusterNames } = args;
  // "" is Kubernetes' "all namespaces", as leaving the argument out.
  if (typeof namespace === 'string' && namespace !== '') checkName('namespace', namespace, dns1123LabelProblem, 'namespace name');
  if (typeof involvedName === 'string') checkName('involvedName', involvedName, pathSegmentNameProblem, 'object name');
  if (typeof involvedKind === 'string') {
    checkLength('involvedKind', involvedKind, 63);
    if (!KIND.test(involvedKind)) throw new InputError('involvedKind', `${quoteInput(involvedKind)} is not a kind: kinds are letters and digits, starting with a letter (e.g. Pod, Deployment)`);
  }
  // Parsed here, not only by Fleet.select, so its errors are always attributed to `clusters`.
  if (typeof clusters === 'string') checkLabelSelector('clusters', clusters);
  if (Array.isArray(clusterNames)) {
    for (const name of clusterNames) {
      if (typeof name === 'string' && name.length > MAX_CLUSTER_NAME_LENGTH) {
        throw new InputError('clusterNames', `${quoteInput(name)} is longer than any cluster name (at most ${MAX_CLUSTER_NAME_LENGTH} characters)`);
      }
    }
  }
  if (typeof labelSelector === 'string') checkLabelSelector('labelSelector', labelSelector);
  if (typeof fieldSelector === 'string') {
    if (checks.fieldSelectorResource === undefined) throw new Error('validateArguments: a fieldSelector argument needs checks.fieldSelectorResource');
    checkFieldSelector(fieldSelector, checks.fieldSelectorResource);
  }
}
