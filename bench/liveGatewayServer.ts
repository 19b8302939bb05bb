/**
 * The live benchmarks' gateway, in a process of its own: started from the fleet's kubeconfig
 * (default options; one subscription per connection, far under the limit), and
 * answering the orchestrator's questions: memory after a full garbage collection, CPU time, and
 * how many subscribers the watch hub holds on each (cluster, resource) stream, and how many
 * upstream watches it runs. With `replicas` in its config it is one replica sharing that Redis
 * (`--redis URL`, `--redis-lease-ttl-ms`, `--redis-lease-renew-ms`); `logCapacity` is
 * `--stream-history`.
 *
 *   node --expose-gc --import tsx bench/liveGatewayServer.ts CONFIG_JSON   (forked by bench/live.ts)
 */
import { cpuMs } from './fanoutTypes.ts';
import { GATEWAY_MODULE } from './fanoutGateway.ts';

interface Hub {
  users(cluster: string, resource: 'configmaps' | 'events' | 'pods'): number;
  readonly upstreamWatches: number;
}
interface Gateway {
  url: string;
  live: Hub | undefined;
  ws: { executions: { executions: number; shared: number } } | undefined;
  stop(): Promise<void>;
}
/** A replica's Redis settings (src/replicas/RedisReplicas.ts ReplicaOptions). */
export interface LiveGatewayReplicas { url: string; leaseTtlMs?: number; renewMs?: number }
export interface LiveGatewayConfig { kubeconfig: string; clusters: string[]; replicas?: LiveGatewayReplicas; logCapacity?: number }
type StartGateway = (options: { kubeconfigPath: string; port?: number; host?: string; logLevel?: string; rateLimits?: { operationsPerMinute: number; costPerMinute: number }; replicas?: LiveGatewayReplicas; live?: { logCapacity?: number } }) => Promise<Gateway>;

export type LiveGatewayRequest = { type: 'stats' } | { type: 'stop' };
export type LiveGatewayMessage =
  | { type: 'listening'; url: string }
  | { type: 'stats'; rss: number; heapUsed: number; external: number; cpuMs: number; users: Record<string, number>; executions: number; shared: number; watches: number }
  | { type: 'error'; message: string };

const send = (m: LiveGatewayMessage) => process.send?.(m);

async function main(): Promise<void> {
  const { kubeconfig, clusters, replicas, logCapacity } = JSON.parse(process.argv[2] ?? '{}') as LiveGatewayConfig;
  // An orchestrator that died leaves no gateway behind.
  process.on('disconnect', () => process.exit(1));
  const mod = (await import(GATEWAY_MODULE)) as { startGatewayFromKubeconfig: StartGateway };
  // All load comes from one address: the per-caller rate limits (on by default) are off here.
  const gateway = await mod.startGatewayFromKubeconfig({ kubeconfigPath: kubeconfig, port: 0, host: '127.0.0.1', logLevel: 'silent', rateLimits: { operationsPerMinute: 0, costPerMinute: 0 },
    ...(replicas ? { replicas } : {}), ...(logCapacity ? { live: { logCapacity } } : {}) });
  process.on('message', (m: LiveGatewayRequest) => {
    if (m.type === 'stats') {
      global.gc?.();
      const mem = process.memoryUsage();
      const users: Record<string, number> = {};
      for (const c of clusters) for (const r of ['configmaps', 'events', 'pods'] as const) users[`${c}/${r}`] = gateway.live?.users(c, r) ?? 0;
      const { executions = 0, shared = 0 } = gateway.ws?.executions ?? {};
      send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, cpuMs: cpuMs(), users, executions, shared, watches: gateway.live?.upstreamWatches ?? 0 });
    } else {
      void gateway.stop().finally(() => process.exit(0));
    }
  });
  send({ type: 'listening', url: gateway.url });
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exit(1);
});
