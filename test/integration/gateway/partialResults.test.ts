/**
 * Partial results: a down cluster, a hanging cluster and a cluster that answers 403 each cost
 * the answer only their own data. The healthy clusters' data comes back complete, each bad
 * cluster adds one error with its code and name, and a hanging cluster never holds the answer
 * past its timeout, however deep the query nests into it.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/server/logger.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

const TIMEOUT_MS = 1500;
let fg: FleetGateway;
let logText = '';
const clock = new ManualClock();

beforeAll(async () => {
  const sink = new Writable({ write(chunk, _enc, done) { logText += String(chunk); done(); } });
  fg = await startFleetGateway({
    sim: { clusters: 4, namePrefix: 'pr', nodes: 2, pods: 6, clock },
    gateway: { timeoutMs: TIMEOUT_MS, logger: createLogger('debug', sink) },
  });
  // Cluster time stands still from here: ground truth cannot move while a query runs.
  await clock.advance(120_000);
  await fg.sim.settle();
  // Seen healthy once, so status can show the version it reported before going bad.
  const first = await fg.query('{ clusters { name status { reachable version } } }');
  expect(first.errors).toBeUndefined();
  await fg.sim.cluster('pr-2').setFaults({ down: true });
  await fg.sim.cluster('pr-3').setFaults({ hang: true });
  await fg.sim.cluster('pr-4').setFaults({ forbidden: true });
}, 60_000);

afterAll(async () => {
  for (const c of fg?.sim.clusters ?? []) await c.setFaults({ down: false, hang: false, forbidden: false });
  await fg?.stop();
});

interface Answer {
  clusters: Array<{
    name: string;
    status: { reachable: boolean; version: string | null; latencyMs: number | null; lastError: { code: string; message: string } | null; lastErrorAt: string | null };
    nodes: Array<{ name: string; pods: Array<{ name: string; owner: { name: string } | null; events: Array<{ reason: string }> }> }>;
    pods: Array<{ name: string }>;
  }>;
}

const DEEP = `{ clusters { name
  status { reachable version latencyMs lastError { code message } lastErrorAt }
  nodes { name pods { name owner { name } events { reason } } }
  pods { name } } }`;

describe('a fleet with a down, a hanging and a forbidding cluster', () => {
  let answer: Awaited<ReturnType<typeof fg.query<Answer>>>;
  let elapsedMs: number;

  beforeAll(async () => {
    const started = performance.now();
    answer = await fg.query<Answer>(DEEP);
    elapsedMs = performance.now() - started;
  }, 30_000);

  test('returns the healthy cluster\'s data complete', () => {
    const healthy = answer.data!.clusters.find((c) => c.name === 'pr-1')!;
    const stored = fg.sim.cluster('pr-1').store.list('/pods').map((p) => p.object as { metadata: { name: string }; spec?: { nodeName?: string } });
    expect(healthy.pods.map((p) => p.name).sort()).toEqual(stored.map((p) => p.metadata.name).sort());
    const scheduled = stored.filter((p) => p.spec?.nodeName).map((p) => p.metadata.name).sort();
    expect(healthy.nodes.flatMap((n) => n.pods.map((p) => p.name)).sort()).toEqual(scheduled);
    expect(healthy.status).toMatchObject({ reachable: true, version: 'v1.32.4', lastError: null });
  });

  test('adds one error per bad cluster with the right code', () => {
    const got = (answer.errors ?? []).map((e) => ({ cluster: e.extensions?.cluster, code: e.extensions?.code }));
    expect(got).toEqual(expect.arrayContaining([
      { cluster: 'pr-2', code: 'CLUSTER_UNREACHABLE' },
      { cluster: 'pr-3', code: 'CLUSTER_TIMEOUT' },
      { cluster: 'pr-4', code: 'FORBIDDEN' },
    ]));
    expect(got).toHaveLength(3);
    const forbidden = answer.errors!.find((e) => e.extensions?.cluster === 'pr-4')!;
    expect(forbidden.message).toMatch(/^cluster "pr-4": (nodes|pods): (nodes|pods) is forbidden: User "admin" cannot list resource/);
    expect(forbidden.extensions?.resources).toEqual(expect.arrayContaining(['nodes', 'pods']));
    const timeout = answer.errors!.find((e) => e.extensions?.cluster === 'pr-3')!;
    expect(timeout.message).toBe(`cluster "pr-3" did not answer within ${TIMEOUT_MS} ms`);
  });

  test('answers within about one timeout, though the query nests three levels into the hanging cluster', () => {
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(2 * TIMEOUT_MS);
  });

  test('shows each bad cluster\'s state in Cluster.status as data', () => {
    const status = (name: string) => answer.data!.clusters.find((c) => c.name === name)!.status;
    expect(status('pr-2')).toMatchObject({ reachable: false, version: 'v1.32.4', latencyMs: null, lastError: { code: 'CLUSTER_UNREACHABLE' } });
    expect(status('pr-3')).toMatchObject({ reachable: false, latencyMs: null, lastError: { code: 'CLUSTER_TIMEOUT' } });
    // /version stays open to a user without RBAC bindings: reachable, but its lists were refused.
    expect(status('pr-4')).toMatchObject({ reachable: true, lastError: { code: 'FORBIDDEN' } });
    expect(Date.parse(status('pr-2').lastErrorAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  test('never puts a token, header or raw upstream body in answers or logs', () => {
    const text = JSON.stringify(answer) + logText;
    for (const c of fg.sim.clusters) expect(text).not.toContain(c.token);
    expect(text).not.toMatch(/authorization|bearer|"kind":"Status"/i);
    expect(logText).toContain('"clusterFailures"');
  });

  test('counts the failed calls on /metrics by cluster and code', async () => {
    const metrics = await (await fetch(fg.gateway.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/fleetgraph_upstream_errors_total\{cluster="pr-2",code="CLUSTER_UNREACHABLE"\} [1-9]/);
    expect(metrics).toMatch(/fleetgraph_upstream_errors_total\{cluster="pr-3",code="CLUSTER_TIMEOUT"\} [1-9]/);
    expect(metrics).toMatch(/fleetgraph_upstream_errors_total\{cluster="pr-4",code="FORBIDDEN"\} [1-9]/);
    expect(metrics).toMatch(/fleetgraph_upstream_requests_total\{cluster="pr-1",resource="pods",verb="list",outcome="ok"\} [1-9]/);
  });
});

describe('a cluster that comes back', () => {
  test('is reachable again on the next request, with its last error kept', async () => {
    await fg.sim.cluster('pr-2').setFaults({ down: false });
    const a = await fg.query<{ cluster: { status: { reachable: boolean; lastError: { code: string } | null } ; pods: unknown[] } }>(
      '{ cluster(name: "pr-2") { status { reachable lastError { code } } pods { name } } }');
    expect(a.errors).toBeUndefined();
    expect(a.data?.cluster.status).toEqual({ reachable: true, lastError: { code: 'CLUSTER_UNREACHABLE' } });
    expect(a.data?.cluster.pods.length).toBe(fg.sim.cluster('pr-2').store.count('/pods'));
  });
});
