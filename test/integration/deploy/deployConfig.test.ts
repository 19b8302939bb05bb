/**
 * The configuration in `deploy/` works with the gateway it configures: the gateway's command line
 * is run with exactly the Deployment's arguments, its files laid out as the pod's projected
 * volume lays them out (the `/etc/fleetgraph` prefix moved to a temporary directory, the port
 * made free), against simulated clusters named like the placeholder kubeconfig's contexts and a
 * Redis of its own.
 *
 * - With the placeholder Secrets as shipped, the gateway refuses to start, naming the token file;
 *   with only the scrape token's placeholder left, naming the scrape token's file: no token
 *   published in the repository ever serves.
 * - With a real kubeconfig and token file in their place, the shipped fleet file and policy load
 *   as they are, /readyz answers, and a caller in the policy's `platform` group sees the fleet
 *   file's labels, while one in no rule sees no cluster.
 * - With a real scrape token (made as `openssl rand -hex 32` makes it, newline and all), /metrics
 *   answers that token (as Prometheus' credentials_file sends it) and refuses callers' tokens,
 *   even one the policy gives every cluster.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { killApps, startApp, stderrLine } from '../../support/appProcess.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { DEPLOY, find, render, type Manifest } from './manifests.ts';

const PLATFORM_TOKEN = 'deploy-test-platform-4f1e2d';
const STRANGER_TOKEN = 'deploy-test-stranger-9a8b7c';
const REAL_TOKENS = `${PLATFORM_TOKEN},pat,uid-pat,"platform"\n${STRANGER_TOKEN},sam,uid-sam,"contractors"\n`;
/** What `openssl rand -hex 32 > metrics-token` writes: 64 hex digits and a newline. */
const SCRAPE_FILE = `${randomBytes(32).toString('hex')}\n`;
const SCRAPE_TOKEN = SCRAPE_FILE.trim();

let fleet: SimFleet;
let redis: RedisServer;
let dir: string;
let rendered: Manifest[];
let gatewayArgs: string[];

beforeAll(async () => {
  // The placeholder kubeconfig's contexts, which the shipped fleet file labels.
  fleet = await SimFleet.start({ clusters: [{ name: 'prod-eu' }, { name: 'prod-us' }], nodes: 1, clusterDefaults: { controllers: false } });
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-deploy-config-'));
  await fleet.writeKubeconfig(join(dir, 'admin-kubeconfig'));
  rendered = await render(new Kubectl(join(dir, 'admin-kubeconfig')), 'prod-eu', DEPLOY);
  const container = (find(rendered, 'Deployment', 'fleetgraph') as Manifest & { spec: { template: { spec: { containers: { args: string[] }[] } } } })
    .spec.template.spec.containers[0]!;
  gatewayArgs = container.args;
}, 60_000);

