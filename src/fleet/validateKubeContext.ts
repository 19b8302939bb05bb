/**
 * Checks that one kubeconfig context can reach a cluster: it names a defined cluster with an
 * http(s) server URL (see checkServerUrl), and a defined user if it names one. A context without a user is kept:
 * that is how kubeconfigs for `kubectl proxy` and other unauthenticated endpoints look.
 */
import { checkServerUrl, redactServerUrl } from './checkServerUrl.ts';
import { describeYamlValue } from './describeYamlValue.ts';
import { isYamlMapping } from './isYamlMapping.ts';

const q = (s: string): string => JSON.stringify(s);

/** The `name`d entry of a kubeconfig list (`clusters`, `users`, `contexts`), as raw YAML. */
function entryNamed(kubeconfig: Record<string, unknown>, list: string, name: string): Record<string, unknown> | undefined {
  const entries = kubeconfig[list];
  if (!Array.isArray(entries)) return undefined;
  const entry: unknown = entries.find((e: unknown) => isYamlMapping(e) && e['name'] === name);
  return isYamlMapping(entry) ? entry : undefined;
}

export function validateKubeContext(kubeconfig: Record<string, unknown>, name: string, fail: (problem: string) => never): void {
  const ctx = entryNamed(kubeconfig, 'contexts', name)?.['context'];
  if (!isYamlMapping(ctx)) return fail(`context ${q(name)} has no "context" mapping (with cluster and user), got ${describeYamlValue(ctx)}`);

  const clusterName = ctx['cluster'];
  if (typeof clusterName !== 'string' || clusterName === '') return fail(`context ${q(name)} names no cluster`);
  const clusterEntry = entryNamed(kubeconfig, 'clusters', clusterName);
  if (clusterEntry === undefined) return fail(`context ${q(name)} names cluster ${q(clusterName)}, which is not defined`);
  const cluster = clusterEntry['cluster'];
  const server = isYamlMapping(cluster) ? cluster['server'] : undefined;
  if (server === undefined || server === null || server === '') return fail(`cluster ${q(clusterName)} (of context ${q(name)}) has no server URL`);
  if (typeof server !== 'string') return fail(`cluster ${q(clusterName)} (of context ${q(name)}) has server ${describeYamlValue(server)}, which is not an http(s) URL`);
  const problem = checkServerUrl(server);
  // The URL is shown redacted: it may carry a password (see checkServerUrl).
  if (problem !== undefined) return fail(`cluster ${q(clusterName)} (of context ${q(name)}) has server ${q(redactServerUrl(server))}, which ${problem}`);

  const userName = ctx['user'];
  if (userName === undefined || userName === null || userName === '') return;
  if (typeof userName !== 'string') return fail(`context ${q(name)} names user ${describeYamlValue(userName)}, which is not a user name`);
  if (entryNamed(kubeconfig, 'users', userName) === undefined) return fail(`context ${q(name)} names user ${q(userName)}, which is not defined`);
}
