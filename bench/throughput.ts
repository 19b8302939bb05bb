/**
 * Throughput: `{ clusters { name status { reachable } } }` under concurrent load, requests per
 * second and latency, from the gateway over a simulated fleet and, in the same run, from a
 * minimal Apollo Server answering the same shape from a constant (what Apollo and Node's HTTP
 * cost on this machine: the ceiling any Apollo-based gateway works under).
 *
 * This process hosts the fleet and nothing else; the gateway, the baseline server and the load
 * each run in a process of their own.
 *
 *   npm run bench -- throughput [--clusters 10] [--concurrency 32] [--seconds 20] [--warmup 5] [--cpu-prof DIR]
 */
import { fork, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimFleet } from '../src/sim/index.ts';
import { startGatewayProcess } from './fanoutGateway.ts';
import { cpuMs } from './fanoutTypes.ts';
import { machine, writeSection } from './report.ts';
import { ms, summarize } from './stats.ts';
import type { LoadConfig, LoadMessage } from './throughputLoad.ts';

export const THROUGHPUT_QUERY = '{ clusters { name status { reachable } } }';

interface LoadResult {
  samples: number[];
  seconds: number;
  cpuMs: number;
  bytes: number;
  /** CPU of the serving process over the measured time. */
  serverCpuMs: number;
  upstream: number;
  upstreamByPath: Record<string, number>;
}

/** Fork the load process; `beforeMeasure` runs between its warm-up and its measured time. */
function runLoad(config: LoadConfig, beforeMeasure: () => Promise<void>): Promise<Omit<LoadResult, 'serverCpuMs' | 'upstream' | 'upstreamByPath'>> {
  const script = fileURLToPath(new URL('./throughputLoad.ts', import.meta.url));
  const child = fork(script, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let done: Extract<LoadMessage, { type: 'done' }> | undefined;
    let failure: Error | undefined;
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'warm') void beforeMeasure().then(() => child.send({ type: 'go' }), (e: unknown) => { failure = e as Error; child.kill(); });
      else if (m.type === 'done') done = m;
      else failure = new Error(`load process: ${m.message}`);
    });
    child.once('exit', (code) => {
      if (failure) reject(failure);
      else if (done) resolve({ samples: done.samples, seconds: done.seconds, cpuMs: done.cpuMs, bytes: done.bytes });
      else reject(new Error(`load process exited (${code}) without results`));
    });
  });
}

async function startApollo(clusters: number): Promise<{ url: string; cpu(): Promise<number>; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('./throughputApollo.ts', import.meta.url));
  const child = fork(script, [JSON.stringify({ clusters })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = (type: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const on = (m: Record<string, unknown>) => { if (m.type === type) { child.off('message', on); resolve(m); } };
    child.on('message', on);
    void exited.then(() => reject(new Error(`Apollo baseline exited before ${type}`)));
  });
  const { url } = (await next('listening')) as { url: string };
  return {
    url,
    async cpu() { const a = next('cpu'); child.send({ type: 'cpu' }); return Number((await a).cpuMs); },
    async stop() { child.send({ type: 'stop' }); await exited; },
  };
}

