/** The tests' throwaway Redis: it answers, and a stop then start is an empty server on the same port (an outage). */
import { expect, test } from 'vitest';
import { startRedisServer } from '../../support/redisServer.ts';
test('a test Redis answers; stopped and started again it is empty, on the same port', async () => {
  const r = await startRedisServer();
  const c = r.client();
  await c.set('a', '1');
  expect(await c.get('a')).toBe('1');
  await r.stop(); await r.start();
  const d = r.client();
  expect(await d.get('a')).toBeNull();
  await r.dispose();
});
