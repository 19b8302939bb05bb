/**
 * Credentials never leave the gateway: an upstream that echoes the credentials it was sent in
 * its error messages (a JSON body, a quoted token, a bare token, a JWT, base64 of the token or
 * of the whole header, URL-encoded, basic-auth password) reaches neither the GraphQL answer
 * nor Cluster.status.lastError.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import { postGraphql } from '../../support/gateway.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

// A JWT-shaped token (as service-account tokens are), an opaque one with characters URL-encoding changes, and basic auth.
const JWT = `${b64url('{"alg":"RS256","kid":"k1"}')}.${b64url('{"sub":"system:serviceaccount:ci:deployer","iat":1700000000}')}.${b64url('signature-bytes-0123456789')}`;
const OPAQUE = 'sha256~Zx9+q/Wr=T0ken.Opaque-AbCdEf0123456789';
const USER = 'deployer';
const PASSWORD = 'c0rrect-h0rse/battery+staple';

/** How the echoing upstream words its error, by form; `credential` is what it received after the scheme word. */
const FORMS: Array<(credential: string, header: string) => string> = [
  (c) => `invalid credentials: {"token":"${c}"}`,
  (c) => `token "${c}" is not valid`,
  (c) => `rejected ${c}`,
  (c) => `expired at 12:00 (${c}).`,
  (c) => `credential ${b64(c)} unknown`,
  (_c, h) => `header ${b64(h)} refused`,
  (_c, h) => `header ${b64url(`authorization=${h}`)} refused`,
  (c) => `redirect to /login?token=${encodeURIComponent(c)}&next=%2F`,
  (c) => `login?t=${encodeURIComponent(c)}`,
  (c) => `hex ${Buffer.from(c).toString('hex')}`,
  (c) => `json-escaped "${JSON.stringify(c).slice(1, -1)}"`,
  (c) => `multi\nline ${c}\nmessage`,
];

let form = 0;
let dir: string;
let upstream: http.Server;
let gateway: Gateway;

/** Every form a leak could take, for each credential the gateway holds. */
function leaks(text: string): string[] {
  const values = [JWT, OPAQUE, PASSWORD, `${USER}:${PASSWORD}`];
  const found: string[] = [];
  for (const v of values) {
    for (const f of [v, b64(v), b64url(v), encodeURIComponent(v), Buffer.from(v).toString('hex'), b64(`Bearer ${v}`), b64(`Basic ${b64(v)}`)]) {
      if (text.includes(f)) found.push(f);
    }
    // The JWT's payload and signature parts are credential too.
    if (v === JWT) for (const part of JWT.split('.')) if (text.includes(part)) found.push(part);
  }
  return found;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-secrets-'));
  // An API server (or auth proxy) that reports what it was sent, in the form the test picks.
  upstream = http.createServer((req, res) => {
    const header = req.headers.authorization ?? '';
    if (req.url === '/version') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ gitVersion: 'v1.32.0' }));
      return;
    }
    let credential = header.replace(/^\S+\s+/, '');
    if (header.startsWith('Basic ')) credential = Buffer.from(credential, 'base64').toString().split(':')[1] ?? '';
    const message = FORMS[form % FORMS.length]!(credential, header);
    res.writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'Unauthorized', code: 401 }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const server = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const names = ['jwt', 'opaque', 'basic'];
  const users = [{ token: JWT }, { token: OPAQUE }, { username: USER, password: PASSWORD }];
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'jwt',
    clusters: names.map((name) => ({ name, cluster: { server } })),
    users: names.map((name, i) => ({ name, user: users[i] })),
    contexts: names.map((name) => ({ name, context: { cluster: name, user: name } })),
  }), { mode: 0o600 });
  gateway = await startGatewayFromKubeconfig({ kubeconfigPath, port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await gateway?.stop();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
  await rm(dir, { recursive: true, force: true });
});

test.each(FORMS.map((_, i) => i))('echoed credentials in form %i reach neither the answer nor Cluster.status.lastError', async (i) => {
  form = i;
  const a = await postGraphql(gateway.url, '{ pods { totalCount } }');
  const text = JSON.stringify(a);
  expect(a.errors?.length).toBe(3);
  expect(a.errors?.every((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
  expect(leaks(text)).toEqual([]);
  expect(text).toContain('[redacted]');

  const status = await postGraphql<{ clusters: Array<{ status: { lastError: { message: string } | null } }> }>(gateway.url, '{ clusters { status { lastError { code message } } } }');
  const statusText = JSON.stringify(status);
  expect(status.data?.clusters.every((c) => c.status.lastError !== null)).toBe(true);
  expect(leaks(statusText)).toEqual([]);
});
