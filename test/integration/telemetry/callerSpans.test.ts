/**
 * Tracing with authentication on: an operation's span names the caller (`enduser.id`, the user
 * name) and each cluster call the user it impersonated, over HTTP and for a subscription started
 * over graphql-ws; no bearer token, and no cluster credential, appears in any span.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { TokenFile } from '../../../src/auth/index.ts';
import { Tracing } from '../../../src/telemetry/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { subscribe, waitFor } from '../../support/liveHelpers.ts';

const TOKEN = 'trace-7d1e9a3c5b2f4e60';
const exporter = new InMemorySpanExporter();
let fg: FleetGateway;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-trace-auth-'));
  const path = join(dir, 'tokens.csv');
  await writeFile(path, `${TOKEN},dana,2001,"viewers,oncall"\n`);
  fg = await startFleetGateway({
    sim: { clusters: 2, namePrefix: 'ta', nodes: 1, pods: 2, clusterDefaults: { controllers: false } },
    gateway: { authenticator: await TokenFile.load(path), tracing: new Tracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] }) },
  });
}, 60_000);

afterAll(async () => {
  await fg?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every attribute value and status message of every span, as one text. */
const spanText = () => JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.status, s.events, s.resource.attributes]));

test('an HTTP operation names its caller, and its cluster calls the user they impersonated', async () => {
  exporter.reset();
  const res = await fetch(fg.gateway.url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: 'query MyPods { clusters { name pods { name } } }' }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
  const spans = exporter.getFinishedSpans();
  const operation = spans.find((s) => s.kind === SpanKind.SERVER)!;
  expect(operation.attributes).toMatchObject({ 'enduser.id': 'dana', 'fleetgraph.upstream.calls': 2 });
  const calls = spans.filter((s) => s.parentSpanContext?.spanId === operation.spanContext().spanId);
  expect(calls).toHaveLength(2);
  for (const c of calls) expect(c.attributes['fleetgraph.impersonated_user']).toBe('dana');
  // What the clusters received: the same user, impersonated.
  for (const cluster of fg.sim.clusters) expect(cluster.requests.find({ verb: 'list', resource: 'pods' }).at(-1)?.impersonateUser).toBe('dana');
  const text = spanText();
  expect(text).not.toContain(TOKEN);
  for (const cluster of fg.sim.clusters) expect(text).not.toContain(cluster.token);
  expect(text).not.toMatch(/bearer|authorization/i);
});

test('a subscription started over graphql-ws names its caller', async () => {
  exporter.reset();
  const client = createClient({ url: fg.gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${TOKEN}` } });
  try {
    const sub = subscribe(client, 'subscription Mine { resourceChanges(kind: "ConfigMap", namespace: "default") { type cluster } }');
    await waitFor(() => exporter.getFinishedSpans().some((s) => s.kind === SpanKind.SERVER), 'the subscription to start');
    const start = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER)!;
    expect(start.name).toBe('subscription Mine');
    expect(start.attributes).toMatchObject({ 'enduser.id': 'dana', 'fleetgraph.outcome': 'ok' });
    expect(sub.errors).toEqual([]);
    sub.stop();
    expect(spanText()).not.toContain(TOKEN);
  } finally {
    await client.dispose();
  }
});
