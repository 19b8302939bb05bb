/**
 * Rollouts as their caller (FleetOps.as): every write of every wave goes out impersonating who
 * started it (the simulator's request log shows the Impersonate-* headers), the audit record names
 * them, and a caller whose fleet lacks one of an operation's clusters cannot see, watch or cancel it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Identity } from '../../../src/auth/Identity.ts';
import type { AuditRecord } from '../../../src/ops/AuditRecord.ts';
import { FleetOps } from '../../../src/ops/FleetOps.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { startOpsFleet, type OpsFleet } from '../../support/opsFleet.ts';

let of: OpsFleet;
beforeAll(async () => {
  of = await startOpsFleet({ clusters: [{ name: 'rc-a' }, { name: 'rc-b' }], clock: new ManualClock() });
}, 60_000);
afterAll(async () => {
  await of?.stop();
});

const ALICE: Identity = { user: 'alice', uid: 'u-1', groups: ['deployers'] };
const EVE: Identity = { user: 'eve', groups: [] };
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: waves, namespace: default }\ndata: { k: v }\n';

test('a rollout started as a caller writes as them in every wave and is audited as them; others without its clusters cannot see it', async () => {
  const audits: AuditRecord[] = [];
  const ops = new FleetOps(of.fleet, { audit: (r) => audits.push(r), rollout: { pollIntervalMs: 10 } });
  for (const c of ['rc-a', 'rc-b']) of.cluster(c).requests.clear();
  const alice = ops.as(of.fleet.as(ALICE), ALICE);
  const op = await alice.rollouts.start({ manifests: CONFIGMAP, strategy: { waves: [{ clusterNames: ['rc-a'] }, { clusterNames: ['rc-b'] }] } });
  let final = op;
  for await (const r of alice.rollouts.watch(op.id)) final = r;
  expect(final.state).toBe('SUCCEEDED');
  for (const c of ['rc-a', 'rc-b']) {
    const writes = of.cluster(c).requests.all().filter((q) => q.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w).toMatchObject({ impersonateUser: 'alice', impersonateUid: 'u-1', impersonateGroups: ['deployers'] });
  }
  expect(audits.find((a) => a.rollout?.id === op.id)?.actor).toEqual(ALICE);

  // eve's fleet (as a policy would give it) has rc-a only: the operation, which also wrote rc-b, is not hers to see.
  const eve = ops.as(of.fleet.as(EVE, (c) => c.name === 'rc-a'), EVE);
  expect(await eve.rollouts.get(op.id)).toBeUndefined();
  expect((await eve.rollouts.list()).map((o) => o.id)).not.toContain(op.id);
  expect(await eve.rollouts.cancel(op.id)).toBeUndefined();
  const seen = [];
  for await (const r of eve.rollouts.watch(op.id)) seen.push(r);
  expect(seen).toEqual([]);
  // Someone with both clusters does see it.
  expect((await ops.as(of.fleet.as(EVE), EVE).rollouts.get(op.id))?.id).toBe(op.id);
  await ops.rollouts.close();
});
