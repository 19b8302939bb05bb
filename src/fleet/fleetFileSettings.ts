/**
 * The checked values of a fleet file: per-cluster settings (timeoutMs, concurrency) and label
 * sets. Each check names the entry it failed at; the bounds match the --timeout-ms and
 * --concurrency flags, so a fleet file cannot set what the command line would refuse.
 */
import { describeYamlValue } from './describeYamlValue.ts';
import type { FleetFileFail } from './fleetFile.ts';
import { isYamlMapping } from './isYamlMapping.ts';
import { labelKeyProblem } from './labelKeyProblem.ts';
import { labelValueProblem } from './labelValueProblem.ts';
import { dns1123LabelProblem } from '../loaders/kubeNames.ts';

export interface FleetSettings {
  timeoutMs?: number;
  concurrency?: number;
  chunkSize?: number;
  /** Serve this cluster's reads from the watch cache (`--cache` for one cluster, or off for one). */
  cache?: boolean;
  /** The cluster's namespace scope: read and watch namespaced resources only in these (ClusterClient.namespaces). */
  namespaces?: string[];
}

export const MAX_TIMEOUT_MS = 600_000;
export const MAX_CONCURRENCY = 256;
export const MAX_CHUNK_SIZE = 100_000;

function timeoutMs(v: unknown, at: string, fail: FleetFileFail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(at, `must be a positive integer (milliseconds), got ${describeYamlValue(v)}`);
  if (v > MAX_TIMEOUT_MS) return fail(at, `must be at most ${MAX_TIMEOUT_MS} (10 minutes), got ${v}`);
  return v;
}

function concurrency(v: unknown, at: string, fail: FleetFileFail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_CONCURRENCY) {
    return fail(at, `must be an integer from 1 to ${MAX_CONCURRENCY}, got ${describeYamlValue(v)}`);
  }
  return v;
}

function chunkSize(v: unknown, at: string, fail: FleetFileFail): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_CHUNK_SIZE) {
    return fail(at, `must be an integer from 0 (no chunking) to ${MAX_CHUNK_SIZE}, got ${describeYamlValue(v)}`);
  }
  return v;
}

/** The settings present in an entry already checked to hold only known keys. */
export function settingsOf(entry: Record<string, unknown>, at: string, fail: FleetFileFail): FleetSettings {
  const settings: FleetSettings = {};
  if (Object.hasOwn(entry, 'timeoutMs')) settings.timeoutMs = timeoutMs(entry['timeoutMs'], `${at}.timeoutMs`, fail);
  if (Object.hasOwn(entry, 'concurrency')) settings.concurrency = concurrency(entry['concurrency'], `${at}.concurrency`, fail);
  if (Object.hasOwn(entry, 'chunkSize')) settings.chunkSize = chunkSize(entry['chunkSize'], `${at}.chunkSize`, fail);
  if (Object.hasOwn(entry, 'cache')) {
    const v = entry['cache'];
    settings.cache = typeof v === 'boolean' ? v : fail(`${at}.cache`, `must be true or false, got ${describeYamlValue(v)}`);
  }
  if (Object.hasOwn(entry, 'namespaces')) settings.namespaces = namespaces(entry['namespaces'], `${at}.namespaces`, fail);
  return settings;
}

/** A non-empty list of distinct namespace names (an empty scope would serve nothing: leave the key out for cluster-wide). */
function namespaces(v: unknown, at: string, fail: FleetFileFail): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    return fail(at, `must be a non-empty list of namespace names (leave it out to read and watch every namespace), got ${Array.isArray(v) ? 'an empty list' : describeYamlValue(v)}`);
  }
  const seen = new Set<string>();
  for (const [i, name] of v.entries()) {
    if (typeof name !== 'string') fail(`${at}[${i}]`, `must be a namespace name (a string), got ${describeYamlValue(name)}`);
    const problem = dns1123LabelProblem(name);
    if (problem !== undefined) fail(`${at}[${i}]`, `${JSON.stringify(name)} is not a valid namespace name: ${problem}`);
    if (seen.has(name)) fail(`${at}[${i}]`, `${JSON.stringify(name)} is listed twice`);
    seen.add(name);
  }
  return [...seen];
}

export function labelsSetting(v: unknown, at: string, fail: FleetFileFail): Record<string, string> {
  if (v === null) return {};
  if (!isYamlMapping(v)) return fail(at, `must be a mapping of label keys to values, got ${describeYamlValue(v)}`);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem !== undefined) fail(at, `${JSON.stringify(key)} is not a valid label key: ${keyProblem}`);
    // YAML reads `tier: 1` and `enabled: true` as a number and a boolean; kube would refuse them.
    if (typeof value !== 'string') fail(`${at}.${key}`, `must be a string (quote it in YAML), got ${describeYamlValue(value)}`);
    const valueProblem = labelValueProblem(String(value));
    if (valueProblem !== undefined) fail(`${at}.${key}`, `${JSON.stringify(value)} is not a valid label value: ${valueProblem}`);
    labels[key] = String(value);
  }
  return labels;
}
