/**
 * Kubeconfig (+ optional fleet file) → one ClusterSpec per served context, in kubeconfig
 * context order: everything needed to build the fleet's cluster clients. All checking happens
 * here, before any cluster is contacted; every failure is a FleetConfigError naming the file,
 * the entry and the problem.
 *
 * Settings resolve per cluster as: fleet file entry, else fleet file `defaults`, else
 * `input.defaults` (the flags). Labels: the entry's `labels` if it has that key (even `{}`),
 * else `input.extraLabels[name]`, else none.
 */
import { resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { FleetConfigError } from './FleetConfigError.ts';
import { readFleetFile } from './fleetFile.ts';
import type { FleetFile } from './fleetFile.ts';
import { readKubeconfig } from './readKubeconfig.ts';

export { FleetConfigError } from './FleetConfigError.ts';

export interface ClusterSpec {
  /** The kubeconfig context name. */
  name: string;
  labels: Record<string, string>;
  /** The context's cluster server URL (as @kubernetes/client-node holds it: no trailing "/"). */
  server: string;
  timeoutMs: number;
  concurrency: number;
  /** Items per LIST page (`limit`); 0: each LIST in one piece. */
  chunkSize: number;
  /** Reads from the watch cache (true) or live (false), from the fleet file; undefined: as `--cache` says. */
  cache?: boolean | undefined;
  /** The namespace scope from the fleet file (entry, else defaults); undefined: cluster-wide. */
  namespaces?: string[] | undefined;
  /** Holds only this context, its cluster and its user, with this context current; one instance per cluster. */
  kubeConfig: KubeConfig;
}

export interface LoadClusterSpecsInput {
  /** Resolved from the working directory if relative. */
  kubeconfigPath: string;
  /** Serve only these contexts (from --contexts); each must exist. Absent: every context. */
  contexts?: readonly string[];
  /** Resolved from the working directory if relative. */
  fleetFile?: string;
  /** From the flags; the fleet file's `defaults` and entries override them. */
  defaults: { timeoutMs: number; concurrency: number; /** @default 500 */ chunkSize?: number; /** @default cluster-wide */ namespaces?: string[] | undefined };
  /** Labels known from elsewhere (the demo fleet), used where the fleet file gives none. */
  extraLabels?: Readonly<Record<string, Record<string, string>>>;
}

const q = (s: string): string => JSON.stringify(s);

/** Every context the fleet file names must exist, or its settings would silently apply to nothing. */
function checkFleetFileContexts(fleet: FleetFile, kubeconfigPath: string, contextNames: readonly string[]): void {
  for (const name of fleet.clusters.keys()) {
    if (!contextNames.includes(name)) {
      throw new FleetConfigError(
        `fleet file ${fleet.path}: clusters.${name}: no context ${q(name)} in kubeconfig ${kubeconfigPath}; known contexts: ${contextNames.join(', ')}`,
      );
    }
  }
}

export async function loadClusterSpecs(input: LoadClusterSpecsInput): Promise<ClusterSpec[]> {
  const kubeconfigPath = resolve(input.kubeconfigPath);
  const kubeconfig = await readKubeconfig(kubeconfigPath, input.contexts);
  const fleet = input.fleetFile === undefined ? undefined : await readFleetFile(resolve(input.fleetFile));
  if (fleet !== undefined) checkFleetFileContexts(fleet, kubeconfigPath, kubeconfig.contextNames);

  return kubeconfig.clusters.map(({ name, server, kubeConfig }): ClusterSpec => {
    const entry = fleet?.clusters.get(name);
    const extra = input.extraLabels !== undefined && Object.hasOwn(input.extraLabels, name) ? input.extraLabels[name] : undefined;
    return {
      name,
      labels: { ...(entry?.labels ?? extra ?? {}) },
      server,
      timeoutMs: entry?.timeoutMs ?? fleet?.defaults.timeoutMs ?? input.defaults.timeoutMs,
      concurrency: entry?.concurrency ?? fleet?.defaults.concurrency ?? input.defaults.concurrency,
      chunkSize: entry?.chunkSize ?? fleet?.defaults.chunkSize ?? input.defaults.chunkSize ?? 500,
      cache: entry?.cache ?? fleet?.defaults.cache,
      namespaces: entry?.namespaces ?? fleet?.defaults.namespaces ?? input.defaults.namespaces,
      kubeConfig,
    };
  });
}
