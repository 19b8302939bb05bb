/**
 * Tracing as an operator's collector meets it, with an in-memory exporter in its place: a real
 * gateway (port 0) over a simulated fleet, queried over real HTTP and subscribed to with the real
 * graphql-ws client. A query is one operation span whose children are exactly the cluster calls
 * the simulator received; failing clusters give error spans and per-code counts; a subscription
 * start is one span; watch streams and their lists are root spans of their own.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Tracing } from '../../../src/telemetry/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { subscribe, waitFor, wsClients } from '../../support/liveHelpers.ts';

const exporter = new InMemorySpanExporter();
let fg: FleetGateway;
const ws = wsClients(() => fg.gateway.url.replace(/^http/, 'ws'));

beforeAll(async () => {
  fg = await startFleetGateway({
    sim: { clusters: 3, namePrefix: 'tr', nodes: 2, pods: 5, clusterDefaults: { controllers: false } },
    gateway: { tracing: new Tracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] }) },
  });
}, 60_000);

afterEach(async () => {
  for (const c of fg.sim.clusters) await c.setFaults({ down: false, forbidden: false, errorRate: 0 });
});

afterAll(async () => {
  await ws.disposeAll();
  await fg?.stop();
});

/** Requests the simulated clusters received, all of them. */
const simRequests = () => fg.sim.clusters.reduce((n, c) => n + c.requests.count({}), 0);
const childrenOf = (parent: ReadableSpan, spans: readonly ReadableSpan[]) =>
  spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId && s.spanContext().traceId === parent.spanContext().traceId);

/** Runs `query` with the exporter emptied first; its spans, once the operation span has ended. */
async function traced(query: string) {
  exporter.reset();
  const before = simRequests();
  const answer = await fg.query(query);
  const requests = simRequests() - before;
  const spans = exporter.getFinishedSpans();
  const operations = spans.filter((s) => s.kind === SpanKind.SERVER);
  expect(operations).toHaveLength(1);
  const operation = operations[0]!;
  return { answer, requests, spans, operation, calls: childrenOf(operation, spans) };
}

describe('a fleet query', () => {
  test('is one operation span named after the operation, with one child per cluster call the fleet received', async () => {
    const { answer, requests, operation, calls, spans } = await traced('query DashboardQuery { clusters { name pods { name } nodes { name } } }');
    expect(answer.errors).toBeUndefined();
    expect(operation.name).toBe('query DashboardQuery');
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'query', 'graphql.operation.name': 'DashboardQuery',
      'fleetgraph.outcome': 'ok', 'fleetgraph.upstream.calls': requests, 'fleetgraph.upstream.attempts': requests,
    });
    expect(operation.attributes['enduser.id']).toBeUndefined();
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);
    // One LIST of pods and one of nodes per cluster, each a child span: nothing else was sent.
    expect(requests).toBe(6);
    expect(calls).toHaveLength(requests);
    expect(spans).toHaveLength(requests + 1);
    expect(calls.map((s) => `${s.attributes['k8s.cluster.name']} ${s.name}`).sort()).toEqual(
      fg.sim.clusters.flatMap((c) => [`${c.name} list nodes`, `${c.name} list pods`]).sort());
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(call.attributes).toMatchObject({
        'fleetgraph.k8s.verb': 'list', 'http.request.method': 'GET', 'http.response.status_code': 200,
        'fleetgraph.outcome': 'ok', 'fleetgraph.retries': 0, 'server.address': '127.0.0.1',
      });
      expect(call.attributes['fleetgraph.impersonated_user']).toBeUndefined();
      // A child ends before its operation does.
      expect(call.ended).toBe(true);
    }
  });

  test('an anonymous query is named by its type, and a query that fails validation is an error span', async () => {
    const anonymous = await traced('{ clusters { name } }');
    expect(anonymous.operation.name).toBe('query');
    expect(anonymous.operation.attributes['graphql.operation.name']).toBeUndefined();

    const invalid = await traced('query Broken { clusters { nosuchfield } }');
    expect(invalid.answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(invalid.operation.name).toBe('GraphQL Operation');
    expect(invalid.operation.attributes).toMatchObject({ 'fleetgraph.outcome': 'error', 'error.type': 'GRAPHQL_VALIDATION_FAILED', 'fleetgraph.upstream.calls': 0 });
    expect(invalid.operation.status).toEqual({ code: SpanStatusCode.ERROR, message: 'GRAPHQL_VALIDATION_FAILED' });
    expect(invalid.calls).toHaveLength(0);
  });

  test('clusters made to fail give error spans with their codes, and the operation counts them per code', async () => {
    await fg.sim.cluster('tr-2').setFaults({ down: true });
    await fg.sim.cluster('tr-3').setFaults({ forbidden: true });
    const { answer, operation, calls, requests } = await traced('query Pods { clusters { name pods { name } } }');
    expect(answer.errors?.map((e) => e.extensions?.code).sort()).toEqual(['CLUSTER_UNREACHABLE', 'FORBIDDEN']);
    expect(operation.attributes).toMatchObject({
      'fleetgraph.outcome': 'partial',
      'fleetgraph.cluster_failures.CLUSTER_UNREACHABLE': 1,
      'fleetgraph.cluster_failures.FORBIDDEN': 1,
    });
    expect([...(operation.attributes['fleetgraph.cluster_failures.clusters'] as string[])].sort()).toEqual(['tr-2', 'tr-3']);
    // The down cluster received nothing: its call is a span all the same.
    expect(requests).toBe(2);
    expect(calls).toHaveLength(3);
    const byCluster = new Map(calls.map((s) => [s.attributes['k8s.cluster.name'], s]));
    expect(byCluster.get('tr-1')!.attributes['fleetgraph.outcome']).toBe('ok');
    expect(byCluster.get('tr-2')!.attributes).toMatchObject({ 'fleetgraph.outcome': 'CLUSTER_UNREACHABLE', 'error.type': 'CLUSTER_UNREACHABLE' });
    expect(byCluster.get('tr-2')!.attributes['http.response.status_code']).toBeUndefined();
    expect(byCluster.get('tr-3')!.attributes).toMatchObject({ 'fleetgraph.outcome': 'FORBIDDEN', 'error.type': 'FORBIDDEN', 'http.response.status_code': 403 });
    for (const name of ['tr-2', 'tr-3']) expect(byCluster.get(name)!.status).toEqual({ code: SpanStatusCode.ERROR, message: byCluster.get(name)!.attributes['error.type'] });
    // Codes only: no upstream message (it names users and objects) in any span.
    expect(JSON.stringify(calls.map((s) => [s.attributes, s.status, s.events]))).not.toMatch(/forbidden:|cannot list|ECONNREFUSED/);
  });

  test('a call retried after 503s records its retries, and the operation the HTTP requests they took', async () => {
    await fg.sim.cluster('tr-1').setFaults({ errorRate: 1, errorCodes: [503] });
    const { operation, calls, requests } = await traced('{ clusters(clusterNames: ["tr-1"]) { name pods { name } } }');
    const call = calls.find((s) => s.attributes['k8s.cluster.name'] === 'tr-1')!;
    // The default budget: two retries, three requests, then the 503 is the answer.
    expect(call.attributes).toMatchObject({ 'fleetgraph.retries': 2, 'http.response.status_code': 503 });
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
    expect(requests).toBe(3);
    expect(operation.attributes).toMatchObject({ 'fleetgraph.upstream.calls': 1, 'fleetgraph.upstream.attempts': 3 });
  });
});

