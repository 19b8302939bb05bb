/**
 * One watch over real HTTPS to a simulated cluster, and over plain HTTP to a server of our own
 * that splits its answer anywhere: events arrive as they happen, bookmarks carry versions, a
 * compacted version is a WatchGone, aborting ends the stream quietly, and a watch holds no
 * concurrency slot.
 */
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClusterClient } from '../../../src/kube/ClusterClient.ts';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { UpstreamMetrics } from '../../../src/kube/UpstreamMetrics.ts';
import { WatchGone, watchStream, type WatchEvent } from '../../../src/kube/watchStream.ts';
import { SimFleet } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { makeServerCredentials } from '../../../src/sim/tls.ts';
import { clusterClientsFor, type FleetClients } from '../../support/clusterClients.ts';
import { stopFleet } from '../../support/stopFleet.ts';

interface Obj { metadata: { name: string; resourceVersion: string } }

let sim: SimFleet;
let fleet: FleetClients;

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 1, namePrefix: 'ws', clusterDefaults: { controllers: false, bookmarkIntervalMs: 50 } });
  sim.clusters[0]!.registry.create(R.namespaces, { metadata: { name: 'team' } });
  fleet = await clusterClientsFor(sim, { concurrency: 1 });
});

afterAll(async () => {
  await fleet?.close();
  await stopFleet(sim);
});

const currentRv = () => String(sim.clusters[0]!.store.resourceVersion);

/** Read events until `until` says enough; then abort. */
async function collect(events: AsyncIterable<WatchEvent<Obj>>, abort: AbortController, until: (seen: WatchEvent<Obj>[]) => boolean): Promise<WatchEvent<Obj>[]> {
  const seen: WatchEvent<Obj>[] = [];
  for await (const e of events) {
    seen.push(e);
    if (until(seen)) abort.abort();
  }
  return seen;
}

describe('watchStream', () => {
  test('delivers ADDED, MODIFIED and DELETED after the given version, then bookmarks with newer versions', async () => {
    const client = fleet.get('ws-1');
    const registry = sim.clusters[0]!.registry;
    const from = currentRv();
    registry.create(R.configmaps, { metadata: { name: 'a', namespace: 'team' }, data: { v: '1' } });
    registry.mutate(R.configmaps, 'team', 'a', (o) => { (o as { data?: Record<string, string> }).data = { v: '2' }; });
    registry.delete(R.configmaps, 'team', 'a');
    const abort = new AbortController();
    const seen = await collect(
      watchStream<Obj>(client, RESOURCES.configmaps, { namespace: 'team', resourceVersion: from, signal: abort.signal }),
      abort, (s) => s.some((e) => e.type === 'BOOKMARK'),
    );
    const changes = seen.filter((e) => e.type !== 'BOOKMARK');
    expect(changes.map((e) => [e.type, 'object' in e ? e.object.metadata.name : ''])).toEqual([['ADDED', 'a'], ['MODIFIED', 'a'], ['DELETED', 'a']]);
    const bookmark = seen.at(-1)!;
    expect(bookmark.type).toBe('BOOKMARK');
    expect(bookmark.type === 'BOOKMARK' && Number(bookmark.resourceVersion)).toBeGreaterThanOrEqual(Number(currentRv()));
    const watches = sim.clusters[0]!.requests.find({ verb: 'watch', resource: 'configmaps' });
    expect(new URLSearchParams(watches.at(-1)!.query).get('allowWatchBookmarks')).toBe('true');
  });

  test('a version compacted away is a WatchGone (410), not a generic failure', async () => {
    const client = fleet.get('ws-1');
    const old = currentRv();
    sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'b', namespace: 'team' } });
    sim.clusters[0]!.compact();
    const abort = new AbortController();
    const error = await collect(watchStream<Obj>(client, RESOURCES.configmaps, { resourceVersion: old, signal: abort.signal }), abort, () => false)
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WatchGone);
    expect((error as WatchGone).status).toBe(410);
    expect((error as WatchGone).cluster).toBe('ws-1');
  });

  test('holds no concurrency slot: with one slot, LISTs still go through while a watch is open', async () => {
    const client = fleet.get('ws-1');
    expect(client.concurrency).toBe(1);
    const abort = new AbortController();
    // Earlier tests' streams are closed by the simulator a moment after they were aborted.
    await waitFor(() => sim.clusters[0]!.openWatchCount === 0);
    // Read it in the background (bookmarks arrive every 50 ms); it ends when aborted.
    const drained = collect(watchStream<Obj>(client, RESOURCES.pods, { resourceVersion: currentRv(), signal: abort.signal }), abort, () => false);
    await waitFor(() => sim.clusters[0]!.openWatchCount === 1);
    expect(await client.list(RESOURCES.namespaces)).toEqual(expect.arrayContaining([expect.objectContaining({ metadata: expect.objectContaining({ name: 'team' }) })]));
    expect(await client.list(RESOURCES.configmaps, { namespace: 'team' })).toBeDefined();
    abort.abort();
    expect((await drained).every((e) => e.type === 'BOOKMARK')).toBe(true);
    await waitFor(() => sim.clusters[0]!.openWatchCount === 0);
  });

  test('an unreachable cluster is a classified ClusterError', async () => {
    const down = new ClusterClient({ name: 'gone', labels: {}, server: 'https://127.0.0.1:1', kubeConfig: tokenKubeConfig('https://127.0.0.1:1'), metrics: new UpstreamMetrics(new Registry()) });
    const error = await watchStream(down, RESOURCES.pods, { resourceVersion: '1', signal: new AbortController().signal }).next().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe('CLUSTER_UNREACHABLE');
    down.close();
  });
});

