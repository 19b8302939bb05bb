/**
 * Kubernetes label selectors over cluster labels: the public surface (types, parser, error).
 * The grammar is kube-apiserver's `labels.Parse`, so a selector that works with
 * `kubectl get -l` works here and means the same thing.
 */
export { SelectorError } from './SelectorError.ts';
export { parseLabelSelector } from './parseLabelSelector.ts';

export interface LabelSelector {
  /** True when every requirement holds; `undefined` labels are treated as no labels. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** The selector exactly as it was given. */
  readonly text: string;
  /** In the order written; empty for the empty selector, which matches everything. */
  readonly requirements: readonly Requirement[];
}

export interface Requirement {
  key: string;
  /**
   * `==` is reported as `=`. `!` is "does not exist". `gt`/`lt` are kube's `>`/`<` (integer
   * comparison), which `labels.Parse` accepts too.
   */
  operator: 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';
  /** Distinct, in the order written; empty for `exists` and `!`, exactly one for `=`, `!=`, `gt`, `lt`. */
  values: string[];
}
