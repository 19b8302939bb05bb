/**
 * A simulated fleet with the gateway's own ClusterClients in front of it (no GraphQL): what the
 * write path's engine tests drive. The clients read the fleet's kubeconfig like any user's and
 * reach the clusters over real HTTPS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { Fleet } from '../../src/fleet/Fleet.ts';
import { loadClusterSpecs } from '../../src/fleet/loadClusterSpecs.ts';
import { ClusterClient } from '../../src/kube/ClusterClient.ts';
import { UpstreamMetrics } from '../../src/kube/UpstreamMetrics.ts';
import { SimFleet, type FleetOptions, type SimCluster } from '../../src/sim/index.ts';
import { stopFleet } from './stopFleet.ts';

export interface OpsFleet {
  sim: SimFleet;
  fleet: Fleet;
  metrics: UpstreamMetrics;
  client(name: string): ClusterClient;
  cluster(name: string): SimCluster;
  stop(): Promise<void>;
}

export async function startOpsFleet(options: FleetOptions & { timeoutMs?: number; concurrency?: number; retries?: number } = {}): Promise<OpsFleet> {
  const sim = await SimFleet.start({ nodes: 1, ...options });
  const dir = await mkdtemp(join(tmpdir(), 'fleetgraph-ops-'));
  try {
    const kubeconfigPath = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfigPath);
    const metrics = new UpstreamMetrics(new Registry());
    const specs = await loadClusterSpecs({ kubeconfigPath, defaults: { timeoutMs: options.timeoutMs ?? 3000, concurrency: options.concurrency ?? 4 } });
    const fleet = new Fleet(specs.map((s) => new ClusterClient({ ...s, metrics, ...(options.retries === undefined ? {} : { retries: options.retries }) })));
    await rm(dir, { recursive: true, force: true });
    return {
      sim, fleet, metrics,
      client: (name) => fleet.get(name) ?? (() => { throw new Error(`no client ${name}`); })(),
      cluster: (name) => sim.cluster(name),
      async stop() {
        fleet.close();
        for (const c of sim.clusters) await c.resetFaults();
        await stopFleet(sim);
      },
    };
  } catch (e) {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
