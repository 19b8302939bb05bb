/**
 * What the replica tests share: a simulated fleet, one throwaway Redis, and several gateways
 * (in this process, each on port 0) over the same kubeconfig sharing that Redis, with short
 * leases so that failover happens within a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { R } from '../../../src/sim/resources.ts';
import { startGatewayFromKubeconfig, type Gateway } from '../../../src/server/startGateway.ts';
import type { ReplicaOptions } from '../../../src/replicas/index.ts';
import type { Sub } from '../../support/liveHelpers.ts';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';
import { stopFleet } from '../../support/stopFleet.ts';

export interface ReplicaFleet {
  sim: SimFleet;
  redis: RedisServer;
  kubeconfigPath: string;
  gateways: Gateway[];
  /** Start one more gateway sharing the Redis. */
  addGateway(): Promise<Gateway>;
  stop(): Promise<void>;
}

/** Short leases: an owner that dies is replaced within about a second. */
export const FAST_LEASES: Omit<ReplicaOptions, 'url'> = { leaseTtlMs: 600, renewMs: 150, reconnectMaxMs: 200 };

export async function startReplicaFleet(options: {
  replicas: number; clusters: number; prefix: string; logCapacity?: number; cache?: boolean;
  /** Replica settings over FAST_LEASES. */
  replicaOptions?: Omit<ReplicaOptions, 'url'>;
  /** How long a stream outlives its last user. @default 60000 */
  graceMs?: number;
}): Promise<ReplicaFleet> {
  const sim = await SimFleet.start({ clusters: options.clusters, namePrefix: options.prefix, clusterDefaults: { controllers: false } });
  const redis = await startRedisServer();
  const dir = await mkdtemp(join(tmpdir(), 'fleetgraph-replicas-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfigPath);
  for (const c of sim.clusters) c.registry.create(R.namespaces, { metadata: { name: 'app' } });
  const gateways: Gateway[] = [];
  const addGateway = async () => {
    const gateway = await startGatewayFromKubeconfig({
      kubeconfigPath, port: 0, logLevel: 'silent', cache: options.cache ?? false,
      live: { graceMs: options.graceMs ?? 60_000, logCapacity: options.logCapacity ?? 1000, statusIntervalMs: 1000, listWatch: { backoffInitialMs: 10, backoffMaxMs: 200 } },
      replicas: { url: redis.url, ...FAST_LEASES, ...options.replicaOptions },
    });
    gateways.push(gateway);
    return gateway;
  };
  for (let i = 0; i < options.replicas; i++) await addGateway();
  return {
    sim, redis, kubeconfigPath, gateways, addGateway,
    async stop() {
      await Promise.all(gateways.map((g) => g.stop()));
      await redis.dispose();
      await stopFleet(sim);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ChangesData {
  resourceChanges: {
    cursor: string; type: string | null; cluster: string; name: string | null;
    object: { data?: Record<string, string> } | null; gap: { cluster: string; missed: number | null } | null;
  };
}

export const CHANGES = `subscription ($after: String) {
  resourceChanges(kind: "ConfigMap", namespace: "app", after: $after) {
    cursor type cluster name object gap { cluster missed }
  }
}`;

/** One line per delivery: `TYPE cluster name v` or `GAP cluster missed`. */
export const line = (d: ChangesData): string => {
  const c = d.resourceChanges;
  return c.gap ? `GAP ${c.gap.cluster} ${c.gap.missed}` : `${c.type} ${c.cluster} ${c.name} ${c.object?.data?.['v'] ?? ''}`.trim();
};

/** Create or update ConfigMap `name` in namespace app with data v. */
export function setData(sim: SimFleet, cluster: number, name: string, v: string): void {
  const registry = sim.clusters[cluster]!.registry;
  const updated = registry.mutate(R.configmaps, 'app', name, (o) => { (o as { data?: Record<string, string> }).data = { v }; });
  if (!updated) registry.create(R.configmaps, { metadata: { name, namespace: 'app' }, data: { v } });
}

/**
 * Makes changes (ConfigMap warm in cluster 0) until every subscriber has one: then each is reading
 * live. (A subscriber counted at the gateway takes its starting point from Redis a moment later; a
 * change made in between is before its start, so one change is not enough.)
 */
export async function warm(sim: SimFleet, subs: Array<Sub<ChangesData>>, tag: string): Promise<void> {
  const has = () => subs.every((s) => s.got.some((d) => line(d).includes(` warm ${tag}.`)));
  for (let i = 0; i < 200 && !has(); i++) {
    setData(sim, 0, 'warm', `${tag}.${i}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(has(), `every subscriber has a warm ${tag} change`).toBe(true);
}

/** A GraphQL error as a subscriber receives it. */
export interface ErrorJson { message: string; extensions?: { code?: string; cluster?: string } }

/** Makes changes to ConfigMap `name` (cluster 0) until every subscriber has one: they are reading live. */
export async function live<E>(sim: SimFleet, subs: Array<Sub<ChangesData, E>>, name: string): Promise<void> {
  const seen = () => subs.every((s) => s.got.some((d) => line(d).includes(` ${name} `)));
  for (let i = 0; i < 300 && !seen(); i++) {
    setData(sim, 0, name, String(i));
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(seen()).toBe(true);
}

/** Replica `i`'s /readyz: its status code and body (`redis: 'up' | 'down'` with replicas). */
export async function readyz(env: ReplicaFleet, i: number): Promise<{ status: number; body: { status: string; redis?: string } }> {
  const res = await fetch(env.gateways[i]!.url.replace(/\/graphql$/, '/readyz'));
  return { status: res.status, body: (await res.json()) as { status: string; redis?: string } };
}
