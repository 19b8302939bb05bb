/**
 * Contender (b), the floor for live data: a hand-written @kubernetes/client-node 1.4 script
 * that asks every cluster for every list at once (Promise.all over clusters × lists) and joins
 * in memory. What a competent engineer writes for one dashboard, with no gateway in between.
 *
 * client-node 1.4 makes a new https.Agent for every request (KubeConfig.applySecurityAuthentication),
 * so every LIST would pay a fresh TCP + TLS handshake. The script keeps one keep-alive agent per
 * cluster instead, as an engineer who profiled it would; `keepAlive: false` in the config gives
 * the library's default for comparison.
 *
 *   node --import tsx bench/fanoutFloor.ts CONFIG_JSON   (forked by bench/fanout.ts)
 */
import { Agent } from 'node:https';
import { AppsV1Api, CoreV1Api, KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { joinCluster } from './fanoutJoin.ts';
import { readConfig, runLoop } from './fanoutLoop.ts';

/** A KubeConfig whose API clients reuse one keep-alive connection pool to their cluster. */
class PooledKubeConfig extends KubeConfig {
  private agent: Agent | undefined;

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    if (!this.agent) {
      const cluster = this.getCurrentCluster();
      const ca = cluster?.caData ? Buffer.from(cluster.caData, 'base64') : undefined;
      this.agent = new Agent({ keepAlive: true, ...(ca ? { ca } : {}), ...(cluster?.skipTLSVerify ? { rejectUnauthorized: false } : {}) });
    }
    context.setAgent(this.agent);
  }
}

const config = readConfig();
const clients = config.contexts.map((context) => {
  const kc = config.keepAlive === false ? new KubeConfig() : new PooledKubeConfig();
  kc.loadFromFile(config.kubeconfig);
  kc.setCurrentContext(context);
  return { context, core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
});

await runLoop(config, async () => {
  const clusters = await Promise.all(clients.map(async ({ context, core, apps }) => {
    const [nodes, deployments, statefulSets, daemonSets, replicaSets, pods, warnings] = await Promise.all([
      core.listNode(),
      apps.listDeploymentForAllNamespaces(),
      apps.listStatefulSetForAllNamespaces(),
      apps.listDaemonSetForAllNamespaces(),
      apps.listReplicaSetForAllNamespaces(),
      core.listPodForAllNamespaces(),
      core.listEventForAllNamespaces({ fieldSelector: 'type=Warning' }),
    ]);
    return joinCluster(context, {
      nodes: nodes.items, deployments: deployments.items, statefulSets: statefulSets.items, daemonSets: daemonSets.items,
      replicaSets: replicaSets.items, pods: pods.items, warnings: warnings.items,
    });
  }));
  return { clusters, bytes: 0 };
});
