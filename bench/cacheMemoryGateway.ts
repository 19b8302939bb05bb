/**
 * The cache-memory benchmark's gateway for its fleet round, in a process of its own so its
 * memory is its own: started from the fleet's kubeconfig with the read cache on (`cache: true`,
 * what `--cache` sets). On `hold` it starts every cluster's pods list+watch the way the read
 * cache does on a first read (WatchHub.hold), but without answering that read live, so the
 * figures are the stores' and their watch connections', not a 100-cluster live LIST's garbage.
 * `hold` of `nodes` first warms the process up (code, TLS, a connection per cluster) the same way.
 * On `stats` it answers memory after a full garbage collection and how many of the resource's
 * stores are synced, with how many objects they hold.
 *
 *   node --expose-gc --import tsx bench/cacheMemoryGateway.ts CONFIG_JSON   (forked by bench/cacheMemory.ts)
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { startGatewayFromKubeconfig } from '../src/server/startGateway.ts';

export type CacheMemoryRequest = { type: 'hold'; resource: 'pods' | 'nodes' } | { type: 'stats'; resource: 'pods' | 'nodes' } | { type: 'stop' };
export type CacheMemoryMessage =
  | { type: 'listening' }
  | { type: 'stats'; rss: number; heapUsed: number; heapTotal: number; newSpace: number; external: number; arrayBuffers: number; synced: number; pods: number }
  | { type: 'error'; message: string };

const send = (m: CacheMemoryMessage) => process.send?.(m);

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const { kubeconfig, clusters } = JSON.parse(process.argv[2] ?? '{}') as { kubeconfig: string; clusters: string[] };
  // All load comes from one address: the per-caller rate limits (on by default) are off here.
  const gateway = await startGatewayFromKubeconfig({ kubeconfigPath: kubeconfig, port: 0, host: '127.0.0.1', logLevel: 'silent', cache: true, rateLimits: { operationsPerMinute: 0, costPerMinute: 0 } });
  const hub = gateway.live;
  if (!hub || !gateway.cache) throw new Error('the gateway started without its watch hub and read cache (cache: true)');
  process.on('message', (m: CacheMemoryRequest) => {
    if (m.type === 'hold') {
      for (const c of clusters) hub.hold(c, m.resource);
    } else if (m.type === 'stats') {
      void settle().then(() => {
        const mem = process.memoryUsage();
        let synced = 0;
        let pods = 0;
        for (const c of clusters) {
          const w = hub.watch(c, m.resource);
          if (w?.synced) synced++;
          pods += w?.objects.size ?? 0;
        }
        // The young generation's size: memory V8 keeps committed for allocation, not for objects held.
        const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
        send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, newSpace, external: mem.external, arrayBuffers: mem.arrayBuffers, synced, pods });
      });
    } else {
      void gateway.stop().finally(() => process.exit(0));
    }
  });
  send({ type: 'listening' });
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exit(1);
});
