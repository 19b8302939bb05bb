/**
 * Kubeconfig files for simulated clusters: one context per cluster, the context, cluster and
 * user all named after the cluster, each user carrying the cluster's bearer token. kubectl and
 * @kubernetes/client-node read it unmodified.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  url: string;
  token: string;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
}

export function kubeconfigYaml(clusters: readonly KubeconfigCluster[], currentContext?: string): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') } })),
    users: clusters.map((c) => ({ name: c.name, user: { token: c.token } })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name } })),
    'current-context': currentContext ?? clusters[0]?.name ?? '',
  };
  return stringify(doc);
}

export async function writeKubeconfig(path: string, clusters: readonly KubeconfigCluster[], currentContext?: string): Promise<void> {
  // The file holds bearer tokens: readable by its owner only.
  await writeFile(path, kubeconfigYaml(clusters, currentContext), { mode: 0o600 });
}
