/**
 * Contender (a), the kubectl way: for each cluster in turn, as a person or a shell script does
 * today, the fewest kubectl invocations that fetch the dashboard's data, their JSON parsed
 * and joined. Discovery comes from a cache directory warmed by the untimed warm-up run.
 *
 *   node --import tsx bench/fanoutKubectl.ts CONFIG_JSON   (forked by bench/fanout.ts)
 */
import { execFile } from 'node:child_process';
import { joinCluster, type ClusterLists } from './fanoutJoin.ts';
import { readConfig, runLoop } from './fanoutLoop.ts';
import { KUBECTL_BINARY, type DashboardCluster } from './fanoutTypes.ts';

interface Item { kind?: string; [field: string]: unknown }

const config = readConfig();
const cacheDir = config.cacheDir;
if (!cacheDir) throw new Error('fan-out kubectl: config.cacheDir is required');
const binary = config.kubectl ?? KUBECTL_BINARY;

function kubectl(context: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, [...args, '-o', 'json', '--context', context, '--kubeconfig', config.kubeconfig, '--cache-dir', cacheDir!],
      { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')} --context ${context}: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
  });
}

async function oneCluster(context: string): Promise<{ cluster: DashboardCluster; bytes: number }> {
  const all = await kubectl(context, ['get', 'nodes,deployments,statefulsets,daemonsets,replicasets,pods', '-A']);
  const warnings = await kubectl(context, ['get', 'events', '-A', '--field-selector', 'type=Warning']);
  const items = (JSON.parse(all) as { items: Item[] }).items;
  const of = (kind: string) => items.filter((i) => i.kind === kind);
  const lists = {
    nodes: of('Node'), deployments: of('Deployment'), statefulSets: of('StatefulSet'), daemonSets: of('DaemonSet'),
    replicaSets: of('ReplicaSet'), pods: of('Pod'), warnings: (JSON.parse(warnings) as { items: Item[] }).items,
  } as ClusterLists;
  return { cluster: joinCluster(context, lists), bytes: all.length + warnings.length };
}

await runLoop(config, async () => {
  const clusters: DashboardCluster[] = [];
  let bytes = 0;
  for (const context of config.contexts) {
    const r = await oneCluster(context);
    clusters.push(r.cluster);
    bytes += r.bytes;
  }
  return { clusters, bytes };
});
