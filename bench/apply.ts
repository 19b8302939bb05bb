/**
 * Apply: a 10-object manifest (Namespace, ServiceAccount, RoleBinding, two ConfigMaps, a
 * Secret, two Deployments and their Services) applied to 1 and to 50 simulated clusters with
 * 20 ms latency each, two ways in the same run: (a) `kubectl apply --server-side`, cluster
 * after cluster; (c) the gateway's `apply` mutation naming every cluster. Both a first apply
 * (every object created, in a fresh namespace per iteration) and a re-apply (nothing changes).
 *
 * This process hosts the simulated fleet and nothing else; every contender runs in a process of
 * its own (the gateway serves from one, its GraphQL client loops in another).
 *
 *   npm run bench -- apply [--clusters 1,50] [--iterations 30] [--warmup 5]
 *     [--kubectl-iterations 10,3] [--nodes 3] [--latency 20] [--controllers off]
 *     [--modes create,reapply] [--contenders gateway,kubectl,kubectl-direct] [--cpu-prof DIR]
 *
 * `--cpu-prof DIR` writes a V8 CPU profile of the gateway process per fleet size and mode into
 * DIR; such a run leaves BENCHMARKS.md alone.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApplyContender, type ApplyRun } from './applyContender.ts';
import { checkStore, clearRequests, countRequests, moved, resourceVersions, startApplyFleet } from './applyFleet.ts';
import { applyReport, type ApplyContenderName, type ApplyContenderResult, type ApplyRound } from './applyReport.ts';
import { namespaceFor, type ApplyConfig, type ApplyMode } from './applyTypes.ts';
import { startGatewayProcess } from './fanoutGateway.ts';
import { cpuMs, KUBECTL_BINARY, KUBECTL_DIRECT_BINARY } from './fanoutTypes.ts';
import { benchCommand, benchLogger, gatewayUpstreamHooks, kubectlIterations, kubectlVersion, median, numbers, pickContenders } from './benchSetup.ts';
import { writeSection } from './report.ts';

const ALL: ApplyContenderName[] = ['gateway', 'kubectl', 'kubectl-direct'];
const MODES: ApplyMode[] = ['create', 'reapply'];
/** Each contender's field manager: the gateway's default, and kubectl's for server-side apply. */
const FIELD_MANAGER: Record<ApplyContenderName, string> = { gateway: 'fleetgraph', kubectl: 'kubectl', 'kubectl-direct': 'kubectl' };
const PREFIX: Record<ApplyContenderName, string> = { gateway: 'shop-gw', kubectl: 'shop-kc', 'kubectl-direct': 'shop-kd' };

const log = benchLogger('apply');

