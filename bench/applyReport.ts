/** The apply benchmark's section of BENCHMARKS.md. */
import type { ApplyRun } from './applyContender.ts';
import type { ApplyUpstreamCount, StoreCheck } from './applyFleet.ts';
import { OBJECTS_PER_APPLY } from './applyManifest.ts';
import type { ApplyMode } from './applyTypes.ts';
import { machine } from './report.ts';
import { ms, summarize } from './stats.ts';

export type ApplyContenderName = 'gateway' | 'kubectl' | 'kubectl-direct';

export interface ApplyContenderResult {
  run: ApplyRun;
  warmup: number;
  /** Requests that reached the simulated clusters during the measured applies. */
  upstream: ApplyUpstreamCount;
  /** The measured applies' objects in the simulator's stores right after the run. */
  store: StoreCheck;
  /** Re-apply: objects whose resourceVersion moved during the measured applies (should be none). */
  changed: string[];
  simulatorCpuMs: number;
  /** The gateway's own count of upstream requests over the same applies. */
  gatewayUpstream?: number;
  /** The gateway: CPU time of its serving process (run.cpuMs is its GraphQL client's). */
  serverCpuMs?: number;
}

export interface ApplyRound {
  clusters: number;
  setupSeconds: number;
  results: Partial<Record<ApplyMode, Partial<Record<ApplyContenderName, ApplyContenderResult>>>>;
}

export interface ApplyReportInput {
  date: string;
  command: string;
  kubectlVersion: string;
  rounds: ApplyRound[];
  nodes: number;
  latencyMs: number;
  controllers: boolean;
  notes: string[];
  totalSeconds: number;
  loadAverage: number;
}

const LABEL: Record<ApplyContenderName, string> = {
  kubectl: '(a) `kubectl apply --server-side`, cluster after cluster',
  'kubectl-direct': '(a′) the same, kubectl 1.32 run directly (without gcloud\'s dispatcher)',
  gateway: '(c) gateway, one `apply` mutation over HTTP',
};
const ORDER: ApplyContenderName[] = ['kubectl', 'kubectl-direct', 'gateway'];
const MODE_TITLE: Record<ApplyMode, string> = {
  create: 'first apply (10 objects created per cluster)',
  reapply: 're-apply (nothing changes)',
};

function perCluster(u: ApplyUpstreamCount, applies: number, clusters: number): string {
  const n = applies * clusters;
  const f = (x: number) => (x / n).toFixed(x % n === 0 ? 0 : 1);
  const parts: string[] = [];
  if (u.apply) parts.push(`${f(u.apply)} apply PATCH`);
  if (u.get) parts.push(`${f(u.get)} GET`);
  if (u.version) parts.push(`${f(u.version)} /version`);
  if (u.openapi) parts.push(`${f(u.openapi)} OpenAPI`);
  if (u.discovery) parts.push(`${f(u.discovery)} discovery`);
  if (u.other) parts.push(`${f(u.other)} other`);
  return `${f(u.total)} (${parts.join(', ')})`;
}

function storeText(r: ApplyContenderResult, mode: ApplyMode): string {
  const s = r.store;
  const ok = s.present === s.expected && s.equal === s.expected && s.owned === s.expected && r.changed.length === 0;
  const moved = mode === 'reapply' ? (r.changed.length ? `; ${r.changed.length} resourceVersions moved` : '; no resourceVersion moved') : '';
  return `${ok ? 'agrees' : '**differs**'}: ${s.equal}/${s.expected} equal${moved}${s.problems.length ? ` (${s.problems.join('; ')})` : ''}`;
}

function reported(r: ApplyContenderResult): string {
  const t = r.run.tally;
  const actions = Object.entries(t.actions).map(([a, n]) => `${n} ${a}`).join(', ');
  return `${actions || 'nothing'}${t.errors.length ? `; errors: ${t.errors.join('; ')}` : ''}`;
}

const medianOf = (r: ApplyContenderResult | undefined) => (r ? summarize(r.run.samples).median : NaN);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');

function table(round: ApplyRound, mode: ApplyMode): string {
  const results = round.results[mode];
  if (!results) return '';
  const rows = ORDER.filter((n) => results[n]).map((name) => {
    const c = results[name]!;
    const s = summarize(c.run.samples);
    const own = c.gatewayUpstream !== undefined ? `; the gateway counted ${(c.gatewayUpstream / s.n / round.clusters).toFixed(1)}` : '';
    const cpu = (x: number) => (x / s.n).toFixed(0);
    const ownCpu = c.serverCpuMs !== undefined ? `${cpu(c.serverCpuMs)} + ${cpu(c.run.cpuMs)} client` : cpu(c.run.cpuMs);
    return `| ${LABEL[name]} | ${c.warmup} + ${s.n} | ${ms(s.median)} | ${ms(s.p99)} | ${perCluster(c.upstream, s.n, round.clusters)}${own} | ${ownCpu} | ${cpu(c.simulatorCpuMs)} | ${reported(c)} | ${storeText(c, mode)} |`;
  });
  const g = medianOf(results.gateway);
  const ratios = [
    `kubectl / gateway (median) = **${ratio(medianOf(results.kubectl), g)}**`,
    ...(results['kubectl-direct'] ? [`kubectl without the dispatcher / gateway = ${ratio(medianOf(results['kubectl-direct']), g)}`] : []),
  ];
  return `#### ${MODE_TITLE[mode]}

| contender | applies (warm-up + measured) | median | p99 | upstream requests per cluster per apply | contender CPU ms per apply | simulator CPU ms per apply | what it reported (measured applies) | simulator's stores after the run |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Ratios: ${ratios.join('; ')}.
`;
}

