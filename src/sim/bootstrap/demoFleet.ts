/**
 * The demo fleet of `npm start`: four labelled clusters (dev, staging and two prod regions) with
 * the same sample shop, sized by environment: Deployments with Services (the storefront behind a
 * LoadBalancer), a `postgres` StatefulSet, a `node-exporter` DaemonSet, ConfigMaps and Secrets,
 * one crash-looping workload so warnings show, and in one cluster a pod too big to schedule.
 * `startDemoActivity` keeps events flowing: scaling, the odd rollout, the odd deleted pod.
 */
import { ApiError } from '../api/ApiError.ts';
import type { ControllerContext } from '../controllers/ControllerManager.ts';
import { fnv32a } from '../controllers/templateHash.ts';
import type { SimTimer } from '../clock.ts';
import type { Registry } from '../registry/Registry.ts';
import { SeededRandom } from '../registry/SeededRandom.ts';
import { R, type ResourceType } from '../resources.ts';
import type { Deployment, KObjectInput, Pod } from '../types.ts';

export interface DemoCluster {
  name: string;
  labels: Record<string, string>;
  nodes: number;
}

export const DEMO_CLUSTERS: DemoCluster[] = [
  { name: 'dev-eu', labels: { env: 'dev', region: 'eu' }, nodes: 2 },
  { name: 'staging-eu', labels: { env: 'staging', region: 'eu' }, nodes: 3 },
  { name: 'prod-eu', labels: { env: 'prod', region: 'eu' }, nodes: 4 },
  { name: 'prod-us', labels: { env: 'prod', region: 'us' }, nodes: 4 },
];

export const DEMO_NAMESPACES = ['shop', 'payments', 'monitoring'];
/** The cluster whose `monitoring/log-indexer` asks for more CPU than any node has. */
export const UNSCHEDULABLE_IN = 'prod-us';
/** Workloads the background activity leaves alone (their trouble is the point). */
const STEADY = new Set(['fraud-scorer', 'log-indexer']);
const MANAGER = 'kubectl-client-side-apply';

interface AppSpec {
  name: string;
  namespace: string;
  image: string;
  port: number;
  replicas: number;
  cpu: string;
  memory: string;
  env?: Record<string, string>;
}

function create(registry: Registry, type: ResourceType, body: KObjectInput): void {
  try {
    registry.create(type, body, { fieldManager: MANAGER });
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
  }
}

function podTemplate(app: AppSpec, labels: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { labels },
    spec: {
      containers: [{
        name: app.name,
        image: app.image,
        ports: [{ name: 'http', containerPort: app.port, protocol: 'TCP' }],
        ...(app.env ? { env: Object.entries(app.env).map(([name, value]) => ({ name, value })) } : {}),
        resources: { requests: { cpu: app.cpu, memory: app.memory }, limits: { memory: app.memory } },
      }],
      ...extra,
    },
  };
}

