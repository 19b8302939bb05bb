/**
 * `npm start` as a user runs it: a real child process. Without --kubeconfig it serves the
 * labelled demo fleet through GraphQL (and writes a kubeconfig for kubectl); with --kubeconfig
 * it serves that file's contexts, narrowed by --contexts and labelled by --fleet. Start-up lines
 * go to stderr, JSON logs to stdout; SIGTERM stops it with exit code 0; bad flags and bad files
 * exit 2 with a message naming the flag, file, entry and problem.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, describe, expect, test } from 'vitest';
import { killApps, startApp, type App } from '../support/appProcess.ts';
import { usage } from '../../src/config/index.ts';
import { SimFleet } from '../../src/sim/index.ts';
import { R } from '../../src/sim/resources.ts';
import { postGraphql } from '../support/gateway.ts';
import { stopFleet } from '../support/stopFleet.ts';

const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-start-'));

afterAll(() => {
  killApps();
  rmSync(dir, { recursive: true, force: true });
});


/** The GraphQL URL from the start-up lines, once they are printed. */
async function graphqlUrl(app: App, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /^GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql) \(open it in a browser for GraphiQL\)$/m.exec(app.stderr())?.[1];
    if (url) return url;
    if (app.child.exitCode !== null || Date.now() > deadline) throw new Error(`no GraphQL line; stderr:\n${app.stderr()}\nstdout:\n${app.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** SIGTERM, then the exit code, which must come within `withinMs`. */
async function terminate(app: App, withinMs = 5000): Promise<number | null> {
  app.child.kill('SIGTERM');
  const timeout = new Promise<string>((r) => setTimeout(() => r('still running'), withinMs));
  return (await Promise.race([app.exited, timeout])) as number | null;
}

/** Every stdout line is one JSON log record with a numeric level and a message. */
function logRecords(app: App): Array<Record<string, unknown>> {
  const lines = app.stdout().split('\n').filter((l) => l !== '');
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of records) {
    expect(typeof r['level'], JSON.stringify(r)).toBe('number');
    expect(typeof r['msg'], JSON.stringify(r)).toBe('string');
  }
  return records;
}

describe('npm start without flags serves the demo fleet', () => {
  test('names demo mode and each labelled cluster, answers cluster selectors, shows the demo\'s trouble, writes a working kubeconfig, logs JSON and stops on SIGTERM', async () => {
    const app = startApp(['--port', '0']);
    try {
      const url = await graphqlUrl(app);
      const err = app.stderr();
      expect(err).toContain(`fleetgraph: demo mode, 4 clusters from ${resolve('.fleetgraph/demo-kubeconfig')}\n`);
      for (const [name, labels] of [['dev-eu', 'env=dev,region=eu'], ['staging-eu', 'env=staging,region=eu'], ['prod-eu', 'env=prod,region=eu'], ['prod-us', 'env=prod,region=us']]) {
        expect(err).toMatch(new RegExp(`^  ${name}\\s+https://127\\.0\\.0\\.1:\\d+  ${labels}  timeout=5000ms concurrency=8 chunk-size=500$`, 'm'));
      }

      const prod = await postGraphql<{ clusters: Array<{ name: string; labels: Array<{ key: string; value: string }>; status: { reachable: boolean } }> }>(
        url, '{ clusters(clusters: "env=prod") { name labels { key value } status { reachable } } }');
      expect(prod.errors).toBeUndefined();
      expect(prod.data?.clusters).toEqual([
        { name: 'prod-eu', labels: [{ key: 'env', value: 'prod' }, { key: 'region', value: 'eu' }], status: { reachable: true } },
        { name: 'prod-us', labels: [{ key: 'env', value: 'prod' }, { key: 'region', value: 'us' }], status: { reachable: true } },
      ]);

      // What the demo promises, seen through the gateway: a crash loop and a pod no node can take.
      const crashing = await until(async () => {
        const a = await postGraphql<{ pods: { edges: Array<{ node: { cluster: { name: string }; namespace: string; restarts: number } }> } }>(
          url, '{ pods(clusters: "env=prod", first: 1000) { edges { node { cluster { name } namespace restarts } } } }');
        return a.data?.pods.edges.find((e) => e.node.restarts >= 1)?.node;
      });
      expect(crashing.namespace).toBe('payments');
      const warning = await until(async () => {
        const a = await postGraphql<{ events: Array<{ cluster: { name: string }; message: string }> }>(
          url, '{ events(clusterNames: ["prod-us"], type: WARNING, involvedKind: "Pod") { cluster { name } reason message } }');
        return a.data?.events.find((e) => e.message.startsWith('0/4 nodes are available'));
      });
      expect(warning.cluster.name).toBe('prod-us');

      // The kubeconfig on the kubectl: line reaches the same clusters the gateway serves.
      const kubeconfigPath = /^kubectl: kubectl --kubeconfig (\S+) --context prod-eu get pods -A$/m.exec(err)?.[1];
      expect(kubeconfigPath).toBe(resolve('.fleetgraph/demo-kubeconfig'));
      const kc = new KubeConfig();
      kc.loadFromString(readFileSync(kubeconfigPath!, 'utf8'));
      expect(kc.getContexts().map((c) => c.name)).toEqual(['dev-eu', 'staging-eu', 'prod-eu', 'prod-us']);
      kc.setCurrentContext('prod-eu');
      const namespaces = (await kc.makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata?.name);
      const viaGateway = await postGraphql<{ cluster: { namespaces: Array<{ name: string }> } }>(url, '{ cluster(name: "prod-eu") { namespaces { name } } }');
      expect(viaGateway.data?.cluster.namespaces.map((n) => n.name)).toEqual(namespaces);
      expect(namespaces).toEqual(expect.arrayContaining(['shop', 'payments', 'monitoring']));

      const records = logRecords(app);
      expect(records.find((r) => r['msg'] === 'ready')).toMatchObject({ mode: 'demo', url, clusters: ['dev-eu', 'staging-eu', 'prod-eu', 'prod-us'] });
      expect(records.filter((r) => r['msg'] === 'graphql request').length).toBeGreaterThanOrEqual(3);
    } finally {
      expect(await terminate(app)).toBe(0);
    }
    expect(app.stderr()).toContain('SIGTERM: stopping (finishing in-flight requests)\n');
    expect(logRecords(app).some((r) => r['msg'] === 'shutting down' && r['signal'] === 'SIGTERM')).toBe(true);
  }, 60_000);
});

