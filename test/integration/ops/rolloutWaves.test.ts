/**
 * Rollouts in waves as automation meets them: `apply` with a strategy over real HTTP to a
 * gateway in front of a simulated fleet whose controllers roll Deployments out (on a
 * ManualClock the test drives). The mutation answers at once with an operation; wave 2 is
 * written only after wave 1 has rolled out; a wave that never becomes available (a crash-looping
 * image) halts the operation and later waves are never written (checked on each cluster's
 * request log); a cancel between waves leaves the later ones untouched; bad wave input writes
 * nothing anywhere.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../../src/sim/index.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { collectLogLines, fleetTestHooks, labelledFleetFile } from '../../support/opsHooks.ts';

const LABELS: Record<string, Record<string, string>> = {
  'rw-canary': { ring: 'canary' },
  'rw-main-1': { ring: 'main' },
  'rw-main-2': { ring: 'main' },
  'rw-other': { ring: 'none' },
};
const ALL = Object.keys(LABELS);
const MAIN = ['rw-main-1', 'rw-main-2'];
const clock = new ManualClock();
let fg: FleetGateway;
const { lines: logLines, sink } = collectLogLines();

beforeAll(async () => {
  const fleetFile = labelledFleetFile(LABELS);
  fg = await startFleetGateway({
    sim: { clusters: ALL.map((name) => ({ name })), nodes: 1, clock },
    fleetFile,
    gateway: { logger: createLogger('info', sink), rollout: { pollIntervalMs: 10 } },
  });
}, 60_000);

fleetTestHooks(() => fg, () => { logLines.length = 0; });

const OPERATION_FIELDS = `id state startedAt finishedAt cancelRequested waitTimeoutSeconds pauseSeconds
  error { reason message wave cluster object { kind namespace name } code }
  waves { number state startedAt finishedAt clusters { cluster state error { code message }
    objects { kind namespace name action error { code } }
    rollouts { kind namespace name done message } } }`;

interface Op {
  id: string; state: string; startedAt: string | null; finishedAt: string | null; cancelRequested: boolean;
  error: { reason: string; message: string; wave: number | null; cluster: string | null; object: { kind: string; namespace: string | null; name: string } | null; code: string | null } | null;
  waves: Array<{ number: number; state: string; clusters: Array<{
    cluster: string; state: string; error: { code: string } | null;
    objects: Array<{ kind: string; name: string; action: string | null }>;
    rollouts: Array<{ kind: string; namespace: string | null; name: string; done: boolean; message: string }>;
  }> }>;
}

const app = (ns: string, image = 'nginx:1.27', extra = '') => `
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: ${ns} }
data: { color: blue }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${ns} }
spec:
  replicas: 2${extra}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
`;

async function start(input: Record<string, unknown>) {
  const a = await fg.query<{ apply: { clusters: unknown[]; operation: { id: string; state: string } | null } | null }>(
    'mutation Apply($input: ApplyInput!) { apply(input: $input) { clusters { cluster } operation { id state } } }', { input });
  return a;
}
async function operation(id: string): Promise<Op> {
  const a = await fg.query<{ operation: Op | null }>(`query Op($id: ID!) { operation(id: $id) { ${OPERATION_FIELDS} } }`, { id });
  expect(a.errors).toBeUndefined();
  return a.data!.operation!;
}
/**
 * Read the operation until `done` says so, moving the simulated fleet's clock `stepMs` between
 * looks (pods start, crash and time out only when the test moves time). Bounded by looks, not time.
 */
async function until(id: string, done: (op: Op) => boolean, stepMs: number, check?: (op: Op) => void): Promise<Op> {
  for (let look = 0; look < 400; look++) {
    const op = await operation(id);
    check?.(op);
    if (done(op)) return op;
    if (stepMs > 0) await clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`operation ${id} never got there: ${JSON.stringify(await operation(id))}`);
}
const writesTo = (name: string) => fg.sim.cluster(name).requests.all().filter((r) => r.method !== 'GET');
const final = (op: Op) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(op.state);
const audits = () => logLines.filter((l) => l['audit'] !== undefined).map((l) => l['audit'] as Record<string, unknown>);

