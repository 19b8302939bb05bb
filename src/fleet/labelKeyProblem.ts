/**
 * Why a string is not a Kubernetes label key, or undefined when it is one. The rules are
 * apimachinery's IsQualifiedName: an optional lowercase DNS-subdomain prefix and "/", then a
 * name of at most 63 characters. Shared by label selectors and the fleet file so both reject
 * exactly what a cluster would.
 */

/** The name part of a qualified name, and (equally) a non-empty label value. */
export const LABEL_NAME_PATTERN = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_MAX = 63;
const PREFIX_MAX = 253;

export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'it contains more than one "/" (a key is an optional DNS subdomain prefix and "/", then a name)';
  const name = parts.length === 2 ? parts[1] ?? '' : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') return 'the prefix before "/" must not be empty';
    if (prefix.length > PREFIX_MAX) return `the prefix must be at most ${PREFIX_MAX} characters`;
    if (!DNS_SUBDOMAIN_PATTERN.test(prefix)) return 'the prefix must be a lowercase DNS subdomain (e.g. example.com)';
  }
  if (name === '') return 'the name must not be empty';
  if (name.length > NAME_MAX) return `the name must be at most ${NAME_MAX} characters`;
  if (!LABEL_NAME_PATTERN.test(name)) {
    return 'the name must consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character';
  }
  return undefined;
}
