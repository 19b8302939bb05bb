/**
 * A small OTLP/HTTP collector for the tracing tests: an HTTP server on port 0 that records each
 * request it is sent, and a decoder for the OTLP JSON bodies fleetgraph's exporter sends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpJson {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: Array<{ name: string; spanId: string; parentSpanId?: string; traceId: string }> }>;
  }>;
}

export interface Received { method: string; path: string; contentType: string | undefined; body: string }

/** One span as exported, with its resource's service.name. */
export interface ExportedSpan { name: string; spanId: string; parentSpanId?: string | undefined; traceId: string; service: string | undefined }

/** A collector on port 0 that records what it is sent; `answer: false` reads requests and never answers. */
export async function startCollector(answer = true) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      if (answer) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received, port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A port nothing listens on (a collector that is down). */
export async function closedPort(): Promise<number> {
  const c = await startCollector();
  await c.close();
  return c.port;
}

/** Every span of every OTLP JSON body received. */
export function exportedSpans(received: readonly Received[]): ExportedSpan[] {
  return received.flatMap((r) => (JSON.parse(r.body) as OtlpJson).resourceSpans.flatMap((rs) => {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, service })));
  }));
}
