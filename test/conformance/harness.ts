/**
 * Shared plumbing of the kubectl conformance suite: a small sped-up fleet on the real clock, its
 * kubeconfig in a temporary directory, a `kubectl` bound to one context, and helpers to write
 * manifests and read cluster state back the way a user would (`kubectl get -o json`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimFleet, type FleetOptions } from '../../src/sim/index.ts';
import { eventually, Kubectl, type KubectlResult } from '../support/kubectl.ts';
import { stopFleet } from '../support/stopFleet.ts';

export { eventually };

/** How much faster than real time the conformance clusters run: a 1.5 s pod start takes 75 ms. */
export const SPEED = 20;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: number; managedFields?: { manager: string; operation: string; subresource?: string; fieldsV1?: Record<string, unknown> }[]; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string }[]; deletionTimestamp?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface KubeList<T = KubeObject> {
  kind: string;
  items: T[];
}

export interface Pod extends KubeObject {
  spec: { nodeName?: string; containers: { name: string; image: string }[] };
  status: { phase?: string; podIP?: string; containerStatuses?: { ready: boolean; restartCount: number; state?: Record<string, unknown> }[] };
}

/** One started fleet and a kubectl pointed at its kubeconfig. */
export class Conformance {
  private constructor(readonly fleet: SimFleet, readonly dir: string, readonly kubeconfig: string, readonly kubectl: Kubectl, readonly context: string) {}

  static async start(options: FleetOptions = {}): Promise<Conformance> {
    const dir = await mkdtemp(join(tmpdir(), 'kubectl-conformance-'));
    const fleet = await SimFleet.start({ clusters: 1, nodes: 3, speed: SPEED, ...options });
    const kubeconfig = join(dir, 'kubeconfig');
    await fleet.writeKubeconfig(kubeconfig);
    return new Conformance(fleet, dir, kubeconfig, new Kubectl(kubeconfig), fleet.clusters[0]!.name);
  }

  async stop(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await stopFleet(this.fleet);
  }

  /** `kubectl <args>` in the first cluster's context; never throws on a non-zero exit. */
  run(args: string[], input?: string): Promise<KubectlResult> {
    return this.kubectl.run(this.context, args, input);
  }

  /** `kubectl <args>` that must succeed; its stdout. */
  ok(args: string[], input?: string): Promise<string> {
    return this.kubectl.ok(this.context, args, input);
  }

  json<T = KubeObject>(args: string[]): Promise<T> {
    return this.kubectl.json<T>(this.context, args);
  }

  /** Write `text` to a file in the temporary directory; its path. */
  async manifest(name: string, text: string): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, text);
    return path;
  }

  /** Pods of a namespace as `kubectl get pods -o json` shows them. */
  async pods(namespace = 'default', selector?: string): Promise<Pod[]> {
    const args = ['get', 'pods', '-n', namespace, ...(selector ? ['-l', selector] : [])];
    return (await this.json<KubeList<Pod>>(args)).items;
  }

  /** Wait until `count` pods matching `selector` are Running and ready (and no others are left). */
  async runningPods(selector: string, count: number, namespace = 'default', timeoutMs = 20_000): Promise<Pod[]> {
    return eventually(async () => {
      const pods = await this.pods(namespace, selector);
      const live = pods.filter((p) => !p.metadata.deletionTimestamp);
      const running = live.filter((p) => p.status.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready));
      return running.length === count && live.length === count ? running : undefined;
    }, timeoutMs);
  }
}

/** A Deployment manifest as a user writes it. */
export function deploymentYaml(name: string, opts: { replicas?: number; image?: string; namespace?: string; port?: number; extra?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${opts.namespace ? `  namespace: ${opts.namespace}\n` : ''}  labels:
    app: ${name}
spec:
  replicas: ${opts.replicas ?? 2}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: ${name}
        image: ${opts.image ?? 'nginx:1.27'}
        ports:
        - containerPort: ${opts.port ?? 8080}
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
${opts.extra ?? ''}`;
}

/** Whether a program is on PATH (kubectl diff needs `diff`). */
export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Lines of a kubectl table, header first, split into columns. */
export function table(text: string): string[][] {
  return text.trim().split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s{2,}/));
}

/** The rows of a kubectl table as objects keyed by header. */
export function rows(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0]!;
  // Columns start where a header word starts; cells are cut at those offsets (cells may contain single spaces).
  const starts: number[] = [];
  const names: string[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    starts.push(m.index);
    names.push(m[0]);
  }
  return lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    names.forEach((n, i) => {
      row[n] = line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
    });
    return row;
  });
}