describe('npm start --production', () => {
  test('says GraphiQL is off, refuses introspection, serves a browser no page, answers queries', async () => {
    const app = startApp(['--production', '--port', '0'], dir);
    try {
      let url: string | undefined;
      await until(async () => {
        url = /^GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql) \(GraphiQL off\)$/m.exec(app.stderr())?.[1];
        if (app.child.exitCode !== null) throw new Error(`exited; stderr:\n${app.stderr()}`);
        return url;
      });
      const introspection = await postGraphql(url!, '{ __schema { queryType { name } } }');
      expect(introspection.errors?.map((e) => e.extensions?.['code'])).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(introspection.errors?.[0]?.message).toContain('introspection is off on this gateway');
      expect((await fetch(url!, { headers: { accept: 'text/html' } })).status).toBe(404);
      expect((await postGraphql<{ clusters: unknown[] }>(url!, '{ clusters { name } }')).data?.clusters).toHaveLength(4);
    } finally {
      expect(await terminate(app)).toBe(0);
    }
  }, 60_000);
});

describe('npm start --kubeconfig', () => {
  test('serves only the contexts --contexts names, labelled by --fleet, and asks the others nothing', async () => {
    const sim = await SimFleet.start({ clusters: [{ name: 'kc-a' }, { name: 'kc-b' }, { name: 'kc-c' }], nodes: 1, pods: 3 });
    let app: App | undefined;
    try {
      const kubeconfig = join(dir, 'sim-kubeconfig');
      await sim.writeKubeconfig(kubeconfig);
      const fleet = join(dir, 'sim-fleet.yaml');
      writeFileSync(fleet, 'clusters:\n  kc-a:\n    labels: { env: prod }\n  kc-b:\n    labels: { env: prod }\n  kc-c:\n    labels: { env: dev }\n    timeoutMs: 2500\n');
      app = startApp(['--kubeconfig', kubeconfig, '--contexts', 'kc-c,kc-a', '--fleet', fleet, '--port', '0']);
      const url = await graphqlUrl(app);
      const err = app.stderr();
      expect(err).toContain(`fleetgraph: kubeconfig mode, 2 clusters from ${kubeconfig} with fleet file ${fleet}\n`);
      expect(err).toMatch(/^ {2}kc-a\s+https:\/\/127\.0\.0\.1:\d+ {2}env=prod {2}timeout=5000ms concurrency=8 chunk-size=500$/m);
      expect(err).toMatch(/^ {2}kc-c\s+https:\/\/127\.0\.0\.1:\d+ {2}env=dev {2}timeout=2500ms concurrency=8 chunk-size=500$/m);
      expect(err).not.toContain('kc-b');
      expect(err).not.toContain('kubectl:');

      const a = await postGraphql<{ clusters: Array<{ name: string }>; prod: Array<{ name: string }>; pods: { edges: Array<{ node: { cluster: { name: string }; namespace: string; name: string } }> } }>(
        url, '{ clusters { name } prod: clusters(clusters: "env=prod") { name } pods(first: 1000) { edges { node { cluster { name } namespace name } } } }');
      expect(a.errors).toBeUndefined();
      expect(a.data?.clusters).toEqual([{ name: 'kc-a' }, { name: 'kc-c' }]);
      expect(a.data?.prod).toEqual([{ name: 'kc-a' }]);
      const expected = ['kc-a', 'kc-c'].flatMap((name) => sim.cluster(name).store.list('/pods').map((s) => {
        const m = (s.object as { metadata: { namespace?: string; name: string } }).metadata;
        return `${name} ${m.namespace ?? ''}/${m.name}`;
      }));
      expect(a.data?.pods.edges.map((e) => `${e.node.cluster.name} ${e.node.namespace}/${e.node.name}`)).toEqual(expected);
      expect(expected.length).toBe(6);
      // The unserved context is not contacted, not even once.
      expect(sim.cluster('kc-b').requests.count()).toBe(0);
      expect(sim.cluster('kc-a').requests.count({ verb: 'list', resource: 'pods' })).toBe(1);

      const ready = logRecords(app).find((r) => r['msg'] === 'ready');
      expect(ready).toMatchObject({ mode: 'kubeconfig', clusters: ['kc-a', 'kc-c'] });
      expect(await terminate(app)).toBe(0);
    } finally {
      if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
      await stopFleet(sim);
    }
  });

  test('--ws-max-subscriptions, --ws-max-message-bytes and --stream-history take effect', async () => {
    const sim = await SimFleet.start({ clusters: [{ name: 'ws-a' }], nodes: 1, pods: 1 });
    let app: App | undefined;
    const client = { current: undefined as ReturnType<typeof createClient> | undefined };
    try {
      const kubeconfig = join(dir, 'ws-kubeconfig');
      await sim.writeKubeconfig(kubeconfig);
      app = startApp(['--kubeconfig', kubeconfig, '--port', '0', '--ws-max-subscriptions', '1', '--ws-max-message-bytes', '2048', '--stream-history', '10']);
      const wsUrl = (await graphqlUrl(app)).replace(/^http/, 'ws');
      client.current = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
      const q = 'subscription { clusterStatus { cluster state } }';
      const first = new Promise<unknown>((resolve, reject) => client.current!.subscribe({ query: q }, { next: resolve, error: reject, complete: () => undefined }));
      expect(await first).toMatchObject({ data: { clusterStatus: { cluster: 'ws-a' } } });
      const second = await new Promise<{ message: string; extensions?: { code?: string } }>((resolve, reject) => client.current!.subscribe({ query: q }, {
        next: (v) => (v.errors ? resolve(v.errors[0] as { message: string }) : reject(new Error('the second subscription was served'))),
        error: (e) => (Array.isArray(e) ? resolve(e[0] as { message: string }) : reject(e)), complete: () => undefined,
      }));
      expect(second.message).toMatch(/already has 1 subscriptions open/);
      // A 3,000-byte message is under the default limit (64 KiB) but over the 2,048 given: 1009.
      const raw = new WebSocket(wsUrl, 'graphql-transport-ws');
      await new Promise((r) => raw.once('open', r));
      const closed = new Promise<number>((resolve) => raw.on('close', (c) => resolve(c)));
      raw.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(3000) } }));
      expect(await closed).toBe(1009);
      await client.current.dispose();

      // --stream-history 10: a cursor twelve changes back is older than the stream holds (the
      // default holds 1,000), so resuming from it starts with a gap delivery.
      const changes = 'subscription($after: String) { resourceChanges(kind: "ConfigMap", labelSelector: "hist=yes", after: $after) { cursor type name gap { missed } } }';
      type Change = { cursor: string; type: string | null; name: string | null; gap: { missed: number | null } | null };
      const follow = (after?: string) => {
        const got: Change[] = [];
        const c = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
        const stop = c.subscribe<{ resourceChanges: Change }>({ query: changes, variables: { after } }, { next: (v) => { if (v.data) got.push(v.data.resourceChanges); }, error: () => undefined, complete: () => undefined });
        return { got, stop: async () => { stop(); await c.dispose(); } };
      };
      const registry = sim.cluster('ws-a').registry;
      registry.create(R.configmaps, { metadata: { name: 'hist', namespace: 'default', labels: { hist: 'yes' } }, data: { v: '0' } });
      const live = follow();
      await until(async () => {
        if (live.got.length > 0) return true;
        registry.mutate(R.configmaps, 'default', 'hist', (o) => { (o as { data?: Record<string, string> }).data = { v: String(Date.now()) }; });
        return undefined;
      });
      const cursor = live.got[0]!.cursor;
      const seen = live.got.length;
      for (let v = 1; v <= 12; v++) registry.mutate(R.configmaps, 'default', 'hist', (o) => { (o as { data?: Record<string, string> }).data = { v: `w${v}` }; });
      await until(async () => (live.got.length >= seen + 12 ? true : undefined));
      await live.stop();
      const resumed = follow(cursor);
      await until(async () => (resumed.got.length >= 11 ? true : undefined));
      expect(resumed.got[0]!.gap).not.toBeNull();
      expect(resumed.got.slice(1).every((c) => c.type === 'MODIFIED' && c.name === 'hist')).toBe(true);
      await resumed.stop();
      expect(await terminate(app)).toBe(0);
    } finally {
      await client.current?.dispose();
      if (app && app.child.exitCode === null) app.child.kill('SIGKILL');
      await stopFleet(sim);
    }
  });

  test('exits 2 naming a kubeconfig that does not exist', async () => {
    const app = startApp(['--kubeconfig', '/no/such/file', '--port', '0']);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toBe('fleetgraph: kubeconfig /no/such/file: cannot read: file not found\nRun with --help for the flags.\n');
  });

  /** A kubeconfig with two contexts; loading it contacts no cluster. */
  function writeKubeconfig(): string {
    const path = join(dir, 'two-contexts');
    writeFileSync(path, `apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: { server: "https://127.0.0.1:1" }
- name: b
  cluster: { server: "https://127.0.0.1:2" }
users:
- name: u
  user: { token: "t" }
contexts:
- name: ctx-a
  context: { cluster: a, user: u }
- name: ctx-b
  context: { cluster: b, user: u }
current-context: ctx-a
`);
    return path;
  }

  test('exits 2 on a server URL with a password, naming the context, never printing the password', async () => {
    const kubeconfig = join(dir, 'server-with-password');
    writeFileSync(kubeconfig, readFileSync(writeKubeconfig(), 'utf8').replace('"https://127.0.0.1:2"', '"https://admin:hunter2@127.0.0.1:2"'));
    const app = startApp(['--kubeconfig', kubeconfig, '--port', '0']);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toBe(`fleetgraph: kubeconfig ${kubeconfig}: cluster "b" (of context "ctx-b") has server "https://***@127.0.0.1:2", which carries credentials (user info before "@"); put them in the kubeconfig user instead\nRun with --help for the flags.\n`);
    expect(app.stdout() + app.stderr()).not.toContain('hunter2');
  });

  test.each([
    ['a setting of the wrong type', 'clusters:\n  ctx-a:\n    labels: { env: prod }\n    timeoutMs: fast\n', 'clusters.ctx-a.timeoutMs: must be a positive integer (milliseconds), got "fast"'],
    ['a misspelt key', 'clusters:\n  ctx-b:\n    lables: { env: prod }\n', 'clusters.ctx-b.lables: unknown key; expected labels, timeoutMs, concurrency, chunkSize, cache or namespaces'],
    ['a context the kubeconfig lacks', 'clusters:\n  ctx-z:\n    labels: { env: prod }\n', 'clusters.ctx-z: no context "ctx-z" in kubeconfig KUBECONFIG; known contexts: ctx-a, ctx-b'],
  ])('exits 2 on a fleet file with %s, naming the file, the entry and the problem', async (_what, yaml, problem) => {
    const kubeconfig = writeKubeconfig();
    const fleet = join(dir, 'bad-fleet.yaml');
    writeFileSync(fleet, yaml);
    const app = startApp(['--kubeconfig', kubeconfig, '--fleet', fleet, '--port', '0']);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toBe(`fleetgraph: fleet file ${fleet}: ${problem.replace('KUBECONFIG', kubeconfig)}\nRun with --help for the flags.\n`);
    expect(app.stdout()).not.toContain('"msg":"ready"');
  });
});

describe('npm start with bad flags or --help', () => {
  test('exits 2 naming --port when its value is not a port', async () => {
    const app = startApp(['--port', 'abc']);
    expect(await app.exited).toBe(2);
    expect(app.stderr()).toBe('fleetgraph: --port: expected an integer from 0 to 65535, got "abc"\nRun with --help for the flags.\n');
  });

  test('--help prints the usage on stdout and exits 0 without starting anything', async () => {
    const app = startApp(['--help']);
    expect(await app.exited).toBe(0);
    expect(app.stdout()).toBe(usage);
    expect(app.stdout()).toMatch(/^Usage: fleetgraph \[flags\]\n/);
    for (const flag of ['--host', '--port', '--kubeconfig', '--contexts', '--fleet', '--timeout-ms', '--concurrency', '--log-level', '--demo', '--help']) {
      expect(app.stdout()).toContain(flag);
    }
    expect(app.stderr()).toBe('');
  });
});
