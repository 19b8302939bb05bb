/**
 * core/v1 Events as client-go's event recorder writes them: named `<object>.<hex nanoseconds>`,
 * in the involved object's namespace ("default" for cluster-scoped objects), with source,
 * reporting component and first/last timestamps. A repeat of the same event within ten minutes
 * bumps `count` and `lastTimestamp` of the existing one (what makes `kubectl get events` say
 * `x5 over 2m`), and events expire an hour after they were last seen, as the apiserver's event
 * TTL does, so a long-running demo stays bounded.
 */
import { ApiError } from '../api/ApiError.ts';
import type { SimClock } from '../clock.ts';
import type { Registry } from '../registry/Registry.ts';
import type { SeededRandom } from '../registry/SeededRandom.ts';
import { R } from '../resources.ts';
import type { CoreEvent, KObject } from '../types.ts';

export type EventType = 'Normal' | 'Warning';

/** Repeats within this window aggregate into one event (client-go's EventCorrelator). */
const AGGREGATION_WINDOW_MS = 10 * 60_000;
/** kube-apiserver's default --event-ttl. */
export const EVENT_TTL_MS = 60 * 60_000;

interface Seen {
  namespace: string;
  name: string;
  lastMs: number;
}

/** The field manager real clusters show on events written by each component. */
function managerFor(component: string): string {
  if (component === 'kubelet') return 'kubelet';
  if (component === 'default-scheduler') return 'kube-scheduler';
  return 'kube-controller-manager';
}

function eventTimeMs(e: CoreEvent): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private seq = 0;
  /** Events that could not be written (namespace terminating, ...): counted, never thrown. */
  failures = 0;

  constructor(
    private readonly registry: Registry,
    private readonly clock: SimClock = registry.clock,
    _random?: SeededRandom,
  ) {}

  /**
   * Record an event about `involved`. `fieldPath` names a container (`spec.containers{web}`)
   * for events about one. Never throws: a cluster does not fail because an event was lost.
   */
  record(involved: KObject, type: EventType, reason: string, message: string, component: string, host?: string, fieldPath?: string): void {
    try {
      this.write(involved, type, reason, message, component, host, fieldPath);
    } catch {
      this.failures++;
    }
  }

  /** Delete events not seen for an hour. Returns how many went. */
  prune(): number {
    const cutoff = this.clock.now() - EVENT_TTL_MS;
    let removed = 0;
    for (const e of this.registry.list<CoreEvent>(R.events)) {
      if (eventTimeMs(e) >= cutoff) continue;
      try {
        this.registry.delete(R.events, e.metadata.namespace ?? '', e.metadata.name);
        removed++;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    }
    const staleBefore = this.clock.now() - AGGREGATION_WINDOW_MS;
    for (const [k, s] of this.seen) if (s.lastMs < staleBefore) this.seen.delete(k);
    return removed;
  }

  private write(involved: KObject, type: EventType, reason: string, message: string, component: string, host: string | undefined, fieldPath: string | undefined): void {
    const meta = involved.metadata;
    const namespace = meta.namespace || 'default';
    const now = this.clock.now();
    const key = JSON.stringify([involved.kind, meta.namespace ?? '', meta.name, meta.uid, fieldPath ?? '', type, reason, message, component, host ?? '']);
    const fieldManager = managerFor(component);
    const previous = this.seen.get(key);
    if (previous && now - previous.lastMs < AGGREGATION_WINDOW_MS) {
      const updated = this.registry.mutate<CoreEvent>(R.events, previous.namespace, previous.name, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = this.clock.timestamp();
      }, { fieldManager });
      if (updated) {
        previous.lastMs = now;
        return;
      }
    }
    const involvedObject: CoreEvent['involvedObject'] = {
      kind: involved.kind,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      name: meta.name,
      uid: meta.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: meta.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    const ts = this.clock.timestamp();
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: '', namespace },
      involvedObject,
      reason,
      message,
      source: host ? { component, host } : { component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    // client-go names events after the object and the time in hex nanoseconds; a sequence
    // number in the sub-millisecond digits keeps names unique when time stands still.
    for (let attempt = 0; ; attempt++) {
      const nanos = BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
      body.metadata.name = `${meta.name}.${nanos.toString(16).padStart(16, '0')}`;
      try {
        this.registry.create(R.events, body, { fieldManager });
        break;
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'AlreadyExists' && attempt < 3) continue;
        throw e;
      }
    }
    this.seen.set(key, { namespace, name: body.metadata.name, lastMs: now });
  }
}
