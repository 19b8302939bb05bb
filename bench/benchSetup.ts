/**
 * The orchestrator-side setup the contender benchmarks (fan-out, apply) share: argument parsing
 * helpers, which contenders can run on this machine, kubectl's version, a logger, and the hooks
 * that read the gateway process's own upstream count and CPU time around a measured run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gatewayAvailable, GATEWAY_MODULE, type GatewayProcess } from './fanoutGateway.ts';
import { KUBECTL_BINARY, KUBECTL_DIRECT_BINARY } from './fanoutTypes.ts';

/** `--clusters 1,10,50`: the positive numbers in a comma-separated list. */
export const numbers = (text: string) => text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);

/** kubectl is slow: fewer measured iterations the more clusters it walks through. */
export function kubectlIterations(clusters: number): number {
  return clusters <= 1 ? 10 : clusters <= 10 ? 5 : 3;
}

/** `--contenders a,b`: checked against `all`; the gateway and kubectl-direct dropped (with a note) where they do not exist. */
export function pickContenders<Name extends string>(scenario: string, given: string | undefined, all: readonly Name[], notes: string[]): Name[] {
  let contenders = (given?.split(',') ?? [...all]) as Name[];
  const unknown = contenders.filter((c) => !all.includes(c));
  if (unknown.length) throw new Error(`${scenario}: unknown contenders ${unknown.join(', ')}; have ${all.join(', ')}`);
  if (contenders.includes('gateway' as Name) && !gatewayAvailable()) {
    notes.push(`The gateway was not measured: ${GATEWAY_MODULE.replace(`${process.cwd()}/`, '')} does not exist.`);
    contenders = contenders.filter((c) => c !== 'gateway');
  }
  if (contenders.includes('kubectl-direct' as Name) && !existsSync(KUBECTL_DIRECT_BINARY)) {
    notes.push(`kubectl without the dispatcher was not measured: ${KUBECTL_DIRECT_BINARY} does not exist.`);
    contenders = contenders.filter((c) => c !== 'kubectl-direct');
  }
  return contenders;
}

export function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1] ?? NaN;
}

export function kubectlVersion(): string {
  try {
    return execFileSync(KUBECTL_BINARY, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).match(/"gitVersion":\s*"([^"]+)"/)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A timestamped progress line on stderr (stdout carries the report). */
export function benchLogger(scenario: string): (line: string) => void {
  return (line) => process.stderr.write(`[${scenario} ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** The command line that reproduces a run, for the report. */
export function benchCommand(scenario: string, args: Record<string, string>): string {
  return `npm run bench -- ${scenario}${Object.entries(args).map(([k, v]) => ` --${k} ${v}`).join('')}`;
}

/** Before/after hooks that record what the gateway process itself sent upstream, and its CPU time, during the measured part. */
export function gatewayUpstreamHooks(gateway: GatewayProcess): { before: () => Promise<void>; after: (r: { gatewayUpstream?: number; serverCpuMs?: number }) => Promise<void> } {
  let before = { count: 0, cpuMs: 0 };
  return {
    before: async () => { before = await gateway.upstream(); },
    after: async (r) => {
      const after = await gateway.upstream();
      r.gatewayUpstream = after.count - before.count;
      r.serverCpuMs = after.cpuMs - before.cpuMs;
    },
  };
}
