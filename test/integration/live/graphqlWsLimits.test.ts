/**
 * The WebSocket endpoint's limits and guards, as a client meets them: subscriptions per
 * connection, the connection-init timeout, the message size, the query limits of the HTTP side
 * (checked in onSubscribe), and pages of other origins refused (cross-site WebSocket hijacking).
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

let env: FleetGateway;
let wsUrl: string;

beforeAll(async () => {
  env = await startFleetGateway({
    sim: { clusters: 1, namePrefix: 'wsl', clusterDefaults: { controllers: false } },
    gateway: {
      corsOrigins: ['https://dashboard.example'],
      limits: { maxDepth: 4 },
      ws: { maxSubscriptionsPerConnection: 2, connectionInitWaitMs: 200, maxMessageBytes: 4096 },
    },
  });
  wsUrl = env.gateway.url.replace(/^http/, 'ws');
});

afterAll(async () => {
  await env?.stop();
});

/** A raw graphql-transport-ws socket, and how it ended. */
function rawSocket(headers: Record<string, string> = {}): { ws: WebSocket; closed: Promise<{ code: number; reason: string }>; refused: Promise<number> } {
  const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { headers });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const refused = new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
  ws.on('error', () => undefined);
  return { ws, closed, refused };
}

function firstError(query: string, client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 })): Promise<{ message: string; extensions?: { code?: string } }> {
  return new Promise((resolve, reject) => {
    client.subscribe({ query }, {
      next: (v) => (v.errors ? resolve(v.errors[0] as { message: string; extensions?: { code?: string } }) : reject(new Error('expected an error'))),
      error: (e) => (Array.isArray(e) ? resolve(e[0] as { message: string }) : reject(e)),
      complete: () => undefined,
    });
  });
}

describe('graphql-ws limits', () => {
  test('one subscription over the per-connection limit is refused with a clear error; the others carry on', async () => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const q = 'subscription { clusterStatus { cluster state } }';
    const got: unknown[] = [];
    const stops = [0, 1].map(() => client.subscribe({ query: q }, { next: (v) => got.push(v), error: () => undefined, complete: () => undefined }));
    await new Promise((r) => setTimeout(r, 50));
    const error = await firstError(q, client);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/already has 2 subscriptions open/);
    for (let i = 0; i < 500 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toHaveLength(2);
    for (const stop of stops) stop();
    await client.dispose();
  });

  test('a connection that never sends connection_init is closed with 4408', async () => {
    const { closed } = rawSocket();
    expect((await closed).code).toBe(4408);
  });

  test('a message over the size limit closes the connection with 1009', async () => {
    const { ws, closed } = rawSocket();
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(5000) } }));
    expect((await closed).code).toBe(1009);
  });

  test('the query limits of the HTTP side refuse a too-deep subscription before it starts', async () => {
    const error = await firstError('subscription { events { event { cluster { nodes { pods { node { name } } } } } } }');
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(error.message).toMatch(/depth/i);
  });

  test('pages of another origin cannot connect; an allowed origin and clients without one can', async () => {
    expect(await rawSocket({ origin: 'https://attacker.example' }).refused).toBe(403);
    const allowed = rawSocket({ origin: 'https://dashboard.example' });
    await new Promise((r) => allowed.ws.once('open', r));
    allowed.ws.close();
    const rebound = rawSocket({ host: 'attacker.example' });
    expect(await rebound.refused).toBe(403);
  });
});
