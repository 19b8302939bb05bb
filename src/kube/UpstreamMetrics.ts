/**
 * Counts and times every request fleetgraph sends to a cluster, per cluster, resource and verb.
 * Exposed on /metrics (prom-client, one registry per gateway so several gateways can live in
 * one process, as tests do) and readable directly, so tests assert exact upstream traffic.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface UpstreamFilter {
  cluster?: string;
  resource?: string;
  verb?: string;
}

export interface UpstreamObservation {
  cluster: string;
  resource: string;
  verb: string;
  /** 'ok' or the error code the call ended with. */
  outcome: string;
  seconds: number;
}

export class UpstreamMetrics {
  private readonly counts = new Map<string, { cluster: string; resource: string; verb: string; n: number }>();
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly errors: Counter;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'fleetgraph_upstream_requests_total',
      help: 'Requests sent to clusters, by cluster, resource, verb and outcome (ok or an error code).',
      labelNames: ['cluster', 'resource', 'verb', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'fleetgraph_upstream_request_duration_seconds',
      help: 'Time from sending a request to a cluster to having its whole answer.',
      labelNames: ['cluster', 'resource', 'verb'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'fleetgraph_upstream_errors_total',
      help: 'Failed requests to clusters, by cluster and error code.',
      labelNames: ['cluster', 'code'],
      registers: [registry],
    });
  }

  observe(o: UpstreamObservation): void {
    const key = `${o.cluster}\u0000${o.resource}\u0000${o.verb}`;
    const entry = this.counts.get(key);
    if (entry) entry.n++;
    else this.counts.set(key, { cluster: o.cluster, resource: o.resource, verb: o.verb, n: 1 });
    this.requests.inc({ cluster: o.cluster, resource: o.resource, verb: o.verb, outcome: o.outcome });
    this.duration.observe({ cluster: o.cluster, resource: o.resource, verb: o.verb }, o.seconds);
    if (o.outcome !== 'ok') this.errors.inc({ cluster: o.cluster, code: o.outcome });
  }

  /** Requests sent so far that match every given field (all when none given). */
  count(filter: UpstreamFilter = {}): number {
    let total = 0;
    for (const e of this.counts.values()) {
      if (filter.cluster !== undefined && e.cluster !== filter.cluster) continue;
      if (filter.resource !== undefined && e.resource !== filter.resource) continue;
      if (filter.verb !== undefined && e.verb !== filter.verb) continue;
      total += e.n;
    }
    return total;
  }

  /** Every (cluster, resource, verb) with its count, for tests that compare whole tables. */
  table(): Array<{ cluster: string; resource: string; verb: string; count: number }> {
    return [...this.counts.values()].map((e) => ({ cluster: e.cluster, resource: e.resource, verb: e.verb, count: e.n }));
  }
}
