/**
 * Export over OTLP/HTTP, configured as an operator configures it (OpenTelemetry's environment
 * variables, read by tracingFromEnv as `npm start` does), to a small collector of our own on
 * port 0: after a query and a graceful stop the collector holds the operation's span and its
 * cluster calls' spans as OTLP JSON. A collector that refuses connections or never answers costs
 * the query nothing and the stop no more than its flush bound, and is logged once, without the
 * credentials its URL may carry.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, test, vi } from 'vitest';
import { createLogger } from '../../../src/server/logger.ts';
import { tracingFromEnv } from '../../../src/telemetry/index.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { waitFor } from '../../support/liveHelpers.ts';
import { closedPort, exportedSpans, startCollector } from './collector.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.unstubAllEnvs();
});

async function gatewayExportingTo(env: Record<string, string>, flushTimeoutMs?: number) {
  let logs = '';
  const logger = createLogger('debug', new Writable({ write(chunk: Buffer, _enc, done) { logs += chunk.toString(); done(); } }));
  const tracing = tracingFromEnv(env, logger, flushTimeoutMs === undefined ? {} : { flushTimeoutMs });
  expect(tracing).toBeDefined();
  const fg: FleetGateway = await startFleetGateway({
    sim: { clusters: 2, namePrefix: 'ot', nodes: 1, pods: 3, clusterDefaults: { controllers: false } },
    gateway: { tracing: tracing!, logger },
  });
  cleanups.push(() => fg.stop());
  return { fg, logs: () => logs };
}

test('after a query and a graceful stop, the collector has the operation and cluster-call spans as OTLP/HTTP JSON', async () => {
  const collector = await startCollector();
  cleanups.push(collector.close);
  const { fg } = await gatewayExportingTo({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}/`, OTEL_SERVICE_NAME: 'fleetgraph-test' });
  const answer = await fg.query('query ExportedQuery { clusters { name pods { name } } }');
  expect(answer.errors).toBeUndefined();
  await fg.gateway.stop();

  expect(collector.received.length).toBeGreaterThan(0);
  for (const r of collector.received) {
    expect(r.method).toBe('POST');
    expect(r.path).toBe('/v1/traces');
    expect(r.contentType).toBe('application/json');
  }
  const spans = exportedSpans(collector.received);
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['fleetgraph-test']));
  const operation = spans.filter((s) => s.name === 'query ExportedQuery');
  expect(operation).toHaveLength(1);
  const calls = spans.filter((s) => s.parentSpanId === operation[0]!.spanId && s.traceId === operation[0]!.traceId);
  expect(calls.map((s) => s.name)).toEqual(['list pods', 'list pods']);
}, 60_000);

test('a collector that is down slows no query; the failure is logged once, without the URL\'s credentials', async () => {
  const port = await closedPort();
  // Read by the exporter and the batch processor from the process's environment, as documented:
  // batches go out at once, and an export gives up retrying after 300 ms.
  vi.stubEnv('OTEL_BSP_SCHEDULE_DELAY', '10');
  vi.stubEnv('OTEL_EXPORTER_OTLP_TIMEOUT', '300');
  const { fg, logs } = await gatewayExportingTo({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://collector-user:s3cret-pass@127.0.0.1:${port}/v1/traces` });
  expect((await fg.query('{ clusters { name pods { name } } }')).errors).toBeUndefined();
  await waitFor(() => logs().includes('trace export failed'), 'the failed export to be logged');
  // Later batches fail too, and are not logged again.
  for (let i = 0; i < 5; i++) expect((await fg.query('{ clusters { name pods { name } } }')).errors).toBeUndefined();
  await fg.gateway.stop();
  const failures = logs().split('\n').filter((l) => l.includes('trace export failed'));
  expect(failures).toHaveLength(1);
  expect(failures[0]).toContain(`http://127.0.0.1:${port}/v1/traces`);
  expect(logs()).not.toContain('s3cret-pass');
}, 60_000);

test('a collector that never answers holds the stop no longer than the flush bound', async () => {
  const collector = await startCollector(false);
  cleanups.push(collector.close);
  const { fg } = await gatewayExportingTo({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}` }, 200);
  expect((await fg.query('{ clusters { name pods { name } } }')).errors).toBeUndefined();
  // Resolves (within the test's own timeout, far below the exporter's 10 s) though the export hangs.
  await fg.gateway.stop();
  expect(collector.received.length).toBeGreaterThan(0);
}, 8_000);
