/**
 * A graceful stop always ends: a step that never finishes (here the watch hub's stop) is waited
 * for at most `stopStepMs`, logged by name, and the rest of the stop still runs (the HTTP server
 * closes).
 */
import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger } from '../../../src/server/logger.ts';
import { startFleetGateway } from '../../support/gateway.ts';

test('a stop step that never finishes is logged and passed over; the server still closes', async () => {
  let logs = '';
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs += chunk.toString(); done(); } });
  const fg = await startFleetGateway({ sim: { clusters: 1, namePrefix: 'bs', nodes: 1 }, gateway: { logger: createLogger('info', sink) } });
  const url = fg.gateway.url;
  expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ clusters { name } }"}' })).status).toBe(200);
  fg.gateway.stopStepMs = 50;
  const hub = fg.gateway.live!;
  const realStop = hub.stop.bind(hub);
  hub.stop = () => new Promise<void>(() => undefined);
  await fg.stop();
  const warning = logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; step?: string })
    .find((l) => l.msg === 'shutdown step did not finish in time; going on');
  expect(warning?.step).toBe('watches');
  await expect(fetch(url)).rejects.toThrow();
  await realStop();
});
