/**
 * Cluster.status checks each cluster with GET /version when asked. Many viewers polling the same
 * dashboard ask at once: requests that arrive while a check is in flight share it, so the upstream
 * cost is one check per cluster at a time, while a request that comes after a check finished gets a
 * check of its own (the status is never older than the request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetGateway, type FleetGateway } from '../../support/gateway.ts';

const STATUS = '{ clusters { name status { reachable version } } }';

let fg: FleetGateway;
beforeAll(async () => {
  fg = await startFleetGateway({ sim: { clusters: 2, nodes: 1 } });
});
afterAll(() => fg?.stop());

function versionChecks(): number {
  return fg.sim.clusters.reduce((n, c) => n + c.requests.all().filter((r) => r.path.startsWith('/version')).length, 0);
}

describe('Cluster.status checks', () => {
  it('concurrent requests share one in-flight check per cluster; a later request checks again', async () => {
    // Latency keeps the first check in flight while the other requests arrive.
    for (const c of fg.sim.clusters) await c.setFaults({ latencyMs: 300 });
    const before = versionChecks();
    const answers = await Promise.all(Array.from({ length: 8 }, () => fg.query<{ clusters: Array<{ status: { reachable: boolean; version: string } }> }>(STATUS)));
    for (const a of answers) {
      expect(a.errors).toBeUndefined();
      expect(a.data?.clusters.map((c) => c.status.reachable)).toEqual([true, true]);
    }
    const shared = versionChecks() - before;
    expect(shared).toBeLessThan(8 * 2);
    expect(shared).toBeGreaterThanOrEqual(2);

    for (const c of fg.sim.clusters) await c.setFaults({ latencyMs: 0 });
    const beforeSequential = versionChecks();
    await fg.query(STATUS);
    await fg.query(STATUS);
    expect(versionChecks() - beforeSequential).toBe(2 * 2);
  });

  it('a cluster that went down after a finished check is reported unreachable by the next request', async () => {
    const [first] = fg.sim.clusters;
    await fg.query(STATUS);
    await first!.setFaults({ down: true });
    const answer = await fg.query<{ clusters: Array<{ name: string; status: { reachable: boolean } }> }>(STATUS);
    expect(answer.data?.clusters.find((c) => c.name === first!.name)?.status.reachable).toBe(false);
    await first!.setFaults({ down: false });
  });
});
