/**
 * `npm run sim`: start a simulated fleet, write its kubeconfig, print one line per cluster and
 * serve until SIGINT/SIGTERM.
 *
 *   npm run sim -- --clusters 3 --kubeconfig FILE [--nodes N] [--pods P] [--latency-ms L] [--seed S]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readTokenRecords } from '../auth/TokenFile.ts';
import type { SimUser } from './cluster/SimCluster.ts';
import { SimFleet } from './SimFleet.ts';
import type { ErrorCode, FaultSettings } from './cluster/Faults.ts';

const USAGE = `usage: npm run sim -- --kubeconfig FILE [options]

  --kubeconfig FILE      where to write the kubeconfig (one context per cluster)   (required)
  --clusters N           number of clusters, named sim-1..sim-N                    (default 3)
  --demo                 the demo fleet of npm start instead (labelled clusters, sample apps, activity)
  --nodes N              worker nodes per cluster                                  (default 3)
  --pods P               pods per cluster, from sample workloads                   (default 0)
  --seed S               seed for everything random                               (default 1)
  --speed X              cluster time runs X times faster than real time          (default 1)
  --latency-ms L         added latency per request                                (default 0)
  --jitter-ms J          extra random latency in [0, J)                           (default 0)
  --error-rate R         share 0..1 of requests answered 500/503/429              (default 0)
  --error-codes LIST     which errors, e.g. 503,429                               (default 500,503,429)
  --watch-cut-events N   close every watch stream after N events
  --watch-cut-ms T       close every watch stream after T milliseconds
  --down NAMES           comma-separated clusters that refuse connections
  --hang NAMES           comma-separated clusters that accept but never answer
  --forbidden NAMES      comma-separated clusters that answer 403 to every resource request
  --rbac                 enforce RBAC in every cluster as kube-apiserver does (the kubeconfig's
                         token stays in system:masters); bind roles with kubectl
  --users FILE           more bearer tokens every cluster accepts, in kube's token-file CSV:
                         token,user,uid,"group1,group2"

  The five numeric fault flags take one value for every cluster or per-cluster values:
  --latency-ms 20  or  --latency-ms sim-2=200,sim-3=50
`;

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function num(name: string, text: string | undefined, min: number, max = Infinity, integer = true): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    fail(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min}${max === Infinity ? ' up' : ` to ${max}`}, got ${JSON.stringify(text)}`);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        kubeconfig: { type: 'string' }, clusters: { type: 'string' }, demo: { type: 'boolean' },
        nodes: { type: 'string' }, pods: { type: 'string' }, seed: { type: 'string' }, speed: { type: 'string' },
        'latency-ms': { type: 'string' }, 'jitter-ms': { type: 'string' }, 'error-rate': { type: 'string' },
        'error-codes': { type: 'string' }, 'watch-cut-events': { type: 'string' }, 'watch-cut-ms': { type: 'string' },
        down: { type: 'string' }, hang: { type: 'string' }, forbidden: { type: 'string' }, help: { type: 'boolean' },
        rbac: { type: 'boolean' }, users: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.kubeconfig) fail('--kubeconfig FILE is required');
  const faults: Partial<FaultSettings> = {};
  const perCluster = new Map<string, Partial<FaultSettings>>();
  const numericFaults: [string, keyof FaultSettings, number, number, boolean][] = [
    ['latency-ms', 'latencyMs', 0, Infinity, true],
    ['jitter-ms', 'jitterMs', 0, Infinity, true],
    ['error-rate', 'errorRate', 0, 1, false],
    ['watch-cut-events', 'watchCutAfterEvents', 1, Infinity, true],
    ['watch-cut-ms', 'watchCutAfterMs', 1, Infinity, true],
  ];
  for (const [flag, setting, min, max, integer] of numericFaults) {
    const text = (values as Record<string, string | boolean | undefined>)[flag];
    if (typeof text !== 'string') continue;
    if (!text.includes('=')) {
      (faults as Record<string, unknown>)[setting] = num(flag, text, min, max, integer);
      continue;
    }
    for (const pair of text.split(',')) {
      const [name, value, extra] = pair.split('=').map((x) => x.trim());
      if (!name || value === undefined || extra !== undefined) fail(`--${flag} takes a number or NAME=NUMBER pairs, got ${JSON.stringify(text)}`);
      const entry = perCluster.get(name) ?? {};
      (entry as Record<string, unknown>)[setting] = num(`${flag} ${name}`, value, min, max, integer);
      perCluster.set(name, entry);
    }
  }
  if (values['error-codes'] !== undefined) {
    const codes = values['error-codes'].split(',').map((c) => Number(c.trim()));
    if (codes.length === 0 || codes.some((c) => c !== 500 && c !== 503 && c !== 429)) fail(`--error-codes takes a list of 500, 503, 429; got ${JSON.stringify(values['error-codes'])}`);
    faults.errorCodes = codes as ErrorCode[];
  }

  const clusters = num('clusters', values.clusters, 1, 500) ?? 3;
  const nodes = num('nodes', values.nodes, 0, 5000);
  const pods = num('pods', values.pods, 0, 100_000);
  const seed = num('seed', values.seed, 0);
  const speed = num('speed', values.speed, 0.001, 1000, false);

  let users: SimUser[] = [];
  if (values.users !== undefined) {
    try {
      users = readTokenRecords(readFileSync(values.users, 'utf8'), values.users)
        .map(({ token, identity }) => ({ token, user: identity.user, groups: [...identity.groups], ...(identity.uid === undefined ? {} : { uid: identity.uid }) }));
    } catch (e) {
      fail(`--users ${values.users}: ${(e as Error).message}`);
    }
  }

  const fleet = await SimFleet.start({
    clusters, demo: values.demo ?? false, faults, ...(values.rbac ? { clusterDefaults: { rbac: true } } : {}),
    ...(nodes !== undefined ? { nodes } : {}), ...(pods !== undefined ? { pods } : {}),
    ...(seed !== undefined ? { seed } : {}), ...(speed !== undefined ? { speed } : {}),
  });
  const names = new Set(fleet.clusters.map((c) => c.name));
  for (const [name, settings] of perCluster) {
    if (!names.has(name)) {
      await fleet.stop();
      fail(`no cluster named ${name} for a per-cluster fault (have ${[...names].join(', ')})`);
    }
    await fleet.cluster(name).setFaults(settings);
  }
  for (const [flag, fault] of [['down', 'down'], ['hang', 'hang'], ['forbidden', 'forbidden']] as const) {
    for (const name of (values[flag] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!names.has(name)) {
        await fleet.stop();
        fail(`--${flag}: no cluster named ${name} (have ${[...names].join(', ')})`);
      }
      await fleet.cluster(name).setFaults({ [fault]: true });
    }
  }
  for (const u of users) fleet.addUser(u);
  if (values.demo) fleet.startActivity();
  await fleet.writeKubeconfig(values.kubeconfig);
  for (const c of fleet.clusters) {
    const podCount = c.store.count('/pods');
    const f = c.faults;
    const notes = [
      values.rbac ? 'rbac' : '', f.down ? 'down' : '', f.hang ? 'hanging' : '', f.forbidden ? 'forbidden' : '',
      f.latencyMs ? `latency=${f.latencyMs}ms` : '', f.jitterMs ? `jitter=${f.jitterMs}ms` : '',
      f.errorRate ? `error-rate=${f.errorRate}` : '',
      f.watchCutAfterEvents ? `watch-cut-events=${f.watchCutAfterEvents}` : '', f.watchCutAfterMs ? `watch-cut-ms=${f.watchCutAfterMs}` : '',
    ].filter(Boolean);
    const state = notes.length ? ` (${notes.join(', ')})` : '';
    process.stdout.write(`${c.name}\t${c.url}\tnodes=${c.store.count('/nodes')}\tpods=${podCount}${state}\n`);
  }
  process.stdout.write(`kubeconfig written to ${values.kubeconfig}; try: kubectl --kubeconfig ${values.kubeconfig} --context ${fleet.clusters[0]!.name} get pods -A\n`);
  const shutdown = async (signal: string) => {
    process.stdout.write(`${signal}: stopping ${fleet.clusters.length} clusters\n`);
    await fleet.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