function labelsOf(app: AppSpec, env: string): Record<string, string> {
  return { app: app.name, 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/part-of': app.namespace, env };
}

function deployment(registry: Registry, app: AppSpec, env: string): void {
  const labels = labelsOf(app, env);
  create(registry, R.deployments, {
    metadata: { name: app.name, namespace: app.namespace, labels, annotations: { 'kubernetes.io/change-cause': `deploy ${app.image}` } },
    spec: { replicas: app.replicas, selector: { matchLabels: { app: app.name } }, template: podTemplate(app, labels) },
  });
}

function service(registry: Registry, app: AppSpec, type: 'ClusterIP' | 'LoadBalancer' = 'ClusterIP', headless = false): void {
  create(registry, R.services, {
    metadata: { name: app.name, namespace: app.namespace, labels: { app: app.name } },
    spec: {
      type, selector: { app: app.name },
      ...(headless ? { clusterIP: 'None' } : {}),
      ports: [{ name: 'http', port: type === 'LoadBalancer' ? 80 : app.port, targetPort: 'http', protocol: 'TCP' }],
    },
  });
}

/** Fill one demo cluster with the sample shop, sized by its `env` label. */
export function populateDemo(registry: Registry, cluster: { name: string; labels: Record<string, string> }): void {
  const env = cluster.labels.env ?? 'dev';
  const scale = env === 'prod' ? 3 : env === 'staging' ? 2 : 1;
  for (const ns of DEMO_NAMESPACES) create(registry, R.namespaces, { metadata: { name: ns, labels: { team: ns, env } } });

  const apps: AppSpec[] = [
    { name: 'storefront', namespace: 'shop', image: 'nginx:1.27.3', port: 80, replicas: scale, cpu: '100m', memory: '128Mi' },
    { name: 'cart', namespace: 'shop', image: 'ghcr.io/fleetgraph/cart:1.4.2', port: 8080, replicas: scale, cpu: '50m', memory: '96Mi', env: { LOG_LEVEL: 'info' } },
    { name: 'catalog', namespace: 'shop', image: 'ghcr.io/fleetgraph/catalog:3.0.7', port: 8080, replicas: scale + 1, cpu: '100m', memory: '192Mi' },
    { name: 'payments-api', namespace: 'payments', image: 'ghcr.io/fleetgraph/payments-api:2.8.0', port: 8080, replicas: scale, cpu: '150m', memory: '256Mi' },
    { name: 'fraud-scorer', namespace: 'payments', image: 'ghcr.io/fleetgraph/fraud-scorer:0.9.1-crashloop', port: 8080, replicas: 1, cpu: '50m', memory: '128Mi' },
    { name: 'grafana', namespace: 'monitoring', image: 'grafana/grafana:11.4.0', port: 3000, replicas: 1, cpu: '100m', memory: '256Mi' },
  ];
  for (const app of apps) {
    deployment(registry, app, env);
    if (app.name !== 'fraud-scorer') service(registry, app, app.name === 'storefront' ? 'LoadBalancer' : 'ClusterIP');
  }
  create(registry, R.configmaps, { metadata: { name: 'shop-config', namespace: 'shop' }, data: { CURRENCY: 'EUR', FEATURE_RECOMMENDATIONS: env === 'prod' ? 'false' : 'true', 'nginx.conf': 'server {\n  listen 80;\n  location / { proxy_pass http://catalog:8080; }\n}\n' } });
  create(registry, R.configmaps, { metadata: { name: 'grafana-datasources', namespace: 'monitoring' }, data: { 'datasources.yaml': 'apiVersion: 1\ndatasources:\n- name: Prometheus\n  type: prometheus\n  url: http://prometheus:9090\n' } });
  create(registry, R.secrets, { metadata: { name: 'payments-postgres', namespace: 'payments' }, type: 'Opaque', stringData: { username: 'payments', password: `demo-${cluster.name}` } });
  create(registry, R.secrets, { metadata: { name: 'storefront-tls', namespace: 'shop' }, type: 'kubernetes.io/tls', data: { 'tls.crt': Buffer.from('demo certificate').toString('base64'), 'tls.key': Buffer.from('demo key').toString('base64') } });

  const postgres: AppSpec = { name: 'postgres', namespace: 'payments', image: 'postgres:17.2', port: 5432, replicas: env === 'prod' ? 3 : 1, cpu: '250m', memory: '512Mi' };
  service(registry, postgres, 'ClusterIP', true);
  const pgLabels = labelsOf(postgres, env);
  create(registry, R.statefulsets, {
    metadata: { name: 'postgres', namespace: 'payments', labels: pgLabels },
    spec: {
      replicas: postgres.replicas, serviceName: 'postgres', selector: { matchLabels: { app: 'postgres' } },
      template: podTemplate({ ...postgres, env: { POSTGRES_DB: 'payments' } }, pgLabels),
    },
  });

  const exporter: AppSpec = { name: 'node-exporter', namespace: 'monitoring', image: 'quay.io/prometheus/node-exporter:v1.8.2', port: 9100, replicas: 0, cpu: '10m', memory: '32Mi' };
  const exLabels = labelsOf(exporter, env);
  create(registry, R.daemonsets, {
    metadata: { name: 'node-exporter', namespace: 'monitoring', labels: exLabels },
    spec: { selector: { matchLabels: { app: 'node-exporter' } }, template: podTemplate(exporter, exLabels, { hostNetwork: true }) },
  });

  if (cluster.name === UNSCHEDULABLE_IN) {
    deployment(registry, { name: 'log-indexer', namespace: 'monitoring', image: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.0', port: 9200, replicas: 1, cpu: '64', memory: '256Gi' }, env);
  }
}

/** Steady background change, every few seconds of cluster time. */
export function startDemoActivity(ctx: ControllerContext): { stop(): void } {
  const { registry, clock } = ctx;
  const rng = new SeededRandom(fnv32a(`activity|${ctx.clusterName}`));
  let timer: SimTimer | undefined;
  let stopped = false;

  const candidates = (): Deployment[] => DEMO_NAMESPACES.flatMap((ns) => registry.list<Deployment>(R.deployments, ns))
    .filter((d) => !STEADY.has(d.metadata.name) && !d.metadata.deletionTimestamp);

  function act(): void {
    const deployments = candidates();
    const d = deployments[rng.int(deployments.length)];
    if (!d) return;
    const ns = d.metadata.namespace ?? '';
    const roll = rng.next();
    if (roll < 0.5) {
      const n = d.spec.replicas ?? 1;
      const next = n <= 1 ? n + 1 : n >= 5 ? n - 1 : n + (rng.next() < 0.5 ? -1 : 1);
      registry.mutate<Deployment>(R.deployments, ns, d.metadata.name, (draft) => { draft.spec.replicas = next; }, { fieldManager: 'kubectl' });
    } else if (roll < 0.65) {
      // What `kubectl rollout restart` does.
      registry.mutate<Deployment>(R.deployments, ns, d.metadata.name, (draft) => {
        const meta = (draft.spec.template.metadata ??= {});
        meta.annotations = { ...(meta.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      }, { fieldManager: 'kubectl-rollout' });
    } else if (roll < 0.9) {
      const pods = registry.list<Pod>(R.pods, ns).filter((p) => p.metadata.labels?.app === d.metadata.name && !p.metadata.deletionTimestamp);
      const victim = pods[rng.int(pods.length)];
      if (victim) registry.delete(R.pods, ns, victim.metadata.name);
    }
  }

  const schedule = (): void => {
    if (stopped) return;
    timer = clock.schedule(4000 + rng.int(4000), () => {
      try {
        act();
      } catch {
        // A conflict or a vanished object: the next tick simply does something else.
      }
      schedule();
    });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
