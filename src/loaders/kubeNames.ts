/**
 * Kubernetes' name rules (apimachinery `validation.IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `path.ValidatePathSegmentName`), as problems in words: `undefined` when the name is valid.
 * A name no cluster could hold can only match nothing, so the gateway says so at once instead of
 * asking every cluster (and a very long one would make each of them answer 431).
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Namespaces (and Services): a lowercase RFC 1123 label, at most 63 characters. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length > 63) return `must be no more than 63 characters (got ${name.length})`;
  if (!LABEL.test(name)) {
    return "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name' or '123-abc')";
  }
  return undefined;
}

/** Most object names (Pods, Deployments, Nodes, ConfigMaps...): a lowercase RFC 1123 subdomain, at most 253 characters. */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `must be no more than 253 characters (got ${name.length})`;
  if (!SUBDOMAIN.test(name)) {
    return "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')";
  }
  return undefined;
}

/**
 * The loosest name any kind accepts (RBAC Roles like `system:controller:job-controller`): not
 * `.` or `..`, no `/` or `%`; at most 253 characters, the limit of every name kube stores in etcd keys.
 */
export function pathSegmentNameProblem(name: string): string | undefined {
  if (name.length > 253) return `must be no more than 253 characters (got ${name.length})`;
  if (name === '') return 'must not be empty';
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (/[/%]/.test(name)) return "may not contain '/' or '%'";
  // Stricter than kube's path-segment rule, deliberately (issue 10's abuse suite): no object is
  // meant to be named with control characters, and such a name would carry terminal escapes and
  // forged lines into every log and `kubectl get` that prints it. Refused before any cluster is asked.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'may not contain control characters';
  return undefined;
}
