/**
 * ClusterClient's write verbs against simulated clusters over real HTTPS: server-side apply
 * (create, no-op, conflict with the other manager's fields, force, dry run), create, replace,
 * merge and strategic-merge patches, delete with a propagation policy, and the retry policy for
 * writes (never retried once the server may have acted on them; 429 is retried).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESOURCES } from '../../../src/kube/resources.ts';
import { startOpsFleet, type OpsFleet } from '../../support/opsFleet.ts';
import { rejection } from '../../support/rejection.ts';

let ops: OpsFleet;

beforeAll(async () => {
  ops = await startOpsFleet({ clusters: 2, namePrefix: 'wr', retries: 2 });
});

afterAll(async () => {
  await ops?.stop();
});

interface Meta { metadata: { name: string; resourceVersion: string; uid: string; labels?: Record<string, string> }; data?: Record<string, string>; spec?: { replicas?: number } }

const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
const at = (name: string) => ({ type: RESOURCES.configmaps, namespace: 'default', name });
const stored = (cluster: string, resource: string, name: string) => ops.cluster(cluster).store.get(resource, 'default', name)?.object;

function deployment(name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  };
}

describe('server-side apply', () => {
  test('creates with 201, answers 200 with the same resourceVersion when nothing changed, and stores the object', async () => {
    const c = ops.client('wr-1');
    const created = await c.send<Meta>({ verb: 'apply', at: at('ssa-a'), object: cm('ssa-a', { k: 'v' }), fieldManager: 'fleetgraph' });
    expect(created.status).toBe(201);
    expect(stored('wr-1', '/configmaps', 'ssa-a')?.data).toEqual({ k: 'v' });
    const again = await c.send<Meta>({ verb: 'apply', at: at('ssa-a'), object: cm('ssa-a', { k: 'v' }), fieldManager: 'fleetgraph' });
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    const changed = await c.send<Meta>({ verb: 'apply', at: at('ssa-a'), object: cm('ssa-a', { k: 'w' }), fieldManager: 'fleetgraph' });
    expect(changed.status).toBe(200);
    expect(changed.body.metadata.resourceVersion).not.toBe(created.body.metadata.resourceVersion);
    expect(stored('wr-2', '/configmaps', 'ssa-a'), 'the other cluster is untouched').toBeUndefined();
  });

  test('a conflict names the field and the other manager; force takes the field over', async () => {
    const c = ops.client('wr-1');
    const depAt = { type: RESOURCES.deployments, namespace: 'default', name: 'ssa-dep' };
    await c.send({ verb: 'apply', at: depAt, object: deployment('ssa-dep', 2), fieldManager: 'team-a' });
    const conflict = await rejection(c.send({ verb: 'apply', at: depAt, object: deployment('ssa-dep', 5), fieldManager: 'fleetgraph' }));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.cluster).toBe('wr-1');
    expect(conflict.conflicts).toEqual([{ field: '.spec.replicas', manager: 'team-a' }]);
    expect((stored('wr-1', 'apps/deployments', 'ssa-dep') as Meta).spec?.replicas).toBe(2);
    const forced = await c.send<Meta>({ verb: 'apply', at: depAt, object: deployment('ssa-dep', 5), fieldManager: 'fleetgraph', force: true });
    expect(forced.status).toBe(200);
    expect((stored('wr-1', 'apps/deployments', 'ssa-dep') as Meta).spec?.replicas).toBe(5);
  });

  test('dryRun=All answers what would be stored and stores nothing; the request says so', async () => {
    const c = ops.client('wr-2');
    ops.cluster('wr-2').requests.clear();
    const planned = await c.send<Meta>({ verb: 'apply', at: at('ssa-dry'), object: cm('ssa-dry', { a: '1' }), fieldManager: 'fleetgraph', dryRun: true });
    expect(planned.status).toBe(201);
    expect(planned.body.data).toEqual({ a: '1' });
    expect(stored('wr-2', '/configmaps', 'ssa-dry')).toBeUndefined();
    const [sent] = ops.cluster('wr-2').requests.find({ method: 'PATCH' });
    expect(new URLSearchParams(sent?.query).getAll('dryRun')).toEqual(['All']);
    expect(new URLSearchParams(sent?.query).get('fieldManager')).toBe('fleetgraph');
  });

  test('an unknown field is refused (fieldValidation=Strict) as BAD_USER_INPUT', async () => {
    const bad = { ...cm('ssa-bad', {}), bogus: true };
    const e = await rejection(ops.client('wr-1').send({ verb: 'apply', at: at('ssa-bad'), object: bad, fieldManager: 'fleetgraph' }));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.message).toContain('unknown field "bogus"');
  });
});

describe('other verbs', () => {
  test('create, get, replace, merge and strategic-merge patches', async () => {
    const c = ops.client('wr-1');
    const created = await c.send<Meta>({ verb: 'create', type: RESOURCES.configmaps, namespace: 'default', object: cm('verbs', { a: '1' }) });
    expect(created.status).toBe(201);
    const dup = await rejection(c.send({ verb: 'create', type: RESOURCES.configmaps, namespace: 'default', object: cm('verbs', { a: '1' }) }));
    expect(dup.code).toBe('CONFLICT'); // AlreadyExists is 409
    const got = await c.send<Meta>({ verb: 'get', at: at('verbs') });
    expect(got.body.metadata.uid).toBe(created.body.metadata.uid);
    const replaced = await c.send<Meta>({ verb: 'update', at: at('verbs'), object: { ...cm('verbs', { b: '2' }), metadata: got.body.metadata } });
    expect(replaced.body.data).toEqual({ b: '2' });
    const stale = await rejection(c.send({ verb: 'update', at: at('verbs'), object: { ...cm('verbs', { c: '3' }), metadata: got.body.metadata } }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.conflicts).toBeUndefined();
    await c.send({ verb: 'patch', at: at('verbs'), patchType: 'merge', patch: { data: { c: '3' } } });
    expect(stored('wr-1', '/configmaps', 'verbs')?.data).toEqual({ b: '2', c: '3' });
    const depAt = { type: RESOURCES.deployments, namespace: 'default', name: 'smp' };
    await c.send({ verb: 'create', type: RESOURCES.deployments, namespace: 'default', object: deployment('smp', 1) });
    await c.send({ verb: 'patch', at: depAt, patchType: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } } });
    const dep = stored('wr-1', 'apps/deployments', 'smp') as unknown as { spec: { template: { spec: { containers: Array<{ name: string; image: string }> } } } };
    expect(dep.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'app', image: 'nginx:1.28' })]);
    const missing = await rejection(c.send({ verb: 'get', at: at('nope') }));
    expect(missing.code).toBe('NOT_FOUND');
  });

  test('delete with dryRun keeps the object; with Orphan the dependants stay', async () => {
    const c = ops.client('wr-2');
    const depAt = { type: RESOURCES.deployments, namespace: 'default', name: 'del-orphan' };
    await c.send({ verb: 'apply', at: depAt, object: deployment('del-orphan', 1), fieldManager: 'fleetgraph' });
    await ops.sim.settle();
    const rsOf = () => ops.cluster('wr-2').store.list('apps/replicasets', 'default').filter((s) => s.object.metadata.name.startsWith('del-orphan-'));
    expect(rsOf()).toHaveLength(1);
    await c.send({ verb: 'delete', at: depAt, dryRun: true });
    expect(stored('wr-2', 'apps/deployments', 'del-orphan')).toBeDefined();
    await c.send({ verb: 'delete', at: depAt, propagationPolicy: 'Orphan' });
    await ops.sim.settle();
    expect(stored('wr-2', 'apps/deployments', 'del-orphan')).toBeUndefined();
    expect(rsOf(), 'the orphaned ReplicaSet stays').toHaveLength(1);
    const [sent] = ops.cluster('wr-2').requests.find({ method: 'DELETE' }).slice(-1);
    expect(sent?.status).toBe(200);
  });
});

describe('retries', () => {
  test('a write answered 503 is not sent again (the server may have acted); a GET is retried', async () => {
    const sim = ops.cluster('wr-2');
    const c = ops.client('wr-2');
    await sim.setFaults({ errorRate: 1, errorCodes: [503] });
    try {
      sim.requests.clear();
      const e = await rejection(c.send({ verb: 'apply', at: at('retry-503'), object: cm('retry-503', {}), fieldManager: 'fleetgraph' }));
      expect(e.code).toBe('UPSTREAM_ERROR');
      expect(sim.requests.count({ method: 'PATCH' })).toBe(1);
      sim.requests.clear();
      await rejection(c.send({ verb: 'get', at: at('retry-503') }));
      expect(sim.requests.count({ method: 'GET' })).toBe(3);
    } finally {
      await sim.setFaults({ errorRate: 0 });
    }
  });

  test('a write answered 429 (refused before acting) is retried', async () => {
    const sim = ops.cluster('wr-2');
    await sim.setFaults({ errorRate: 1, errorCodes: [429], retryAfterSeconds: 0 });
    try {
      sim.requests.clear();
      const e = await rejection(ops.client('wr-2').send({ verb: 'apply', at: at('retry-429'), object: cm('retry-429', {}), fieldManager: 'fleetgraph' }));
      expect(e.code).toBe('RATE_LIMITED');
      expect(sim.requests.count({ method: 'PATCH' })).toBe(3);
    } finally {
      await sim.setFaults({ errorRate: 0 });
    }
  });

  test('a down cluster is CLUSTER_UNREACHABLE', async () => {
    const sim = ops.cluster('wr-2');
    await sim.setFaults({ down: true });
    try {
      const e = await rejection(ops.client('wr-2').send({ verb: 'apply', at: at('down'), object: cm('down', {}), fieldManager: 'fleetgraph' }));
      expect(e.code).toBe('CLUSTER_UNREACHABLE');
      expect(e.cluster).toBe('wr-2');
    } finally {
      await sim.setFaults({ down: false });
    }
  });
});