describe('watchStream parsing', () => {
  let server: https.Server;
  let client: ClusterClient;
  let answer: (res: http.ServerResponse) => void;

  beforeAll(async () => {
    const tls = await makeServerCredentials('raw');
    server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => answer(res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new ClusterClient({ name: 'raw', labels: {}, server: url, kubeConfig: tokenKubeConfig(url, tls.caPem), metrics: new UpstreamMetrics(new Registry()) });
  });
  afterAll(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  test('joins lines and characters split across chunks anywhere', async () => {
    const events = [
      { type: 'ADDED', object: { metadata: { name: 'grüße-☃', resourceVersion: '5' } } },
      { type: 'MODIFIED', object: { metadata: { name: 'b', resourceVersion: '6' } } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '7' } } },
    ];
    const bytes = Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // One byte per chunk, so every multi-byte character and every line is split.
      let i = 0;
      const next = () => {
        if (i >= bytes.length) return res.end();
        res.write(bytes.subarray(i, i + 1), () => setImmediate(next));
        i++;
      };
      next();
    };
    const seen: WatchEvent<Obj>[] = [];
    for await (const e of watchStream<Obj>(client, RESOURCES.pods, { resourceVersion: '4', signal: new AbortController().signal })) seen.push(e);
    expect(seen).toEqual([
      { type: 'ADDED', object: events[0]!.object },
      { type: 'MODIFIED', object: events[1]!.object },
      { type: 'BOOKMARK', resourceVersion: '7' },
    ]);
  });

  test('an ERROR event that is not 410 fails the stream with its classified code; a 410 answer is WatchGone', async () => {
    answer = (res) => {
      res.writeHead(200);
      res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 500, message: 'etcd is sad' } })}\n`);
    };
    const error = await watchStream(client, RESOURCES.pods, { resourceVersion: '4', signal: new AbortController().signal }).next().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect(error).not.toBeInstanceOf(WatchGone);
    expect((error as ClusterError).code).toBe('UPSTREAM_ERROR');
    expect((error as ClusterError).message).toContain('etcd is sad');

    answer = (res) => {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (9)' }));
    };
    const gone = await watchStream(client, RESOURCES.pods, { resourceVersion: '1', signal: new AbortController().signal }).next().then(() => undefined, (e: unknown) => e);
    expect(gone).toBeInstanceOf(WatchGone);
  });

  test('a line that is not JSON is a malformed answer', async () => {
    answer = (res) => {
      res.writeHead(200);
      res.end('<html>proxy error</html>\n');
    };
    const error = await watchStream(client, RESOURCES.pods, { resourceVersion: '4', signal: new AbortController().signal }).next().then(() => undefined, (e: unknown) => e);
    expect((error as ClusterError).code).toBe('UPSTREAM_ERROR');
    expect((error as ClusterError).message).toContain('not Kubernetes JSON');
  });
});

function tokenKubeConfig(server: string, caPem = ''): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: false, caData: Buffer.from(caPem).toString('base64') }],
    users: [{ name: 'u', token: 'test-token' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}
