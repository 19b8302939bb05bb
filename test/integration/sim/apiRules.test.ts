/**
 * kube-apiserver's general rules, as clients other than kubectl 1.32 rely on them, over real
 * HTTPS: booleans in the query spelled any way but 0/false are true (`watch=True`,
 * `orphanDependents=True`, `force=True`), the legacy /watch/ paths, `/version/`, `/openapi/v2`,
 * []byte fields checked as base64, required node fields, and the NotFound Status of a path the
 * server has no resource for.
 */
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFields, type WireField } from '../../../src/sim/api/protobuf/wire.ts';
import { ManualClock, SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { rawRequest, type RawResponse } from './helpers.ts';

const NS = 'rules';
let fleet: SimFleet;
let cluster: SimCluster;
let clock: ManualClock;

function json<T = Record<string, unknown>>(r: RawResponse): T {
  return JSON.parse(r.body) as T;
}

function send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> {
  return rawRequest(cluster, { method, path, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': contentType } }) });
}

/** The first line of a watch stream (an event), reading no further. */
async function firstEvent(path: string): Promise<{ type: string; object: { kind: string; metadata: { name: string } } }> {
  const r = await rawRequest(cluster, { path, until: (b) => b.includes('\n') });
  expect(r.status).toBe(200);
  return JSON.parse(r.body.split('\n')[0]!) as { type: string; object: { kind: string; metadata: { name: string } } };
}

/** A GET whose body is kept as bytes (rawRequest reads text). */
function binaryGet(path: string, accept: string): Promise<{ status: number; contentType: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const r = httpsRequest(new URL(path, cluster.url), { headers: { Accept: accept, Authorization: `Bearer ${cluster.token}` }, ca: cluster.caPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end();
  });
}

/** The length-delimited fields numbered `num` of a message, as text or nested bytes. */
function fieldsOf(fields: WireField[], num: number): Buffer[] {
  return fields.filter((f) => f.num === num && f.value.wire === 2).map((f) => f.value.value as Buffer);
}

const NOT_FOUND = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 };

function deployment(name: string): Record<string, unknown> {
  const labels = { app: name };
  return { metadata: { name }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } };
}

beforeAll(async () => {
  clock = new ManualClock();
  fleet = await SimFleet.start({ clusters: [{ name: 'rules' }, { name: 'bare', metricsApi: false }], nodes: 1, clock, seed: 5 });
  cluster = fleet.cluster('rules');
  expect((await send('POST', '/api/v1/namespaces', { metadata: { name: NS } })).status).toBe(201);
});

afterAll(async () => {
  await stopFleet(fleet);
});

describe('booleans in the query', () => {
  test('watch=True streams events rather than answering a LIST', async () => {
    await send('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'w' } });
    const event = await firstEvent(`/api/v1/namespaces/${NS}/configmaps?watch=True&fieldSelector=metadata.name%3Dw`);
    expect(event).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'w' } } });
  });

  test('orphanDependents=True orphans: the ReplicaSet outlives its Deployment', async () => {
    expect((await send('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment('keep'))).status).toBe(201);
    await clock.advance(1000);
    await fleet.settle();
    const before = json<{ items: { metadata: { uid: string } }[] }>(await send('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dkeep`)).items;
    expect(before).toHaveLength(1);
    expect((await send('DELETE', `/apis/apps/v1/namespaces/${NS}/deployments/keep?orphanDependents=True`)).status).toBe(200);
    await clock.advance(35_000);
    await fleet.settle();
    const after = json<{ items: { metadata: { uid: string; ownerReferences?: unknown[]; deletionTimestamp?: string } }[] }>(await send('GET', `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3Dkeep`)).items;
    expect(after.map((r) => r.metadata.uid)).toEqual(before.map((r) => r.metadata.uid));
    expect(after[0]!.metadata.ownerReferences ?? []).toEqual([]);
    expect(after[0]!.metadata.deletionTimestamp).toBeUndefined();
  });

  test('orphanDependents together with propagationPolicy is refused as kube\'s ValidateDeleteOptions does', async () => {
    await send('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'both' } });
    const r = await send('DELETE', `/api/v1/namespaces/${NS}/configmaps/both?orphanDependents=false&propagationPolicy=Foreground`);
    expect(r.status).toBe(422);
    expect(json(r)).toMatchObject({
      reason: 'Invalid',
      message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set',
      details: { name: '', group: 'meta.k8s.io', kind: 'DeleteOptions' },
    });
    expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps/both`)).status).toBe(200);
  });

  test('force=True takes fields over in a server-side apply', async () => {
    const apply = (manager: string, value: string, force: string) => send('PATCH', `/api/v1/namespaces/${NS}/configmaps/owned?fieldManager=${manager}${force}`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned\ndata:\n  key: ${value}\n`, 'application/apply-patch+yaml');
    expect((await apply('alice', 'a', '')).status).toBe(201);
    expect((await apply('bob', 'b', '')).status).toBe(409);
    expect((await apply('bob', 'b', '&force=false')).status).toBe(409);
    const forced = await apply('bob', 'b', '&force=True');
    expect(forced.status).toBe(200);
    expect(json<{ data: Record<string, string> }>(forced).data).toEqual({ key: 'b' });
  });
});

describe('paths', () => {
  test('legacy /watch/ paths watch a collection, one object, or every namespace', async () => {
    await send('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'only-this' } });
    expect((await send('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, deployment('legacy'))).status).toBe(201);
    expect((await send('POST', `/api/v1/namespaces/${NS}/pods`, { metadata: { name: 'solo' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } })).status).toBe(201);
    expect(await firstEvent(`/api/v1/watch/namespaces/${NS}/configmaps/only-this`)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'only-this' } } });
    expect(await firstEvent(`/api/v1/watch/namespaces/${NS}/configmaps`)).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap' } });
    expect(await firstEvent('/apis/apps/v1/watch/deployments')).toMatchObject({ type: 'ADDED', object: { kind: 'Deployment' } });
    expect(await firstEvent('/api/v1/watch/pods')).toMatchObject({ type: 'ADDED', object: { kind: 'Pod' } });
    expect(cluster.requests.find({ verb: 'watch' }).filter((r) => r.path.includes('/watch/'))).toHaveLength(4);
  });

  test('a watch of one object sees only that object\'s changes', async () => {
    const r = rawRequest(cluster, { path: `/api/v1/watch/namespaces/${NS}/configmaps/only-this?resourceVersion=${cluster.store.resourceVersion}`, until: (b) => b.includes('\n') });
    await send('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'other' } });
    await send('PATCH', `/api/v1/namespaces/${NS}/configmaps/only-this`, { data: { x: '1' } }, 'application/merge-patch+json');
    expect(JSON.parse((await r).body.split('\n')[0]!)).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'only-this' } } });
  });

  test('GET /version/ answers like /version, without credentials', async () => {
    const r = await rawRequest(cluster, { path: '/version/', auth: false });
    expect(r.status).toBe(200);
    expect(json(r)).toEqual(json(await rawRequest(cluster, { path: '/version' })));
  });

  test.each([
    `/api/v1/namespaces/${NS}/pods/p/log`,
    `/api/v1/namespaces/${NS}/serviceaccounts/default/token`,
    '/api/v1/replicationcontrollers',
    '/apis/events.k8s.io/v1/events',
  ])('%s answers the NotFound Status of a server without that resource', async (path) => {
    const r = await rawRequest(cluster, { path });
    expect(r.status).toBe(404);
    expect(json(r)).toEqual(NOT_FOUND);
  });

  test('a self review is create-only: GET answers 405, as kube-apiserver does', async () => {
    for (const path of ['/apis/authentication.k8s.io/v1/selfsubjectreviews', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']) {
      expect((await rawRequest(cluster, { path })).status, path).toBe(405);
    }
  });

  test('metrics.k8s.io on a cluster without metrics-server answers the same Status', async () => {
    const bare = fleet.cluster('bare');
    for (const path of ['/apis/metrics.k8s.io/v1beta1/nodes', '/apis/metrics.k8s.io/v1beta1', '/apis/metrics.k8s.io']) {
      const r = await rawRequest(bare, { path });
      expect(r.status).toBe(404);
      expect(json(r)).toEqual(NOT_FOUND);
    }
  });

  test('unknown query parameters are ignored and limit=0 means no limit', async () => {
    const all = json<{ items: unknown[] }>(await send('GET', `/api/v1/namespaces/${NS}/configmaps`)).items.length;
    const r = await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=0&pretty=True&bogus=1`);
    expect(r.status).toBe(200);
    expect(json<{ items: unknown[]; metadata: { continue?: string } }>(r)).toMatchObject({ metadata: {} });
    expect(json<{ items: unknown[] }>(r).items).toHaveLength(all);
    // A negative limit is no limit either, as kube's storage reads it; a non-integer is 400.
    expect(json<{ items: unknown[] }>(await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=-1`)).items).toHaveLength(all);
    const bad = await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=ten`);
    expect(bad.status).toBe(400);
    expect(json(bad)).toMatchObject({ reason: 'BadRequest', message: 'strconv.ParseInt: parsing "ten": invalid syntax' });
  });

  test('a watch with timeoutSeconds=0 takes the server default rather than ending at once', async () => {
    await send('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'late' } });
    const r = rawRequest(cluster, { path: `/api/v1/namespaces/${NS}/configmaps?watch=1&timeoutSeconds=0&fieldSelector=metadata.name%3Dlate&resourceVersion=${cluster.store.resourceVersion}`, until: (b) => b.includes('\n') });
    await send('PATCH', `/api/v1/namespaces/${NS}/configmaps/late`, { data: { x: '1' } }, 'application/merge-patch+json');
    expect(JSON.parse((await r).body.split('\n')[0]!)).toMatchObject({ type: 'MODIFIED' });
  });
});

describe('documents and objects', () => {
  test('/openapi/v2 serves Swagger 2.0 JSON, and 406 to a protobuf-only Accept as kube-openapi does', async () => {
    const r = await rawRequest(cluster, { path: '/openapi/v2' });
    expect(r.status).toBe(200);
    const doc = json<{ swagger: string; definitions: Record<string, { 'x-kubernetes-group-version-kind': unknown }>; paths: Record<string, unknown> }>(r);
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(Object.keys(doc.paths)).toContain('/api/v1/namespaces/{namespace}/pods/{name}');
    expect(r.body).not.toContain('#/components/');
    const none = await rawRequest(cluster, { path: '/openapi/v2', headers: { Accept: 'text/html' } });
    expect(none.status).toBe(406);
    expect(none.body).toBe('');
  });

  test('/openapi/v2 in gnostic protobuf, what client-go asks for: definitions with their group-version-kind', async () => {
    const pb = await binaryGet('/openapi/v2', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(pb.status).toBe(200);
    // Go's mime parser refuses the '@' of the media type, so kube (and the simulator) label it octet-stream.
    expect(pb.contentType).toBe('application/octet-stream');
    const doc = readFields(pb.body);
    expect(fieldsOf(doc, 1).map(String)).toEqual(['2.0']);
    const definitions = fieldsOf(readFields(fieldsOf(doc, 9)[0]!), 1).map((named) => readFields(named));
    const deployment = definitions.find((d) => String(fieldsOf(d, 1)[0]) === 'io.k8s.api.apps.v1.Deployment');
    expect(deployment).toBeDefined();
    const schema = readFields(fieldsOf(deployment!, 2)[0]!);
    const extensions = fieldsOf(schema, 31).map((e) => readFields(e));
    const gvk = extensions.find((e) => String(fieldsOf(e, 1)[0]) === 'x-kubernetes-group-version-kind')!;
    expect(String(fieldsOf(readFields(fieldsOf(gvk, 2)[0]!), 2)[0])).toBe('- group: apps\n  version: v1\n  kind: Deployment\n');
    const properties = fieldsOf(readFields(fieldsOf(schema, 25)[0]!), 1).map((p) => String(fieldsOf(readFields(p), 1)[0]));
    expect(properties).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec', 'status']));
  });

  test('Secret data that is not base64 is refused with kube\'s 400, on create, update and patch', async () => {
    const message = 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3';
    const created = await send('POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 's' }, data: { password: 'not base64!' } });
    expect(created.status).toBe(400);
    expect(json(created)).toMatchObject({ reason: 'BadRequest', message, code: 400 });
    expect((await send('POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 's' }, data: { password: 'cGFzcw==' } })).status).toBe(201);
    expect(json(await send('PUT', `/api/v1/namespaces/${NS}/secrets/s`, { metadata: { name: 's' }, data: { password: 'not base64!' } }))).toMatchObject({ code: 400, message });
    expect(json(await send('PATCH', `/api/v1/namespaces/${NS}/secrets/s`, { data: { password: 'not base64!' } }, 'application/merge-patch+json'))).toMatchObject({ code: 400, message });
    expect(json(await send('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'bin' }, binaryData: { b: 'YWJ' } }))).toMatchObject({ code: 400, message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 0' });
  });

  test('nodes carry nodeInfo.kubeProxyVersion, as a 1.32 kubelet still sets it', async () => {
    const nodes = json<{ items: { status: { nodeInfo: Record<string, string> } }[] }>(await send('GET', '/api/v1/nodes')).items;
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.status.nodeInfo.kubeProxyVersion).toBe(n.status.nodeInfo.kubeletVersion);
  });
});
