/** The fan-out benchmark's section of BENCHMARKS.md. */
import type { ContenderRun } from './fanoutContender.ts';
import type { UpstreamCount } from './fanoutFleet.ts';
import type { DashboardTally } from './fanoutTypes.ts';
import { machine } from './report.ts';
import { ms, summarize } from './stats.ts';

export type ContenderName = 'floor' | 'gateway' | 'kubectl' | 'kubectl-direct';

export interface ContenderResult {
  run: ContenderRun;
  warmup: number;
  /** Requests that reached the simulated clusters during the measured iterations. */
  upstream: UpstreamCount;
  /** The simulator's dashboard right after the contender's run. */
  truth: DashboardTally;
  /** The gateway's own count of upstream requests over the same iterations. */
  gatewayUpstream?: number;
  /** CPU time of the simulator's process over the measured iterations. */
  simulatorCpuMs: number;
  /** The gateway: CPU time of its serving process (run.cpuMs is its GraphQL client's). */
  serverCpuMs?: number;
}

export interface FanoutRound {
  clusters: number;
  setupSeconds: number;
  truth: DashboardTally;
  results: Partial<Record<ContenderName, ContenderResult>>;
}

export interface FanoutReportInput {
  date: string;
  command: string;
  kubectlVersion: string;
  rounds: FanoutRound[];
  nodes: number;
  pods: number;
  latencyMs: number;
  iterations: number;
  warmup: number;
  notes: string[];
  totalSeconds: number;
  /** sha256 (first 12 hex digits) of the gateway's sources when the run started. */
  gatewayDigest: string;
  /** 1-minute load average when the run started (other work on the machine skews the figures). */
  loadAverage: number;
}

const LABEL: Record<ContenderName, string> = {
  kubectl: '(a) kubectl, cluster after cluster',
  'kubectl-direct': '(a′) the same, kubectl 1.32 run directly (without gcloud\'s dispatcher)',
  floor: '(b) client-node script, all clusters in parallel (floor)',
  gateway: '(c) gateway, GraphQL over HTTP',
};
const SHORT: Record<ContenderName, string> = { kubectl: '(a) kubectl', 'kubectl-direct': '(a′) kubectl 1.32', floor: '(b) floor', gateway: '(c) gateway' };
const ORDER: ContenderName[] = ['kubectl', 'kubectl-direct', 'floor', 'gateway'];
const FIELDS: (keyof DashboardTally)[] = ['pods', 'podsOnNode', 'podsWithOwner', 'workloads', 'nodes', 'warnings'];

function perQuery(u: UpstreamCount, n: number): string {
  const f = (x: number) => (x / n).toFixed(x % n === 0 ? 0 : 1);
  const parts = [`${f(u.list)} list`];
  if (u.get) parts.push(`${f(u.get)} get`);
  if (u.watch) parts.push(`${f(u.watch)} watch`);
  if (u.version) parts.push(`${f(u.version)} /version`);
  if (u.other) parts.push(`${f(u.other)} other`);
  return `${f(u.total)} (${parts.join(', ')})`;
}

const medianOf = (r: ContenderResult | undefined) => (r ? summarize(r.run.samples).median : NaN);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');
const tallyText = (t: DashboardTally) => FIELDS.map((f) => t[f]).join(' / ');

function sizes(r: FanoutRound): string {
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const parts: string[] = [];
  if (r.results.gateway) parts.push(`the gateway's GraphQL answer ${kib(r.results.gateway.run.bytes)}`);
  if (r.results.kubectl) parts.push(`kubectl's JSON output ${kib(r.results.kubectl.run.bytes)}`);
  return parts.length ? ` Size per query: ${parts.join('; ')}.` : '';
}

function roundSection(r: FanoutRound): string {
  const rows = ORDER.filter((name) => r.results[name]).map((name) => {
    const c = r.results[name]!;
    const s = summarize(c.run.samples);
    const own = c.gatewayUpstream !== undefined ? `; the gateway counted ${(c.gatewayUpstream / s.n).toFixed(1)}` : '';
    const cpu = (x: number) => (x / s.n).toFixed(0);
    const ownCpu = c.serverCpuMs !== undefined ? `${cpu(c.serverCpuMs)} + ${cpu(c.run.cpuMs)} client` : cpu(c.run.cpuMs);
    return `| ${LABEL[name]} | ${c.warmup} + ${s.n} | ${ms(s.median)} | ${ms(s.p99)} | ${perQuery(c.upstream, s.n)}${own} | ${ownCpu} | ${cpu(c.simulatorCpuMs)} |`;
  });
  const g = medianOf(r.results.gateway);
  const ratios = [
    `gateway / floor (median) = **${ratio(g, medianOf(r.results.floor))}**`,
    `kubectl / gateway (median) = **${ratio(medianOf(r.results.kubectl), g)}**`,
    ...(r.results['kubectl-direct'] ? [`kubectl without the dispatcher / gateway = ${ratio(medianOf(r.results['kubectl-direct']), g)}`] : []),
  ];
  return `### ${r.clusters} cluster${r.clusters === 1 ? '' : 's'}

| contender | iterations (warm-up + measured) | median | p99 | upstream requests per query | contender CPU ms per query | simulator CPU ms per query |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Ratios: ${ratios.join('; ')}.${sizes(r)}
`;
}

