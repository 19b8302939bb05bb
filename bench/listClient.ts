/**
 * The client side of the simulator benchmark, run as its own process so the figures are what
 * a client sees, not shared with the simulator's event loop: reads targets from a JSON file,
 * LISTs round-robin over them one at a time, prints the samples as JSON.
 *
 *   node --import tsx bench/listClient.ts TARGETS.json PATH COUNT
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

interface Target { url: string; token: string; ca: string }

const [targetsFile, path, countText] = process.argv.slice(2);
if (!targetsFile || !path || !countText) throw new Error('usage: listClient TARGETS.json PATH COUNT');
const targets = JSON.parse(readFileSync(targetsFile, 'utf8')) as Target[];
const agent = new Agent({ keepAlive: true });
let retries = 0;

function getOnce(t: Target): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, { agent, ca: t.ca, headers: { Authorization: `Bearer ${t.token}`, Accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Retried once when a reused keep-alive socket was closed by the server as it was reused. */
async function get(t: Target): Promise<{ status: number; bytes: number }> {
  try {
    return await getOnce(t);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') throw e;
    retries++;
    return getOnce(t);
  }
}

// Warm up: one request per target (connections, cached JSON on the server).
for (const t of targets) await get(t);
const samples: number[] = [];
let bytes = 0;
for (let i = 0; i < Number(countText); i++) {
  const t = targets[i % targets.length]!;
  const start = performance.now();
  const r = await get(t);
  samples.push(performance.now() - start);
  if (r.status !== 200) throw new Error(`${t.url}${path} answered ${r.status}`);
  bytes = r.bytes;
}
process.stdout.write(JSON.stringify({ samples, bytes, retries }));
agent.destroy();
