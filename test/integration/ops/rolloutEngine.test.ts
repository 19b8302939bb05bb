/**
 * The rollout engine driven directly (no GraphQL) over a simulated fleet through the gateway's
 * own ClusterClients: the cap on rollouts running at once, and gateway shutdown stopping the
 * runs it holds before their next write.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RestMapper } from '../../../src/ops/RestMapper.ts';
import { createRolloutEngine } from '../../../src/ops/rolloutEngine.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import type { OperationRecord } from '../../../src/store/OperationStore.ts';
import { startOpsFleet, type OpsFleet } from '../../support/opsFleet.ts';
import { deployment as deploymentObject, manifests } from '../../support/manifests.ts';

let of: OpsFleet;
beforeAll(async () => {
  of = await startOpsFleet({ clusters: [{ name: 're-a' }, { name: 're-b' }], clock: new ManualClock() });
}, 60_000);
afterAll(async () => {
  await of?.stop();
});

/** A one-replica Deployment in default, as a manifest. */
const deployment = (name: string): string => manifests(deploymentObject('default', name));

async function untilFinal(engine: ReturnType<typeof createRolloutEngine>, id: string): Promise<OperationRecord> {
  let last: OperationRecord | undefined;
  for await (const r of engine.watch(id)) last = r;
  return last!;
}

test('one rollout more than maxRunning is refused with nothing written; a finished one frees its place', async () => {
  const engine = createRolloutEngine({ fleet: of.fleet, mapper: new RestMapper() }, { maxRunning: 1, pollIntervalMs: 10 });
  // The fleet's clock does not move: the first rollout waits on its wave until cancelled.
  const first = await engine.start({ manifests: deployment('cap-1'), strategy: { waves: [{ clusterNames: ['re-a'] }, { clusterNames: ['re-b'] }] } });
  const writesBefore = of.cluster('re-b').requests.count();
  await expect(engine.start({ manifests: deployment('cap-2'), strategy: { waves: [{ clusterNames: ['re-b'] }] } }))
    .rejects.toThrow('input: 1 rollouts are running on this gateway already (at most 1); wait for one to end or cancel one; nothing was written');
  expect(of.cluster('re-b').requests.count()).toBe(writesBefore);
  expect((await engine.cancel(first.id))?.state).toBe('CANCELLED');
  await new Promise((r) => setImmediate(r));
  const second = await engine.start({ manifests: deployment('cap-2'), strategy: { waves: [{ clusterNames: ['re-b'] }] } });
  expect((await engine.cancel(second.id))?.state).toBe('CANCELLED');
  await engine.close();
});

test('close (gateway shutdown) stops the runs it holds before their next write', async () => {
  const engine = createRolloutEngine({ fleet: of.fleet, mapper: new RestMapper() }, { pollIntervalMs: 10 });
  const op = await engine.start({ manifests: deployment('closing'), strategy: { waves: [{ clusterNames: ['re-a'] }, { clusterNames: ['re-b'] }] } });
  for await (const r of engine.watch(op.id)) if (r.waves[0]!.state === 'WAITING') break;
  of.cluster('re-b').requests.clear();
  await engine.close();
  const final = await untilFinal(engine, op.id);
  expect(final.state).toBe('CANCELLED');
  expect(final.waves.map((w) => w.state)).toEqual(['CANCELLED', 'SKIPPED']);
  expect(of.cluster('re-b').requests.count()).toBe(0);
  await expect(engine.start({ manifests: deployment('late'), strategy: { waves: [{ clusterNames: ['re-b'] }] } })).rejects.toThrow('shutting down');
});
