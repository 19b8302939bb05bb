/**
 * How the gateway reaches clusters, as users' kubeconfigs point at them: plain HTTP with no
 * credentials (a simulator listener and a `kubectl proxy`-like proxy the test starts), HTTPS
 * with `insecure-skip-tls-verify`, a token that is revoked (401 → fresh credentials from an exec
 * plugin, once), and LISTs read in chunks with `limit`/`continue`.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import * as x509 from '@peculiar/x509';
import { startGatewayFromKubeconfig, type FromKubeconfigOptions, type Gateway } from '../../../src/server/startGateway.ts';
import { SimFleet, type SimCluster } from '../../../src/sim/index.ts';
import { makeServerCredentials } from '../../../src/sim/tls.ts';
import { postGraphql } from '../../support/gateway.ts';
import { Kubectl } from '../../support/kubectl.ts';
import { stopFleet } from '../../support/stopFleet.ts';

let sim: SimFleet;
let cluster: SimCluster;
let dir: string;
const gateways: Gateway[] = [];
const servers: http.Server[] = [];

interface KubeconfigEntry {
  name: string;
  cluster: Record<string, unknown>;
  user?: Record<string, unknown>;
}

async function kubeconfig(file: string, entries: KubeconfigEntry[]): Promise<string> {
  const path = join(dir, file);
  await writeFile(path, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': entries[0]!.name,
    clusters: entries.map((e) => ({ name: e.name, cluster: e.cluster })),
    users: entries.filter((e) => e.user).map((e) => ({ name: `${e.name}-user`, user: e.user })),
    contexts: entries.map((e) => ({ name: e.name, context: e.user ? { cluster: e.name, user: `${e.name}-user` } : { cluster: e.name } })),
  }), { mode: 0o600 });
  return path;
}

async function gatewayFor(kubeconfigPath: string, options: Partial<FromKubeconfigOptions> = {}): Promise<Gateway> {
  const gateway = await startGatewayFromKubeconfig({ kubeconfigPath, port: 0, logLevel: 'silent', ...options });
  gateways.push(gateway);
  return gateway;
}

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * What `kubectl proxy` does: plain HTTP in, the cluster's HTTPS with its token out. `before`
 * runs before each request is forwarded (a test's hook into the timing between LIST pages).
 */
async function startProxy(target: SimCluster, before: (path: string) => void = () => {}): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const agent = new https.Agent({ ca: target.caPem, keepAlive: true });
  const url = await listen(http.createServer((req, res) => {
    paths.push(req.url ?? '');
    before(req.url ?? '');
    const upstream = https.request(`${target.url}${req.url ?? '/'}`, {
      method: req.method, agent, headers: { ...req.headers, host: new URL(target.url).host, authorization: `Bearer ${target.token}` },
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }));
  return { url, paths };
}

/** A throwaway CA and a client certificate it signed (CN=fleetgraph-client, clientAuth), as PEM. */
async function makeClientCertificate(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(Date.now() + 86_400_000);
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=client-ca', notBefore, notAfter, keys: caKeys, signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02', subject: 'CN=fleetgraph-client', issuer: ca.subject, notBefore, notAfter,
    publicKey: keys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: alg,
    extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false)],
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return { caPem: `${ca.toString('pem')}\n`, certPem: `${cert.toString('pem')}\n`, keyPem: `-----BEGIN PRIVATE KEY-----\n${der}\n-----END PRIVATE KEY-----\n` };
}

type PodsAnswer = { clusters: Array<{ name: string; status: { reachable: boolean; lastError: { code: string; message: string } | null }; pods: Array<{ namespace: string; name: string }> }> };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const PODS = '{ clusters { name status { reachable lastError { code message } } pods { namespace name } } }';

/** A write, then compaction: every continue token handed out before now has expired (410). */
let churn = 0;
function expireContinueTokens(target: SimCluster): void {
  target.store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default', name: `churn-${++churn}`, uid: `churn-uid-${churn}`, resourceVersion: '', creationTimestamp: new Date().toISOString() } });
  target.compact();
}

function podKeys(target: SimCluster): string[] {
  return target.store.list('/pods').map((p) => {
    const meta = (p.object as { metadata: { namespace: string; name: string } }).metadata;
    return `${meta.namespace}/${meta.name}`;
  }).sort();
}

beforeAll(async () => {
  sim = await SimFleet.start({ clusters: 1, namePrefix: 'acc', nodes: 2, pods: 23, clusterDefaults: { plainHttp: true } });
  cluster = sim.clusters[0]!;
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-access-'));
});

afterAll(async () => {
  for (const g of gateways) await g.stop();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await stopFleet(sim);
  await rm(dir, { recursive: true, force: true });
});