afterAll(async () => {
  killApps();
  await redis?.dispose();
  await stopFleet(fleet);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Lay out /etc/fleetgraph as the projected volume does, under `root`, with these Secret values. */
async function etcFleetgraph(root: string, secrets: { kubeconfig: string; tokens: string; metricsToken: string }): Promise<void> {
  const config = rendered.find((m) => m.kind === 'ConfigMap') as Manifest & { data: Record<string, string> };
  await writeFile(join(root, 'fleet.yaml'), config.data['fleet.yaml']!);
  await writeFile(join(root, 'policy.yaml'), config.data['policy.yaml']!);
  await writeFile(join(root, 'kubeconfig'), secrets.kubeconfig, { mode: 0o400 });
  await writeFile(join(root, 'tokens.csv'), secrets.tokens, { mode: 0o400 });
  await writeFile(join(root, 'metrics-token'), secrets.metricsToken, { mode: 0o400 });
}

/** Every Secret of deploy/ as shipped (the placeholders). */
function placeholders(): { kubeconfig: string; tokens: string; metricsToken: string } {
  return {
    kubeconfig: secretValue('fleetgraph-kubeconfig', 'kubeconfig'),
    tokens: secretValue('fleetgraph-tokens', 'tokens.csv'),
    metricsToken: secretValue('fleetgraph-metrics-token', 'metrics-token'),
  };
}

/** How a gateway that should refuse to start ends: its exit code, or 'listening' if it started instead (so the test fails at once rather than at its timeout). */
async function exitOrListen(app: ReturnType<typeof startApp>): Promise<number | null | 'listening'> {
  const listening = stderrLine(app, /GraphQL: http:/).then(() => 'listening' as const, () => undefined);
  const outcome = await Promise.race([app.exited, listening]);
  return outcome === undefined ? app.exited : outcome;
}

/** Starts the gateway with the Deployment's arguments on files under `root`; its base URL once it listens. */
async function startDeployed(root: string): Promise<{ app: ReturnType<typeof startApp>; base: URL }> {
  const app = startApp(argsFor(root));
  const [, url] = await stderrLine(app, /GraphQL: (http:\/\/\S+)/);
  return { app, base: new URL(url!) };
}

/** The Deployment's arguments with its paths under `root`, a free port and this Redis. */
function argsFor(root: string): string[] {
  return gatewayArgs.map((a, i) => {
    if (gatewayArgs[i - 1] === '--port') return '0';
    if (gatewayArgs[i - 1] === '--redis') return redis.url;
    return a.startsWith('/etc/fleetgraph/') ? join(root, a.slice('/etc/fleetgraph/'.length)) : a;
  });
}

function secretValue(name: string, key: string): string {
  return (find(rendered, 'Secret', name) as Manifest & { stringData: Record<string, string> }).stringData[key]!;
}

describe.runIf(kubectlAvailable())('the gateway with deploy/\'s configuration', () => {
  test('with the placeholder Secrets as shipped, it refuses to start and names the token file', async () => {
    const root = await mkdtemp(join(dir, 'placeholder-'));
    await etcFleetgraph(root, placeholders());
    const app = startApp(argsFor(root));
    expect(await exitOrListen(app)).toBe(2);
    expect(app.stderr()).toContain(`token file ${join(root, 'tokens.csv')}, line 1: expected at least 3 columns`);
  });

  test('with every Secret real but the scrape token\'s placeholder, it refuses to start and names the scrape token\'s file', async () => {
    const root = await mkdtemp(join(dir, 'metrics-placeholder-'));
    await etcFleetgraph(root, { ...placeholders(), kubeconfig: fleet.kubeconfig(), tokens: REAL_TOKENS });
    const app = startApp(argsFor(root));
    expect(await exitOrListen(app)).toBe(2);
    expect(app.stderr()).toContain(`--metrics-token-file ${join(root, 'metrics-token')}: holds white space or several lines`);
    expect(app.stderr()).not.toContain('REPLACE-ME');
  });

  test('with real Secrets, the shipped fleet file and policy load: ready, labels from the fleet file, deny by default', async () => {
    const root = await mkdtemp(join(dir, 'real-'));
    await etcFleetgraph(root, { kubeconfig: fleet.kubeconfig(), tokens: REAL_TOKENS, metricsToken: SCRAPE_FILE });
    const { app, base } = await startDeployed(root);
    expect(app.stderr()).toContain(`with fleet file ${join(root, 'fleet.yaml')}`);
    expect(app.stderr()).toMatch(/policy: gateway policy from .*policy\.yaml \(2 rules\)/);
    expect((await fetch(new URL('/readyz', base))).status).toBe(200);
    const ask = async (token: string) => {
      const res = await fetch(new URL('/graphql', base), {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ clusters { name labels { key value } } }' }),
      });
      return (await res.json()) as { data?: { clusters: { name: string; labels: { key: string; value: string }[] }[] }; errors?: unknown[] };
    };
    const platform = await ask(PLATFORM_TOKEN);
    expect(platform.errors).toBeUndefined();
    expect(platform.data!.clusters.map((c) => [c.name, Object.fromEntries(c.labels.map((l) => [l.key, l.value]))])).toEqual([
      ['prod-eu', { env: 'prod', region: 'eu' }],
      ['prod-us', { env: 'prod', region: 'us' }],
    ]);
    expect((await ask(STRANGER_TOKEN)).data?.clusters).toEqual([]);
    // --production: no introspection.
    const intro = await fetch(new URL('/graphql', base), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_TOKEN}` },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(JSON.stringify(await intro.json())).toContain('introspection is off');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  test('with a real scrape token, /metrics answers it alone: 200 to the scrape token, 403 to a caller\'s token (even one given every cluster), 401 to none', async () => {
    const root = await mkdtemp(join(dir, 'metrics-'));
    await etcFleetgraph(root, { kubeconfig: fleet.kubeconfig(), tokens: REAL_TOKENS, metricsToken: SCRAPE_FILE });
    const { app, base } = await startDeployed(root);
    const metrics = (authorization?: string) => fetch(new URL('/metrics', base), authorization ? { headers: { authorization } } : {});
    // A query first, so the upstream metrics carry cluster labels.
    const query = await fetch(new URL('/graphql', base), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_TOKEN}` },
      body: JSON.stringify({ query: '{ clusters { name nodes { name } } }' }),
    });
    expect(query.status).toBe(200);

    // As Prometheus sends its credentials_file: the file's contents, white space trimmed.
    const scraped = await metrics(`Bearer ${SCRAPE_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scraped.text()).toMatch(/cluster="prod-eu"/);

    // The platform group is given every cluster: without --metrics-token-file it would read them.
    const caller = await metrics(`Bearer ${PLATFORM_TOKEN}`);
    expect(caller.status).toBe(403);
    expect(await caller.json()).toEqual({ errors: [{ message: '/metrics answers only the scrape token of --metrics-token-file, not callers\' tokens', extensions: { code: 'FORBIDDEN' } }] });
    expect((await metrics(`Bearer ${STRANGER_TOKEN}`)).status).toBe(403);
    expect((await metrics()).status).toBe(401);
    const wrong = `${SCRAPE_TOKEN.slice(0, -1)}${SCRAPE_TOKEN.endsWith('0') ? '1' : '0'}`;
    expect((await metrics(`Bearer ${wrong}`)).status).toBe(401);
    // The scrape token opens /metrics only: it is no caller's token.
    const asCaller = await fetch(new URL('/graphql', base), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SCRAPE_TOKEN}` },
      body: JSON.stringify({ query: '{ clusters { name } }' }),
    });
    expect(asCaller.status).toBe(401);
    expect(app.stderr()).toContain(`metrics: /metrics answers only the token in ${join(root, 'metrics-token')}`);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
