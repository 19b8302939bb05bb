/**
 * Abuse: a normal query's latency while abusive requests are refused in parallel, against the
 * same without them. The normal client (one caller, paced at `--rate` requests per second, every
 * answer checked) runs alone for `--seconds`, then again while `--concurrency` abuser loops in
 * another process send deep queries, alias bombs, oversize bodies and a rate-limited flood
 * (bench/abuseLoad.ts). The gateway runs in its own process with token authentication and
 * `--rate-limit` per caller; the simulated fleet and the normal client in this one.
 *
 *   npm run bench -- abuse [--clusters 10] [--rate 10] [--seconds 10] [--concurrency 8] [--rate-limit 300]
 *
 * The default rate limit leaves the normal client within its own budget (its burst covers the
 * warm-up and both runs at the default rate and length). The abusers start 5 s before the measured part, so that the flooder has spent its burst and is
 * being refused (429) while the normal client is measured.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SimFleet } from '../src/sim/index.ts';
import { benchCommand, benchLogger } from './benchSetup.ts';
import { machine, writeSection } from './report.ts';
import { ms, summarize } from './stats.ts';

const log = benchLogger('abuse');
const NORMAL = '{ clusters { name status { reachable } } }';

function forkTs(script: string, arg: unknown): ChildProcess {
  return fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(arg)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function message<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string }) => { if (m.type === type) { child.off('message', on); resolve(m as T); } };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`${String(child.spawnfile)} exited (${code}) before ${type}`)));
  });
}

/** The normal client: `rate` requests per second for `durationMs`, each timed and its answer checked. */
async function normalClient(url: string, token: string, names: string[], rate: number, durationMs: number): Promise<{ samples: number[]; wrong: number }> {
  const samples: number[] = [];
  let wrong = 0;
  const expected = JSON.stringify({ data: { clusters: names.map((name) => ({ name, status: { reachable: true } })) } });
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i * (1000 / rate) < durationMs; i++) {
    const due = start + i * (1000 / rate);
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push((async () => {
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: NORMAL }) });
      const text = await res.text();
      samples.push(performance.now() - t0);
      if (res.status !== 200 || text !== expected) wrong++;
    })());
  }
  await Promise.all(inFlight);
  return { samples, wrong };
}

export async function abuse(args: Record<string, string>): Promise<void> {
  const clusters = Number(args.clusters ?? 10);
  const rate = Number(args.rate ?? 10);
  const durationMs = Number(args.seconds ?? 10) * 1000;
  const concurrency = Number(args.concurrency ?? 8);
  const rateLimit = Number(args['rate-limit'] ?? 300);
  const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  log(`machine: ${uptime}`);
  const fleet = await SimFleet.start({ clusters, nodes: 3, pods: 10 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-abuse-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfig);
  const normalToken = 'bench-normal-0123456789abcdef';
  const flooderToken = 'bench-flooder-0123456789abcdef';
  const bomberTokens = Array.from({ length: 20 }, (_, i) => `bench-bomber-${i}-0123456789abcdef`);
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, [`${normalToken},dashboard,1`, `${flooderToken},flooder,2`, ...bomberTokens.map((t, i) => `${t},bomber-${i},${100 + i}`)].join('\n'));
  const gatewayProcess = forkTs('./abuseGatewayServer.ts', { kubeconfig, tokens, rateLimit });
  const names = fleet.clusters.map((c) => c.name);
  try {
    const { url } = await message<{ url: string }>(gatewayProcess, 'listening');
    log('warm-up');
    await normalClient(url, normalToken, names, rate, 2000);
    const upstream = () => fleet.clusters.reduce((n, c) => n + c.requests.count({}), 0);
    log(`without abuse: ${rate}/s for ${durationMs / 1000} s`);
    let u0 = upstream();
    const quiet = await normalClient(url, normalToken, names, rate, durationMs);
    const quietUpstream = upstream() - u0;
    const abusers = forkTs('./abuseLoad.ts', { url, durationMs: durationMs + 5500, concurrency, bomberTokens, flooderToken });
    await message(abusers, 'ready');
    const done = message<{ counts: Record<string, Record<string, number>>; sent: number }>(abusers, 'done');
    abusers.send({ type: 'go' });
    await new Promise((r) => setTimeout(r, 5000)); // the flooder's burst is spent before measuring
    log(`with ${concurrency} abuser loops: ${rate}/s for ${durationMs / 1000} s`);
    u0 = upstream();
    const loud = await normalClient(url, normalToken, names, rate, durationMs);
    const loudUpstream = upstream() - u0;
    const refused = await done;
    abusers.kill();
    const q = summarize(quiet.samples);
    const l = summarize(loud.samples);
    const abuseRows = Object.entries(refused.counts).map(([kind, byStatus]) => `| ${kind} | ${Object.entries(byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')} |`).join('\n');
    const body = `## Abuse: a normal query while abusive requests are refused (\`npm run bench -- abuse\`)

Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
Command: \`${benchCommand('abuse', args)}\`. Load at the start (\`uptime\`): \`${uptime}\`.

\`${NORMAL}\` over ${clusters} simulated clusters, sent by one caller at ${rate} requests/s for
${durationMs / 1000} s, every answer checked; first alone, then while ${concurrency} loops in another
process send deep queries (depth 22), 30×30×30 alias bombs and 1.1 MiB bodies (20 bomber
callers) and cheap queries from one flooder caller (\`--rate-limit ${rateLimit}\` per caller).
Gateway in its own process with token authentication; the fleet and the normal client here.

| normal query | requests | wrong answers | median | p99 | max | upstream requests |
| --- | --- | --- | --- | --- | --- | --- |
| without abuse | ${q.n} | ${quiet.wrong} | ${ms(q.median)} | ${ms(q.p99)} | ${ms(q.max)} | ${quietUpstream} |
| with abuse | ${l.n} | ${loud.wrong} | ${ms(l.median)} | ${ms(l.p99)} | ${ms(l.max)} | ${loudUpstream} |

Abusive requests answered (${refused.sent} in ${(durationMs + 5500) / 1000} s, from 5 s before the measured part; status and code):

| abuse | answers |
| --- | --- |
${abuseRows}
`;
    process.stdout.write(`${body}\n`);
    writeSection('abuse', body);
  } finally {
    gatewayProcess.send({ type: 'stop' });
    await new Promise((r) => gatewayProcess.once('exit', r));
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
