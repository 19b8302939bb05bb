/**
 * Shapes shared by the apply benchmark's processes: what the orchestrator hands a contender,
 * what a contender reports back (its samples and a tally of what it says it did, checked
 * against the simulator's stores by the orchestrator), and the two kinds of apply measured.
 */

/**
 * `create`: every iteration applies the manifest in a namespace of its own that does not exist
 * yet (ten creations per cluster). `reapply`: every measured iteration applies the manifest the
 * warm-up already applied (nothing changes on any cluster).
 */
export type ApplyMode = 'create' | 'reapply';

export interface ApplyConfig {
  kubeconfig: string;
  contexts: string[];
  warmup: number;
  iterations: number;
  mode: ApplyMode;
  /** Namespace prefix of this contender's objects (`<prefix>-<iteration>` for create, `<prefix>-same` for reapply). */
  prefix: string;
  /** Where the contender writes its manifest files (kubectl reads files). */
  dir: string;
  /** kubectl: the discovery cache directory for this run. */
  cacheDir?: string;
  /** kubectl: the binary. */
  kubectl?: string;
  /** gateway client: the gateway's /graphql URL. */
  url?: string;
}

/** The namespace iteration `i` (warm-up iterations first, counted from 0) applies in. */
export function namespaceFor(config: Pick<ApplyConfig, 'mode' | 'prefix'>, i: number): string {
  return config.mode === 'create' ? `${config.prefix}-${i}` : `${config.prefix}-same`;
}

/** What a contender says its measured applies did, summed over iterations. */
export interface ApplyTally {
  /** Cluster results seen (clusters × iterations). */
  clusters: number;
  /** Objects reported applied (clusters × iterations × 10 when all went well). */
  objects: number;
  /** Per reported action: the gateway's CREATED/CONFIGURED/UNCHANGED, kubectl's `serverside-applied`. */
  actions: Record<string, number>;
  /** Failures reported (first few). */
  errors: string[];
}

export function emptyTally(): ApplyTally {
  return { clusters: 0, objects: 0, actions: {}, errors: [] };
}

