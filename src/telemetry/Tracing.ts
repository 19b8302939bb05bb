/**
 * The gateway's tracer: an OpenTelemetry tracer provider of its own (not registered as the
 * process's global one, so two gateways in one process, as in tests, keep their spans apart),
 * the span processors it feeds, and a bounded flush at shutdown.
 *
 * Made from the environment by tracingFromEnv.ts (OTLP over HTTP, batched), or with any span
 * processors by a program or a test (`new Tracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] })`).
 * No Tracing at all (the default) means no spans and no tracing code on any request path.
 */
import type { IncomingMessage } from 'node:http';
import type { Tracer } from '@opentelemetry/api';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { FailureContext } from '../kube/classifyFailure.ts';
import type { UpstreamRequest } from '../kube/ClusterClient.ts';
import { ATTR_SERVICE_NAME } from './attributes.ts';
import { traceClusterCall, traceWatchStart, type CalledCluster } from './clusterCallSpan.ts';

export interface TracingOptions {
  /** Where finished spans go. */
  spanProcessors: SpanProcessor[];
  /** The `service.name` resource attribute. @default 'fleetgraph' */
  serviceName?: string;
  /**
   * Longest wait for the last spans to be exported at shutdown; spans still unsent then are
   * dropped, so a collector that is down or hangs never holds a stop for longer. @default 5000
   */
  flushTimeoutMs?: number;
}

export class Tracing {
  readonly tracer: Tracer;
  private readonly provider: NodeTracerProvider;
  private readonly flushTimeoutMs: number;
  private stopped: Promise<void> | undefined;

  constructor(options: TracingOptions) {
    // OTEL_RESOURCE_ATTRIBUTES (envDetector) adds to the defaults; the service name is ours to give.
    const resource = defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName ?? 'fleetgraph' }));
    this.provider = new NodeTracerProvider({ resource, spanProcessors: options.spanProcessors });
    this.tracer = this.provider.getTracer('fleetgraph');
    this.flushTimeoutMs = options.flushTimeoutMs ?? 5000;
  }

  /** A cluster call (ClusterClient.request) under its span; see clusterCallSpan.ts. */
  clusterCall<T>(cluster: CalledCluster, req: UpstreamRequest, send: (req: UpstreamRequest) => Promise<T>): Promise<T> {
    return traceClusterCall(this.tracer, cluster, req, send);
  }

  /** A watch stream's opening under its span; see clusterCallSpan.ts. */
  watchStart(cluster: CalledCluster, ctx: FailureContext, open: () => Promise<IncomingMessage | undefined>): Promise<IncomingMessage | undefined> {
    return traceWatchStart(this.tracer, cluster, ctx, open);
  }

  /** Exports what is buffered and stops (Gateway.stop); within flushTimeoutMs, whatever the collector does. */
  shutdown(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.flushTimeoutMs);
      timer.unref();
      // A failed export was already reported by the exporter; stopping must not fail for it.
      this.provider.shutdown().catch(() => undefined).finally(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.stopped;
  }
}
