/**
 * A graphql-ws connection as the credential it was opened with allows, no longer, and a
 * subscription's own mistakes caught before they cost the clusters anything. Real graphql-ws
 * clients, simulated clusters with RBAC, a test OIDC issuer (test/support/oidcIssuer.ts) and a
 * token file; access reviews counted in the simulators' request logs.
 *
 * - An OIDC token that expires while its connection is open: the socket is closed with 4403 at
 *   expiry, the subscriptions on it end (the hub's stream loses its reader), and a client that
 *   reconnects with a fresh token resumes from its last cursor, missing nothing.
 * - A malformed `after` cursor: BAD_USER_INPUT naming `after`, with no access review sent.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createAuthenticator } from '../../../src/auth/index.ts';
import { CLOCK_TOLERANCE_S } from '../../../src/auth/OidcAuthenticator.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { findResource, R } from '../../../src/sim/resources.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { waitFor } from '../../support/liveHelpers.ts';
import { oidcSettings, startOidcIssuer, type OidcIssuer } from '../../support/oidcIssuer.ts';

const CLUSTERS = ['sc-1', 'sc-2'];
const NS = 'team';
/** Static tokens: each user's first subscription is their first request, so no access review is cached for them yet. */
const TOKENS = { dana: 'dana-3e8f1a2b9c4d5e6f', eve: 'eve-9a8b7c6d5e4f3a2b', gus: 'gus-6f5e4d3c2b1a0987', obs: 'obs-1b2c3d4e5f6a7b8c' };

let issuer: OidcIssuer;
let fg: FleetGateway;
let dir: string;
const clients: Client[] = [];

const CHANGES = `subscription ($after: String) {
  resourceChanges(kind: "ConfigMap", clusterNames: ["sc-1"], namespace: "${NS}", after: $after) { cursor type name }
}`;
const CHANGES_EVERYWHERE = `subscription ($after: String) {
  resourceChanges(kind: "ConfigMap", namespace: "${NS}", after: $after) { cursor type name }
}`;

