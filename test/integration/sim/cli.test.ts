/**
 * `npm run sim` as a user runs it: a real child process that writes a kubeconfig, prints one
 * line per cluster, serves every context, stops cleanly on SIGTERM, and explains bad flags.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
const children: ChildProcess[] = [];

function runCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(output: () => string, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`did not print ${JSON.stringify(text)} within ${timeoutMs} ms; printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run sim', () => {
  test('starts the asked-for fleet, prints a line per cluster, serves every kubeconfig context and stops on SIGTERM', async () => {
    const kubeconfig = join(dir, 'fleet.yaml');
    const cli = runCli(['--clusters', '2', '--kubeconfig', kubeconfig, '--nodes', '2', '--pods', '4', '--latency-ms', '5', '--seed', '7']);
    await waitFor(cli.output, 'kubeconfig written to');
    const lines = cli.output().split('\n').filter((l) => /^sim-\d\t/.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^sim-1\thttps:\/\/127\.0\.0\.1:\d+\tnodes=2\tpods=4 \(latency=5ms\)$/);
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);

    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(kubeconfig, 'utf8'));
    expect(kc.getContexts().map((c) => c.name)).toEqual(['sim-1', 'sim-2']);
    for (const context of ['sim-1', 'sim-2']) {
      kc.setCurrentContext(context);
      const started = performance.now();
      const pods = await kc.makeApiClient(CoreV1Api).listPodForAllNamespaces();
      expect(performance.now() - started).toBeGreaterThanOrEqual(5); // --latency-ms reached the server
      expect(pods.items).toHaveLength(4);
      const nodes = await kc.makeApiClient(CoreV1Api).listNode();
      expect(nodes.items.map((n) => n.metadata?.name)).toEqual([`${context}-node-1`, `${context}-node-2`]);
    }

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('SIGTERM: stopping 2 clusters');
  });

  test('per-cluster fault values reach only the cluster they name', async () => {
    const kubeconfig = join(dir, 'per-cluster.yaml');
    const cli = runCli(['--clusters', '2', '--kubeconfig', kubeconfig, '--latency-ms', 'sim-2=150', '--error-rate', 'sim-2=1', '--error-codes', '503']);
    await waitFor(cli.output, 'kubeconfig written to');
    expect(cli.output()).toMatch(/^sim-1\t\S+\tnodes=3\tpods=0$/m);
    expect(cli.output()).toMatch(/^sim-2\t\S+\tnodes=3\tpods=0 \(latency=150ms, error-rate=1\)$/m);
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(kubeconfig, 'utf8'));
    kc.setCurrentContext('sim-1');
    await expect(kc.makeApiClient(CoreV1Api).listNode()).resolves.toBeDefined();
    kc.setCurrentContext('sim-2');
    const started = performance.now();
    await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow(/503/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  test('a cluster named in --down refuses connections while the others serve', async () => {
    const kubeconfig = join(dir, 'down.yaml');
    const cli = runCli(['--clusters', '2', '--kubeconfig', kubeconfig, '--down', 'sim-2']);
    await waitFor(cli.output, 'kubeconfig written to');
    expect(cli.output()).toMatch(/sim-2\t.*\(down\)/);
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(kubeconfig, 'utf8'));
    kc.setCurrentContext('sim-1');
    await expect(kc.makeApiClient(CoreV1Api).listNode()).resolves.toBeDefined();
    kc.setCurrentContext('sim-2');
    await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow(/ECONNREFUSED/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  test.each([
    [['--clusters', '2'], '--kubeconfig FILE is required'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--clusters', 'two'], '--clusters must be a whole number from 1 to 500, got "two"'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--error-rate', '2'], '--error-rate must be a number from 0 to 1, got "2"'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--error-codes', '404'], '--error-codes takes a list of 500, 503, 429; got "404"'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--down', 'nope'], '--down: no cluster named nope (have sim-1, sim-2, sim-3)'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--frobnicate'], "Unknown option '--frobnicate'"],
    [['--kubeconfig', join(dir, 'x.yaml'), '--latency-ms', 'sim-1=fast'], '--latency-ms sim-1 must be a whole number from 0 up, got "fast"'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--latency-ms', 'sim-1=5=6'], '--latency-ms takes a number or NAME=NUMBER pairs, got "sim-1=5=6"'],
    [['--kubeconfig', join(dir, 'x.yaml'), '--latency-ms', 'sim-9=5'], 'no cluster named sim-9 for a per-cluster fault (have sim-1, sim-2, sim-3)'],
  ])('bad flags %j exit 2 and say what was wrong', async (args, message) => {
    const cli = runCli(args);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain(`sim: ${message}`);
    expect(cli.output()).toContain('usage: npm run sim');
  });
});
