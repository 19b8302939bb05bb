/**
 * Replicas sharing one watch per (cluster, resource) and their subscription cursors through
 * Redis (`--redis URL`, docs/replicas.md): the gateway starts the connection and hands the
 * watch hub its shared streams.
 */
import { DEFAULT_LIVE_LIMITS } from '../live/liveDefaults.ts';
import type { SharedStreams } from '../live/SharedStreams.ts';
import { RedisReplicas, type ReplicaOptions } from './RedisReplicas.ts';
import { RedisSharedStreams } from './SharedWatch.ts';

export { RedisReplicas, type ReplicaOptions } from './RedisReplicas.ts';

type Logger = ConstructorParameters<typeof RedisReplicas>[1];

/** Connect to the shared Redis; waits up to 5 s for it, then goes on (it reconnects by itself). */
export async function startReplicas(options: ReplicaOptions, logger?: Logger): Promise<RedisReplicas> {
  const replicas = new RedisReplicas(options, logger);
  await replicas.start();
  if (!replicas.available) logger?.warn({}, 'redis not reachable at start; serving reads live, subscriptions wait for it');
  return replicas;
}

/** The hub's shared streams; each keeps the hub's resume window (`--stream-history`) unless told otherwise. */
export function sharedStreams(replicas: RedisReplicas, live: { logCapacity?: number }): SharedStreams {
  return new RedisSharedStreams(replicas, replicas.options.streamMaxLen ?? live.logCapacity ?? DEFAULT_LIVE_LIMITS.logCapacity);
}
