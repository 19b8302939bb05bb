/**
 * Credentials from a kubeconfig exec plugin (as EKS, GKE and AKS set up): the gateway obtains
 * them through @kubernetes/client-node and reuses them, so a plugin that gives no expiry does
 * not run on every upstream call.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { postGraphql } from '../../support/gateway.ts';
import { stopFleet } from '../../support/stopFleet.ts';

let sim: SimFleet;
let dir: string;
let gateway: Gateway;
let runs: string;

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 1, namePrefix: 'ex', nodes: 1, pods: 2 });
  const cluster = sim.clusters[0]!;
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-exec-'));
  runs = join(dir, 'runs.log');
  const plugin = join(dir, 'plugin.mjs');
  // Prints an ExecCredential without expirationTimestamp and notes each run.
  await writeFile(plugin, `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(runs)}, 'run\\n');
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(cluster.token)} } }));
`);
  const kubeconfig = {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'ex-1',
    clusters: [{ name: 'ex-1', cluster: { server: cluster.url, 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } }],
    users: [{ name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } } }],
    contexts: [{ name: 'ex-1', context: { cluster: 'ex-1', user: 'exec-user' } }],
  };
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, stringify(kubeconfig), { mode: 0o600 });
  gateway = await startGatewayFromKubeconfig({ kubeconfigPath, port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await gateway?.stop();
  await stopFleet(sim);
  await rm(dir, { recursive: true, force: true });
});

test('runs an exec credential plugin once for many upstream calls, and its token reaches the cluster', async () => {
  for (let i = 0; i < 3; i++) {
    const a = await postGraphql<{ clusters: Array<{ pods: unknown[]; nodes: unknown[] }> }>(gateway.url, '{ clusters { pods { name } nodes { name } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data?.clusters[0]?.pods.length).toBe(sim.clusters[0]!.store.count('/pods'));
  }
  expect(gateway.upstream.count({ cluster: 'ex-1' })).toBe(6);
  expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
  expect(sim.clusters[0]!.requests.find({ verb: 'list' }).every((r) => r.user === 'admin' && r.status === 200)).toBe(true);
});
