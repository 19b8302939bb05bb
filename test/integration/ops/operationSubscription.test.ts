/**
 * Following a rollout live as tooling meets it: the real graphql-ws client over WebSocket against
 * a gateway on port 0 in front of a simulated fleet whose controllers roll Deployments out on a
 * ManualClock the test drives. A two-wave rollout is delivered state by state up to SUCCEEDED and
 * the subscription completes; a cancel is delivered as CANCELLED and completes; an unknown id is
 * NOT_FOUND; unsubscribing ends the store's watch (counted on the store, not timed).
 */
import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../../../src/sim/index.ts';
import { MemoryOperationStore } from '../../../src/store/MemoryOperationStore.ts';
import type { OperationRecord } from '../../../src/store/OperationStore.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

/** The in-memory store, counting the watches open on each operation. */
class CountingStore extends MemoryOperationStore {
  readonly open = new Map<string, number>();
  override async *watch(id: string, signal?: AbortSignal): AsyncIterable<OperationRecord> {
    this.open.set(id, (this.open.get(id) ?? 0) + 1);
    try {
      yield* super.watch(id, signal);
    } finally {
      this.open.set(id, this.open.get(id)! - 1);
    }
  }
}

const ALL = ['os-canary', 'os-main-1', 'os-main-2'];
const clock = new ManualClock();
const store = new CountingStore();
let fg: FleetGateway;
let client: Client;

