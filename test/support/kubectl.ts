/**
 * Running the real kubectl against a simulated fleet, as a user types it. When kubectl is
 * missing the conformance suite fails loudly in CI (CI=true) and skips with a printed reason
 * elsewhere.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function findKubectl(): string | undefined {
  const explicit = process.env.KUBECTL;
  if (explicit && existsSync(explicit)) return explicit;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'kubectl');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Decide whether the suite can run: throws in CI without kubectl, returns false (with a printed reason) elsewhere. */
export function kubectlAvailable(): boolean {
  if (findKubectl()) return true;
  const reason = 'kubectl not found on PATH (set KUBECTL=/path/to/kubectl)';
  if (process.env.CI) throw new Error(`conformance: ${reason}; CI must run the kubectl conformance suite`);
  console.warn(`conformance suite skipped: ${reason}`);
  return false;
}

export class Kubectl {
  constructor(private readonly kubeconfig: string, private readonly binary = findKubectl() ?? 'kubectl') {}

  /** Run `kubectl --kubeconfig F --context C args...`; resolves with exit code and output (never rejects on non-zero exit). */
  run(context: string, args: string[], input?: string, timeoutMs = 60_000): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(this.binary, ['--kubeconfig', this.kubeconfig, '--context', context, ...args], {
        timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, KUBECTL_EXTERNAL_DIFF: '' },
      }, (error, stdout, stderr) => {
        if (error && typeof (error as { code?: unknown }).code !== 'number') {
          reject(new Error(`kubectl ${args.join(' ')}: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  }

  /** Like run, but throws with kubectl's stderr when it exits non-zero. */
  async ok(context: string, args: string[], input?: string, timeoutMs?: number): Promise<string> {
    const r = await this.run(context, args, input, timeoutMs);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  async json<T = Record<string, unknown>>(context: string, args: string[]): Promise<T> {
    return JSON.parse(await this.ok(context, [...args, '-o', 'json'])) as T;
  }

  /** Start a long-running kubectl (e.g. `get -w`); collect its output until stopped. */
  spawn(context: string, args: string[]): { child: ChildProcess; output: () => string; stop: () => void } {
    const child = spawn(this.binary, ['--kubeconfig', this.kubeconfig, '--context', context, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    return { child, output: () => out, stop: () => { child.kill('SIGTERM'); } };
  }
}

/** Poll until `check` returns a truthy value or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
