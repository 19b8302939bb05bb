/**
 * What reached a simulated cluster: one record per request (bounded), so tests can assert the
 * exact upstream traffic a client caused (how many LISTs of pods, which identity it
 * impersonated, which Impersonate-Group header lines arrived).
 */

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  verb: string; // Kubernetes verb ('list', 'watch', 'get', 'create', ...) or '' for non-resource paths
  resource: string; // 'pods', 'deployments', 'deployments/scale'; '' for non-resource paths
  namespace: string;
  user: string;
  impersonateUser: string | undefined;
  impersonateGroups: string[];
  impersonateUid: string | undefined;
  userAgent: string;
  status: number;
  /**
   * Logical times from one counter per log, taken when the request arrived and when its answer
   * was complete: tests compare them to tell which requests overlapped, without timing anything.
   */
  arrivedAt: number;
  answeredAt: number;
}

export interface RequestFilter {
  method?: string;
  verb?: string;
  resource?: string;
  namespace?: string;
}

export class RequestLog {
  private records: RequestRecord[] = [];
  constructor(private readonly capacity = 10_000) {}

  private tick = 0;

  /** The next logical time (see RequestRecord.arrivedAt). */
  now(): number {
    return ++this.tick;
  }

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }

  all(): readonly RequestRecord[] {
    return this.records;
  }

  count(filter: RequestFilter = {}): number {
    return this.records.filter((r) => matches(r, filter)).length;
  }

  find(filter: RequestFilter = {}): RequestRecord[] {
    return this.records.filter((r) => matches(r, filter));
  }

  clear(): void {
    this.records = [];
  }
}

function matches(r: RequestRecord, f: RequestFilter): boolean {
  return (f.method === undefined || r.method === f.method)
    && (f.verb === undefined || r.verb === f.verb)
    && (f.resource === undefined || r.resource === f.resource)
    && (f.namespace === undefined || r.namespace === f.namespace);
}
