/**
 * Reads a kubeconfig and checks it can serve as a fleet: one cluster per context, named after
 * the context. @kubernetes/client-node would accept a context that names a missing cluster
 * and fail only at the first request; here that, and every other defect in a context the
 * gateway will use, stops startup with a message naming the file, the context and the fault.
 *
 * Contexts left out by `contexts` are checked only for a name and for duplicates, so a stale
 * entry in a personal kubeconfig does not block serving the others.
 */
import { dirname } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { describeYamlValue } from './describeYamlValue.ts';
import { FleetConfigError } from './FleetConfigError.ts';
import { isYamlMapping } from './isYamlMapping.ts';
import { readYamlFile } from './readYamlFile.ts';
import { validateKubeContext } from './validateKubeContext.ts';

export interface KubeconfigCluster {
  /** The context name, which is the cluster's name in the gateway. */
  name: string;
  server: string;
  /** Holds this context, its cluster and its user only; current context set. */
  kubeConfig: KubeConfig;
}

export interface Kubeconfig {
  /** Every context name in file order, including ones `contexts` left out. */
  contextNames: string[];
  /** The selected contexts, in file order. */
  clusters: KubeconfigCluster[];
}

const q = (s: string): string => JSON.stringify(s);

/** Names of a kubeconfig list's entries, in order; a nameless entry is reported by its index. */
function contextNamesOf(raw: unknown, fail: (problem: string) => never): string[] {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) fail('defines no contexts');
  if (!Array.isArray(raw)) return fail(`contexts: expected a list, got ${describeYamlValue(raw)}`);
  const names: string[] = [];
  raw.forEach((entry: unknown, i) => {
    const name = isYamlMapping(entry) ? entry['name'] : undefined;
    if (typeof name !== 'string' || name === '') {
      fail(`contexts[${i}] has no name (a context's name is its cluster's name in the gateway), got ${describeYamlValue(name)}`);
    }
    const first = names.indexOf(name);
    if (first !== -1) fail(`context ${q(name)} is defined twice (contexts[${first}] and contexts[${i}])`);
    names.push(name);
  });
  return names;
}

/** `path` must be absolute; `contexts` (from --contexts) narrows the fleet to those contexts. */
export async function readKubeconfig(path: string, contexts?: readonly string[]): Promise<Kubeconfig> {
  const what = `kubeconfig ${path}`;
  const fail = (problem: string): never => {
    throw new FleetConfigError(`${what}: ${problem}`);
  };
  const { text, value } = await readYamlFile(path, what);
  if (!isYamlMapping(value)) return fail(`expected a kubeconfig (a mapping with clusters, users and contexts), got ${describeYamlValue(value)}`);
  const contextNames = contextNamesOf(value['contexts'], fail);

  if (contexts !== undefined && contexts.length === 0) fail('the list of contexts to serve is empty');
  const unknown = (contexts ?? []).filter((c) => !contextNames.includes(c));
  if (unknown.length > 0) {
    const which = unknown.length === 1 ? `${q(unknown[0] ?? '')}, which is not a context` : `${unknown.map(q).join(', ')}, which are not contexts`;
    fail(`--contexts names ${which} in this file; known contexts: ${contextNames.join(', ')}`);
  }
  const selected = contexts === undefined ? contextNames : contextNames.filter((n) => contexts.includes(n));
  for (const name of selected) validateKubeContext(value, name, fail);

  // Our checks above cover every entry a selected context uses, so client-node may drop any
  // other malformed entry instead of refusing the whole file.
  const all = new KubeConfig();
  try {
    all.loadFromString(text, { onInvalidEntry: 'filter' });
  } catch (e) {
    fail((e as Error).message);
  }
  // As KubeConfig.loadFromFile does: relative certificate paths are relative to the file.
  all.makePathsAbsolute(dirname(path));

  const clusters = selected.map((name): KubeconfigCluster => {
    const context = all.getContextObject(name);
    const cluster = context === null ? null : all.getCluster(context.cluster);
    if (context === null || cluster === null) return fail(`context ${q(name)} could not be loaded by @kubernetes/client-node`);
    const user = context.user === undefined ? null : all.getUser(context.user);
    // Each cluster gets its own instance holding only its own credentials, so a client for one
    // cluster can never be pointed at another's, and auth caches are not shared.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [structuredClone(cluster)],
      users: user === null ? [] : [structuredClone(user)],
      contexts: [structuredClone(context)],
      currentContext: name,
    });
    return { name, server: cluster.server, kubeConfig };
  });
  return { contextNames, clusters };
}
