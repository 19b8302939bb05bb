/**
 * `npm start` with OpenTelemetry's environment variables, as an operator runs it: it says where
 * spans go, its operations reach the collector as OTLP/HTTP once SIGTERM has stopped it (the
 * graceful stop flushes them), and a setting it cannot honour stops it at once with exit code 2.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { killApps, startApp, stderrLine } from '../../support/appProcess.ts';
import { postGraphql } from '../../support/gateway.ts';
import { exportedSpans, startCollector } from './collector.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-cli-trace-'));
});
afterAll(async () => {
  killApps();
  await rm(dir, { recursive: true, force: true });
});

test('the demo fleet with OTEL_EXPORTER_OTLP_ENDPOINT: spans of its queries reach the collector by the time SIGTERM has stopped it', async () => {
  const collector = await startCollector();
  try {
    const app = startApp(['--port', '0'], dir, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}` });
    const url = (await stderrLine(app, /^GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/m))[1]!;
    expect(app.stderr()).toContain(`tracing: spans sent over OTLP/HTTP to http://127.0.0.1:${collector.port} (docs/tracing.md)\n`);
    const answer = await postGraphql(url, 'query FromTheCli { clusters { name } }');
    expect(answer.errors).toBeUndefined();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const spans = exportedSpans(collector.received);
    expect(spans.filter((s) => s.name === 'query FromTheCli').map((s) => s.service)).toEqual(['fleetgraph']);
  } finally {
    await collector.close();
  }
}, 60_000);

test('OTEL_EXPORTER_OTLP_PROTOCOL=grpc stops it with exit code 2, naming the variable', async () => {
  const app = startApp(['--port', '0'], dir, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
  expect(await app.exited).toBe(2);
  expect(app.stderr()).toMatch(/^fleetgraph: OTEL_EXPORTER_OTLP_PROTOCOL=grpc: fleetgraph sends OTLP over HTTP .*\nRun with --help for the flags\.\n$/);
}, 60_000);
