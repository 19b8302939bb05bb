/**
 * The gateway way, client side: one `apply` mutation naming the target clusters, POSTed to the
 * gateway's /graphql, its per-cluster, per-object answer read. The gateway serves from its own
 * process (bench/fanoutGatewayServer.ts), so this loop shares an event loop with neither the
 * gateway nor the simulator.
 *
 *   node --import tsx bench/applyGraphqlClient.ts CONFIG_JSON   (forked by bench/apply.ts)
 */
import { manifest } from './applyManifest.ts';
import { readConfig, runLoop } from './applyLoop.ts';
import type { ApplyTally } from './applyTypes.ts';

export const APPLY_MUTATION = `mutation Apply($input: ApplyInput!) { apply(input: $input) { clusters {
  cluster error { code message }
  objects { kind namespace name action error { code message } } } } }`;

interface ErrorData { code: string; message: string }
interface GraphqlAnswer {
  data?: { apply: { clusters: { cluster: string; error: ErrorData | null; objects: { kind: string; namespace: string | null; name: string; action: string | null; error: ErrorData | null }[] }[] } | null } | null;
  errors?: { message: string }[];
}

const config = readConfig();
const url = config.url;
if (!url) throw new Error('apply gateway client: config.url is required');

await runLoop(config, async () => {}, async (namespace, tally: ApplyTally) => {
  const body = JSON.stringify({ query: APPLY_MUTATION, operationName: 'Apply', variables: { input: { manifests: manifest(namespace), clusterNames: config.contexts } } });
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  const answer = JSON.parse(text) as GraphqlAnswer;
  if (res.status !== 200 || answer.errors?.length || !answer.data?.apply) throw new Error(`gateway answered ${res.status}: ${text.slice(0, 2000)}`);
  for (const c of answer.data.apply.clusters) {
    tally.clusters++;
    if (c.error && tally.errors.length < 5) tally.errors.push(`${c.cluster}: ${c.error.code} ${c.error.message}`);
    for (const o of c.objects) {
      tally.objects++;
      const action = o.action ?? o.error?.code ?? 'NONE';
      tally.actions[action] = (tally.actions[action] ?? 0) + 1;
      if (o.error && tally.errors.length < 5) tally.errors.push(`${c.cluster} ${o.kind} ${o.namespace ?? ''}/${o.name}: ${o.error.code} ${o.error.message}`);
    }
  }
  return text.length;
});
