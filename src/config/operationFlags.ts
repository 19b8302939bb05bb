/**
 * `--operation-lease-ttl-ms` and `--operation-resume-ms`: how rollouts kept in Redis are leased
 * and resumed by the replicas (docs/replicated-operations.md). Read only with `--redis`: without
 * a shared Redis rollouts live in one process, and there is nothing to lease or resume.
 */
import type { OperationSettings } from './Config.ts';
import { ConfigError } from './ConfigError.ts';

const TTL = { name: 'operation-lease-ttl-ms', min: 1000, max: 600_000, fallback: 15_000 };
const RESUME = { name: 'operation-resume-ms', min: 100, max: 300_000, fallback: 5000 };

/** The settings (defaults for flags not given) with `--redis`; undefined without it, where giving either flag is a ConfigError. */
export function readOperationFlags(flag: (name: string) => string | undefined, redis: boolean): OperationSettings | undefined {
  const given = [TTL, RESUME].filter((f) => flag(f.name) !== undefined);
  if (!redis) {
    if (given.length > 0) {
      throw new ConfigError(`--${given[0]!.name} needs --redis (or REDIS_URL): rollouts are leased and resumed only by replicas sharing a Redis`);
    }
    return undefined;
  }
  const read = (f: typeof TTL): number => {
    const raw = flag(f.name);
    if (raw === undefined) return f.fallback;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= f.min && n <= f.max)) throw new ConfigError(`--${f.name}: expected an integer from ${f.min} to ${f.max} (milliseconds), got ${JSON.stringify(raw)}`);
    return n;
  };
  return { leaseTtlMs: read(TTL), resumeIntervalMs: read(RESUME) };
}
