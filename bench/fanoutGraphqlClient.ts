/**
 * Contender (c), the client side: POSTs the dashboard query to the gateway's /graphql and
 * parses the answer, one request at a time. The gateway itself serves from its own process
 * (bench/fanoutGatewayServer.ts), so this loop shares an event loop with neither the gateway
 * nor the simulator.
 *
 *   node --import tsx bench/fanoutGraphqlClient.ts CONFIG_JSON   (forked by bench/fanout.ts)
 */
import { readConfig, runLoop } from './fanoutLoop.ts';
import type { DashboardCluster } from './fanoutTypes.ts';

export const DASHBOARD_QUERY = `query Dashboard { clusters { name status { reachable version latencyMs }
  nodes { name ready capacity { cpu memory } }
  workloads { kind namespace name replicas readyReplicas }
  pods { namespace name phase ready restarts node { name } owner { kind name } }
  events(type: WARNING) { reason message involvedObject { kind name } count lastTimestamp } } }`;

interface GraphqlAnswer {
  data?: { clusters: (DashboardCluster & { status: { reachable: boolean; version: string | null; latencyMs: number | null } })[] } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const config = readConfig();
const url = config.url;
if (!url) throw new Error('fan-out gateway client: config.url is required');
const body = JSON.stringify({ query: DASHBOARD_QUERY, operationName: 'Dashboard' });

await runLoop(config, async () => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  const answer = JSON.parse(text) as GraphqlAnswer;
  if (res.status !== 200 || answer.errors?.length || !answer.data) {
    throw new Error(`gateway answered ${res.status}: ${text.slice(0, 2000)}`);
  }
  const unreachable = answer.data.clusters.filter((c) => !c.status.reachable).map((c) => c.name);
  if (unreachable.length) throw new Error(`gateway reports clusters unreachable: ${unreachable.join(', ')}`);
  return { clusters: answer.data.clusters, bytes: text.length };
});
