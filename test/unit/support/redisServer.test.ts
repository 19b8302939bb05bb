/**
 * The tests' throwaway Redis (test/support/redisServer.ts): restarted after an outage, it must be
 * the server that answers its port. Parallel test files each start their own Redis on a free port,
 * and one may take a port another has stopped for an outage; a PING alone would then be answered
 * by the wrong server, and a test would pause or inspect someone else's Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../support/redisServer.ts';

const servers: RedisServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.dispose();
});

describe('startRedisServer', () => {
  it('answers; stopped and started again it is empty, on the same port', async () => {
    const r = await startRedisServer();
    servers.push(r);
    const c = r.client();
    await c.set('a', '1');
    expect(await c.get('a')).toBe('1');
    await r.stop();
    await r.start();
    expect(await r.client().get('a')).toBeNull();
  });

  it('gives the pid of the server answering its port, and none while stopped', async () => {
    const redis = await startRedisServer();
    servers.push(redis);
    const answering = Number(/process_id:(\d+)/.exec(await redis.client().info('server'))![1]);
    expect(redis.pid).toBe(answering);
    await redis.stop();
    expect(redis.pid).toBeUndefined();
  });

  it('refuses to start again when its port was taken by another server meanwhile', async () => {
    const redis = await startRedisServer();
    servers.push(redis);
    await redis.stop();
    const other = await startRedisServer({ port: redis.port });
    servers.push(other);
    await expect(redis.start()).rejects.toThrow(/port was taken|answered by another redis-server/);
  });
});