beforeAll(async () => {
  const fleetFile = `clusters:\n${ALL.map((name) => `  ${name}:\n    labels: { ring: ${name === 'os-canary' ? 'canary' : 'main'} }\n`).join('')}`;
  fg = await startFleetGateway({ sim: { clusters: ALL.map((name) => ({ name })), nodes: 1, clock }, fleetFile, gateway: { rollout: { pollIntervalMs: 10, store } } });
  client = createClient({ url: fg.gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
}, 60_000);

afterAll(async () => {
  await client?.dispose();
  await fg?.stop();
});

interface Delivery { state: string; cancelRequested: boolean; waves: Array<{ number: number; state: string; clusters: Array<{ cluster: string; state: string }> }> }
interface Sub { got: Delivery[]; errors: Array<{ message?: string; extensions?: Record<string, unknown> }>; completed: boolean; stop(): void }

const OPERATION = `subscription Follow($id: ID!) { operation(id: $id) { state cancelRequested waves { number state clusters { cluster state } } } }`;

function follow(id: string, query = OPERATION): Sub {
  const sub: Sub = { got: [], errors: [], completed: false, stop: () => undefined };
  sub.stop = client.subscribe<{ operation: Delivery }>({ query, variables: { id } }, {
    next: (v) => {
      if (v.errors) sub.errors.push(...(v.errors as Sub['errors']));
      if (v.data) sub.got.push(v.data.operation);
    },
    error: (e) => (Array.isArray(e) ? sub.errors.push(...(e as Sub['errors'])) : sub.errors.push(e as Sub['errors'][number])),
    complete: () => { sub.completed = true; },
  });
  return sub;
}

/** Move the fleet's clock `stepMs` between looks until `done` (pods start only when time moves). Bounded by looks, not time. */
async function drive(done: () => boolean, what: string, stepMs = 0): Promise<void> {
  for (let look = 0; look < 1500 && !done(); look++) {
    if (stepMs > 0 && look % 10 === 9) await clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(done(), what).toBe(true);
}

const app = (ns: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${ns} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.27" }] }
`;

async function start(ns: string, pauseSeconds = 0): Promise<string> {
  const a = await fg.query<{ apply: { operation: { id: string } } }>(
    'mutation Apply($input: ApplyInput!) { apply(input: $input) { operation { id } } }',
    { input: { manifests: app(ns), strategy: { waves: [{ clusters: 'ring=canary' }, { clusters: 'ring=main' }], pauseSeconds } } });
  expect(a.errors).toBeUndefined();
  return a.data!.apply.operation.id;
}

const line = (d: Delivery) => `${d.state} ${d.waves.map((w) => w.state).join(',')}`;
/** Each delivery's states, with consecutive repeats (cluster-level moves inside one wave state) folded. */
const path = (got: Delivery[]) => got.map(line).filter((l, i, all) => l !== all[i - 1]);

describe('operation(id) subscription over graphql-ws', () => {
  test('a two-wave rollout is delivered state by state, ending with SUCCEEDED, then the subscription completes', async () => {
    const id = await start('opsub-ok');
    const sub = follow(id);
    await drive(() => sub.completed, 'the subscription completed after the final state', 2000);
    expect(sub.errors).toEqual([]);
    const last = sub.got.at(-1)!;
    expect(last.state).toBe('SUCCEEDED');
    expect(last.waves.map((w) => [w.number, w.state, w.clusters.map((c) => c.state)])).toEqual([[1, 'SUCCEEDED', ['SUCCEEDED']], [2, 'SUCCEEDED', ['SUCCEEDED', 'SUCCEEDED']]]);
    // Every step a wave takes, in order: wave 2 begins only after wave 1 has succeeded.
    const steps = path(sub.got);
    const seen = ['RUNNING APPLYING,PENDING', 'RUNNING WAITING,PENDING', 'RUNNING SUCCEEDED,APPLYING', 'RUNNING SUCCEEDED,WAITING', 'SUCCEEDED SUCCEEDED,SUCCEEDED'];
    expect(steps.filter((s) => seen.includes(s))).toEqual(seen);
    expect(steps.slice(steps.indexOf('RUNNING SUCCEEDED,APPLYING')).every((s) => s.includes('SUCCEEDED,')), 'wave 1 stays SUCCEEDED once wave 2 begins').toBe(true);
    expect(sub.got.filter((d) => d.state === 'SUCCEEDED')).toHaveLength(1);
    await drive(() => store.open.get(id) === 0, 'the store watch ended with the subscription');
  });

  test('the example in docs/rollouts.md works as written', async () => {
    const doc = readFileSync(new URL('../../../docs/rollouts.md', import.meta.url), 'utf8');
    const query = /query: `(subscription[^`]+)`/.exec(doc)?.[1];
    expect(query, 'the subscription example in docs/rollouts.md').toBeDefined();
    const id = await start('opsub-doc');
    const sub = follow(id, query);
    await drive(() => sub.completed, 'completed', 2000);
    expect(sub.errors).toEqual([]);
    expect(sub.got.at(-1)).toMatchObject({ state: 'SUCCEEDED', error: null, waves: [{ number: 1, state: 'SUCCEEDED' }, { number: 2, state: 'SUCCEEDED' }] });
  });

  test('an operation already finished is delivered once and completes', async () => {
    const [done] = await fg.gateway.ops!.rollouts.list('SUCCEEDED');
    const sub = follow(done!.id);
    await drive(() => sub.completed, 'completed');
    expect(sub.got.map((d) => d.state)).toEqual(['SUCCEEDED']);
  });

  test('a cancel is delivered as CANCELLED, then the subscription completes', async () => {
    const id = await start('opsub-cancel', 3600);
    const sub = follow(id);
    await drive(() => sub.got.some((d) => d.waves[1]!.state === 'PAUSED'), 'wave 2 pausing', 2000);
    const c = await fg.query<{ cancelOperation: { state: string } }>('mutation C($id: ID!) { cancelOperation(id: $id) { state } }', { id });
    expect(c.data?.cancelOperation.state).toBe('CANCELLED');
    await drive(() => sub.completed, 'the subscription completed after CANCELLED');
    expect(sub.errors).toEqual([]);
    const last = sub.got.at(-1)!;
    expect(last).toMatchObject({ state: 'CANCELLED', cancelRequested: true });
    expect(last.waves.map((w) => w.state)).toEqual(['SUCCEEDED', 'SKIPPED']);
    expect(sub.got.some((d) => d.state === 'RUNNING' && d.cancelRequested), 'the cancel request itself is delivered').toBe(true);
    for (const name of ['os-main-1', 'os-main-2']) expect(fg.sim.cluster(name).store.get('/namespaces', '', 'opsub-cancel'), `${name} untouched`).toBeUndefined();
  });

  test('an unknown id is a NOT_FOUND error for that subscription, not a hang', async () => {
    const sub = follow('no-such-operation');
    await drive(() => sub.errors.length > 0, 'an error arrived');
    expect(sub.got).toEqual([]);
    expect(sub.errors[0]).toMatchObject({ message: 'no operation has id "no-such-operation"', extensions: { code: 'NOT_FOUND' } });
    expect(store.open.get('no-such-operation')).toBe(0);
    // The connection stays usable.
    const [done] = await fg.gateway.ops!.rollouts.list('SUCCEEDED');
    const again = follow(done!.id);
    await drive(() => again.completed, 'a later subscription on the same connection completed');
    expect(again.got.map((d) => d.state)).toEqual(['SUCCEEDED']);
  });

  test('unsubscribing from a quiet operation ends the store watch at once', async () => {
    const id = await start('opsub-leave', 3600);
    const sub = follow(id);
    // Pausing 3600 s of real time: the operation publishes nothing more until it is cancelled.
    await drive(() => sub.got.some((d) => d.waves[1]!.state === 'PAUSED'), 'wave 2 pausing', 2000);
    const other = follow(id);
    await drive(() => other.got.length > 0, 'a second subscriber got the operation');
    expect(store.open.get(id)).toBe(2);
    sub.stop();
    await drive(() => store.open.get(id) === 1, 'the first watch ended when its subscriber left, the other one kept');
    const before = other.got.length;
    await fg.query('mutation C($id: ID!) { cancelOperation(id: $id) { state } }', { id });
    await drive(() => other.completed, 'the remaining subscriber completed');
    expect(other.got.length).toBeGreaterThan(before);
    expect(store.open.get(id)).toBe(0);
  });
});