export async function throughput(args: Record<string, string>): Promise<void> {
  const clusters = Number(args.clusters ?? 10);
  const concurrency = Number(args.concurrency ?? 32);
  const durationMs = Number(args.seconds ?? 20) * 1000;
  const warmupMs = Number(args.warmup ?? 5) * 1000;
  const started = new Date();
  const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
  log(`machine: ${uptime}`);
  const fleet = await SimFleet.start({ clusters, nodes: 3, pods: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-throughput-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await fleet.writeKubeconfig(kubeconfig);
  const results: Record<'apollo' | 'gateway', LoadResult> = {} as Record<'apollo' | 'gateway', LoadResult>;
  try {
    const apollo = await startApollo(clusters);
    try {
      let cpu0 = 0;
      log(`Apollo baseline: ${concurrency} concurrent, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s`);
      const r = await runLoad({ url: apollo.url, query: THROUGHPUT_QUERY, concurrency, warmupMs, durationMs, clusters }, async () => { cpu0 = await apollo.cpu(); });
      results.apollo = { ...r, serverCpuMs: (await apollo.cpu()) - cpu0, upstream: 0, upstreamByPath: {} };
    } finally {
      await apollo.stop();
    }
    global.gc?.();
    const gateway = await startGatewayProcess(kubeconfig, args['cpu-prof'] ? { cpuProfDir: args['cpu-prof'] } : {});
    try {
      let cpu0 = 0;
      let sim0 = 0;
      log(`gateway: ${concurrency} concurrent, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s`);
      const r = await runLoad({ url: gateway.url, query: THROUGHPUT_QUERY, concurrency, warmupMs, durationMs, clusters }, async () => {
        for (const c of fleet.clusters) c.requests.clear();
        cpu0 = (await gateway.upstream()).cpuMs;
        sim0 = cpuMs();
      });
      const serverCpuMs = (await gateway.upstream()).cpuMs - cpu0;
      const byPath: Record<string, number> = {};
      let upstream = 0;
      for (const c of fleet.clusters) {
        for (const rec of c.requests.all()) {
          const key = rec.path === '/version' ? '/version' : `${rec.verb} ${rec.resource || rec.path}`;
          byPath[key] = (byPath[key] ?? 0) + 1;
          upstream++;
        }
      }
      results.gateway = { ...r, serverCpuMs, upstream, upstreamByPath: byPath };
      log(`simulator CPU over the gateway's measured time: ${(cpuMs() - sim0).toFixed(0)} ms`);
    } finally {
      await gateway.stop();
    }
  } finally {
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const row = (label: string, r: LoadResult) => {
    const s = summarize(r.samples);
    const rps = r.samples.length / r.seconds;
    const upstream = r.upstream ? `${(r.upstream / r.samples.length).toFixed(2)} (${Object.entries(r.upstreamByPath).map(([k, v]) => `${k}: ${v}`).join(', ')})` : '0';
    return `| ${label} | ${rps.toFixed(0)} | ${ms(s.median)} | ${ms(s.p99)} | ${r.samples.length} | ${(r.serverCpuMs / r.samples.length).toFixed(2)} | ${upstream} | ${r.bytes} |`;
  };
  const gw = results.gateway;
  const ap = results.apollo;
  const command = `npm run bench -- throughput${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
  const body = `## Throughput: the cluster list under concurrent load (\`npm run bench -- throughput\`)

Date: ${started.toISOString().slice(0, 10)}. Machine: ${machine()}.
Command: \`${command}\`. Load at the start (\`uptime\`): \`${uptime}\`.

The query \`${THROUGHPUT_QUERY}\` over ${clusters} simulated clusters (no added latency), POSTed
by ${concurrency} concurrent loops from a separate load process over keep-alive connections for
${durationMs / 1000} s after a ${warmupMs / 1000} s warm-up; every answer parsed and checked.
Baseline in the same run: a minimal Apollo Server 5 (standalone, defaults) in its own process
answering the same shape from a constant. The fleet lives in the orchestrating process; the
gateway (\`startGatewayFromKubeconfig\`, default options) in its own. All processes share the
machine's ${machine().split(' ')[0]} cores, so these figures are a lower bound for a dedicated host.

| server | requests/s | median | p99 | requests measured | server CPU ms per request | upstream requests per request | answer bytes |
| --- | --- | --- | --- | --- | --- | --- | --- |
${row('minimal Apollo Server, constant answer (baseline)', ap)}
${row(`gateway over ${clusters} clusters`, gw)}

Gateway / baseline: **${((gw.samples.length / gw.seconds) / (ap.samples.length / ap.seconds) * 100).toFixed(0)}%** of the baseline's requests/s; p99 ${(summarize(gw.samples).p99 / summarize(ap.samples).p99).toFixed(2)}× the baseline's.
`;
  // A profiled gateway is slower than an unprofiled one: such runs print, they do not record.
  if (args['cpu-prof']) log('--cpu-prof given: figures printed only, BENCHMARKS.md left as it was');
  else writeSection('throughput', body);
  process.stdout.write(`${body}\n`);
}

function log(line: string): void {
  process.stderr.write(`[throughput ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