describe('apply with rollout waves', () => {
  test('returns at once with an operation, then writes wave 2 only after wave 1 has rolled out', async () => {
    const a = await start({ manifests: app('waves-ok'), strategy: { waves: [{ clusters: 'ring=canary' }, { clusterNames: MAIN }] } });
    expect(a.errors).toBeUndefined();
    expect(a.data?.apply?.clusters).toEqual([]);
    const id = a.data!.apply!.operation!.id;
    expect(a.data?.apply?.operation?.state).toBe('PENDING');

    // Wave 1 written, its pods not started yet (the clock has not moved): wave 2 must not be touched.
    const waiting = await until(id, (op) => op.waves[0]!.state === 'WAITING' && op.waves[0]!.clusters[0]!.rollouts[0]!.message.startsWith('Waiting for deployment'), 0);
    expect(waiting.state).toBe('RUNNING');
    expect(waiting.waves[0]!.clusters[0]!.objects.map((o) => [o.kind, o.action])).toEqual([['Namespace', 'CREATED'], ['ConfigMap', 'CREATED'], ['Deployment', 'CREATED']]);
    expect(waiting.waves[1]!.state).toBe('PENDING');
    for (const name of MAIN) expect(writesTo(name), `${name} is in wave 2`).toEqual([]);

    // Whenever wave 2 has been written to, wave 1 had already rolled out (log read before the operation).
    const done = await until(id, final, 2000, () => {
      const wave2Written = MAIN.some((n) => writesTo(n).length > 0);
      if (wave2Written) {
        const deployment = fg.sim.cluster('rw-canary').store.get('apps/deployments', 'waves-ok', 'web')?.object as { status?: { availableReplicas?: number } };
        expect(deployment.status?.availableReplicas, 'wave 1 was available before wave 2 was written').toBe(2);
      }
    });
    expect(done.state).toBe('SUCCEEDED');
    expect(done.error).toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(done.waves.map((w) => [w.number, w.state, w.clusters.map((c) => [c.cluster, c.state])])).toEqual([
      [1, 'SUCCEEDED', [['rw-canary', 'SUCCEEDED']]],
      [2, 'SUCCEEDED', [['rw-main-1', 'SUCCEEDED'], ['rw-main-2', 'SUCCEEDED']]],
    ]);
    for (const w of done.waves) for (const c of w.clusters) {
      expect(c.rollouts).toEqual([{ kind: 'Deployment', namespace: 'waves-ok', name: 'web', done: true, message: 'deployment "web" successfully rolled out' }]);
    }
    for (const name of ['rw-canary', ...MAIN]) {
      const d = fg.sim.cluster(name).store.get('apps/deployments', 'waves-ok', 'web')?.object as { status?: { availableReplicas?: number } };
      expect(d.status?.availableReplicas).toBe(2);
    }
    expect(fg.sim.cluster('rw-other').requests.count(), 'a cluster in no wave is never asked').toBe(0);
    // Polling is one GET of the Deployment per wave cluster per look, and stops once it has rolled out.
    const statusReads = fg.sim.cluster('rw-canary').requests.all().filter((r) => r.method === 'GET' && r.path.endsWith('/deployments/web')).length;
    const afterDone = fg.sim.cluster('rw-canary').requests.count();
    await until(id, () => true, 2000);
    expect(fg.sim.cluster('rw-canary').requests.count(), 'a finished operation reads nothing').toBe(afterDone);
    expect(statusReads).toBeGreaterThanOrEqual(2);
    // While waiting, a wave cluster is read only for its one Deployment: no lists, no pods.
    const reads = new Set(fg.sim.cluster('rw-canary').requests.all().filter((r) => r.method === 'GET').map((r) => r.path));
    expect([...reads].filter((p) => !p.includes('/namespaces/') && !/^\/apis?(\/[^/]+){0,2}$/.test(p)), 'only discovery besides the objects').toEqual([]);
    expect([...reads].filter((p) => p.includes('/namespaces/')).sort()).toEqual([
      '/api/v1/namespaces/waves-ok', '/api/v1/namespaces/waves-ok/configmaps/web-config', '/apis/apps/v1/namespaces/waves-ok/deployments/web',
    ]);
    const record = audits().find((r) => (r['rollout'] as { id?: string } | undefined)?.id === id);
    expect(record).toMatchObject({ operation: 'apply', outcome: 'done', targets: ['rw-canary', ...MAIN], rollout: { id, state: 'SUCCEEDED', error: null } });

    const listed = await fg.query<{ operations: Array<{ id: string }> }>('{ operations(state: SUCCEEDED) { id } }');
    expect(listed.data?.operations.map((o) => o.id)).toContain(id);
    const running = await fg.query<{ operations: Array<{ id: string }> }>('{ operations(state: RUNNING) { id } }');
    expect(running.data?.operations.map((o) => o.id)).not.toContain(id);
  });

  test('a first wave that never becomes available (crash-looping image) halts with FAILED and later waves are never written', async () => {
    const a = await start({
            // Ready for 3 s between crashes, never the 10 s minReadySeconds asks: never available.
      manifests: app('waves-crash', 'registry.example/web:1.0-crashloop', '\n  minReadySeconds: 10\n  progressDeadlineSeconds: 60'),
      strategy: { waves: [{ clusterNames: ['rw-canary'] }, { clusters: 'ring=main' }], waitTimeoutSeconds: 3600 },
    });
    expect(a.errors).toBeUndefined();
    const id = a.data!.apply!.operation!.id;
    const op = await until(id, final, 10_000);
    expect(op.state).toBe('FAILED');
    expect(op.error).toMatchObject({
      reason: 'ROLLOUT_FAILED', wave: 1, cluster: 'rw-canary', object: { kind: 'Deployment', namespace: 'waves-crash', name: 'web' }, code: null,
    });
    expect(op.error?.message).toBe('wave 1, cluster "rw-canary": Deployment waves-crash/web did not roll out: deployment "web" exceeded its progress deadline');
    expect(op.waves.map((w) => [w.state, w.clusters.map((c) => c.state)])).toEqual([['FAILED', ['FAILED']], ['SKIPPED', ['SKIPPED', 'SKIPPED']]]);
    for (const name of MAIN) {
      expect(fg.sim.cluster(name).requests.count(), `${name} (wave 2) was never asked anything`).toBe(0);
      expect(fg.sim.cluster(name).store.get('/namespaces', '', 'waves-crash')).toBeUndefined();
    }
  });

  test('a wave that has not rolled out within waitTimeoutSeconds fails with TIMED_OUT naming wave, cluster and object', async () => {
    const a = await start({
      manifests: app('waves-slow', 'registry.example/web:1.0-crashloop'),
      strategy: { waves: [{ clusterNames: ['rw-canary'] }, { clusters: 'ring=main' }], waitTimeoutSeconds: 1 },
    });
    const id = a.data!.apply!.operation!.id;
    const op = await until(id, final, 0);
    expect(op.state).toBe('FAILED');
    expect(op.error).toMatchObject({ reason: 'TIMED_OUT', wave: 1, cluster: 'rw-canary', object: { kind: 'Deployment', namespace: 'waves-slow', name: 'web' } });
    expect(op.error?.message).toMatch(/^wave 1, cluster "rw-canary": Deployment waves-slow\/web had not rolled out after 1s \(waitTimeoutSeconds\): Waiting for deployment "web" rollout to finish: /);
    for (const name of MAIN) expect(fg.sim.cluster(name).requests.count()).toBe(0);
  });

  test('cancel between waves stops before the next write; cancelling again answers the final state; an unknown id is NOT_FOUND', async () => {
    const a = await start({ manifests: app('waves-cancel'), strategy: { waves: [{ clusters: 'ring=canary' }, { clusters: 'ring=main' }], pauseSeconds: 3600 } });
    const id = a.data!.apply!.operation!.id;
    const pausing = await until(id, (op) => op.waves[1]!.state === 'PAUSED', 2000);
    expect(pausing.waves[0]!.state).toBe('SUCCEEDED');
    const cancel = `mutation C($id: ID!) { cancelOperation(id: $id) { ${OPERATION_FIELDS} } }`;
    const c = await fg.query<{ cancelOperation: Op | null }>(cancel, { id });
    expect(c.errors).toBeUndefined();
    const op = c.data!.cancelOperation!;
    expect(op.state).toBe('CANCELLED');
    expect(op.cancelRequested).toBe(true);
    expect(op.error).toBeNull();
    expect(op.waves.map((w) => [w.state, w.clusters.map((x) => x.state)])).toEqual([['SUCCEEDED', ['SUCCEEDED']], ['SKIPPED', ['SKIPPED', 'SKIPPED']]]);
    for (const name of MAIN) expect(fg.sim.cluster(name).requests.count(), `${name} (wave 2) untouched`).toBe(0);

    const again = await fg.query<{ cancelOperation: Op | null }>(cancel, { id });
    expect(again.data?.cancelOperation?.state).toBe('CANCELLED');
    const unknown = await fg.query<{ cancelOperation: Op | null }>(cancel, { id: 'no-such-operation' });
    expect(unknown.data?.cancelOperation).toBeNull();
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe('no operation has id "no-such-operation"');
    const none = await fg.query<{ operation: Op | null }>('{ operation(id: "no-such-operation") { id } }');
    expect(none.errors).toBeUndefined();
    expect(none.data?.operation).toBeNull();
  });

  test('a cancel asked for in the store (as another gateway would) stops a wave that waits; later waves untouched', async () => {
    const a = await start({ manifests: app('waves-remote'), strategy: { waves: [{ clusters: 'ring=canary' }, { clusters: 'ring=main' }] } });
    const id = a.data!.apply!.operation!.id;
    await until(id, (op) => op.waves[0]!.state === 'WAITING', 0);
    await fg.gateway.ops!.rollouts.store.requestCancel(id);
    const op = await until(id, final, 0);
    expect(op.state).toBe('CANCELLED');
    expect(op.waves.map((w) => [w.state, w.clusters.map((x) => x.state)])).toEqual([['CANCELLED', ['CANCELLED']], ['SKIPPED', ['SKIPPED', 'SKIPPED']]]);
    for (const name of MAIN) expect(fg.sim.cluster(name).requests.count()).toBe(0);
  });

  test('an object a wave cluster refuses halts with APPLY_FAILED naming it; later waves untouched', async () => {
    const manifests = `${app('waves-apply')}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w1, namespace: waves-apply }
`;
    const a = await start({ manifests, strategy: { waves: [{ clusters: 'ring=canary' }, { clusters: 'ring=main' }] } });
    const id = a.data!.apply!.operation!.id;
    const op = await until(id, final, 0);
    expect(op.state).toBe('FAILED');
    expect(op.error).toMatchObject({ reason: 'APPLY_FAILED', wave: 1, cluster: 'rw-canary', object: { kind: 'Widget', namespace: 'waves-apply', name: 'w1' }, code: 'NOT_FOUND' });
    expect(op.error?.message).toMatch(/^wave 1, cluster "rw-canary": the apply of Widget waves-apply\/w1 failed: /);
    expect(op.waves[0]!.clusters[0]!.objects.map((o) => [o.kind, o.action])).toEqual([['Namespace', 'CREATED'], ['ConfigMap', 'CREATED'], ['Deployment', 'CREATED'], ['Widget', null]]);
    expect(op.waves[1]!.state).toBe('SKIPPED');
    for (const name of MAIN) expect(fg.sim.cluster(name).requests.count()).toBe(0);
  });

  test('progress is published: watch(id) sees each change in order, ending with the final state', async () => {
    const a = await start({ manifests: app('waves-watch'), strategy: { waves: [{ clusters: 'ring=canary' }, { clusters: 'ring=main' }] } });
    const id = a.data!.apply!.operation!.id;
    const states: string[] = [];
    const watching = (async () => {
      for await (const r of fg.gateway.ops!.rollouts.watch(id)) states.push(`${r.state}:${r.waves.map((w) => w.state).join(',')}`);
    })();
    const op = await until(id, final, 2000);
    await watching;
    expect(op.state).toBe('SUCCEEDED');
    const distinct = states.filter((s, i) => s !== states[i - 1]);
    expect(distinct[0]).toMatch(/^(PENDING|RUNNING):/);
    expect(distinct).toContain('RUNNING:WAITING,PENDING');
    expect(distinct).toContain('RUNNING:SUCCEEDED,WAITING');
    expect(distinct.at(-1)).toBe('SUCCEEDED:SUCCEEDED,SUCCEEDED');
    expect(distinct.indexOf('RUNNING:WAITING,PENDING')).toBeLessThan(distinct.indexOf('RUNNING:SUCCEEDED,WAITING'));
  });

  test('bad wave input is refused with every problem listed, and nothing is written or asked anywhere', async () => {
    const before = (await fg.query<{ operations: unknown[] }>('{ operations { id } }')).data!.operations.length;
    const a = await start({
      manifests: app('waves-bad'),
      clusters: 'ring=main',
      strategy: {
        waves: [{ clusters: 'ring=canary' }, { clusterNames: ['rw-canary', 'rw-main-1'] }, { clusters: 'ring=nowhere' }, { clusters: '' }],
        waitTimeoutSeconds: 0, pauseSeconds: -1,
      },
    });
    expect(a.data?.apply).toBeNull();
    expect(a.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const message = a.errors?.[0]?.message ?? '';
    expect(message).toMatch(/^input: 6 problems, nothing was written: /);
    expect(message).toContain('input: with a strategy the waves name the target clusters; leave out clusters, clusterNames and allClusters');
    expect(message).toContain('input.strategy.waitTimeoutSeconds: 0 is out of range: 1 to 86400 seconds');
    expect(message).toContain('input.strategy.pauseSeconds: -1 is out of range: 0 to 86400 seconds');
    expect(message).toContain('input.strategy.waves[1]: cluster "rw-canary" is already in wave 1 (input.strategy.waves[0]); a cluster belongs to one wave');
    expect(message).toContain('input.strategy.waves[2]: no cluster matches clusters "ring=nowhere"; input');
    expect(message).toContain('input.strategy.waves[3].clusters: an empty selector matches every cluster');

    const single = await start({ manifests: 'apiVersion: v1\nkind: ConfigMap\n', strategy: { waves: [{ clusterNames: ['rw-canary'] }] } });
    expect(single.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(single.errors?.[0]?.message).toMatch(/^manifests: 1 problem, nothing was written: document 1/);
    const plan = await start({ manifests: app('waves-bad'), dryRun: true, strategy: { waves: [] } });
    expect(plan.errors?.[0]?.message).toBe('input: 2 problems, nothing was written: input.dryRun: a rollout in waves cannot be a plan; plan the same manifests with dryRun and no strategy; input.strategy.waves: give at least one wave');

    for (const c of fg.sim.clusters) expect(c.requests.count(), `${c.name} was asked nothing`).toBe(0);
    expect((await fg.query<{ operations: unknown[] }>('{ operations { id } }')).data!.operations).toHaveLength(before);
    expect(audits().map((r) => r['outcome'])).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
