/**
 * Bulk workloads for tests and benchmarks: Deployments (plus a StatefulSet or two) whose replicas
 * add up to exactly the requested number of pods, spread over a few namespaces, with realistic
 * names, images, ports and small requests (so that 2,000 pods fit on a modest fleet of nodes).
 * Only the workload objects are written here; the controllers make the pods.
 */
import { ApiError } from '../api/ApiError.ts';
import type { Registry } from '../registry/Registry.ts';
import { SeededRandom } from '../registry/SeededRandom.ts';
import { R } from '../resources.ts';
import type { KObjectInput } from '../types.ts';

export interface PopulateOptions {
  /** Total pods the created workloads will run. */
  pods: number;
  /** @default ['frontend', 'backend', 'data'] */
  namespaces?: string[];
  seed: number;
  /** ClusterIP Services for at most this many Deployments. @default 50 */
  services?: number;
  /** Also the redis and postgres StatefulSets (a settled fleet has Deployments only). @default true */
  statefulSets?: boolean;
}

export interface PopulateResult {
  deployments: number;
  statefulSets: number;
  services: number;
}

interface AppKind {
  name: string;
  image: string;
  port: number;
}

const APPS: AppKind[] = [
  { name: 'web', image: 'nginx:1.27.3', port: 80 },
  { name: 'api', image: 'ghcr.io/fleetgraph/api:2.14.1', port: 8080 },
  { name: 'checkout', image: 'ghcr.io/fleetgraph/checkout:1.9.0', port: 8080 },
  { name: 'cart', image: 'ghcr.io/fleetgraph/cart:1.4.2', port: 8080 },
  { name: 'catalog', image: 'ghcr.io/fleetgraph/catalog:3.0.7', port: 8080 },
  { name: 'search', image: 'ghcr.io/fleetgraph/search:0.22.4', port: 9200 },
  { name: 'auth', image: 'quay.io/keycloak/keycloak:26.0.7', port: 8080 },
  { name: 'notifications', image: 'ghcr.io/fleetgraph/notifications:1.2.0', port: 8080 },
  { name: 'gateway', image: 'envoyproxy/envoy:v1.32.3', port: 10000 },
  { name: 'worker', image: 'ghcr.io/fleetgraph/worker:5.1.3', port: 9090 },
  { name: 'scheduler', image: 'ghcr.io/fleetgraph/scheduler:1.0.4', port: 9090 },
  { name: 'frontend', image: 'node:22.12-alpine', port: 3000 },
  { name: 'recommendations', image: 'python:3.13-slim', port: 8000 },
  { name: 'inventory', image: 'ghcr.io/fleetgraph/inventory:2.3.1', port: 8080 },
  { name: 'billing', image: 'ghcr.io/fleetgraph/billing:4.0.0', port: 8080 },
  { name: 'reports', image: 'ghcr.io/fleetgraph/reports:1.7.5', port: 8080 },
];
const CPU = ['5m', '10m', '20m', '25m', '50m'];
const MEMORY = ['16Mi', '32Mi', '64Mi', '128Mi'];

function ensureNamespace(registry: Registry, name: string): void {
  if (registry.get(R.namespaces, '', name)) return;
  try {
    registry.create(R.namespaces, { metadata: { name } }, { fieldManager: 'kubectl-create' });
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
  }
}

function pick<T>(rng: SeededRandom, list: readonly T[]): T {
  return list[rng.int(list.length)] as T;
}

/** A Deployment or StatefulSet body running `replicas` pods of `app`. */
export function workload(kind: 'Deployment' | 'StatefulSet', name: string, namespace: string, app: AppKind, replicas: number, cpu: string, memory: string): KObjectInput {
  const labels = { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': namespace };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: app.name,
            image: app.image,
            ports: [{ name: 'http', containerPort: app.port, protocol: 'TCP' }],
            resources: { requests: { cpu, memory }, limits: { memory } },
          }],
        },
      },
    },
  };
}

export function populateWorkloads(registry: Registry, opts: PopulateOptions): PopulateResult {
  if (!Number.isInteger(opts.pods) || opts.pods < 0) throw new Error(`populateWorkloads: pods must be a whole number >= 0, got ${opts.pods}`);
  const rng = new SeededRandom(opts.seed ^ 0x2545f491);
  const namespaces = opts.namespaces?.length ? opts.namespaces : ['frontend', 'backend', 'data'];
  for (const ns of namespaces) ensureNamespace(registry, ns);
  const dataNs = namespaces[namespaces.length - 1] ?? 'default';
  const result: PopulateResult = { deployments: 0, statefulSets: 0, services: 0 };
  let remaining = opts.pods;
  const manager = { fieldManager: 'kubectl-client-side-apply' };

  // Stateful backends first, when there are pods enough for them.
  const stateful: [string, AppKind, number][] = [];
  const withStateful = opts.statefulSets !== false;
  if (withStateful && remaining >= 6) stateful.push(['redis', { name: 'redis', image: 'redis:7.4.1', port: 6379 }, 3]);
  if (withStateful && remaining >= 40) stateful.push(['postgres', { name: 'postgres', image: 'postgres:17.2', port: 5432 }, 2]);
  for (const [name, app, replicas] of stateful) {
    registry.create(R.statefulsets, workload('StatefulSet', name, dataNs, app, replicas, '50m', '128Mi'), manager);
    registry.create(R.services, {
      metadata: { name, namespace: dataNs, labels: { app: name } },
      spec: { clusterIP: 'None', selector: { app: name }, ports: [{ name: app.name, port: app.port, targetPort: app.port }] },
    }, manager);
    remaining -= replicas;
    result.statefulSets++;
  }

  const maxServices = opts.services ?? 50;
  for (let i = 0; remaining > 0; i++) {
    const app = APPS[i % APPS.length] as AppKind;
    const round = Math.floor(i / APPS.length);
    const name = round === 0 ? app.name : `${app.name}-${round + 1}`;
    const namespace = namespaces[i % namespaces.length] ?? 'default';
    const replicas = Math.min(remaining, 1 + rng.int(6));
    registry.create(R.deployments, workload('Deployment', name, namespace, app, replicas, pick(rng, CPU), pick(rng, MEMORY)), manager);
    result.deployments++;
    remaining -= replicas;
    if (result.services < maxServices) {
      registry.create(R.services, {
        metadata: { name, namespace, labels: { app: name } },
        spec: { selector: { app: name }, ports: [{ name: 'http', port: app.port === 80 ? 80 : 8080, targetPort: 'http', protocol: 'TCP' }] },
      }, manager);
      result.services++;
    }
  }
  return result;
}
