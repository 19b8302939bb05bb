/**
 * WATCH: a chunked stream of newline-delimited WatchEvents (ADDED, MODIFIED, DELETED, BOOKMARK,
 * ERROR), as kube-apiserver's watch cache serves it. Without a resourceVersion (or with "0")
 * the stream starts with synthetic ADDED events for what exists; with one it resumes after it,
 * or answers an ERROR event carrying a 410 Expired Status when that version has been compacted
 * away. Selectors turn objects moving in or out of the selection into ADDED / DELETED.
 * `allowWatchBookmarks` brings periodic BOOKMARKs, `sendInitialEvents` the initial-events-end
 * bookmark, `timeoutSeconds` a clean end; injected faults cut streams early.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { groupVersion, storeKey } from '../resources.ts';
import { StoreError, type ChangeRecord, type StoredObject, type WatchHandle } from '../store/ObjectStore.ts';
import type { KObject } from '../types.ts';
import type { ApiContext } from './ApiContext.ts';
import { errors } from './ApiError.ts';
import { compileFilter } from './objectFilter.ts';
import { queryBool, queryInt } from './queryParams.ts';
import type { ResourceRequest } from './requestInfo.ts';
import { TABLE_CONTENT_TYPE, wantsTable } from './responses.ts';
import { toTable } from './table.ts';

/** kube-apiserver's default: a random timeout between 30 and 60 minutes; we use the lower bound. */
const DEFAULT_TIMEOUT_SECONDS = 1800;

/** Open watches, so a server can close them all when it stops or goes down. */
export type OpenWatches = Set<() => void>;

export function handleWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, open: OpenWatches): void {
  const { type, query } = rr;
  if (!type.stored) throw errors.methodNotAllowed();
  const selection = compileFilter(type, query, rr.namespace);
  // A legacy `/watch/.../NAME` watches one object, as kube does with a metadata.name selector.
  const filter = rr.name === '' ? selection : (obj: KObject) => obj.metadata.name === rr.name && selection(obj);
  // As kube's watch handler: absent or 0 takes the server's default; a negative timeout has
  // already expired, so the stream ends after what is sent at once.
  const timeoutSeconds = queryInt(query, 'timeoutSeconds') || DEFAULT_TIMEOUT_SECONDS;
  const bookmarks = queryBool(query, 'allowWatchBookmarks');
  const sendInitialEvents = queryBool(query, 'sendInitialEvents');
  const rvText = query.get('resourceVersion') ?? '';
  if (sendInitialEvents && query.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw errors.invalid(type, '', 'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan', [{ reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan' }]);
  }
  let fromRv: number | undefined;
  if (rvText !== '' && rvText !== '0' && !sendInitialEvents) {
    fromRv = Number(rvText);
    if (!Number.isInteger(fromRv) || fromRv < 0) throw errors.badRequest(`invalid resource version: ${JSON.stringify(rvText)}`);
  }
  const table = wantsTable(req.headers.accept);
  const faults = ctx.faults();
  const key = storeKey(type);

  res.writeHead(200, { 'Content-Type': table ? TABLE_CONTENT_TYPE : 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let sent = 0;
  let closed = false;
  let lastRv = fromRv ?? ctx.store.resourceVersion;
  let handle: WatchHandle | undefined;
  const timers: NodeJS.Timeout[] = [];

  const close = () => {
    if (closed) return;
    closed = true;
    handle?.stop();
    for (const t of timers) clearTimeout(t), clearInterval(t);
    open.delete(close);
    res.end();
  };
  open.add(close);
  req.on('close', close);
  res.on('error', close);

  const encode = (obj: StoredObject): string => {
    if (!table) return obj.json;
    return JSON.stringify(toTable(type, [obj.object], { now: new Date(ctx.clock.now()), includeObject: 'Object' }));
  };
  const write = (eventType: string, objectJson: string) => {
    if (closed) return;
    res.write(`{"type":"${eventType}","object":${objectJson}}\n`);
    sent++;
    if (faults.watchCutAfterEvents !== undefined && sent >= faults.watchCutAfterEvents) close();
  };
  const bookmark = (annotations?: Record<string, string>) => {
    // Every change up to the store's current version has been delivered synchronously, so the
    // bookmark can carry it: a client resuming from it misses nothing.
    lastRv = ctx.store.resourceVersion;
    const meta: Record<string, unknown> = { resourceVersion: String(lastRv) };
    if (annotations) meta.annotations = annotations;
    write('BOOKMARK', JSON.stringify({ kind: type.kind, apiVersion: groupVersion(type), metadata: meta }));
  };
  const onChange = (change: ChangeRecord) => {
    lastRv = change.rv;
    const now = filter(change.current.object);
    const before = change.previous !== undefined && change.type !== 'ADDED' ? filter(change.previous.object) : false;
    if (change.type === 'DELETED') {
      if (before || now) write('DELETED', encode(change.current));
    } else if (change.type === 'ADDED') {
      if (now) write('ADDED', encode(change.current));
    } else if (now && before) write('MODIFIED', encode(change.current));
    else if (now) write('ADDED', encode(change.current));
    else if (before) write('DELETED', encode(change.current));
  };

  if (fromRv === undefined) {
    // Start from now: synthetic ADDED for every object that exists and matches.
    for (const stored of ctx.store.list(key, rr.namespace || undefined)) {
      if (filter(stored.object)) write('ADDED', encode(stored));
    }
    lastRv = ctx.store.resourceVersion;
    if (sendInitialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
    handle = ctx.store.watch(key, ctx.store.resourceVersion, onChange);
  } else {
    try {
      handle = ctx.store.watch(key, fromRv, onChange);
    } catch (e) {
      if (e instanceof StoreError && (e.reason === 'Expired' || e.reason === 'TooLargeResourceVersion')) {
        const err = e.reason === 'Expired' ? errors.expired(e.message) : errors.timeout(e.message);
        write('ERROR', JSON.stringify(err.toStatus()));
        close();
        return;
      }
      throw e;
    }
  }
  if (closed) return;

  const timeout = setTimeout(() => {
    if (bookmarks) bookmark();
    close();
  }, Math.max(0, timeoutSeconds) * 1000);
  timeout.unref();
  timers.push(timeout);
  if (bookmarks) {
    const t = setInterval(() => bookmark(), ctx.bookmarkIntervalMs);
    t.unref();
    timers.push(t);
  }
  if (faults.watchCutAfterMs !== undefined) {
    const t = setTimeout(close, faults.watchCutAfterMs);
    t.unref();
    timers.push(t);
  }
}