beforeAll(async () => {
  issuer = await startOidcIssuer();
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-ws-credentials-'));
  const tokens = join(dir, 'tokens.csv');
  await writeFile(tokens, Object.entries(TOKENS).map(([u, t]) => `${t},${u},uid-${u}`).join('\n'));
  const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const authenticator = await createAuthenticator({ tokens, oidc: oidcSettings(issuer) }, quiet, { jwksCooldownMs: 0 });
  fg = await startFleetGateway({
    sim: { clusters: CLUSTERS.map((name) => ({ name, rbac: true })), nodes: 1, clusterDefaults: { controllers: false } },
    gateway: { authenticator, logger: quiet },
  });
  // Everyone here may read ConfigMaps everywhere (RBAC objects written straight into each simulator).
  const subjects = [`${issuer.url}#alice`, ...Object.keys(TOKENS)].map((name) => ({ kind: 'User', name, apiGroup: 'rbac.authorization.k8s.io' }));
  const rbac = (resource: string) => findResource('rbac.authorization.k8s.io', 'v1', resource)!;
  for (const name of CLUSTERS) {
    const registry = fg.sim.cluster(name).registry;
    registry.create(R.namespaces, { metadata: { name: NS } });
    registry.create(rbac('clusterroles'), { metadata: { name: 'cm-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] });
    registry.create(rbac('clusterrolebindings'), { metadata: { name: 'cm-readers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cm-reader' }, subjects });
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await fg?.stop();
  await issuer?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Change { cursor: string; type: string; name: string }
interface Recorded { changes: Change[]; errors: Array<{ message: string; extensions?: { code?: string } }>; ended: Array<{ code?: number; reason?: string }>; stop(): void }

/** One subscription on its own client (no retries: what the client is told is what the test sees). */
function subscribeWith(token: string, query: string, after?: string): Recorded {
  const client = createClient({ url: fg.gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams: { authorization: `Bearer ${token}` } });
  clients.push(client);
  const rec: Recorded = { changes: [], errors: [], ended: [], stop: () => undefined };
  rec.stop = client.subscribe<{ resourceChanges: Change }>({ query, variables: after === undefined ? {} : { after } }, {
    next: (v) => {
      if (v.errors) rec.errors.push(...(v.errors as unknown as Recorded['errors']));
      if (v.data) rec.changes.push(v.data.resourceChanges);
    },
    // A refused subscription's error is a list of GraphQL errors; a closed socket, its CloseEvent.
    error: (e) => (Array.isArray(e) ? rec.errors.push(...(e as Recorded['errors'])) : rec.ended.push(e as Recorded['ended'][number])),
    complete: () => undefined,
  });
  return rec;
}

const createConfigMap = (name: string) => fg.sim.cluster('sc-1').registry.create(R.configmaps, { metadata: { name, namespace: NS }, data: {} });

/** Requests that reached each cluster from here on. */
function mark() {
  const from = new Map(CLUSTERS.map((c) => [c, fg.sim.cluster(c).requests.all().length]));
  return () => CLUSTERS.flatMap((c) => fg.sim.cluster(c).requests.all().slice(from.get(c)));
}
const accessReviews = (requests: ReturnType<ReturnType<typeof mark>>, user: string) =>
  requests.filter((r) => r.verb === 'create' && r.resource === 'selfsubjectaccessreviews' && r.impersonateUser === user).length;

describe('an OIDC token that expires while its graphql-ws connection is open', () => {
  test('closes the socket with 4403 at expiry and ends its subscription; a fresh token resumes from the last cursor', async () => {
    // exp in the past but within the clock tolerance: accepted now, refused (and closed) 8 s later.
    const shortLived = await issuer.mint({}, { expiresIn: -(CLOCK_TOLERANCE_S - 8) });
    const first = subscribeWith(shortLived, CHANGES);
    // Started, and its stream has listed (an object made before the watch's first LIST is no change).
    await waitFor(() => (fg.gateway.live!.users('sc-1', 'configmaps', null) === 1 && fg.gateway.live!.watch('sc-1', 'configmaps', null)?.synced === true) || first.ended.length > 0, 'the first subscription started');
    createConfigMap('before-expiry');
    await waitFor(() => first.changes.length === 1 || first.ended.length > 0, 'the change before expiry delivered');
    expect(first.changes.map((c) => [c.type, c.name])).toEqual([['ADDED', 'before-expiry']]);

    await waitFor(() => first.ended.length === 1, 'the connection closed at the token\'s expiry', 30_000);
    expect(first.ended[0]).toMatchObject({ code: 4403, reason: 'the credential expired: reconnect with a fresh token and resume from your last cursor' });
    expect(first.errors).toEqual([]);
    // The subscription ended on the gateway too: the hub's stream has no reader, no socket is open.
    await waitFor(() => fg.gateway.live!.users('sc-1', 'configmaps', null) === 0 && fg.gateway.ws!.connections === 0, 'the subscription ended on the gateway');

    // Changes while no one listens, then a reconnection with a fresh token and the last cursor.
    createConfigMap('while-away-1');
    createConfigMap('while-away-2');
    const fresh = await issuer.mint({}, { expiresIn: 600 });
    const second = subscribeWith(fresh, CHANGES, first.changes[0]!.cursor);
    await waitFor(() => second.changes.length >= 2 || second.ended.length > 0 || second.errors.length > 0, 'the missed changes replayed');
    createConfigMap('after-reconnect');
    await waitFor(() => second.changes.length >= 3, 'the live change after reconnecting');
    expect(second.changes.map((c) => [c.type, c.name])).toEqual([['ADDED', 'while-away-1'], ['ADDED', 'while-away-2'], ['ADDED', 'after-reconnect']]);
    expect(second.ended).toEqual([]);
    expect(second.errors).toEqual([]);
    second.stop();
    await waitFor(() => fg.gateway.live!.users('sc-1', 'configmaps', null) === 0, 'the second subscription ended');
  }, 60_000);

  test('a client whose connectionParams is a function reconnects by itself with a fresh token, resuming from the cursor kept in its variables', async () => {
    // A static-token observer: when it has a change, the hub has logged it.
    const observer = subscribeWith(TOKENS.obs, CHANGES);
    let tokensIssued = 0;
    let away: () => void = () => undefined;
    const back = new Promise<void>((resolve) => { away = resolve; });
    const closes: number[] = [];
    const client = createClient({
      url: fg.gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: true, retryAttempts: 3,
      // The first reconnection waits until the test has made a change while the client was away.
      retryWait: () => back,
      connectionParams: async () => ({ authorization: `Bearer ${await issuer.mint({}, { expiresIn: tokensIssued++ === 0 ? -(CLOCK_TOLERANCE_S - 8) : 600 })}` }),
      on: { closed: (e) => closes.push((e as { code: number }).code) },
    });
    clients.push(client);
    const variables: { after?: string } = {};
    const got: Change[] = [];
    const ended: unknown[] = [];
    client.subscribe<{ resourceChanges: Change }>({ query: CHANGES, variables }, {
      next: (v) => {
        if (!v.data) return;
        got.push(v.data.resourceChanges);
        variables.after = v.data.resourceChanges.cursor; // what graphql-ws sends again on a retry
      },
      error: (e) => ended.push(e),
      complete: () => undefined,
    });
    try {
      await waitFor(() => (fg.gateway.live!.users('sc-1', 'configmaps', null) === 2 && fg.gateway.live!.watch('sc-1', 'configmaps', null)?.synced === true) || ended.length > 0, 'both subscriptions started');
      createConfigMap('fn-before-expiry');
      await waitFor(() => got.length === 1 || ended.length > 0, 'the change before expiry delivered');

      await waitFor(() => closes.length === 1, 'the connection closed at the token\'s expiry', 30_000);
      expect(closes).toEqual([4403]);
      createConfigMap('fn-while-away');
      await waitFor(() => observer.changes.some((c) => c.name === 'fn-while-away'), 'the change while away logged');
      away();
      await waitFor(() => fg.gateway.ws!.connections === 2 && fg.gateway.live!.users('sc-1', 'configmaps', null) === 2, 'reconnected and subscribed again');
      createConfigMap('fn-after-reconnect');
      await waitFor(() => got.length >= 3 || ended.length > 0, 'the missed and the live change');
      expect(got.map((c) => [c.type, c.name])).toEqual([['ADDED', 'fn-before-expiry'], ['ADDED', 'fn-while-away'], ['ADDED', 'fn-after-reconnect']]);
      expect(ended).toEqual([]);
      expect(tokensIssued).toBe(2);
    } finally {
      away(); // a client left waiting to retry would hold up its dispose
      observer.stop();
    }
  }, 60_000);

  test('an expired token cannot reconnect: the retry is refused with 4401', async () => {
    const expired = await issuer.mint({}, { expiresIn: -(CLOCK_TOLERANCE_S + 60) });
    const rec = subscribeWith(expired, CHANGES);
    await waitFor(() => rec.ended.length === 1, 'the connection refused');
    expect(rec.ended[0]).toMatchObject({ code: 4401 });
  });
});

describe('a subscription with a malformed cursor', () => {
  // One user per case: a review answered for an earlier case would be cached, and send nothing.
  test.each([
    ['not base64url', 'dana', 'not a cursor!'],
    ['base64url of something else', 'eve', Buffer.from('{"v":9,"p":{}}').toString('base64url')],
  ] as const)('(%s) is refused with BAD_USER_INPUT naming `after`, before any access review reaches a cluster', async (_, user, cursor) => {
    const since = mark();
    const rec = subscribeWith(TOKENS[user], CHANGES_EVERYWHERE, cursor);
    await waitFor(() => rec.errors.length > 0 || rec.ended.length > 0, 'the subscription answered');
    expect(rec.errors).toHaveLength(1);
    expect(rec.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(rec.errors[0]!.message).toMatch(/^after: invalid cursor "/);
    expect(accessReviews(since(), user)).toBe(0);
  });

  test('while the same subscription with no cursor sends access reviews (list, watch) to every cluster as the caller', async () => {
    const since = mark();
    const rec = subscribeWith(TOKENS.gus, CHANGES_EVERYWHERE);
    await waitFor(() => CLUSTERS.every((c) => fg.gateway.live!.users(c, 'configmaps', null) >= 1) || rec.errors.length > 0, 'the subscription started');
    expect(rec.errors).toEqual([]);
    expect(accessReviews(since(), 'gus')).toBe(2 * CLUSTERS.length);
  });
});
