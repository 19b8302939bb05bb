/**
 * The kubectl way: for each cluster in turn, as a CI job or a shell loop does today,
 * `kubectl apply --server-side -f app.yaml --context C`, its output read for what it applied.
 * Discovery comes from a cache directory warmed by the untimed warm-up apply.
 *
 *   node --import tsx bench/applyKubectl.ts CONFIG_JSON   (forked by bench/apply.ts)
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { manifest, OBJECTS_PER_APPLY } from './applyManifest.ts';
import { readConfig, runLoop } from './applyLoop.ts';
import type { ApplyTally } from './applyTypes.ts';

const config = readConfig();
const cacheDir = config.cacheDir;
const binary = config.kubectl;
if (!cacheDir || !binary) throw new Error('apply kubectl: config.cacheDir and config.kubectl are required');
const file = (namespace: string) => join(config.dir, `${namespace}.yaml`);

function kubectl(context: string, namespace: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary!, ['apply', '--server-side', '-f', file(namespace), '--context', context, '--kubeconfig', config.kubeconfig, '--cache-dir', cacheDir!],
      { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl apply --server-side --context ${context}: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
  });
}

await runLoop(config, (namespace) => writeFile(file(namespace), manifest(namespace)), async (namespace, tally: ApplyTally) => {
  let bytes = 0;
  for (const context of config.contexts) {
    let out: string;
    try {
      out = await kubectl(context, namespace);
    } catch (e) {
      tally.clusters++;
      if (tally.errors.length < 5) tally.errors.push(e instanceof Error ? e.message : String(e));
      continue;
    }
    bytes += out.length;
    tally.clusters++;
    // One line per object: `deployment.apps/web serverside-applied`.
    const lines = out.split('\n').filter((l) => l.trim());
    for (const line of lines) {
      const action = line.trim().split(/\s+/).pop() ?? '';
      tally.objects++;
      tally.actions[action] = (tally.actions[action] ?? 0) + 1;
    }
    if (lines.length !== OBJECTS_PER_APPLY && tally.errors.length < 5) tally.errors.push(`${context}: kubectl printed ${lines.length} lines, expected ${OBJECTS_PER_APPLY}:\n${out}`);
  }
  return bytes;
});