function targets(rounds: ApplyRound[]): string {
  const at = (n: number) => rounds.find((r) => r.clusters === n);
  const one = at(1);
  const fifty = at(50);
  const lines: string[] = [];
  for (const mode of ['create', 'reapply'] as ApplyMode[]) {
    const g1 = one?.results[mode]?.gateway;
    const g50 = fifty?.results[mode]?.gateway;
    if (g1 && g50) {
      const x = medianOf(g50) / medianOf(g1);
      lines.push(`- ${mode === 'create' ? 'First apply' : 'Re-apply'}: gateway at 50 clusters within 2× of one cluster: ${x.toFixed(2)}× (${ms(medianOf(g50))} / ${ms(medianOf(g1))}) — **${x <= 2 ? 'met' : 'not met'}**.`);
    } else {
      lines.push(`- ${mode === 'create' ? 'First apply' : 'Re-apply'}: gateway at 50 clusters within 2× of one cluster: not measured in this run.`);
    }
    const k50 = fifty?.results[mode]?.kubectl;
    if (g50 && k50) {
      const x = medianOf(k50) / medianOf(g50);
      const direct = fifty?.results[mode]?.['kubectl-direct'];
      const y = direct ? medianOf(direct) / medianOf(g50) : NaN;
      const alsoDirect = direct ? ` (against kubectl run without gcloud's dispatcher: ${y.toFixed(1)}×, ${y >= 20 ? 'met' : 'not met'})` : '';
      lines.push(`- ${mode === 'create' ? 'First apply' : 'Re-apply'}: gateway at least 20× faster than the kubectl loop at 50 clusters: ${x.toFixed(1)}× — **${x >= 20 ? 'met' : 'not met'}**${alsoDirect}.`);
    } else {
      lines.push(`- ${mode === 'create' ? 'First apply' : 'Re-apply'}: gateway at least 20× faster than the kubectl loop at 50 clusters: not measured in this run.`);
    }
  }
  return lines.join('\n');
}

export function applyReport(input: ApplyReportInput): string {
  const setup = input.rounds.map((r) => `${r.clusters}: ${r.setupSeconds.toFixed(0)} s`).join(', ');
  const sections = input.rounds.map((r) => `### ${r.clusters} cluster${r.clusters === 1 ? '' : 's'}\n\n${(['create', 'reapply'] as ApplyMode[]).map((m) => table(r, m)).filter(Boolean).join('\n')}`);
  return `## Apply: a 10-object manifest to 1 and 50 clusters (\`npm run bench -- apply\`)

Date: ${input.date}. Machine: ${machine()}.
Command: \`${input.command}\` (${(input.totalSeconds / 60).toFixed(1)} minutes in all; load average ${input.loadAverage.toFixed(2)} at the start).

The manifest (\`bench/applyManifest.ts\`): a Namespace, a ServiceAccount and a RoleBinding for
it, two ConfigMaps, a Secret, two Deployments (2 replicas each) and their two Services, ${OBJECTS_PER_APPLY} objects.
Each cluster: ${input.nodes} nodes, **${input.latencyMs} ms latency added to every request**, the simulator's
controllers ${input.controllers ? 'running (Deployments get ReplicaSets and pods while the benchmark runs)' : 'off (the clusters are API servers only: with 50 clusters in one process, controllers reacting to earlier applies would compete with the API for the same CPU, which real clusters do not)'}.
Fleet set-up time per size: ${setup}. Two kinds of apply, each measured on its own: the
**first apply**, every iteration in a namespace of its own that does not exist yet (all ten
objects created on every cluster), and the **re-apply** of the manifest the warm-up applied
(nothing changes; the simulator's resourceVersions are compared before and after).

Arrangement: the bench process hosts the simulated fleet and nothing else. Each contender runs
in its own process, one apply at a time: (a) a Node process running \`/usr/bin/kubectl\` (${input.kubectlVersion})
\`apply --server-side -f app.yaml --context C\` for each cluster in turn, discovery from a
per-run \`--cache-dir\` warmed by the untimed warm-up apply. On this machine \`/usr/bin/kubectl\` is
gcloud's dispatcher, which asks the cluster for \`/version\` before running the matching kubectl;
(a′) runs that kubectl (1.32) directly. kubectl also fetches the OpenAPI v3 documents of the
manifest's group-versions on every run (its field validation), and sends one apply PATCH per
object. (c) the gateway (\`startGatewayFromKubeconfig\`, default options) serving from its own
process, and a third process POSTing one \`apply\` mutation naming every cluster
(\`clusterNames\`) with \`fetch\` and reading the per-cluster, per-object answer. Latency is
from a contender's side; with 30 samples or fewer, p99 is the slowest sample. Upstream requests
are counted in the simulator's request logs over the measured applies, divided by applies and
clusters. CPU per apply is process CPU time over the measured applies divided by them: the
contender's (kubectl's child processes included; for the gateway, its serving process + its
GraphQL client) and the simulator's, which shares the machine's two cores with the contender.
Correctness: after each contender's run, every object of every measured apply is looked up in
each cluster's store: present, equal to the manifest in every field the manifest sets, with an
\`Apply\` entry of the contender's field manager (\`fleetgraph\`, \`kubectl\`) in managedFields.

${sections.join('\n')}
Targets:

${targets(input.rounds)}
${input.notes.length ? `\n${input.notes.map((n) => `Note: ${n}`).join('\n')}\n` : ''}`;
}
