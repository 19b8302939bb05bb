/**
 * Integer flags read from a table: each names the settings key it sets and its range, so the
 * help line, the range check and the error text come from one row. The query limits
 * (limitFlags.ts) and the live-update limits (liveFlags.ts) are such tables.
 */
import { ConfigError } from './ConfigError.ts';
import type { FlagSpec } from './flags.ts';

export interface IntegerFlag<K extends string> extends FlagSpec { key: K; min: number; max: number }

/** `defaults` with every flag given replaced by its value; a ConfigError names a bad one. */
export function readIntegerFlags<K extends string>(table: readonly IntegerFlag<K>[], defaults: Readonly<Record<K, number>>, flag: (name: string) => string | undefined): Record<K, number> {
  const values = { ...defaults } as Record<K, number>;
  for (const f of table) {
    const raw = flag(f.name);
    if (raw === undefined) continue;
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= f.min && n <= f.max)) throw new ConfigError(`--${f.name}: expected an integer from ${f.min} to ${f.max}, got ${JSON.stringify(raw)}`);
    values[f.key] = n;
  }
  return values;
}
