/**
 * `deploy/` as an operator meets it, with the real kubectl 1.32 against a simulated cluster
 * (three nodes, on a clock running 20 times real time so pods start in tens of milliseconds):
 * `kubectl kustomize` renders it, a server-side dry run accepts every object under strict field
 * validation, a real server-side apply creates them, and `kubectl rollout status` sees the
 * gateway's three replicas and Redis roll out, with the PodDisruptionBudget guarding exactly the
 * gateway's pods. docs/deploy.md's Prometheus scrape job and ServiceMonitor name what the
 * manifests make.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimFleet } from '../../../src/sim/index.ts';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';
import { stopFleet } from '../../support/stopFleet.ts';
import { DEPLOY, find, markdownYaml, render, type Manifest } from './manifests.ts';

const CLUSTER = 'host-1';
const NS = ['-n', 'fleetgraph'];

interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: Record<string, unknown>;
  topologySpreadConstraints?: { topologyKey: string; whenUnsatisfiable: string; labelSelector: { matchLabels: Record<string, string> } }[];
  containers: {
    name: string; image: string; imagePullPolicy?: string; command?: string[]; args?: string[]; ports?: { name?: string; containerPort: number }[];
    readinessProbe?: { httpGet?: { path: string; port: string | number } };
    livenessProbe?: { httpGet?: { path: string; port: string | number } };
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
  volumes?: { name: string; projected?: { defaultMode?: number; sources: { secret?: { name: string; items?: { key: string; path: string }[] }; configMap?: { name: string; items?: { key: string; path: string }[] } }[] } }[];
}
type Workload = Manifest & { spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } };

let fleet: SimFleet;
let dir: string;
let kubectl: Kubectl;
let rendered: Manifest[];

beforeAll(async () => {
  fleet = await SimFleet.start({ clusters: [{ name: CLUSTER }], nodes: 3, speed: 20 });
  dir = await mkdtemp(join(tmpdir(), 'fleetgraph-deploy-'));
  await fleet.writeKubeconfig(join(dir, 'kubeconfig'));
  kubectl = new Kubectl(join(dir, 'kubeconfig'));
}, 60_000);

afterAll(async () => {
  await stopFleet(fleet);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The value after `flag` in an argument list. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
}

describe.runIf(kubectlAvailable())('deploy/ applied with kubectl', () => {
  test('kubectl kustomize renders the gateway, its configuration and secrets, and Redis, all in the fleetgraph namespace', async () => {
    rendered = await render(kubectl, CLUSTER, DEPLOY);
    const config = rendered.find((m) => m.kind === 'ConfigMap')!;
    expect(config.metadata.name).toMatch(/^fleetgraph-config-[a-z0-9]{10}$/);
    expect(rendered.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      `ConfigMap/${config.metadata.name}`, 'Deployment/fleetgraph', 'Deployment/fleetgraph-redis', 'Namespace/fleetgraph',
      'NetworkPolicy/fleetgraph-redis', 'PodDisruptionBudget/fleetgraph', 'Secret/fleetgraph-kubeconfig', 'Secret/fleetgraph-metrics-token',
      'Secret/fleetgraph-tokens', 'Service/fleetgraph', 'Service/fleetgraph-redis', 'ServiceAccount/fleetgraph',
    ]);
    for (const m of rendered.filter((x) => x.kind !== 'Namespace')) expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).toBe('fleetgraph');
    expect(Object.keys((config as Manifest & { data: Record<string, string> }).data).sort()).toEqual(['fleet.yaml', 'policy.yaml']);
  });

  test('the gateway runs 3 replicas as the issue asks: probes, resources, a locked-down container, spread across nodes, its files from the Secrets and ConfigMap', () => {
    const gw = find(rendered, 'Deployment', 'fleetgraph') as Workload;
    expect(gw.spec.replicas).toBe(3);
    const pod = gw.spec.template.spec;
    const [c] = pod.containers;
    expect(pod.containers).toHaveLength(1);
    // The image's ENTRYPOINT (node /app/dist/src/server/main.js) runs; the Deployment gives its flags.
    expect(c!.command).toBeUndefined();
    expect(c!.imagePullPolicy).toBe('IfNotPresent');
    const args = c!.args!;
    expect({
      host: flagValue(args, '--host'), port: flagValue(args, '--port'), kubeconfig: flagValue(args, '--kubeconfig'),
      tokens: flagValue(args, '--tokens'), policy: flagValue(args, '--policy'), fleet: flagValue(args, '--fleet'), redis: flagValue(args, '--redis'),
      metricsToken: flagValue(args, '--metrics-token-file'),
    }).toEqual({
      host: '0.0.0.0', port: '4000', kubeconfig: '/etc/fleetgraph/kubeconfig', tokens: '/etc/fleetgraph/tokens.csv',
      policy: '/etc/fleetgraph/policy.yaml', fleet: '/etc/fleetgraph/fleet.yaml', redis: 'redis://fleetgraph-redis:6379',
      metricsToken: '/etc/fleetgraph/metrics-token',
    });
    expect(args).toContain('--production');
    expect(c!.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(c!.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(c!.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c!.resources?.limits?.['memory']).toEqual(expect.any(String));
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(c!.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.serviceAccountName).toBe('fleetgraph');
    expect(pod.automountServiceAccountToken).toBe(false);
    const hostSpread = pod.topologySpreadConstraints?.find((t) => t.topologyKey === 'kubernetes.io/hostname');
    expect(hostSpread).toMatchObject({ whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: gw.spec.selector.matchLabels } });

    // Every file a flag names is in the one projected volume mounted at /etc/fleetgraph, from
    // the objects this kustomization makes (the ConfigMap under its hashed name).
    const mount = c!.volumeMounts!.find((m) => m.mountPath === '/etc/fleetgraph')!;
    const projected = pod.volumes!.find((v) => v.name === mount.name)!.projected!;
    const sources = projected.sources;
    const config = rendered.find((m) => m.kind === 'ConfigMap')!;
    expect(sources.map((s) => s.secret?.name ?? s.configMap?.name)).toEqual(['fleetgraph-kubeconfig', 'fleetgraph-tokens', 'fleetgraph-metrics-token', config.metadata.name]);
    const files = sources.flatMap((s) => (s.secret ?? s.configMap)!.items!.map((i) => `/etc/fleetgraph/${i.path}`));
    for (const flag of ['--kubeconfig', '--tokens', '--policy', '--fleet', '--metrics-token-file']) expect(files).toContain(flagValue(args, flag));
    // Owner-read only, every file alike (no item overrides the mode): the Secrets are credentials.
    expect(projected.defaultMode).toBe(0o400);
    for (const s of sources) for (const item of (s.secret ?? s.configMap)!.items!) expect(item, item.path).not.toHaveProperty('mode');
    // Each Secret a source names is one this kustomization makes, with the key the source projects.
    for (const s of sources.filter((x) => x.secret)) {
      const secret = find(rendered, 'Secret', s.secret!.name) as Manifest & { stringData: Record<string, string> };
      for (const item of s.secret!.items!) expect(Object.keys(secret.stringData), s.secret!.name).toContain(item.key);
    }
  });

  test('the Service, the PodDisruptionBudget and Redis point at what they should', () => {
    const gw = find(rendered, 'Deployment', 'fleetgraph') as Workload;
    const labels = gw.spec.template.metadata.labels;
    const svc = find(rendered, 'Service', 'fleetgraph') as Manifest & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] } };
    expect(svc.spec.selector).toEqual(gw.spec.selector.matchLabels);
    expect(svc.spec.ports.map((p) => p.port)).toEqual([4000]);
    const pdb = find(rendered, 'PodDisruptionBudget', 'fleetgraph') as Manifest & { spec: { maxUnavailable?: number; minAvailable?: number; selector: { matchLabels: Record<string, string> } } };
    expect(pdb.spec.maxUnavailable ?? 3 - (pdb.spec.minAvailable ?? 0)).toBe(1);
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
    const redis = find(rendered, 'Deployment', 'fleetgraph-redis') as Workload;
    expect(redis.spec.replicas).toBe(1);
    const redisSvc = find(rendered, 'Service', 'fleetgraph-redis') as Manifest & { spec: { selector: Record<string, string>; ports: { port: number }[] } };
    expect(redisSvc.spec.selector).toEqual(redis.spec.selector.matchLabels);
    expect(redisSvc.spec.ports.map((p) => p.port)).toEqual([6379]);
    // Neither the gateway's pods nor Redis's are selected by the other's Service or budget.
    expect(Object.entries(svc.spec.selector).every(([k, v]) => redis.spec.template.metadata.labels[k] === v)).toBe(false);
    // Redis admits the gateway's pods only, on its port.
    const policy = find(rendered, 'NetworkPolicy', 'fleetgraph-redis') as Manifest & { spec: { podSelector: { matchLabels: Record<string, string> }; policyTypes: string[]; ingress: { from: { podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] } };
    expect(policy.spec.podSelector.matchLabels).toEqual(redis.spec.selector.matchLabels);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: gw.spec.selector.matchLabels } }], ports: [{ protocol: 'TCP', port: 6379 }] }]);
  });

  test('docs/deploy.md\'s scrape job and ServiceMonitor name what the manifests make: the gateway\'s pods and port, the scrape token\'s Secret and key', async () => {
    const docs = await markdownYaml('docs/deploy.md');
    const gw = find(rendered, 'Deployment', 'fleetgraph') as Workload;
    const [c] = gw.spec.template.spec.containers;
    const secret = find(rendered, 'Secret', 'fleetgraph-metrics-token') as Manifest & { stringData: Record<string, string> };
    const svc = find(rendered, 'Service', 'fleetgraph') as Manifest & { spec: { ports: { name: string; targetPort: string }[] } };

    // The plain Prometheus job: the gateway's pods (by the Deployment's selector), their http port, a credentials file.
    interface Job {
      job_name: string; authorization: { credentials_file: string };
      kubernetes_sd_configs: { role: string; namespaces: { names: string[] }; selectors: { role: string; label: string }[] }[];
      relabel_configs: { source_labels: string[]; regex?: string; action?: string }[];
    }
    const prometheus = docs.find((d) => typeof d === 'object' && d !== null && 'scrape_configs' in d) as { scrape_configs: Job[] };
    const job = prometheus.scrape_configs.find((j) => j.job_name === 'fleetgraph')!;
    expect(job.kubernetes_sd_configs).toHaveLength(1);
    const sd = job.kubernetes_sd_configs[0]!;
    expect({ role: sd.role, namespaces: sd.namespaces.names, selectorRoles: sd.selectors.map((x) => x.role) }).toEqual({ role: 'pod', namespaces: ['fleetgraph'], selectorRoles: ['pod'] });
    expect(Object.fromEntries(sd.selectors[0]!.label.split(',').map((kv) => kv.split('=')))).toEqual(gw.spec.selector.matchLabels);
    const keepPort = job.relabel_configs.find((r) => r.action === 'keep' && r.source_labels.includes('__meta_kubernetes_pod_container_port_name'))!;
    expect(c!.ports!.find((p) => p.name === keepPort.regex)?.containerPort).toBe(4000);
    expect(job.authorization).toEqual({ credentials_file: expect.stringMatching(/\/metrics-token$/) });

    // The Prometheus Operator's ServiceMonitor: the gateway's Service and port, the gateway's own Secret.
    const monitor = docs.find((d) => (d as Manifest | null)?.kind === 'ServiceMonitor') as Manifest & {
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; authorization: { credentials: { name: string; key: string } } }[] };
    };
    expect(monitor.metadata.namespace).toBe('fleetgraph');
    expect(svc.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.endpoints).toHaveLength(1);
    const endpoint = monitor.spec.endpoints[0]!;
    expect(svc.spec.ports.find((p) => p.name === endpoint.port)?.targetPort).toBe(keepPort.regex);
    expect(endpoint.authorization.credentials.name).toBe(secret.metadata.name);
    expect(Object.keys(secret.stringData)).toContain(endpoint.authorization.credentials.key);
  });

  test('a server-side dry run accepts every object and writes nothing', async () => {
    // As on a real cluster, a dry run cannot create the namespace its objects go into: it must exist.
    await kubectl.ok(CLUSTER, ['create', 'namespace', 'fleetgraph']);
    const out = await kubectl.ok(CLUSTER, ['apply', '-k', DEPLOY, '--server-side', '--dry-run=server']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(rendered.length);
    for (const line of lines) expect(line).toMatch(/ serverside-applied \(server dry run\)$/);
    expect(lines).toContain('poddisruptionbudget.policy/fleetgraph serverside-applied (server dry run)');
    const written = await kubectl.ok(CLUSTER, ['get', 'deployments,services,poddisruptionbudgets,secrets,configmaps,serviceaccounts', ...NS, '-o', 'name']);
    // Only what the namespace controllers put in every namespace.
    expect(written.trim().split('\n').filter((l) => l !== '').sort()).toEqual(['configmap/kube-root-ca.crt', 'serviceaccount/default']);
  });

  test('a server-side apply creates everything, and the gateway and Redis roll out', async () => {
    const out = await kubectl.ok(CLUSTER, ['apply', '-k', DEPLOY, '--server-side']);
    expect(out.trim().split('\n')).toHaveLength(rendered.length);
    for (const name of ['fleetgraph', 'fleetgraph-redis']) {
      const r = await kubectl.run(CLUSTER, ['rollout', 'status', `deployment/${name}`, ...NS, '--timeout=60s'], undefined, 90_000);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe(`deployment "${name}" successfully rolled out`);
    }
    const names = (await kubectl.ok(CLUSTER, ['get', 'poddisruptionbudget,service,serviceaccount,secret,networkpolicy', ...NS, '-o', 'name'])).trim().split('\n').sort();
    expect(names).toEqual([
      'networkpolicy.networking.k8s.io/fleetgraph-redis', 'poddisruptionbudget.policy/fleetgraph', 'secret/fleetgraph-kubeconfig', 'secret/fleetgraph-metrics-token',
      'secret/fleetgraph-tokens', 'service/fleetgraph', 'service/fleetgraph-redis', 'serviceaccount/default', 'serviceaccount/fleetgraph',
    ]);
    const pods = await kubectl.json<{ items: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string }; status: { phase: string } }[] }>(
      CLUSTER, ['get', 'pods', ...NS, '-l', 'app.kubernetes.io/component=gateway'],
    );
    expect(pods.items.map((p) => [p.spec.serviceAccountName, p.status.phase])).toEqual([['fleetgraph', 'Running'], ['fleetgraph', 'Running'], ['fleetgraph', 'Running']]);
  });

  test('the PodDisruptionBudget counts the three gateway pods and allows one disruption', async () => {
    const status = async () => (await kubectl.json<{ status: Record<string, unknown> }>(CLUSTER, ['get', 'pdb', 'fleetgraph', ...NS])).status;
    // The disruption controller catches up with the pods' readiness shortly after the rollout.
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 100 && last['currentHealthy'] !== 3; i++) {
      last = await status();
      if (last['currentHealthy'] !== 3) await new Promise((r) => setTimeout(r, 50));
    }
    expect(last).toMatchObject({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    const table = await kubectl.ok(CLUSTER, ['get', 'pdb', ...NS]);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/);
    expect(table.split('\n')[1]).toMatch(/^fleetgraph\s+N\/A\s+1\s+1\s+\S+$/);
  });
});
