/**
 * One Kubernetes watch as an async iterable of its events: `GET ...?watch=1&resourceVersion=RV
 * &allowWatchBookmarks=true&timeoutSeconds=N` on a ClusterClient's credentials, the answer read
 * as newline-delimited JSON while it arrives (chunks may split a line, or a character, anywhere).
 *
 * It ends when the server ends the stream (its timeoutSeconds) or when `signal` aborts; it throws
 * a ClusterError for everything else, classified by classifyFailure.ts like any other call, and
 * `WatchGone` for an ERROR event or answer with 410 (the resourceVersion was compacted away: the
 * caller must list again). Resuming, backoff and relisting are the caller's (src/live/ListWatch.ts).
 *
 * Budget: a watch holds no concurrency slot and no pooled socket (see
 * ClusterClient.streamRequestOptions); only its connection phase is bounded, by the client's
 * timeoutMs, up to the response headers. A silent stream is the caller's watchdog's business.
 */
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { classifyHttpStatus, classifyNetworkError, malformedAnswer, scrubStatusMessage, timeoutError, type FailureContext } from './classifyFailure.ts';
import type { ClusterClient } from './ClusterClient.ts';
import { ClusterError } from './ClusterError.ts';
import { collectionPath, type ResourceType } from './resources.ts';

export interface WatchOptions {
  namespace?: string | null;
  labelSelector?: string | null;
  fieldSelector?: string | null;
  /** Start after this version (from a LIST or the last event seen). */
  resourceVersion: string;
  /** The server ends the stream cleanly after this long. @default 300 */
  timeoutSeconds?: number;
  /** Aborting ends the iteration without an error. */
  signal: AbortSignal;
}

/** A change to one object, or a bookmark: no change, only a newer version to resume from. */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }
  | { type: 'BOOKMARK'; resourceVersion: string };

/** The watch's resourceVersion is older than the cluster keeps (HTTP 410 Gone / Expired): list again. */
export class WatchGone extends ClusterError {
  constructor(cluster: string, resource: string, message: string) {
    super(cluster, 'UPSTREAM_ERROR', message, resource, 410);
  }
}

/** Longest error answer read before giving up on its body (a Status is a few hundred bytes). */
const MAX_ERROR_BODY = 64 * 1024;

export async function* watchStream<T>(client: ClusterClient, type: ResourceType, options: WatchOptions): AsyncGenerator<WatchEvent<T>> {
  const ctx: FailureContext = { cluster: client.name, resource: type.name, group: type.group };
  const query = new URLSearchParams({
    watch: '1',
    resourceVersion: options.resourceVersion,
    allowWatchBookmarks: 'true',
    timeoutSeconds: String(options.timeoutSeconds ?? 300),
  });
  if (options.labelSelector) query.set('labelSelector', options.labelSelector);
  if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
  const path = `${collectionPath(type, options.namespace)}?${query}`;
  const res = await (client.tracing ? client.tracing.watchStart(client, ctx, () => open(client, path, ctx, options.signal)) : open(client, path, ctx, options.signal));
  if (!res) return;
  const onAbort = () => res.destroy();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      buffer += decoder.write(chunk);
      let start = 0;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n', start)) {
        const line = buffer.slice(start, nl);
        start = nl + 1;
        if (line.trim() !== '') yield parseEvent<T>(line, ctx, client);
      }
      buffer = buffer.slice(start);
    }
    buffer += decoder.end();
    if (buffer.trim() !== '') yield parseEvent<T>(buffer, ctx, client);
  } catch (e) {
    if (options.signal.aborted) return;
    throw e instanceof ClusterError ? e : classifyNetworkError(ctx, e);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    res.destroy();
  }
}

function parseEvent<T>(line: string, ctx: FailureContext, client: ClusterClient): WatchEvent<T> {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    throw malformedAnswer(ctx, 200);
  }
  if (typeof event !== 'object' || event === null || !('type' in event) || !('object' in event)) throw malformedAnswer(ctx, 200);
  const object = event.object as { code?: unknown; message?: unknown; metadata?: { resourceVersion?: unknown } } | null;
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      if (typeof object !== 'object' || object === null) throw malformedAnswer(ctx, 200);
      return { type: event.type, object: object as T };
    case 'BOOKMARK': {
      const rv = object?.metadata?.resourceVersion;
      if (typeof rv !== 'string' || rv === '') throw malformedAnswer(ctx, 200);
      return { type: 'BOOKMARK', resourceVersion: rv };
    }
    case 'ERROR': {
      // The object is a Status: 410 means "too old resource version"; anything else fails the stream.
      const code = typeof object?.code === 'number' ? object.code : 500;
      const message = scrubStatusMessage(object?.message, client.secrets);
      if (code === 410) throw gone(ctx, message);
      throw classifyHttpStatus(ctx, code, message);
    }
    default:
      throw malformedAnswer(ctx, 200);
  }
}

function gone(ctx: FailureContext, message: string | undefined): WatchGone {
  return new WatchGone(ctx.cluster, ctx.resource, `cluster "${ctx.cluster}": ${ctx.resource}: ${message ?? 'resource version expired'}`);
}

/** Send the GET and wait for a 2xx answer's headers; undefined when aborted meanwhile. */
async function open(client: ClusterClient, path: string, ctx: FailureContext, signal: AbortSignal): Promise<http.IncomingMessage | undefined> {
  if (signal.aborted) return undefined;
  let options: https.RequestOptions;
  try {
    options = await client.streamRequestOptions(path);
  } catch {
    // A failing exec plugin or unreadable credential file: the message may carry secrets.
    throw new ClusterError(client.name, 'UNAUTHENTICATED', `cluster "${client.name}": could not obtain credentials from its kubeconfig context`, ctx.resource);
  }
  const transport = options.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const req = transport.request(options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        settle(() => resolve(res));
        return;
      }
      // An error answer: read its Status (bounded) and classify it like any other call's.
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_ERROR_BODY) chunks.push(c);
      });
      res.on('error', (e) => settle(() => reject(classifyNetworkError(ctx, e))));
      res.on('end', () => {
        let message: string | undefined;
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: unknown };
          message = scrubStatusMessage(body?.message, client.secrets);
        } catch {
          message = undefined;
        }
        settle(() => reject(status === 410 ? gone(ctx, message) : classifyHttpStatus(ctx, status, message)));
      });
    });
    const onAbort = () => {
      settle(() => resolve(undefined));
      req.destroy();
    };
    const timer = setTimeout(() => {
      settle(() => reject(timeoutError(ctx, client.timeoutMs)));
      req.destroy();
    }, client.timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => settle(() => reject(classifyNetworkError(ctx, e))));
    req.end();
  });
}