export async function apply(args: Record<string, string>): Promise<void> {
  const sizes = numbers(args.clusters ?? '1,50');
  const iterations = Number(args.iterations ?? 30);
  const warmup = Number(args.warmup ?? 5);
  const kubectlCounts = args['kubectl-iterations'] ? numbers(args['kubectl-iterations']) : sizes.map(kubectlIterations);
  const nodes = Number(args.nodes ?? 3);
  const latencyMs = Number(args.latency ?? 20);
  const seed = Number(args.seed ?? 1);
  const controllers = (args.controllers ?? 'off') === 'on';
  const cpuProfDir = args['cpu-prof'];
  const modes = (args.modes?.split(',') ?? MODES) as ApplyMode[];
  if (modes.some((m) => !MODES.includes(m))) throw new Error(`apply: unknown modes in ${args.modes}; have ${MODES.join(', ')}`);
  const notes: string[] = [];
  const contenders = pickContenders<ApplyContenderName>('apply', args.contenders, ALL, notes);
  const started = new Date();
  const loadAverage = loadavg()[0] ?? NaN;
  const rounds: ApplyRound[] = [];

  for (const [i, clusters] of sizes.entries()) {
    const t0 = performance.now();
    log(`${clusters} clusters: starting the fleet`);
    const fleet = await startApplyFleet({ clusters, nodes, seed, latencyMs, controllers });
    const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await fleet.writeKubeconfig(kubeconfig);
    const contexts = fleet.clusters.map((c) => c.name);
    const round: ApplyRound = { clusters, setupSeconds: (performance.now() - t0) / 1000, results: {} };

    const measure = async (name: ApplyContenderName, mode: ApplyMode, script: string, config: ApplyConfig, around: { before?: () => Promise<void>; after?: (r: ApplyContenderResult) => Promise<void> } = {}) => {
      await fleet.settle();
      global.gc?.();
      log(`${clusters} clusters: ${name} ${mode}, ${config.warmup} warm-up + ${config.iterations} measured`);
      let simCpu = 0;
      let versionsBefore = new Map<string, string>();
      const run: ApplyRun = await runApplyContender(script, config, async () => {
        // Re-apply: the objects the warm-up left, whose resourceVersions must not move.
        if (mode === 'reapply') versionsBefore = resourceVersions(fleet, [namespaceFor(config, 0)]);
        clearRequests(fleet);
        await around.before?.();
        simCpu = cpuMs();
      });
      simCpu = cpuMs() - simCpu;
      const upstream = countRequests(fleet);
      const store = checkStore(fleet, run.namespaces, FIELD_MANAGER[name]);
      const changed = mode === 'reapply' ? moved(versionsBefore, resourceVersions(fleet, run.namespaces)) : [];
      const result: ApplyContenderResult = { run, warmup: config.warmup, upstream, store, changed, simulatorCpuMs: simCpu };
      await around.after?.(result);
      (round.results[mode] ??= {})[name] = result;
      log(`${clusters} clusters: ${name} ${mode} samples (ms): ${run.samples.map((x) => x.toFixed(0)).join(' ')}`);
      log(`${clusters} clusters: ${name} ${mode} median ${median(run.samples).toFixed(1)} ms, ${(upstream.total / run.samples.length / clusters).toFixed(1)} upstream requests per cluster; store ${store.equal}/${store.expected} equal${store.problems.length ? `: ${store.problems.join('; ')}` : ''}${changed.length ? `; ${changed.length} objects changed` : ''}`);
    };

    for (const name of contenders) {
      for (const mode of modes) {
        const work = join(dir, `${name}-${mode}`);
        mkdirSync(work);
        const base = { kubeconfig, contexts, mode, dir: work, prefix: `${PREFIX[name]}-${mode === 'create' ? 'c' : 'r'}` };
        if (name === 'kubectl' || name === 'kubectl-direct') {
          // A fresh discovery cache per run, filled by the one untimed warm-up apply.
          const cacheDir = join(work, 'cache');
          const kubectl = name === 'kubectl' ? KUBECTL_BINARY : KUBECTL_DIRECT_BINARY;
          await measure(name, mode, './applyKubectl.ts', { ...base, warmup: 1, iterations: kubectlCounts[i] ?? kubectlIterations(clusters), cacheDir, kubectl });
        } else {
          const profDir = cpuProfDir ? join(cpuProfDir, `gateway-${clusters}-${mode}`) : undefined;
          const gateway = await startGatewayProcess(kubeconfig, profDir ? { cpuProfDir: profDir } : {});
          try {
            await measure(name, mode, './applyGraphqlClient.ts', { ...base, warmup, iterations, url: gateway.url }, gatewayUpstreamHooks(gateway));
          } finally {
            await gateway.stop();
          }
          if (profDir) notes.push(`CPU profile of the gateway process at ${clusters} clusters (${mode}): ${profDir}`);
        }
      }
    }
    const errors = fleet.controllerErrors();
    if (errors.length) notes.push(`Simulator controller errors at ${clusters} clusters: ${JSON.stringify(errors).slice(0, 500)}`);
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
    rounds.push(round);
    log(`${clusters} clusters: done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }

  const command = benchCommand('apply', args);
  const body = applyReport({
    date: started.toISOString().slice(0, 10), command, rounds, nodes, latencyMs, controllers, notes,
    kubectlVersion: kubectlVersion(), loadAverage, totalSeconds: (Date.now() - started.getTime()) / 1000,
  });
  if (cpuProfDir) log('--cpu-prof given: figures printed only, BENCHMARKS.md left as it was');
  else writeSection('apply', body);
  process.stdout.write(`${body}\n`);
}
