/**
 * The abuse suite over graphql-ws (cases and their documented outcomes: abuseWsCases.ts). For
 * every case: the documented error result (the connection staying open) or close code; a normal
 * query over HTTP answered correctly at the same time; no write reached any cluster.
 */
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { GOOD_AUTH, normalAnswered, nothingWritten, startAbuseGateway, type AbuseGateway } from './abuseGateway.ts';
import { LONG_LIVED, WS_CASES, type WsCase } from './abuseWsCases.ts';
import { firstWsOutcome, wsClient, type WsOutcome } from './securitySupport.ts';

let g: AbuseGateway;

beforeAll(async () => {
  g = await startAbuseGateway('ab');
}, 60_000);

afterAll(async () => {
  await g?.stop();
});

/** Write the frames of a raw case; resolve with how the socket ended. */
function rawCase(c: WsCase): Promise<WsOutcome | { kind: 'refused'; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(g.url.replace(/^http/, 'ws'), c.protocol ?? 'graphql-transport-ws');
    const acks: Array<() => void> = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string };
      if (m.type === 'connection_ack') acks.shift()?.();
    });
    ws.on('close', (code, reason) => resolve({ kind: 'closed', code, reason: reason.toString() }));
    ws.on('unexpected-response', (_req, res) => resolve({ kind: 'refused', status: res.statusCode ?? 0 }));
    ws.on('error', () => undefined);
    ws.on('open', async () => {
      for (const frame of c.raw ?? []) {
        if (frame === 'ack') await new Promise<void>((r) => acks.push(r));
        else ws.send(frame);
      }
    });
  });
}

async function runCase(c: WsCase): Promise<WsOutcome | { kind: 'refused'; status: number }> {
  if (c.raw !== undefined) return rawCase(c);
  const params = c.jwt ? { authorization: `Bearer ${await c.jwt(g.issuer)}` }
    : c.connectionParams === null ? undefined : (c.connectionParams ?? { authorization: GOOD_AUTH });
  const client = wsClient(g.url, params);
  const stops: Array<() => void> = [];
  try {
    // Long-lived subscriptions first: the server registers each as its message arrives, in order,
    // so they are open when the case's own subscribe arrives on the same socket.
    for (let i = 0; i < (c.openFirst ?? 0); i++) {
      stops.push(client.subscribe({ query: LONG_LIVED }, { next: () => undefined, error: () => undefined, complete: () => undefined }));
    }
    const outcome = await firstWsOutcome(client, c.subscribe!);
    if (outcome.kind === 'errors') {
      // The connection stays open: a well-formed operation on it still passes the gate and runs.
      const after = await firstWsOutcome(client, { query: 'subscription { operation(id: "op-none") { id } }' });
      expect(after.kind === 'errors' && after.errors[0]?.extensions?.code).toBe(c.openFirst ? 'BAD_USER_INPUT' : 'NOT_FOUND');
    }
    return outcome;
  } finally {
    for (const stop of stops) stop();
    await client.dispose();
  }
}

describe.each(WS_CASES.map((c) => ({ ...c, label: `${c.group}: ${c.name}` })))('$label', (c) => {
  const outcome = c.expected.result === 'error' ? `an error result ${c.expected.code}` : c.expected.result === 'closed' ? `close ${c.expected.code}` : `refused ${c.expected.status}`;
  test(`gets ${outcome}; a normal query is answered meanwhile; nothing is written`, async () => {
    const [got] = await Promise.all([runCase(c), normalAnswered(g)]);
    if (process.env.ABUSE_PROBE) appendFileSync(process.env.ABUSE_PROBE, `${JSON.stringify({ case: c.name, got })}\n`);
    const e = c.expected;
    if (e.result === 'error') {
      expect(got.kind).toBe('errors');
      const first = got.kind === 'errors' ? got.errors[0] : undefined;
      expect(first?.extensions?.code).toBe(e.code);
      expect(first?.message).toMatch(e.message);
    } else if (e.result === 'closed') {
      expect(got.kind).toBe('closed');
      expect(got.kind === 'closed' && got.code).toBe(e.code);
      if (e.reason) expect(got.kind === 'closed' ? got.reason : '').toMatch(e.reason);
    } else {
      expect(got).toEqual({ kind: 'refused', status: e.status });
    }
    await normalAnswered(g);
    nothingWritten(g);
  });
});