describe('subscriptions over graphql-ws', () => {
  test('a subscription start is one span; its watches and their lists are root spans, not its children', async () => {
    exporter.reset();
    const sub = subscribe(ws.newClient(), 'subscription ConfigMapChanges { resourceChanges(kind: "ConfigMap", namespace: "default") { type cluster } }');
    await waitFor(() => fg.gateway.live!.watch('tr-1', 'configmaps')?.synced === true && exporter.getFinishedSpans().some((s) => s.name === 'watch configmaps'),
      'the watches to start');
    await waitFor(() => exporter.getFinishedSpans().filter((s) => s.name === 'watch configmaps').length === 3, 'a watch per cluster');
    const spans = exporter.getFinishedSpans();
    const starts = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(starts.map((s) => s.name)).toEqual(['subscription ConfigMapChanges']);
    expect(starts[0]!.attributes).toMatchObject({ 'graphql.operation.type': 'subscription', 'graphql.operation.name': 'ConfigMapChanges', 'fleetgraph.outcome': 'ok' });
    for (const s of spans.filter((x) => x.kind === SpanKind.CLIENT)) {
      expect(s.parentSpanContext, s.name).toBeUndefined();
      expect(['list configmaps', 'watch configmaps']).toContain(s.name);
    }
    const watches = spans.filter((s) => s.name === 'watch configmaps');
    expect(watches.map((s) => s.attributes['k8s.cluster.name']).sort()).toEqual(['tr-1', 'tr-2', 'tr-3']);
    for (const w of watches) expect(w.attributes).toMatchObject({ 'fleetgraph.k8s.verb': 'watch', 'http.response.status_code': 200, 'fleetgraph.outcome': 'ok' });
    sub.stop();
  });

  test('a cluster status subscription\'s probes are root spans, not children of its start', async () => {
    exporter.reset();
    const sub = subscribe(ws.newClient(), 'subscription Reachability { clusterStatus { cluster state } }');
    await waitFor(() => sub.got.length === 3, 'each cluster\'s first check');
    const spans = exporter.getFinishedSpans();
    expect(spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.name)).toEqual(['subscription Reachability']);
    const probes = spans.filter((s) => s.name === 'get version');
    expect(probes.map((s) => s.attributes['k8s.cluster.name']).sort()).toEqual(['tr-1', 'tr-2', 'tr-3']);
    for (const p of probes) expect(p.parentSpanContext).toBeUndefined();
    sub.stop();
  });

  test('a refused subscription start is an error span with its code', async () => {
    exporter.reset();
    const sub = subscribe(ws.newClient(), 'query NotASubscription { clusters { name } }');
    await waitFor(() => sub.errors.length > 0, 'the refusal');
    const starts = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);
    expect(starts).toHaveLength(1);
    expect(starts[0]!.name).toBe('GraphQL Operation');
    // Refused before its document was read for a name: the client sent none beside it.
    expect(starts[0]!.attributes).toMatchObject({ 'fleetgraph.outcome': 'error', 'error.type': 'BAD_REQUEST' });
    expect(starts[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
