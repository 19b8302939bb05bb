/**
 * Fan-out: the fleet dashboard (clusters → nodes, workloads, pods with node and owner, warning
 * events) over 1, 10 and 50 simulated clusters with 20 ms latency each, fetched three ways in
 * the same run: (a) kubectl, cluster after cluster; (b) a hand-written parallel
 * @kubernetes/client-node script, the floor for live data; (c) the gateway's GraphQL query.
 *
 * This process hosts the simulated fleet and nothing else; every contender runs in a process of
 * its own (the gateway serves from one, its GraphQL client loops in another), so no contender
 * shares an event loop with the simulator.
 *
 *   npm run bench -- fanout [--clusters 1,10,50] [--iterations 30] [--warmup 5]
 *     [--kubectl-iterations 10,5,3] [--nodes 3] [--pods 40] [--latency 20]
 *     [--contenders floor,gateway,kubectl,kubectl-direct] [--cpu-prof DIR]
 *
 * `--cpu-prof DIR` writes a V8 CPU profile of the gateway process per fleet size into DIR
 * (open it in Chrome DevTools or speedscope); such a run leaves BENCHMARKS.md alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runContender, type ContenderRun } from './fanoutContender.ts';
import { clearRequests, countRequests, startFleet, truth, type UpstreamCount } from './fanoutFleet.ts';
import { startGatewayProcess } from './fanoutGateway.ts';
import { fanoutReport, type ContenderName, type ContenderResult, type FanoutRound } from './fanoutReport.ts';
import { cpuMs, KUBECTL_BINARY, KUBECTL_DIRECT_BINARY, type ContenderConfig } from './fanoutTypes.ts';
import { benchCommand, benchLogger, gatewayUpstreamHooks, kubectlIterations, kubectlVersion, median, numbers, pickContenders } from './benchSetup.ts';
import { writeSection } from './report.ts';

const ALL: ContenderName[] = ['floor', 'gateway', 'kubectl', 'kubectl-direct'];

const log = benchLogger('fanout');

export async function fanout(args: Record<string, string>): Promise<void> {
  const sizes = numbers(args.clusters ?? '1,10,50');
  const iterations = Number(args.iterations ?? 30);
  const warmup = Number(args.warmup ?? 5);
  const kubectlCounts = args['kubectl-iterations'] ? numbers(args['kubectl-iterations']) : sizes.map(kubectlIterations);
  const nodes = Number(args.nodes ?? 3);
  const pods = Number(args.pods ?? 40);
  const latencyMs = Number(args.latency ?? 20);
  const seed = Number(args.seed ?? 1);
  const cpuProfDir = args['cpu-prof'];
  const notes: string[] = [];
  const contenders = pickContenders<ContenderName>('fanout', args.contenders, ALL, notes);
  const started = new Date();
  const loadAverage = loadavg()[0] ?? NaN;
  const gatewayDigest = gatewaySourceDigest();
  const rounds: FanoutRound[] = [];

  for (const [i, clusters] of sizes.entries()) {
    const t0 = performance.now();
    log(`${clusters} clusters: starting the fleet`);
    const fleet = await startFleet({ clusters, nodes, pods, seed, latencyMs });
    const dir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await fleet.writeKubeconfig(kubeconfig);
    const contexts = fleet.clusters.map((c) => c.name);
    const round: FanoutRound = { clusters, setupSeconds: (performance.now() - t0) / 1000, truth: truth(fleet), results: {} };
    log(`${clusters} clusters: steady after ${round.setupSeconds.toFixed(1)} s; ${round.truth.pods} pods, ${round.truth.warnings} warning events`);

    const measure = async (name: ContenderName, script: string, config: ContenderConfig, around: { before?: () => Promise<void>; after?: (r: ContenderResult) => Promise<void> } = {}) => {
      global.gc?.();
      log(`${clusters} clusters: ${name}, ${config.warmup} warm-up + ${config.iterations} measured`);
      let simCpu = 0;
      const run: ContenderRun = await runContender(script, config, {
        beforeMeasure: async () => { clearRequests(fleet); await around.before?.(); simCpu = cpuMs(); },
      });
      simCpu = cpuMs() - simCpu;
      const upstream: UpstreamCount = countRequests(fleet);
      const result: ContenderResult = { run, warmup: config.warmup, upstream, truth: truth(fleet), simulatorCpuMs: simCpu };
      await around.after?.(result);
      round.results[name] = result;
      log(`${clusters} clusters: ${name} samples (ms): ${run.samples.map((x) => x.toFixed(0)).join(' ')}`);
      log(`${clusters} clusters: ${name} median ${median(run.samples).toFixed(1)} ms, ${(upstream.total / run.samples.length).toFixed(1)} upstream requests per query`);
    };

    for (const name of contenders) {
      const base = { kubeconfig, contexts };
      if (name === 'floor') {
        await measure('floor', './fanoutFloor.ts', { ...base, warmup, iterations });
      } else if (name === 'kubectl' || name === 'kubectl-direct') {
        // A fresh discovery cache per run, filled by the one untimed warm-up run.
        const cacheDir = join(dir, `${name}-cache`);
        const kubectl = name === 'kubectl' ? KUBECTL_BINARY : KUBECTL_DIRECT_BINARY;
        await measure(name, './fanoutKubectl.ts', { ...base, warmup: 1, iterations: kubectlCounts[i] ?? kubectlIterations(clusters), cacheDir, kubectl });
      } else {
        const profDir = cpuProfDir ? join(cpuProfDir, `gateway-${clusters}`) : undefined;
        const gateway = await startGatewayProcess(kubeconfig, profDir ? { cpuProfDir: profDir } : {});
        try {
          await measure('gateway', './fanoutGraphqlClient.ts', { ...base, warmup, iterations, url: gateway.url }, gatewayUpstreamHooks(gateway));
        } finally {
          await gateway.stop();
        }
        if (profDir) notes.push(`CPU profile of the gateway process at ${clusters} clusters: ${profDir}`);
      }
    }
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
    rounds.push(round);
    log(`${clusters} clusters: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }

  if (gatewaySourceDigest() !== gatewayDigest) {
    notes.push('The gateway\'s sources changed during this run: its figures may mix versions. Run again.');
  }
  const command = benchCommand('fanout', args);
  const body = fanoutReport({
    date: started.toISOString().slice(0, 10), command, rounds, nodes, pods, latencyMs, iterations, warmup, notes,
    kubectlVersion: kubectlVersion(), loadAverage, gatewayDigest, totalSeconds: (Date.now() - started.getTime()) / 1000,
  });
  // A profiled gateway is slower than an unprofiled one: such runs print, they do not record.
  if (cpuProfDir) log('--cpu-prof given: figures printed only, BENCHMARKS.md left as it was');
  else writeSection('fanout', body);
  process.stdout.write(`${body}\n`);
}

/**
 * A digest of the gateway's sources (everything under src/ but the simulator, resolvers/,
 * schema/), so that figures can be tied to the code they measured while it is not committed.
 */
function gatewaySourceDigest(): string {
  const hash = createHash('sha256');
  for (const root of ['src', 'resolvers', 'schema']) {
    if (!existsSync(root)) continue;
    const files = (readdirSync(root, { recursive: true }) as string[])
      .map((f) => join(root, f))
      .filter((f) => /\.(ts|graphql)$/.test(f) && !f.startsWith(join('src', 'sim')))
      .sort();
    for (const f of files) hash.update(f).update('\0').update(readFileSync(f)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
