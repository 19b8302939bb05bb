/**
 * Running the official Kubernetes Python client (Debian's python3-kubernetes) against a
 * simulated cluster: the checks live in python/conformance.py and report one JSON object. When
 * the interpreter or the module is missing the suite fails loudly in CI (CI=true) and skips with
 * a printed reason elsewhere, as the kubectl suite does.
 */
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: the `python3` on PATH may be a pyenv shim without the module. */
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/conformance.py', import.meta.url));

export interface CheckResult {
  ok: boolean;
  error: string;
}

/** Decide whether the suite can run: throws in CI without the client, returns false (with a printed reason) elsewhere. */
export function pythonClientAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import kubernetes'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  const reason = probe.error
    ? `${PYTHON} not found (set PYTHON=/path/to/python3)`
    : `${PYTHON} cannot import kubernetes (apt-get install python3-kubernetes)`;
  if (process.env.CI) throw new Error(`conformance: ${reason}; CI must run the Python client conformance suite`);
  console.warn(`python conformance suite skipped: ${reason}`);
  return false;
}

/** Run the named checks (all without names) against one kubeconfig context. */
export function runPythonChecks(kubeconfig: string, context: string, checks: string[] = []): Promise<Record<string, CheckResult>> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, kubeconfig, context, ...checks], { timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`conformance.py failed (${error.message}): ${stderr}`));
      try {
        resolve(JSON.parse(stdout) as Record<string, CheckResult>);
      } catch {
        reject(new Error(`conformance.py printed no JSON report: ${stdout}\n${stderr}`));
      }
    });
  });
}
