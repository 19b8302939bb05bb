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
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApplyContender, type ApplyRun } from './applyContender.ts';
import { checkStore, clearRequests, countRequests, moved, resourceVersions, startApplyFleet } from './applyFleet.ts';
import { applyReport, type ApplyContenderName, type ApplyContenderResult, type ApplyRound } from './applyReport.ts';
import { namespaceFor, type ApplyConfig, type ApplyMode } from './applyTypes.ts';
import { gatewayAvailable, GATEWAY_MODULE, startGatewayProcess } from './fanoutGateway.ts';
import { cpuMs, KUBECTL_BINARY, KUBECTL_DIRECT_BINARY } from './fanoutTypes.ts';
import { writeSection } from './report.ts';

const ALL: ApplyContenderName[] = ['gateway', 'kubectl', 'kubectl-direct'];
const MODES: ApplyMode[] = ['create', 'reapply'];
/** Each contender's field manager: the gateway's default, and kubectl's for server-side apply. */
const FIELD_MANAGER: Record<ApplyContenderName, string> = { gateway: 'fleetgraph', kubectl: 'kubectl', 'kubectl-direct': 'kubectl' };
const PREFIX: Record<ApplyContenderName, string> = { gateway: 'shop-gw', kubectl: 'shop-kc', 'kubectl-direct': 'shop-kd' };

const numbers = (text: string) => text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);

/** kubectl is slow: fewer measured iterations the more clusters it walks through. */
function kubectlIterations(clusters: number): number {
  return clusters <= 1 ? 10 : clusters <= 10 ? 5 : 3;
}

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
  let contenders = (args.contenders?.split(',') ?? ALL) as ApplyContenderName[];
  const unknown = contenders.filter((c) => !ALL.includes(c));
  if (unknown.length) throw new Error(`apply: unknown contenders ${unknown.join(', ')}; have ${ALL.join(', ')}`);
  const notes: string[] = [];
  if (contenders.includes('gateway') && !gatewayAvailable()) {
    notes.push(`The gateway was not measured: ${GATEWAY_MODULE.replace(`${process.cwd()}/`, '')} does not exist.`);
    contenders = contenders.filter((c) => c !== 'gateway');
  }
  if (contenders.includes('kubectl-direct') && !existsSync(KUBECTL_DIRECT_BINARY)) {
    notes.push(`kubectl without the dispatcher was not measured: ${KUBECTL_DIRECT_BINARY} does not exist.`);
    contenders = contenders.filter((c) => c !== 'kubectl-direct');
  }
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
          let before = { count: 0, cpuMs: 0 };
          try {
            await measure(name, mode, './applyGraphqlClient.ts', { ...base, warmup, iterations, url: gateway.url }, {
              before: async () => { before = await gateway.upstream(); },
              after: async (r) => {
                const after = await gateway.upstream();
                r.gatewayUpstream = after.count - before.count;
                r.serverCpuMs = after.cpuMs - before.cpuMs;
              },
            });
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

  const command = `npm run bench -- apply${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
  const body = applyReport({
    date: started.toISOString().slice(0, 10), command, rounds, nodes, latencyMs, controllers, notes,
    kubectlVersion: kubectlVersion(), loadAverage, totalSeconds: (Date.now() - started.getTime()) / 1000,
  });
  if (cpuProfDir) log('--cpu-prof given: figures printed only, BENCHMARKS.md left as it was');
  else writeSection('apply', body);
  process.stdout.write(`${body}\n`);
}

function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1] ?? NaN;
}

function kubectlVersion(): string {
  try {
    return execFileSync(KUBECTL_BINARY, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(/"gitVersion":\s*"([^"]+)"/)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function log(line: string): void {
  process.stderr.write(`[apply ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
