/**
 * `npm run sim -- --rbac --users FILE` as a user runs it: every cluster enforces RBAC, the token
 * file's users authenticate with their groups, kubectl sees kube's answers; a bad token file is
 * refused naming its line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Kubectl, kubectlAvailable } from '../../support/kubectl.ts';

const dir = mkdtempSync(join(tmpdir(), 'sim-rbac-cli-'));
const children: ChildProcess[] = [];

function runCli(args: string[]): { output: () => string; exited: Promise<number | null>; child: ChildProcess } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  return { child, output: () => out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function printed(output: () => string, text: string, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => { done = true; });
  while (!output().includes(text)) {
    if (done) throw new Error(`exited without printing ${JSON.stringify(text)}; printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(kubectlAvailable())('npm run sim with --rbac and --users', () => {
  test('serves clusters that enforce RBAC for the token file\'s users and groups', async () => {
    const users = join(dir, 'users.csv');
    writeFileSync(users, 'alice-token,alice,u-1\nops-token,olga,u-2,"ops,devs"\n');
    const kubeconfig = join(dir, 'fleet.yaml');
    const sim = runCli(['--kubeconfig', kubeconfig, '--clusters', '1', '--nodes', '1', '--rbac', '--users', users]);
    await printed(sim.output, 'kubeconfig written', sim.exited);
    expect(sim.output()).toMatch(/^sim-1\t.*\(rbac\)$/m);
    const kubectl = new Kubectl(kubeconfig);
    await kubectl.ok('sim-1', ['create', 'clusterrolebinding', 'ops-view', '--clusterrole', 'view', '--group', 'ops']);
    const alice = await kubectl.run('sim-1', ['--token', 'alice-token', 'get', 'pods', '-n', 'default']);
    expect(alice.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
    expect((await kubectl.run('sim-1', ['--token', 'ops-token', 'get', 'pods', '-n', 'default'])).code).toBe(0);
    expect((await kubectl.run('sim-1', ['--token', 'nobody', 'get', 'pods'])).stderr).toContain('Unauthorized');
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  }, 60_000);

  test('refuses a token file line without a user id, naming the line', async () => {
    const users = join(dir, 'bad.csv');
    writeFileSync(users, 'ok-token,ok,u-1\nbad-token,bad\n');
    const sim = runCli(['--kubeconfig', join(dir, 'x.yaml'), '--clusters', '1', '--rbac', '--users', users]);
    expect(await sim.exited).toBe(2);
    expect(sim.output()).toContain(`sim: --users ${users}: token file ${users}, line 2: expected at least 3 columns (token,user,uid[,"group1,group2"]), found 2`);
  }, 60_000);
});
