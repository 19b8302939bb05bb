/**
 * Rollouts with gateway replicas sharing one Redis (startGateway's `redis` option), over one
 * simulated fleet whose clock the test moves: an operation started on one replica is answered by
 * `operation(id)`, `operations` and the `operation` subscription on another; a cancel made on the
 * other replica stops the run before its next write; and a rollout whose replica dies between
 * waves (its Redis connection cut and its engine stopped, the lease not released) is resumed by
 * another replica once the lease expires, and completes, the wave in flight re-applied (server-side
 * apply: idempotent) and the next one written once; the same when that replica is a process
 * killed with SIGKILL. Counts and states, no timings.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Redis } from 'ioredis';
import { ManualClock } from '../../../src/sim/index.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { realTimer } from '../../../src/ops/rolloutRunner.ts';
import { postGraphql, startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { deployment as deploymentObject, manifests } from '../../support/manifests.ts';

const clock = new ManualClock();
/** The runners' time is the fleet's clock (pauses and wait timeouts move only when the test moves it), polled every few ms. */
const timer = { now: () => clock.now(), sleep: (ms: number, signal: AbortSignal) => realTimer.sleep(Math.min(ms, 20), signal) };
/**
 * Replicas that live through the test hold 10 s leases (a loaded machine's stalls never expire
 * them, which would re-apply a wave and change the write counts); a replica the test kills holds
 * 2 s ones, so the survivors take over soon after its death.
 */
const ROLLOUT = { pollIntervalMs: 10, leaseTtlMs: 10_000, resumeIntervalMs: 50, timer };
const DYING = { ...ROLLOUT, leaseTtlMs: 2000 };
let redis: RedisServer;
let fg: FleetGateway; // replica A, with the simulated fleet
let b: Gateway;
let ws: Client;

async function replica(client: Redis = redis.client(), rollout = ROLLOUT): Promise<Gateway> {
  return startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent', redis: client, rollout });
}

