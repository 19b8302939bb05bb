/**
 * What the live stores and the event log keep of an object: the object without what the graph
 * never reads and what must never be held. managedFields are often half an object's size;
 * a Secret's values (data, stringData, and the last-applied annotation that repeats them) are
 * not the gateway's to keep, cache or stream: the read graph shows Secret keys only through
 * its own LIST. Returns a new object; the input is not changed.
 */
export interface KubeMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  managedFields?: unknown;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface LiveObject {
  kind?: string;
  metadata?: KubeMeta;
  [key: string]: unknown;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function leanObject<T extends LiveObject>(object: T, kind: string): T {
  const { managedFields: _dropped, ...metadata } = object.metadata ?? {};
  const lean: LiveObject = { ...object, metadata };
  if (kind === 'Secret') {
    const data = lean['data'];
    if (typeof data === 'object' && data !== null) lean['data'] = Object.fromEntries(Object.keys(data).map((k) => [k, '']));
    delete lean['stringData'];
    if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
      const { [LAST_APPLIED]: _secretValues, ...annotations } = metadata.annotations;
      metadata.annotations = annotations;
    }
  }
  return lean as T;
}
