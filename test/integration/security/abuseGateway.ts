/**
 * The gateway the abuse suite attacks: two simulated clusters behind token authentication (a
 * token file and OIDC/JWT from a test issuer, test/support/oidcIssuer.ts), the
 * default query and rate limits, and small WebSocket and manifest limits so that their edges are
 * cheap to reach. `normal()` is the query that must keep working meanwhile: it asks every
 * cluster for its version, and its answer is compared whole.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createAuthenticator } from '../../../src/auth/index.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { oidcSettings, startOidcIssuer, type OidcIssuer } from '../../support/oidcIssuer.ts';
import { postJson, writes } from './securitySupport.ts';

import { GOOD_AUTH, MANIFEST_MAX_BYTES, TOKEN, WS_INIT_TIMEOUT_MS, WS_MAX_MESSAGE_BYTES, WS_MAX_SUBSCRIPTIONS } from './abuseSettings.ts';

export { GOOD_AUTH, TOKEN } from './abuseSettings.ts';

export interface AbuseGateway {
  fg: FleetGateway;
  url: string;
  /** The OIDC issuer the gateway trusts: mints the JWT cases' tokens. */
  issuer: OidcIssuer;
  stop(): Promise<void>;
}

export async function startAbuseGateway(prefix: string): Promise<AbuseGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetgraph-abuse-'));
  const path = join(dir, 'tokens.csv');
  await writeFile(path, `${TOKEN},ci-bot,1001,"deployers,readers"\n`);
  const issuer = await startOidcIssuer();
  const authenticator = await createAuthenticator({ tokens: path, oidc: oidcSettings(issuer) }, createLogger('silent'));
  const fg = await startFleetGateway({
    sim: { clusters: 2, namePrefix: prefix, nodes: 1, pods: 2, clusterDefaults: { controllers: false } },
    gateway: {
      authenticator,
      manifestLimits: { maxBytes: MANIFEST_MAX_BYTES },
      ws: { maxSubscriptionsPerConnection: WS_MAX_SUBSCRIPTIONS, maxMessageBytes: WS_MAX_MESSAGE_BYTES, connectionInitWaitMs: WS_INIT_TIMEOUT_MS },
    },
  });
  return {
    fg, url: fg.gateway.url, issuer,
    async stop() {
      await fg.stop();
      await issuer.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const NORMAL_QUERY = '{ clusters { name status { reachable } } }';

/** Send the normal query and check its whole answer. */
export async function normalAnswered(g: AbuseGateway): Promise<void> {
  const answer = await postJson(g.url, { query: NORMAL_QUERY }, { authorization: GOOD_AUTH });
  expect(answer.status).toBe(200);
  const names = g.fg.sim.clusters.map((c) => c.name);
  expect(answer.body).toEqual({ data: { clusters: names.map((name) => ({ name, status: { reachable: true } })) } });
}

/** After each case: not one write reached any cluster. */
export function nothingWritten(g: AbuseGateway): void {
  expect(writes(g.fg.sim)).toBe(0);
}

/** Bytes written straight to the gateway's socket (for requests fetch refuses to send); the status line's code, 0 when the connection closed without one. */
export function rawHttp(url: string, request: string | Buffer): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(request));
    let text = '';
    socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
    socket.on('error', (e) => (text === '' ? resolve({ status: 0, text: String(e) }) : undefined));
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text: body(text) }));
    socket.setTimeout(20_000, () => { socket.destroy(); reject(new Error('raw HTTP request: no answer')); });
  });
}

/** The body of a raw HTTP/1.1 answer, de-chunked when it was sent chunked. */
function body(answer: string): string {
  const split = answer.indexOf('\r\n\r\n');
  if (split < 0) return '';
  const head = answer.slice(0, split).toLowerCase();
  let rest = answer.slice(split + 4);
  if (!head.includes('transfer-encoding: chunked')) return rest;
  let out = '';
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