function correctness(rounds: FanoutRound[]): string {
  const rows = rounds.map((r) => {
    const cells = ORDER.map((name) => {
      const c = r.results[name];
      if (!c) return '—';
      const diff = FIELDS.filter((f) => c.run.tally[f] !== c.truth[f]);
      return diff.length === 0 ? `agrees` : `${tallyText(c.run.tally)} (differs in ${diff.join(', ')}; simulator then ${tallyText(c.truth)})`;
    });
    return `| ${r.clusters} | ${tallyText(r.truth)} | ${cells.join(' | ')} |`;
  });
  return `Correctness, once per fleet size (the last measured answer of each contender against the
simulator's stores right after its run): pods / pods joined to their node / pods joined to
their owning workload / workloads / nodes / warning events.

| clusters | simulator | ${ORDER.map((n) => SHORT[n]).join(' | ')} |
| --- | --- | ${ORDER.map(() => '---').join(' | ')} |
${rows.join('\n')}
`;
}

function targets(rounds: FanoutRound[]): string {
  const at = (n: number) => rounds.find((r) => r.clusters === n);
  const r50 = at(50);
  const r10 = at(10);
  const lines: string[] = [];
  if (r50?.results.gateway && r50.results.floor) {
    const x = medianOf(r50.results.gateway) / medianOf(r50.results.floor);
    lines.push(`- Gateway within 1.5× of the floor at 50 clusters: ${x.toFixed(2)}× — **${x <= 1.5 ? 'met' : 'not met'}**.`);
  } else {
    lines.push('- Gateway within 1.5× of the floor at 50 clusters: not measured in this run.');
  }
  if (r10?.results.gateway && r10.results.kubectl) {
    const x = medianOf(r10.results.kubectl) / medianOf(r10.results.gateway);
    const direct = r10.results['kubectl-direct'];
    const y = direct ? medianOf(direct) / medianOf(r10.results.gateway) : NaN;
    const alsoDirect = direct ? ` (against kubectl run without gcloud's dispatcher: ${y.toFixed(1)}×, ${y >= 20 ? 'met' : 'not met'})` : '';
    lines.push(`- Gateway at least 20× faster than the kubectl loop at 10 clusters: ${x.toFixed(1)}× — **${x >= 20 ? 'met' : 'not met'}**${alsoDirect}.`);
  } else {
    lines.push('- Gateway at least 20× faster than the kubectl loop at 10 clusters: not measured in this run.');
  }
  return lines.join('\n');
}

export function fanoutReport(input: FanoutReportInput): string {
  const setup = input.rounds.map((r) => `${r.clusters}: ${r.setupSeconds.toFixed(0)} s`).join(', ');
  return `## Fan-out: the fleet dashboard over 1, 10 and 50 clusters (\`npm run bench -- fanout\`)

Date: ${input.date}. Machine: ${machine()}.
Command: \`${input.command}\` (${(input.totalSeconds / 60).toFixed(1)} minutes in all; load average ${input.loadAverage.toFixed(2)} at the start).
Gateway sources (src/ but src/sim, resolvers/, schema/) when the run started: sha256 \`${input.gatewayDigest}\`.

The query is the dashboard: clusters → status, nodes, workloads, pods with their node and
owning workload, warning events. Each cluster: ${input.nodes} nodes and ${input.pods} pods (the simulator's sample
Deployments and a StatefulSet, a node-exporter DaemonSet, a crash-looping Deployment and an
unschedulable one, so every cluster has BackOff and FailedScheduling warnings), brought to a
steady state at 20× cluster time, then measured at 1× with **${input.latencyMs} ms latency added to every request**
and no background activity. Fleet set-up time per size: ${setup}.

Arrangement: the bench process hosts the simulated fleet and nothing else. Each contender runs
in its own process, one query at a time: (a) a Node process running \`/usr/bin/kubectl\` (${input.kubectlVersion}) for each
cluster in turn, two invocations per cluster (\`get nodes,deployments,statefulsets,daemonsets,replicasets,pods -A -o json\`
and \`get events -A --field-selector type=Warning -o json\`), JSON parsed and joined, discovery
from a per-run \`--cache-dir\` warmed by the untimed warm-up. On this machine \`/usr/bin/kubectl\`
is gcloud's dispatcher, which asks the cluster for \`/version\` before running the matching
kubectl; (a′) runs that kubectl (1.32) directly, to show the loop without that extra round trip; (b) a Node process with
@kubernetes/client-node 1.4: one KubeConfig and CoreV1Api/AppsV1Api per context, \`Promise.all\`
over clusters × the seven lists, the join pods → node and pods → ReplicaSet → Deployment in
memory, one keep-alive agent per cluster (the library's default is a new TLS connection per
request); (c) the gateway (\`startGatewayFromKubeconfig\`, default options) serving from its own
process, and a third process POSTing the GraphQL query with \`fetch\` and parsing the answer.
Latency is from a contender's side, join included; with 30 samples or fewer, p99 is the
slowest sample. Upstream requests are counted in the simulator's request logs over the
measured iterations, summed over clusters, and divided by the iterations. CPU per query is
process CPU time over the measured iterations divided by them: the contender's process (kubectl's
child processes included; for the gateway, its serving process + its GraphQL client) and the
simulator's process, which shares the machine's two cores with the contender.

${input.rounds.map(roundSection).join('\n')}
${correctness(input.rounds)}
Targets:

${targets(input.rounds)}
${input.notes.length ? `\n${input.notes.map((n) => `Note: ${n}`).join('\n')}\n` : ''}`;
}
