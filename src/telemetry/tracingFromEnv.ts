/**
 * Tracing as the OpenTelemetry environment variables configure it, for `npm start` (main.ts):
 * on when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set (spans
 * sent as OTLP/HTTP with JSON bodies to `<endpoint>/v1/traces`, or to the traces endpoint as
 * given), off otherwise, or with `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
 * `OTEL_SERVICE_NAME` names the service (default `fleetgraph`). The exporter and the batch span
 * processor read their own settings from the process's environment as the OpenTelemetry
 * specification has them (`OTEL_EXPORTER_OTLP_HEADERS`, `_TIMEOUT`, `_COMPRESSION`,
 * `_CERTIFICATE`, `OTEL_BSP_*`), as does the sampler (`OTEL_TRACES_SAMPLER`).
 *
 * A collector that is down or slow never slows a request: spans are queued (the batch
 * processor's bounded queue; the newest are dropped when it is full) and exported in the
 * background; a failing export is logged once, and its recovery once, not per batch.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ConfigError } from '../config/ConfigError.ts';
import type { Logger } from '../server/logger.ts';
import { Tracing, type TracingOptions } from './Tracing.ts';

type ExportCallback = Parameters<SpanExporter['export']>[1];

/** The URL spans are sent to, or undefined when no endpoint is set (tracing off). Throws ConfigError for a bad URL. */
export function tracesEndpoint(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const [name, url] = specific ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific]
    : general ? ['OTEL_EXPORTER_OTLP_ENDPOINT', `${general.replace(/\/+$/, '')}/v1/traces`] : [undefined, undefined];
  if (name === undefined) return undefined;
  const given = JSON.stringify((specific || general)!.slice(0, 200));
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${name}=${given}: not a URL (expected e.g. http://otel-collector:4318)`);
  }
  // `collector:4318` parses as a URL of scheme "collector:": say what is expected instead.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name}=${given}: expected an http:// or https:// URL (spans are sent over OTLP/HTTP, usually to port 4318: http://otel-collector:4318)`);
  }
  return parsed.href;
}

/** Tracing configured by `env` (see above), or undefined when it is off. Throws ConfigError for settings it cannot honour. */
export function tracingFromEnv(env: Readonly<Record<string, string | undefined>>, logger: Logger,
  options: Partial<Omit<TracingOptions, 'spanProcessors'>> = {}): Tracing | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporterName = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporterName === 'none') return undefined;
  if (exporterName && exporterName !== 'otlp') {
    throw new ConfigError(`OTEL_TRACES_EXPORTER=${JSON.stringify(exporterName.slice(0, 50))}: fleetgraph exports traces over OTLP only (otlp, or none for no tracing)`);
  }
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() || env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim();
  if (protocol === 'grpc') {
    throw new ConfigError('OTEL_EXPORTER_OTLP_PROTOCOL=grpc: fleetgraph sends OTLP over HTTP (JSON bodies); point it at the collector\'s HTTP port (4318)');
  }
  const url = tracesEndpoint(env);
  if (url === undefined) return undefined;
  // Logged without any user:password an endpoint URL may carry.
  const where = `${new URL(url).origin}${new URL(url).pathname}`;
  const exporter = new ReportingExporter(new OTLPTraceExporter({ url }), where, logger);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || options.serviceName || 'fleetgraph';
  return new Tracing({ ...options, serviceName, spanProcessors: [new BatchSpanProcessor(exporter)] });
}

/** An exporter that logs when exports start failing and when they work again (once each), never per batch. */
class ReportingExporter implements SpanExporter {
  private failing = false;

  constructor(private readonly inner: SpanExporter, private readonly url: string, private readonly logger: Logger) {}

  export(spans: ReadableSpan[], done: ExportCallback): void {
    this.inner.export(spans, (result) => {
      // 0 is ExportResultCode.SUCCESS (@opentelemetry/core, not a dependency of ours).
      if (result.code === 0 && this.failing) {
        this.failing = false;
        this.logger.info({ url: this.url }, 'trace export works again');
      } else if (result.code !== 0 && !this.failing) {
        this.failing = true;
        // The error's name and message only (a collector's answer, cut short); spans are dropped, requests unaffected.
        const err = result.error ? `${result.error.name}: ${result.error.message}`.slice(0, 300) : 'unknown error';
        this.logger.warn({ url: this.url, err, spans: spans.length }, 'trace export failed; spans are dropped until the collector answers');
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
