/**
 * The configuration in `deploy/` works with the gateway it configures: the gateway's command line
 * is run with exactly the Deployment's arguments, its files laid out as the pod's projected
 * volume lays them out (the `/etc/fleetgraph` prefix moved to a temporary directory, the port
 * made free), against simulated clusters named like the placeholder kubeconfig's contexts and a
 * Redis of its own.
 *
 * - With the placeholder Secrets as shipped, the gateway refuses to start, naming the token file:
 *   no token published in the repository ever serves.
 * - With a real kubeconfig and token file in their place, the shipped fleet file and policy load
 *   as they are, /readyz answers, and a caller in the policy's `platform` group sees the fleet
 *   file's labels, while one in no rule sees no cluster.
 */
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
async function etcFleetgraph(root: string, secrets: { kubeconfig: string; tokens: string }): Promise<void> {
  const config = rendered.find((m) => m.kind === 'ConfigMap') as Manifest & { data: Record<string, string> };
  await writeFile(join(root, 'fleet.yaml'), config.data['fleet.yaml']!);
  await writeFile(join(root, 'policy.yaml'), config.data['policy.yaml']!);
  await writeFile(join(root, 'kubeconfig'), secrets.kubeconfig, { mode: 0o600 });
  await writeFile(join(root, 'tokens.csv'), secrets.tokens, { mode: 0o600 });
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
    await etcFleetgraph(root, { kubeconfig: secretValue('fleetgraph-kubeconfig', 'kubeconfig'), tokens: secretValue('fleetgraph-tokens', 'tokens.csv') });
    const app = startApp(argsFor(root));
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toContain(`token file ${join(root, 'tokens.csv')}, line 1: expected at least 3 columns`);
  });

  test('with real Secrets, the shipped fleet file and policy load: ready, labels from the fleet file, deny by default', async () => {
    const root = await mkdtemp(join(dir, 'real-'));
    await etcFleetgraph(root, {
      kubeconfig: fleet.kubeconfig(),
      tokens: `${PLATFORM_TOKEN},pat,uid-pat,"platform"\n${STRANGER_TOKEN},sam,uid-sam,"contractors"\n`,
    });
    const app = startApp(argsFor(root));
    const [, url] = await stderrLine(app, /GraphQL: (http:\/\/\S+)/);
    expect(app.stderr()).toContain(`with fleet file ${join(root, 'fleet.yaml')}`);
    expect(app.stderr()).toMatch(/policy: gateway policy from .*policy\.yaml \(2 rules\)/);
    const base = new URL(url!);
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
});
