/**
 * Who may read /metrics, whose labels name every cluster of the fleet (src/server/metricsAccess.ts):
 * without `--metrics-token-file`, an authenticated caller the gateway policy gives every cluster,
 * and not one it keeps from some (403 naming the flag, no cluster named in the answer); with it,
 * the scrape token alone (a caller's token 403, anything else 401), and the scrape token opens
 * nothing else. Real gateways over simulated clusters, fetch as the client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TokenFile } from '../../../src/auth/index.ts';
import { MetricsToken } from '../../../src/auth/MetricsToken.ts';
import { Policy } from '../../../src/auth/policy/index.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

const CLUSTERS = ['ma-1', 'ma-2', 'ma-3'];
const token = (user: string) => `tok-${user}-2c4e6a8b0d1f3e5a`;
const SCRAPE = 'scrape-7f3a9c1e5b2d8f4a6c0e';
const POLICY = 'rules:\n  - users: [narrow]\n    clusterNames: [ma-1]\n  - users: [wide]\n';

let fg: FleetGateway;
let scraped: Gateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-metrics-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, `${token('narrow')},narrow,1\n${token('wide')},wide,2\n`);
  const policy = () => Policy.parse(POLICY, 'policy.yaml');
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name })), nodes: 1, clusterDefaults: { controllers: false } },
    gateway: { authenticator: await TokenFile.load(tokens), policy: policy() },
  });
  scraped = await startGatewayFromKubeconfig({
    kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent',
    authenticator: await TokenFile.load(tokens), policy: policy(), metricsToken: MetricsToken.parse(`${SCRAPE}\n`, 'scrape-token'),
  });
  // Every cluster asked once on each gateway, so the metrics carry every cluster's label.
  for (const url of [fg.gateway.url, scraped.url]) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token('wide')}` }, body: JSON.stringify({ query: '{ clusters { name status { reachable } } }' }) });
    expect(res.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await scraped?.stop();
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function metrics(gatewayUrl: string, bearer?: string): Promise<{ status: number; text: string; authenticate: string | null }> {
  const res = await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'), { headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` } });
  return { status: res.status, text: await res.text(), authenticate: res.headers.get('www-authenticate') };
}
const namesNoCluster = (text: string) => CLUSTERS.every((c) => !text.includes(c));

describe('/metrics without --metrics-token-file', () => {
  test('a caller the policy gives every cluster reads it, every cluster named', async () => {
    const m = await metrics(fg.gateway.url, token('wide'));
    expect(m.status).toBe(200);
    for (const c of CLUSTERS) expect(m.text).toContain(`cluster="${c}"`);
  });

  test('a caller the policy keeps from some clusters gets 403 FORBIDDEN naming the flag, and no cluster name', async () => {
    const m = await metrics(fg.gateway.url, token('narrow'));
    expect(m.status).toBe(403);
    expect(JSON.parse(m.text)).toEqual({ errors: [{ message: '/metrics names every cluster of the fleet, and the gateway policy does not give you all of them; scrape with the token of --metrics-token-file', extensions: { code: 'FORBIDDEN' } }] });
    expect(namesNoCluster(m.text)).toBe(true);
  });

  test('no token: 401 as on /graphql', async () => {
    const m = await metrics(fg.gateway.url);
    expect(m.status).toBe(401);
    expect(m.authenticate).toBe('Bearer realm="fleetgraph"');
    expect(namesNoCluster(m.text)).toBe(true);
  });
});

describe('/metrics with --metrics-token-file', () => {
  test('the scrape token reads it, every cluster named', async () => {
    const m = await metrics(scraped.url, SCRAPE);
    expect(m.status).toBe(200);
    for (const c of CLUSTERS) expect(m.text).toContain(`cluster="${c}"`);
  });

  test('a caller\'s token, even one given every cluster, gets 403 naming the flag', async () => {
    for (const user of ['wide', 'narrow']) {
      const m = await metrics(scraped.url, token(user));
      expect(m.status).toBe(403);
      expect(JSON.parse(m.text)).toEqual({ errors: [{ message: '/metrics answers only the scrape token of --metrics-token-file, not callers\' tokens', extensions: { code: 'FORBIDDEN' } }] });
    }
  });

  test('no token or another one: 401, no cluster named', async () => {
    const none = await metrics(scraped.url);
    expect(none.status).toBe(401);
    const other = await metrics(scraped.url, `${SCRAPE}x`);
    expect(other.status).toBe(401);
    expect(other.authenticate).toBe('Bearer realm="fleetgraph", error="invalid_token"');
    expect(namesNoCluster(none.text + other.text)).toBe(true);
  });

  test('the scrape token opens nothing else: /graphql answers it 401', async () => {
    const res = await fetch(scraped.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SCRAPE}` }, body: JSON.stringify({ query: '{ clusters { name } }' }) });
    expect(res.status).toBe(401);
  });
});