describe('plain-HTTP endpoints with no credentials (kubectl proxy style)', () => {
  test('the simulator\'s plain-HTTP listener, a context with no user: the gateway returns its pods', async () => {
    const path = await kubeconfig('plain.yaml', [{ name: 'plain', cluster: { server: cluster.httpUrl } }]);
    const gateway = await gatewayFor(path);
    const a = await postGraphql<PodsAnswer>(gateway.url, PODS);
    expect(a.errors).toBeUndefined();
    const got = a.data!.clusters[0]!;
    expect(got.status).toEqual({ reachable: true, lastError: null });
    expect(got.pods.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(podKeys(cluster));
    expect(podKeys(cluster).length).toBeGreaterThan(20);
  });

  test('kubectl reads the same plain-HTTP listener', async () => {
    const path = await kubeconfig('plain-kubectl.yaml', [{ name: 'plain', cluster: { server: cluster.httpUrl } }]);
    const r = await new Kubectl(path).run('plain', ['get', 'pods', '-A', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(podKeys(cluster).length);
  });

  test('a proxy the test starts in front of the HTTPS simulator: the gateway returns its pods through it', async () => {
    const proxy = await startProxy(cluster);
    const path = await kubeconfig('proxy.yaml', [{ name: 'proxied', cluster: { server: proxy.url } }]);
    const gateway = await gatewayFor(path);
    const a = await postGraphql<PodsAnswer>(gateway.url, PODS);
    expect(a.errors).toBeUndefined();
    expect(a.data!.clusters[0]!.pods.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(podKeys(cluster));
    expect(proxy.paths.some((p) => p.startsWith('/api/v1/pods'))).toBe(true);
  });
});

describe('HTTPS credential kinds', () => {
  test('a token with insecure-skip-tls-verify and no CA: served (the certificate is not checked)', async () => {
    const path = await kubeconfig('skip.yaml', [{ name: 'skip', cluster: { server: cluster.url, 'insecure-skip-tls-verify': true }, user: { token: cluster.token } }]);
    const a = await postGraphql<PodsAnswer>((await gatewayFor(path)).url, PODS);
    expect(a.errors).toBeUndefined();
    expect(a.data!.clusters[0]!.pods).toHaveLength(podKeys(cluster).length);
  });

  test('a client certificate: the server sees it, and the gateway returns the pods behind it', async () => {
    const client = await makeClientCertificate();
    const server = await makeServerCredentials('mtls');
    const subjects: string[] = [];
    // An mTLS front (as kube-apiserver's x509 authenticator): verified client certificate in, the plain-HTTP simulator behind.
    const front = https.createServer({ cert: server.certPem, key: server.keyPem, ca: client.caPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      subjects.push(String((req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN));
      const upstream = http.request(`${cluster.httpUrl}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    servers.push(front);
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
    const path = await kubeconfig('mtls.yaml', [{
      name: 'mtls',
      cluster: { server: url, 'certificate-authority-data': b64(server.caPem) },
      user: { 'client-certificate-data': b64(client.certPem), 'client-key-data': b64(client.keyPem) },
    }]);
    const a = await postGraphql<PodsAnswer>((await gatewayFor(path)).url, PODS);
    expect(a.errors).toBeUndefined();
    expect(a.data!.clusters[0]!.pods).toHaveLength(podKeys(cluster).length);
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.every((s) => s === 'fleetgraph-client')).toBe(true);
  });

  test('without the CA and without skip-verify the certificate is refused, with a TLS reason', async () => {
    const path = await kubeconfig('noca.yaml', [{ name: 'noca', cluster: { server: cluster.url }, user: { token: cluster.token } }]);
    const a = await postGraphql<PodsAnswer>((await gatewayFor(path)).url, PODS);
    expect(a.errors?.[0]?.extensions?.code).toBe('CLUSTER_UNREACHABLE');
    expect(a.errors?.[0]?.message).toContain('TLS');
  });

  test('a context with no user still gets its cluster\'s CA (client-node applies none without a user)', async () => {
    // The proxy-less HTTPS listener answers 401 without a token: reaching that answer proves TLS was verified with the CA.
    const path = await kubeconfig('nouser-https.yaml', [{ name: 'anon', cluster: { server: cluster.url, 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } }]);
    const a = await postGraphql<PodsAnswer>((await gatewayFor(path)).url, PODS);
    expect(a.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(a.errors?.[0]?.message).toBe('cluster "anon": pods: Unauthorized');
  });

  test('a revoked token: one 401, fresh credentials from the exec plugin, and the answer', async () => {
    const tokenFile = join(dir, 'current-token');
    const runs = join(dir, 'plugin-runs.log');
    const plugin = join(dir, 'rotating-plugin.mjs');
    await writeFile(tokenFile, cluster.token);
    // Hands out whatever token the file holds now, as a cloud CLI hands out the current one.
    await writeFile(plugin, `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(runs)}, 'run\\n');
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: readFileSync(${JSON.stringify(tokenFile)}, 'utf8') } }));
`);
    const path = await kubeconfig('rotate.yaml', [{
      name: 'rotating',
      cluster: { server: cluster.url, 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') },
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } },
    }]);
    const gateway = await gatewayFor(path);
    const first = await postGraphql<PodsAnswer>(gateway.url, '{ clusters { pods { name } } }');
    expect(first.errors).toBeUndefined();
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);

    const before = cluster.requests.count({ verb: 'list', resource: 'pods' });
    const unauthorizedBefore = cluster.requests.all().filter((r) => r.status === 401).length;
    const next = `rotated-${cluster.token.slice(0, 8)}`;
    await writeFile(tokenFile, next);
    const old = cluster.token;
    cluster.rotateToken(next);
    try {
      const second = await postGraphql<PodsAnswer>(gateway.url, '{ clusters { pods { name } } }');
      expect(second.errors).toBeUndefined();
      expect(second.data!.clusters[0]!.pods).toHaveLength(podKeys(cluster).length);
      expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(2);
      // The refused request is not authenticated, so the simulator never learns its verb: count it by status and path.
      expect(cluster.requests.count({ verb: 'list', resource: 'pods' }) - before).toBe(1);
      const refused = cluster.requests.all().filter((r) => r.status === 401);
      expect(refused.length - unauthorizedBefore).toBe(1);
      expect(refused.at(-1)?.path).toBe('/api/v1/pods');
    } finally {
      cluster.rotateToken(old);
    }
  });
});

describe('LISTs in chunks', () => {
  test('chunked LISTs return the same objects as one-piece LISTs, in one request per page', async () => {
    const path = await kubeconfig('chunks.yaml', [{ name: 'chunks', cluster: { server: cluster.httpUrl } }]);
    const whole = await gatewayFor(path, { chunkSize: 0 });
    const chunked = await gatewayFor(path, { chunkSize: 5 });
    const count = () => cluster.requests.count({ verb: 'list', resource: 'pods' });

    let before = count();
    const one = await postGraphql<PodsAnswer>(whole.url, '{ clusters { pods { namespace name nodeName } } }');
    expect(one.errors).toBeUndefined();
    expect(count() - before).toBe(1);
    expect(cluster.requests.all().at(-1)?.query).not.toContain('limit');

    before = count();
    const paged = await postGraphql<PodsAnswer>(chunked.url, '{ clusters { pods { namespace name nodeName } } }');
    expect(paged.errors).toBeUndefined();
    expect(paged.data).toEqual(one.data);
    const pages = Math.ceil(podKeys(cluster).length / 5);
    expect(pages).toBeGreaterThan(3);
    expect(count() - before).toBe(pages);
    expect(chunked.upstream.count({ resource: 'pods', verb: 'list' })).toBe(pages);
    const queries = cluster.requests.find({ verb: 'list', resource: 'pods' }).slice(-pages).map((r) => new URLSearchParams(r.query));
    expect(queries.every((q) => q.get('limit') === '5')).toBe(true);
    expect(queries.filter((q) => q.has('continue'))).toHaveLength(pages - 1);
  });

  test('a continue token that expires between pages restarts the list once, and the answer is whole', async () => {
    let compactions = 0;
    const proxy = await startProxy(cluster, (path) => {
      if (path.includes('continue=') && compactions === 0) {
        compactions++;
        expireContinueTokens(cluster);
      }
    });
    const path = await kubeconfig('expire-once.yaml', [{ name: 'expiring', cluster: { server: proxy.url } }]);
    const gateway = await gatewayFor(path, { chunkSize: 10 });
    const a = await postGraphql<PodsAnswer>(gateway.url, PODS);
    expect(a.errors).toBeUndefined();
    expect(a.data!.clusters[0]!.pods.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(podKeys(cluster));
    // the first page, the expired second, then every page from the start
    expect(gateway.upstream.count({ resource: 'pods', verb: 'list' })).toBe(2 + Math.ceil(podKeys(cluster).length / 10));
  });

  test('a list whose continue token keeps expiring ends in a clear error, not a partial list', async () => {
    const proxy = await startProxy(cluster, (path) => {
      if (path.includes('continue=')) expireContinueTokens(cluster);
    });
    const path = await kubeconfig('expire-always.yaml', [{ name: 'churning', cluster: { server: proxy.url } }]);
    const gateway = await gatewayFor(path, { chunkSize: 10 });
    const a = await postGraphql<PodsAnswer>(gateway.url, '{ pods { totalCount } }');
    expect(a.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(a.errors?.[0]?.message).toContain('the list changed faster than it could be read in chunks of 10');
    expect(a.errors?.[0]?.message).toContain('--chunk-size');
    expect(gateway.upstream.count({ resource: 'pods', verb: 'list' })).toBe(4);
  });
});

