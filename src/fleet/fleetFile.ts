/**
 * The fleet file (`--fleet FILE`): what the gateway knows about each cluster beyond its
 * kubeconfig context, chiefly the labels that cluster selectors (`clusters: "env=prod"`) match.
 * Reference: docs/fleet-file.md.
 *
 * ```yaml
 * defaults:            # optional; for every context, overriding --timeout-ms / --concurrency
 *   timeoutMs: 3000    # per-cluster upstream timeout, integer 1..600000
 *   concurrency: 8     # concurrent upstream requests per cluster, integer 1..256
 *   chunkSize: 500     # items per LIST page (limit/continue), 0..100000, 0 = one piece
 *   cache: true        # serve reads from watched stores (as --cache); false: LIST per request
 *   namespaces: [a, b] # read and watch only these namespaces, one at a time (default: cluster-wide)
 * clusters:            # optional; keys are kubeconfig context names
 *   prod-eu:
 *     labels: { env: prod, region: eu }   # Kubernetes label syntax; values are strings
 *     timeoutMs: 2000  # optional, overrides defaults for this cluster
 *     concurrency: 4   # optional
 * ```
 *
 * Checked strictly, because a typo here would otherwise silently change which clusters a
 * selector picks: unknown keys at any level, label keys and values kube would reject, numbers
 * out of range and non-string label values (`tier: 1` must be written `tier: "1"`) are errors.
 * A context named here must exist in the kubeconfig (checked by loadClusterSpecs, which has both).
 */
import { describeYamlValue } from './describeYamlValue.ts';
import { FleetConfigError } from './FleetConfigError.ts';
import { isYamlMapping } from './isYamlMapping.ts';
import { labelsSetting, settingsOf } from './fleetFileSettings.ts';
import type { FleetSettings } from './fleetFileSettings.ts';
import { readYamlFile } from './readYamlFile.ts';

export type { FleetSettings } from './fleetFileSettings.ts';

export interface FleetFileCluster extends FleetSettings {
  /** Absent when the entry has no `labels` key; `{}` when it says `labels: {}`. */
  labels?: Record<string, string>;
}

export interface FleetFile {
  /** Absolute path, for messages about entries checked later. */
  path: string;
  defaults: FleetSettings;
  /** By context name, in file order. */
  clusters: ReadonlyMap<string, FleetFileCluster>;
}

/** Throws a FleetConfigError for `problem` at the dotted `at` path inside the file. */
export type FleetFileFail = (at: string, problem: string) => never;

const TOP_KEYS = ['defaults', 'clusters'];
const CLUSTER_KEYS = ['labels', 'timeoutMs', 'concurrency', 'chunkSize', 'cache', 'namespaces'];
const DEFAULTS_KEYS = ['timeoutMs', 'concurrency', 'chunkSize', 'cache', 'namespaces'];

/** `path` must be absolute. */
export async function readFleetFile(path: string): Promise<FleetFile> {
  const what = `fleet file ${path}`;
  const { value } = await readYamlFile(path, what);
  return parseFleetFile(value, path);
}

/** A parsed YAML document → FleetFile. */
export function parseFleetFile(value: unknown, path: string): FleetFile {
  const fail: FleetFileFail = (at, problem) => {
    throw new FleetConfigError(`fleet file ${path}: ${at === '' ? '' : `${at}: `}${problem}`);
  };
  if (!isYamlMapping(value)) {
    return fail('', `expected a mapping with "clusters" and optional "defaults", got ${value === null ? 'an empty document' : describeYamlValue(value)}`);
  }
  onlyKeys(value, TOP_KEYS, '', fail);
  const defaults = mappingOrEmpty(value['defaults'], 'defaults', DEFAULTS_KEYS, fail);
  const clustersValue = value['clusters'];
  if (clustersValue !== undefined && clustersValue !== null && !isYamlMapping(clustersValue)) {
    fail('clusters', `must be a mapping from kubeconfig context names to cluster settings, got ${describeYamlValue(clustersValue)}`);
  }
  const clusters = new Map<string, FleetFileCluster>();
  for (const [name, entryValue] of Object.entries(isYamlMapping(clustersValue) ? clustersValue : {})) {
    const at = `clusters.${name}`;
    const entry = mappingOrEmpty(entryValue, at, CLUSTER_KEYS, fail);
    const cluster: FleetFileCluster = settingsOf(entry, at, fail);
    if (Object.hasOwn(entry, 'labels')) cluster.labels = labelsSetting(entry['labels'], `${at}.labels`, fail);
    clusters.set(name, cluster);
  }
  return { path, defaults: settingsOf(defaults, 'defaults', fail), clusters };
}

/** A mapping allowed to hold `keys`; an absent or empty (`prod-eu:`) value is an empty one. */
function mappingOrEmpty(v: unknown, at: string, keys: readonly string[], fail: FleetFileFail): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isYamlMapping(v)) return fail(at, `must be a mapping with ${list(keys)}, got ${describeYamlValue(v)}`);
  onlyKeys(v, keys, at, fail);
  return v;
}

function onlyKeys(v: Record<string, unknown>, keys: readonly string[], at: string, fail: FleetFileFail): void {
  const unknown = Object.keys(v).find((k) => !keys.includes(k));
  if (unknown !== undefined) fail(at === '' ? unknown : `${at}.${unknown}`, `unknown key; expected ${list(keys)}`);
}

const list = (keys: readonly string[]): string =>
  keys.length === 1 ? keys[0] ?? '' : `${keys.slice(0, -1).join(', ')} or ${keys.at(-1) ?? ''}`;
