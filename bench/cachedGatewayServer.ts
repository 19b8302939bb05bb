/**
 * The cached-reads benchmark's gateway, in a process of its own: started from the fleet's
 * kubeconfig with the read cache on (`cache: true`, what `--cache` sets), answering the
 * orchestrator's questions: memory after a full garbage collection, CPU time, its own upstream
 * request count, how many clusters' pod stores are synced, and the floor of a query (the time
 * `JSON.stringify` takes over that query's response body, in this process).
 *
 *   node --expose-gc --import tsx bench/cachedGatewayServer.ts CONFIG_JSON   (forked by bench/cached.ts)
 */
import { cpuMs } from './fanoutTypes.ts';
import { GATEWAY_MODULE } from './fanoutGateway.ts';
import { summarize } from './stats.ts';

interface Cache {
  describe(cluster: string): Array<{ resource: string; synced: boolean }>;
}
interface Gateway {
  url: string;
  cache: Cache | undefined;
  upstream: { count(filter?: { resource?: string }): number };
  stop(): Promise<void>;
}
type StartGateway = (options: { kubeconfigPath: string; port?: number; host?: string; logLevel?: string; cache?: boolean; rateLimits?: { operationsPerMinute: number; costPerMinute: number } }) => Promise<Gateway>;

export type CachedGatewayRequest =
  | { type: 'stats' }
  | { type: 'floor'; query: string; repeat: number }
  | { type: 'stop' };
export type CachedGatewayMessage =
  | { type: 'listening'; url: string }
  | { type: 'stats'; rss: number; heapUsed: number; external: number; arrayBuffers: number; cpuMs: number; upstream: number; podsSynced: number }
  | { type: 'floor'; bytes: number; median: number; min: number; samples: number[] }
  | { type: 'error'; message: string };

const send = (m: CachedGatewayMessage) => process.send?.(m);

async function main(): Promise<void> {
  const { kubeconfig, clusters } = JSON.parse(process.argv[2] ?? '{}') as { kubeconfig: string; clusters: string[] };
  const mod = (await import(GATEWAY_MODULE)) as { startGatewayFromKubeconfig: StartGateway };
  // All load comes from one address: the per-caller rate limits (on by default) are off here.
  const gateway = await mod.startGatewayFromKubeconfig({ kubeconfigPath: kubeconfig, port: 0, host: '127.0.0.1', logLevel: 'silent', cache: true, rateLimits: { operationsPerMinute: 0, costPerMinute: 0 } });
  if (!gateway.cache) throw new Error('the gateway started without its read cache (cache: true)');
  const cache = gateway.cache;
  process.on('message', (m: CachedGatewayRequest) => {
    if (m.type === 'stats') {
      global.gc?.();
      const mem = process.memoryUsage();
      const podsSynced = clusters.filter((c) => cache.describe(c).some((d) => d.resource === 'pods' && d.synced)).length;
      send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers, cpuMs: cpuMs(), upstream: gateway.upstream.count(), podsSynced });
    } else if (m.type === 'floor') {
      // The floor: the same response body (fetched once from this gateway, parsed) serialized by
      // JSON.stringify here, in the gateway's process, `repeat` times.
      void (async () => {
        const res = await fetch(`${gateway.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: m.query }) });
        const body = (await res.json()) as unknown;
        const samples: number[] = [];
        let bytes = 0;
        for (let i = 0; i < m.repeat; i++) {
          const t = performance.now();
          bytes = JSON.stringify(body).length;
          samples.push(performance.now() - t);
        }
        const s = summarize(samples);
        send({ type: 'floor', bytes, median: s.median, min: s.min, samples });
      })().catch((e: unknown) => send({ type: 'error', message: String(e) }));
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
