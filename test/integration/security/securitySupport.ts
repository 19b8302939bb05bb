/**
 * Helpers of the security suites: GraphQL over HTTP with any body, headers and media type; one
 * graphql-ws subscription's first answer through the real client; what the simulated clusters
 * were asked to write; the normal query that must keep working meanwhile.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { SimFleet } from '../../../src/sim/index.ts';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as JSON, or the text when it is not JSON. */
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | string;
}

export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

const REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/** Write requests any simulated cluster has received so far. */
export function writes(sim: SimFleet): number {
  // An access review is a POST ('create') that stores nothing: the gateway asks them as its callers (caller filtering).
  return sim.clusters.reduce((n, c) => n + c.requests.all().filter((r) => WRITE_VERBS.includes(r.verb) && !REVIEWS.has(r.resource)).length, 0);
}

/** Every request the simulated clusters have received so far. */
export function upstreamRequests(sim: SimFleet): number {
  return sim.clusters.reduce((n, c) => n + c.requests.count({}), 0);
}

export async function send(url: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string>; search?: string }): Promise<HttpAnswer> {
  const res = await fetch(url + (init.search ?? ''), { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await res.text();
  let body: HttpAnswer['body'];
  try {
    body = JSON.parse(text) as HttpAnswer['body'];
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** POST a JSON body under the GraphQL-over-HTTP media type (where refused documents answer 4xx). */
export function postJson(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return send(url, {
    body: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
  });
}

export function firstError(body: HttpAnswer['body']): { message: string; extensions?: Record<string, unknown> } | undefined {
  return typeof body === 'string' ? undefined : body.errors?.[0];
}

export function wsClient(httpUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
}

export type WsOutcome =
  | { kind: 'errors'; errors: Array<{ message: string; extensions?: Record<string, unknown> }> }
  | { kind: 'next'; value: unknown }
  | { kind: 'closed'; code: number; reason: string };

/** Subscribe once and report the first thing that comes back: an error result, a value, or the socket closing. */
export function firstWsOutcome(client: Client, payload: { query: string; variables?: Record<string, unknown> | undefined; operationName?: string }): Promise<WsOutcome> {
  return new Promise((resolve) => {
    let stop: () => void = () => undefined;
    stop = client.subscribe(payload as { query: string }, {
      next: (v) => {
        stop();
        resolve(v.errors ? { kind: 'errors', errors: v.errors as Array<{ message: string }> } : { kind: 'next', value: v.data });
      },
      error: (e) => {
        if (Array.isArray(e)) resolve({ kind: 'errors', errors: e as Array<{ message: string }> });
        else if (e && typeof e === 'object' && 'code' in e) resolve({ kind: 'closed', code: (e as { code: number }).code, reason: String((e as { reason?: unknown }).reason ?? '') });
        else resolve({ kind: 'closed', code: -1, reason: e instanceof Error ? e.message : JSON.stringify(e) });
      },
      complete: () => undefined,
    });
  });
}
