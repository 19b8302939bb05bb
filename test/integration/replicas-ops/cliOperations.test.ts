/**
 * `--operation-lease-ttl-ms` and `--operation-resume-ms` as a user runs them: two `npm start`
 * gateways sharing one Redis over a simulated fleet. A running rollout's lease in Redis lasts what
 * the flag says (its PTTL), the start-up lines say both settings, and when the replica running it is
 * killed (SIGKILL) the other resumes it and completes it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { killApps, startApp, stderrLine, type App } from '../../support/appProcess.ts';
import { postGraphql } from '../../support/gateway.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { deployment, manifests } from '../../support/manifests.ts';

let sim: SimFleet;
let redis: RedisServer;
let dir: string;
const apps: Array<{ app: App; url: string }> = [];

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 2, namePrefix: 'cli', nodes: 1 });
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-cliops-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
  for (let i = 0; i < 2; i++) {
    const app = startApp(['--kubeconfig', kubeconfig, '--port', '0', '--log-level', 'warn', '--redis', redis.url,
      '--operation-lease-ttl-ms', '1500', '--operation-resume-ms', '100', '--redis-command-timeout-ms', '4000']);
    const [, url] = await stderrLine(app, /GraphQL: (http:\/\/\S+)/);
    apps.push({ app, url: url! });
  }
}, 120_000);

afterAll(async () => {
  killApps();
  await redis?.dispose();
  await stopFleet(sim);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const DEPLOYMENT = manifests(deployment('default', 'cli-web'));

interface Op { state: string; waves: Array<{ state: string }> }

async function operation(url: string, id: string): Promise<Op | null> {
  const a = await postGraphql<{ operation: Op | null }>(url, 'query ($id: ID!) { operation(id: $id) { state waves { state } } }', { id });
  expect(a.errors).toBeUndefined();
  return a.data!.operation;
}

test('the flags set the rollout lease and resume interval; a rollout whose replica is killed completes on the other', async () => {
  const [a, b] = apps as [{ app: App; url: string }, { app: App; url: string }];
  for (const { app } of apps) expect(app.stderr()).toContain('rollouts: kept in Redis, leases 1500 ms, unheld ones resumed every 100 ms');
  // The replicas' connection took --redis-command-timeout-ms (the line reads the running RedisReplicas).
  for (const { app } of apps) expect(app.stderr()).toContain('a command unanswered for 4000 ms counts as Redis gone');
  const started = await postGraphql<{ apply: { operation: { id: string } } }>(a.url,
    'mutation Apply($input: ApplyInput!) { apply(input: $input) { operation { id } } }',
    { input: { manifests: DEPLOYMENT, strategy: { waves: [{ clusterNames: ['cli-1'] }, { clusterNames: ['cli-2'] }] } } });
  expect(started.errors).toBeUndefined();
  const id = started.data!.apply.operation.id;
  const pttl = await redis.client().pttl(`fleetgraph:ops:lease:${id}`);
  expect(pttl).toBeGreaterThan(0);
  expect(pttl).toBeLessThanOrEqual(1500);

  a.app.child.kill('SIGKILL');
  await a.app.exited;
  let op: Op | null = null;
  for (let look = 0; look < 1200 && (op === null || op.state === 'RUNNING' || op.state === 'PENDING'); look++) {
    op = await operation(b.url, id);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(op).toEqual({ state: 'SUCCEEDED', waves: [{ state: 'SUCCEEDED' }, { state: 'SUCCEEDED' }] });
  const written = sim.cluster('cli-2').requests.all().filter((r) => r.method !== 'GET' && r.path.includes('/deployments/cli-web'));
  expect(written.length).toBeGreaterThanOrEqual(1);
}, 120_000);
