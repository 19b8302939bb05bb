/**
 * `npm run bench -- <scenario> [--key value ...]`: runs one benchmark scenario and writes its
 * figures into BENCHMARKS.md. Never part of CI.
 */
import { abuse } from './abuse.ts';
import { apply } from './apply.ts';
import { cacheMemory } from './cacheMemory.ts';
import { cached } from './cached.ts';
import { fanout } from './fanout.ts';
import { live } from './live.ts';
import { replicas } from './replicas.ts';
import { freshness } from './liveFreshness.ts';
import { simScale } from './simScale.ts';
import { throughput } from './throughput.ts';

const scenarios: Record<string, (args: Record<string, string>) => Promise<void>> = {
  sim: simScale,
  fanout,
  throughput,
  live,
  freshness,
  apply,
  'cache-memory': cacheMemory,
  cached,
  abuse,
  replicas,
};

const [name = 'sim', ...rest] = process.argv.slice(2);
const args: Record<string, string> = {};
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i]!.replace(/^--/, '');
  const value = rest[i + 1];
  if (value === undefined) throw new Error(`bench: --${key} needs a value`);
  args[key] = value;
}
const run = scenarios[name];
if (!run) {
  process.stderr.write(`bench: unknown scenario ${name}; have ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
await run(args);
process.exit(0);
