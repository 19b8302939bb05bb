/**
 * Shared execution of subscription deliveries, as tooling meets it (the real graphql-ws client
 * against a gateway on port 0 and a simulated fleet): subscribers holding the same operation and
 * variables get each change from one execution, each with a cursor that resumes correctly;
 * other variables are executed apart; nested reads happen once per change, not per subscriber.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { R } from '../../../src/sim/resources.ts';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';
import { subscribe, waitFor, wsClients, type Sub } from '../../support/liveHelpers.ts';

let env: FleetGateway;
let wsUrl: string;
const { newClient, disposeAll } = wsClients(() => wsUrl);

beforeAll(async () => {
  env = await startFleetGateway({
    sim: { clusters: 2, namePrefix: 'shr', clusterDefaults: { controllers: false } },
    gateway: { live: { graceMs: 60_000, logCapacity: 100, statusIntervalMs: 100 } },
  });
  wsUrl = env.gateway.url.replace(/^http/, 'ws');
  for (const c of env.sim.clusters) c.registry.create(R.namespaces, { metadata: { name: 'app' } });
});

afterAll(async () => {
  await disposeAll();
  await env?.stop();
});


const names = () => env.sim.clusters.map((c) => c.name);
const users = (resource: 'events' | 'configmaps', n: number) =>
  waitFor(() => names().every((c) => env.gateway.live?.watch(c, resource)?.synced === true && env.gateway.live.users(c, resource) === n), `${n} ${resource} subscriber(s) set up`);
const executions = () => ({ ...env.gateway.ws!.executions });

interface Change { resourceChanges: { cursor: string; again: string; type: string; cluster: string; name: string; object: { data?: Record<string, string> } } }
const CHANGES = `subscription ($labels: String, $after: String) {
  resourceChanges(kind: "ConfigMap", namespace: "app", labelSelector: $labels, after: $after) { cursor type cluster name object ...More }
}
fragment More on ResourceChange { again: cursor }`;
const line = (d: Change) => `${d.resourceChanges.type} ${d.resourceChanges.cluster} ${d.resourceChanges.name} ${d.resourceChanges.object.data?.['v'] ?? ''}`;

describe('shared execution of subscription deliveries', () => {
  test('identical subscribers get each change from one execution, each with a cursor that resumes', async () => {
    const [one, two] = [newClient(), newClient()];
    const same = Array.from({ length: 20 }, (_, i) => subscribe<Change>(i % 2 ? one : two, CHANGES, { labels: 'share=yes' }));
    // The same filter said differently: other variables, so executed apart.
    const other = subscribe<Change>(one, CHANGES, { labels: 'share in (yes)' });
    await users('configmaps', 21);
    const before = executions();
    env.sim.clusters[0]!.registry.create(R.configmaps, { metadata: { name: 'sh-1', namespace: 'app', labels: { share: 'yes' } }, data: { v: '1' } });
    await waitFor(() => [...same, other].every((s) => s.got.length === 1), 'the change for every subscriber');
    const after = executions();
    expect(after.executions - before.executions, 'one execution for the 20, one for the other variables').toBe(2);
    expect(after.shared - before.shared).toBe(19);
    for (const s of [...same, other]) {
      expect(line(s.got[0]!)).toBe('ADDED shr-1 sh-1 1');
      // Each cursor field (and its alias through a fragment) carries a real cursor, the one
      // executing alone got too: only the subscriber's own position, never a placeholder.
      expect(s.got[0]!.resourceChanges.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(s.got[0]!.resourceChanges.again).toBe(s.got[0]!.resourceChanges.cursor);
      expect(s.got[0]!.resourceChanges.cursor).toBe(other.got[0]!.resourceChanges.cursor);
    }
    expect([...same, ...[other]].flatMap((s) => s.errors)).toEqual([]);

    // Resuming from the cursors of two of them (one per connection) replays exactly what followed.
    const cursors = [same[0]!.got[0]!.resourceChanges.cursor, same[1]!.got[0]!.resourceChanges.cursor];
    env.sim.clusters[1]!.registry.create(R.configmaps, { metadata: { name: 'sh-2', namespace: 'app', labels: { share: 'yes' } }, data: { v: '1' } });
    env.sim.clusters[0]!.registry.mutate(R.configmaps, 'app', 'sh-1', (o) => { (o as { data?: Record<string, string> }).data = { v: '2' }; });
    await waitFor(() => same.every((s) => s.got.length === 3), 'the next two changes for every subscriber');
    for (const s of same) expect(s.got.slice(1).map(line).sort()).toEqual(['ADDED shr-2 sh-2 1', 'MODIFIED shr-1 sh-1 2']);
    for (const s of [...same, other]) s.stop();
    const resumed = cursors.map((after) => subscribe<Change>(newClient(), CHANGES, { labels: 'share=yes', after }));
    await waitFor(() => resumed.every((s) => s.got.length === 2), 'the two changes after the cursor');
    for (const s of resumed) {
      expect(s.got.map(line).sort()).toEqual(['ADDED shr-2 sh-2 1', 'MODIFIED shr-1 sh-1 2']);
      expect(s.errors).toEqual([]);
    }
    // The last replayed delivery's cursor is where a live subscriber stands: nothing more to replay.
    const last = resumed[0]!.got[1]!.resourceChanges.cursor;
    const again = subscribe<Change>(newClient(), CHANGES, { labels: 'share=yes', after: last });
    env.sim.clusters[1]!.registry.create(R.configmaps, { metadata: { name: 'sh-3', namespace: 'app', labels: { share: 'yes' } }, data: { v: '1' } });
    await waitFor(() => again.got.length === 1 && resumed.every((s) => s.got.length === 3), 'the live change');
    expect(line(again.got[0]!)).toBe('ADDED shr-2 sh-3 1');
    for (const s of [...resumed, again]) s.stop();
  });

  test('a query held parsed is still checked every time: an invalid one is refused each time it is sent', async () => {
    const client = newClient();
    for (let i = 0; i < 2; i++) {
      const sub = subscribe<Change>(client, 'subscription { resourceChanges(kind: "ConfigMap") { cursor nope } }');
      await waitFor(() => sub.errors.length > 0, `the validation error, try ${i + 1}`);
      expect((sub.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  test('nested reads of a shared delivery happen once per change, with fresh loaders for the next one', async () => {
    const query = 'subscription { events(clusterNames: ["shr-1"], type: WARNING) { cursor event { reason cluster { nodes { name } } } } }';
    const client = newClient();
    const subs = Array.from({ length: 5 }, () => subscribe<{ events: { cursor: string; event: { reason: string; cluster: { nodes: Array<{ name: string }> } } } }>(client, query));
    await waitFor(() => env.gateway.live?.watch('shr-1', 'events')?.synced === true && env.gateway.live.users('shr-1', 'events') === 5, 'five events subscribers');
    const nodeLists = () => env.gateway.upstream.count({ cluster: 'shr-1', resource: 'nodes' });
    const [lists, before] = [nodeLists(), executions()];
    const record = (name: string) => env.sim.clusters[0]!.registry.create(R.events, {
      metadata: { name, namespace: 'app' }, involvedObject: { kind: 'Pod', name, namespace: 'app', apiVersion: 'v1' },
      type: 'Warning', reason: 'BackOff', message: 'm', count: 1, source: { component: 'test' },
    });
    record('ev-1');
    await waitFor(() => subs.every((s) => s.got.length === 1), 'the event for all five');
    expect(nodeLists() - lists, 'one LIST of nodes for five subscribers').toBe(1);
    expect(executions().executions - before.executions).toBe(1);
    env.sim.clusters[0]!.registry.create(R.nodes, { metadata: { name: 'late-node' } });
    record('ev-2');
    await waitFor(() => subs.every((s) => s.got.length === 2), 'the second event');
    expect(nodeLists() - lists, 'fresh loaders for the next event').toBe(2);
    for (const s of subs) {
      expect(s.got[1]!.events.event.cluster.nodes.map((n) => n.name)).toContain('late-node');
      expect(s.errors).toEqual([]);
    }
    for (const s of subs) s.stop();
  });
});
