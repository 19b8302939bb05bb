/**
 * A rollout resumed by another replica runs as the caller who started it: the caller is stored
 * with the operation, and every write the resuming replica makes impersonates them (the
 * simulator's request log), its audit record names them. Two rollout engines (two replicas'
 * FleetOps) on one Redis over one simulated fleet; the first dies (Redis connection cut, engine
 * stopped, lease not released) while wave 1 waits.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Identity } from '../../../src/auth/Identity.ts';
import type { AuditRecord } from '../../../src/ops/AuditRecord.ts';
import { FleetOps } from '../../../src/ops/FleetOps.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { RedisOperationStore } from '../../../src/store/RedisOperationStore.ts';
import type { OperationRecord } from '../../../src/store/OperationStore.ts';
import { startOpsFleet, type OpsFleet } from '../../support/opsFleet.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { deployment, manifests } from '../../support/manifests.ts';

const clock = new ManualClock();
let of: OpsFleet;
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
  of = await startOpsFleet({ clusters: [{ name: 'rr-a' }, { name: 'rr-b' }], clock });
}, 60_000);
afterAll(async () => {
  await of?.stop();
  await redis?.dispose();
});

const ALICE: Identity = { user: 'alice', uid: 'u-1', groups: ['deployers'] };
const DEPLOYMENT = manifests(deployment('default', 'as-alice'));

test('the replica that resumes a rollout writes as its caller and audits it as them', async () => {
  // The dying replica's leases are short (taken over soon after its death), the survivor's long (never lapsing under load).
  const options = { pollIntervalMs: 10, leaseTtlMs: 10_000, resumeIntervalMs: 50 };
  const dying = redis.client();
  const storeA = new RedisOperationStore(dying);
  const storeB = new RedisOperationStore(redis.client());
  const opsA = new FleetOps(of.fleet, { rollout: { ...options, leaseTtlMs: 2000, store: storeA } });
  const auditsB: AuditRecord[] = [];
  const opsB = new FleetOps(of.fleet, { audit: (r) => auditsB.push(r), rollout: { ...options, store: storeB } });
  for (const c of ['rr-a', 'rr-b']) of.cluster(c).requests.clear();

  const op = await opsA.as(of.fleet.as(ALICE), ALICE).rollouts.start({ manifests: DEPLOYMENT, strategy: { waves: [{ clusterNames: ['rr-a'] }, { clusterNames: ['rr-b'] }] } });
  for await (const r of opsB.rollouts.watch(op.id)) if (r.waves[0]!.state === 'WAITING') break;
  dying.disconnect();
  await opsA.rollouts.close();
  storeA.close();

  let final: OperationRecord | undefined;
  for (let look = 0; look < 1500; look++) {
    final = await opsB.rollouts.get(op.id);
    if (final && final.state !== 'RUNNING') break;
    if (look % 5 === 4) await clock.advance(1000);
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(final?.state).toBe('SUCCEEDED');
  const writesB = of.cluster('rr-b').requests.all().filter((q) => q.method !== 'GET');
  expect(writesB).toHaveLength(1);
  // Both the first replica's write of wave 1 and the resumer's re-apply of it, and wave 2: all as alice.
  const writes = [...of.cluster('rr-a').requests.all(), ...of.cluster('rr-b').requests.all()].filter((q) => q.method !== 'GET');
  expect(writes).toHaveLength(3);
  for (const w of writes) expect(w).toMatchObject({ impersonateUser: 'alice', impersonateUid: 'u-1', impersonateGroups: ['deployers'] });
  // The run audits after it has stored its final state, so a reader can see SUCCEEDED a moment
  // before the audit record exists: close() waits for the engine's runs to end (audit included).
  await opsB.rollouts.close();
  storeB.close();
  expect(auditsB.find((a) => a.rollout?.id === op.id)).toMatchObject({ actor: ALICE, rollout: { state: 'SUCCEEDED' } });
});

test('a rollout that cannot be rebuilt for its caller on the resuming replica (a cluster no longer theirs) ends FAILED, saying why, with nothing written', async () => {
  const options = { pollIntervalMs: 10, leaseTtlMs: 10_000, resumeIntervalMs: 50 };
  const dying = redis.client();
  const storeA = new RedisOperationStore(dying);
  const storeB = new RedisOperationStore(redis.client());
  const opsA = new FleetOps(of.fleet, { rollout: { ...options, leaseTtlMs: 2000, store: storeA } });
  // The resuming replica's policy no longer gives alice rr-b (fleetFor: what startGateway passes from the policy).
  const opsB = new FleetOps(of.fleet, { rollout: { ...options, store: storeB, fleetFor: (who) => of.fleet.as(who, (c) => c.name !== 'rr-b') } });
  const op = await opsA.as(of.fleet.as(ALICE), ALICE).rollouts.start({
    manifests: DEPLOYMENT.replaceAll('as-alice', 'lost-b'), strategy: { waves: [{ clusterNames: ['rr-a'] }, { clusterNames: ['rr-b'] }] },
  });
  for await (const r of opsB.rollouts.watch(op.id)) if (r.waves[0]!.state === 'WAITING') break;
  dying.disconnect();
  await opsA.rollouts.close();
  storeA.close();
  const rrB = of.cluster('rr-b').requests.count();
  let final: OperationRecord | undefined;
  for await (const r of opsB.rollouts.watch(op.id)) final = r;
  expect(final).toMatchObject({
    state: 'FAILED',
    error: { reason: 'INTERNAL', message: 'its gateway replica stopped and the operation could not be resumed: cluster "rr-b" of wave 2 is no longer in the fleet given to alice' },
  });
  expect(of.cluster('rr-b').requests.count()).toBe(rrB);
  await opsB.rollouts.close();
  storeB.close();
});

