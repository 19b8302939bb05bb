/**
 * ClusterClients for a simulated fleet, made the way the gateway makes them (from the fleet's
 * kubeconfig), for suites that drive engines below GraphQL (the watch hub, the loaders).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { loadClusterSpecs } from '../../src/fleet/loadClusterSpecs.ts';
import { ClusterClient } from '../../src/kube/ClusterClient.ts';
import { UpstreamMetrics } from '../../src/kube/UpstreamMetrics.ts';
import type { SimFleet } from '../../src/sim/index.ts';

export interface FleetClients {
  clients: ClusterClient[];
  metrics: UpstreamMetrics;
  get(name: string): ClusterClient;
  close(): Promise<void>;
}

export async function clusterClientsFor(sim: SimFleet, defaults: { timeoutMs?: number; concurrency?: number } = {}): Promise<FleetClients> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetgraph-clients-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfigPath);
  const metrics = new UpstreamMetrics(new Registry());
  const specs = await loadClusterSpecs({ kubeconfigPath, defaults: { timeoutMs: defaults.timeoutMs ?? 5000, concurrency: defaults.concurrency ?? 8 } });
  const clients = specs.map((s) => new ClusterClient({ ...s, metrics }));
  return {
    clients, metrics,
    get(name) {
      const c = clients.find((x) => x.name === name);
      if (!c) throw new Error(`no client for cluster ${name}`);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