beforeAll(async () => {
  redis = await startRedisServer();
  fg = await startFleetGateway({
    sim: { clusters: [{ name: 'ro-a' }, { name: 'ro-b' }], nodes: 1, clock },
    gateway: { redis: redis.client(), rollout: ROLLOUT },
  });
  // B connects as `--redis URL` does (the replicas' connection, src/replicas), the others with a client of their own.
  b = await startGatewayFromKubeconfig({ kubeconfigPath: fg.kubeconfigPath, port: 0, logLevel: 'silent', replicas: { url: redis.url }, rollout: ROLLOUT });
  ws = createClient({ url: b.url.replace('http', 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
}, 60_000);

afterAll(async () => {
  await ws?.dispose();
  await b?.stop();
  await fg?.stop();
  await redis?.dispose();
});

/** A one-replica Deployment in default, as a manifest. */
const deployment = (name: string): string => manifests(deploymentObject('default', name));

interface Op { id: string; state: string; cancelRequested: boolean; waves: Array<{ number: number; state: string }> }
const FIELDS = 'id state cancelRequested waves { number state }';

async function start(on: Gateway, name: string, timing: { pauseSeconds?: number; waitTimeoutSeconds?: number } = {}): Promise<string> {
  const a = await postGraphql<{ apply: { operation: { id: string } } }>(on.url,
    'mutation Apply($input: ApplyInput!) { apply(input: $input) { operation { id } } }',
    { input: { manifests: deployment(name), strategy: { waves: [{ clusterNames: ['ro-a'] }, { clusterNames: ['ro-b'] }], ...timing } } });
  expect(a.errors).toBeUndefined();
  return a.data!.apply.operation.id;
}

async function operation(on: Gateway, id: string): Promise<Op | null> {
  const a = await postGraphql<{ operation: Op | null }>(on.url, `query Op($id: ID!) { operation(id: $id) { ${FIELDS} } }`, { id });
  expect(a.errors).toBeUndefined();
  return a.data!.operation;
}

/** Read the operation on `on` until `done`, moving the fleet's clock `stepMs` between looks. Bounded by looks, not time. */
async function until(on: Gateway, id: string, done: (op: Op) => boolean, stepMs = 0): Promise<Op> {
  for (let look = 0; look < 1500; look++) {
    const op = await operation(on, id);
    if (op && done(op)) return op;
    if (stepMs > 0 && look % 5 === 4) await clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`operation ${id} never got there: ${JSON.stringify(await operation(on, id))}`);
}

const writes = (cluster: string, name: string) => fg.sim.cluster(cluster).requests.all()
  .filter((r) => r.method !== 'GET' && r.path.includes(`/deployments/${name}`)).length;
const waves = (op: Op) => op.waves.map((w) => w.state).join(',');

describe('operations shared by gateway replicas through Redis', () => {
  test('operation(id), operations and the operation subscription answer on the replica that did not start it', async () => {
    const id = await start(fg.gateway, 'shared-1');
    const seen: Op[] = [];
    let completed = false;
    ws.subscribe<{ operation: Op }>({ query: `subscription ($id: ID!) { operation(id: $id) { ${FIELDS} } }`, variables: { id } }, {
      next: (v) => { if (v.data) seen.push(v.data.operation); },
      error: (e) => { throw new Error(`subscription failed: ${JSON.stringify(e)}`); },
      complete: () => { completed = true; },
    });
    const onB = await until(b, id, (op) => op.waves[0]!.state === 'WAITING');
    expect(onB.state).toBe('RUNNING');
    const listed = await postGraphql<{ operations: Array<{ id: string }> }>(b.url, '{ operations(state: RUNNING) { id } }');
    expect(listed.data?.operations.map((o) => o.id)).toContain(id);
    const final = await until(b, id, (op) => op.state === 'SUCCEEDED', 1000);
    expect(waves(final)).toBe('SUCCEEDED,SUCCEEDED');
    for (let look = 0; look < 1000 && !completed; look++) await new Promise((r) => setTimeout(r, 10));
    expect(completed).toBe(true);
    expect(seen[0]?.id).toBe(id);
    expect(seen.at(-1)?.state).toBe('SUCCEEDED');
    expect(seen.map((o) => o.state)).toContain('RUNNING');
    expect(writes('ro-a', 'shared-1')).toBe(1);
    expect(writes('ro-b', 'shared-1')).toBe(1);
  });

  test('a cancel made on the other replica stops the run before its next write', async () => {
    const id = await start(fg.gateway, 'cancel-1');
    await until(b, id, (op) => op.waves[0]!.state === 'WAITING');
    const a = await postGraphql<{ cancelOperation: Op }>(b.url, `mutation C($id: ID!) { cancelOperation(id: $id) { ${FIELDS} } }`, { id });
    expect(a.errors).toBeUndefined();
    expect(a.data?.cancelOperation.state).toBe('CANCELLED');
    expect(a.data?.cancelOperation.cancelRequested).toBe(true);
    expect(waves(a.data!.cancelOperation)).toBe('CANCELLED,SKIPPED');
    // Time moves on: wave 1 would roll out now, and wave 2 is still never written.
    for (let i = 0; i < 5; i++) await clock.advance(1000);
    expect((await operation(fg.gateway, id))?.state).toBe('CANCELLED');
    expect(writes('ro-a', 'cancel-1')).toBe(1);
    expect(writes('ro-b', 'cancel-1')).toBe(0);
  });

  test('a rollout whose replica dies during wave 1 is resumed by another replica after its lease expires, and completes', async () => {
    const client = redis.client();
    const c = await replica(client, DYING);
    const id = await start(c, 'resume-1');
    await until(b, id, (op) => op.waves[0]!.state === 'WAITING');
    expect(writes('ro-a', 'resume-1')).toBe(1);
    // Death: the replica's Redis connection is cut (no renewal, no release, no write), then its engine stops.
    client.disconnect();
    await c.stop();
    expect((await operation(b, id))?.state).toBe('RUNNING');
    // Wave 1 rolls out meanwhile; the resumer applies it again (unchanged), waits for it, then writes wave 2.
    const final = await until(b, id, (op) => op.state !== 'RUNNING', 1000);
    expect(final.state).toBe('SUCCEEDED');
    expect(waves(final)).toBe('SUCCEEDED,SUCCEEDED');
    expect(writes('ro-a', 'resume-1')).toBe(2);
    expect(writes('ro-b', 'resume-1')).toBe(1);
  });

  test('a rollout whose replica dies between waves (pausing) completes on another; the wave already rolled out is not written again', async () => {
    const client = redis.client();
    const c = await replica(client, DYING);
    const id = await start(c, 'paused-1', { pauseSeconds: 3600, waitTimeoutSeconds: 86_400 });
    await until(b, id, (op) => op.waves[1]!.state === 'PAUSED', 1000);
    expect(waves((await operation(b, id))!)).toBe('SUCCEEDED,PAUSED');
    client.disconnect();
    await c.stop();
    // The resuming replica pauses again in full (an hour of the fleet's clock), then writes wave 2.
    const final = await until(b, id, (op) => op.state !== 'RUNNING', 60_000);
    expect(final.state).toBe('SUCCEEDED');
    expect(waves(final)).toBe('SUCCEEDED,SUCCEEDED');
    expect(writes('ro-a', 'paused-1')).toBe(1);
    expect(writes('ro-b', 'paused-1')).toBe(1);
  });

  test('a replica shutting down hands its rollouts over (lease released, not cancelled); another completes them', async () => {
    const d = await replica();
    const id = await start(d, 'handover-1');
    await until(b, id, (op) => op.waves[0]!.state === 'WAITING');
    await d.stop();
    const after = (await operation(b, id))!;
    expect(after.state).toBe('RUNNING');
    expect(after.cancelRequested).toBe(false);
    const final = await until(b, id, (op) => op.state !== 'RUNNING', 1000);
    expect(final.state).toBe('SUCCEEDED');
    expect(writes('ro-a', 'handover-1')).toBe(2);
    expect(writes('ro-b', 'handover-1')).toBe(1);
  });

  test('a rollout whose replica process is killed (SIGKILL) during wave 1 completes on another replica', async () => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./replicaProcess.ts', import.meta.url)), fg.kubeconfigPath, redis.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
      for (let look = 0; look < 3000 && !out.includes('\n') && child.exitCode === null; look++) await new Promise((r) => setTimeout(r, 20));
      expect(out, `the replica process printed its URL; stderr: ${err}`).toMatch(/^http:\/\/.+\/graphql\n/);
      const url = out.trim();
      const a = await postGraphql<{ apply: { operation: { id: string } } }>(url,
        'mutation Apply($input: ApplyInput!) { apply(input: $input) { operation { id } } }',
        { input: { manifests: deployment('killed-1'), strategy: { waves: [{ clusterNames: ['ro-a'] }, { clusterNames: ['ro-b'] }] } } });
      expect(a.errors).toBeUndefined();
      const id = a.data!.apply.operation.id;
      await until(b, id, (op) => op.waves[0]!.state === 'WAITING');
      child.kill('SIGKILL');
      await exited;
      const final = await until(b, id, (op) => op.state !== 'RUNNING', 1000);
      expect(final.state).toBe('SUCCEEDED');
      expect(waves(final)).toBe('SUCCEEDED,SUCCEEDED');
      expect(writes('ro-a', 'killed-1')).toBe(2);
      expect(writes('ro-b', 'killed-1')).toBe(1);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
