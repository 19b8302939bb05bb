/** Temp files for the fleet loader tests: kubeconfigs and fleet files written to os.tmpdir(). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FleetConfigError } from '../../../src/fleet/FleetConfigError.ts';

export interface TempDir {
  path: string;
  /** Writes `text` (or an object as YAML) to `name` in the directory; returns the absolute path. */
  write(name: string, content: string | object): string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'fleetgraph-fleet-'));
  return {
    path,
    write(name, content) {
      const file = join(path, name);
      writeFileSync(file, typeof content === 'string' ? content : stringify(content));
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A kubeconfig as a plain object: one context, cluster and user per name, each named alike. */
export function kubeconfigOf(names: readonly string[]): {
  clusters: Array<Record<string, unknown>>;
  users: Array<Record<string, unknown>>;
  contexts: Array<Record<string, unknown>>;
  [key: string]: unknown;
} {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map((n, i) => ({ name: n, cluster: { server: `https://127.0.0.1:${6443 + i}` } })),
    users: names.map((n) => ({ name: n, user: { token: `token-${n}` } })),
    contexts: names.map((n) => ({ name: n, context: { cluster: n, user: n } })),
    'current-context': names[0] ?? '',
  };
}

export async function fleetErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof FleetConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a FleetConfigError');
}
