/**
 * The query-limit flags (docs/limits.md): their help lines and how their values become the
 * gateway's QueryLimits. Kept beside the other flags' table, listed in --help under their own
 * heading. Defaults come from src/limits, the one place they are set.
 */
import { DEFAULT_QUERY_LIMITS as D, type QueryLimits } from '../limits/QueryLimits.ts';
import { DEFAULT_RATE_LIMITS as R, type RateLimits } from '../limits/RateLimits.ts';
import { DEFAULT_MAX_MANIFEST_BYTES, DEFAULT_MAX_MANIFEST_OBJECTS, type ManifestLimits } from '../ops/parseManifests.ts';
import { readIntegerFlags, type IntegerFlag } from './integerFlags.ts';

export const LIMIT_FLAGS: readonly IntegerFlag<keyof QueryLimits>[] = [
  { key: 'maxDepth', name: 'max-depth', type: 'string', placeholder: 'N', min: 1, max: 100, help: `deepest field nesting of a query, fragments flattened (default ${D.maxDepth})` },
  { key: 'maxAliases', name: 'max-aliases', type: 'string', placeholder: 'N', min: 0, max: 100_000, help: `aliased fields in one operation (default ${D.maxAliases})` },
  { key: 'maxTokens', name: 'max-tokens', type: 'string', placeholder: 'N', min: 100, max: 1_000_000, help: `lexical tokens in one document, counted while parsing (default ${D.maxTokens})` },
  { key: 'maxDirectives', name: 'max-directives', type: 'string', placeholder: 'N', min: 0, max: 100_000, help: `directives in one operation (default ${D.maxDirectives})` },
  { key: 'maxCost', name: 'max-cost', type: 'string', placeholder: 'N', min: 1, max: 1e12, help: `estimated fan-out cost of one operation; raise it for fleets over ~150 clusters (default ${D.maxCost})` },
  { key: 'assumedListSize', name: 'assumed-list-size', type: 'string', placeholder: 'N', min: 1, max: 1_000_000, help: `objects assumed per cluster per LIST in the cost estimate (default ${D.assumedListSize})` },
  { key: 'assumedJoinSize', name: 'assumed-join-size', type: 'string', placeholder: 'N', min: 1, max: 1_000_000, help: `children assumed per parent in a join (a node's pods) in the cost estimate (default ${D.assumedJoinSize})` },
  { key: 'maxUpstreamCallsPerCluster', name: 'max-upstream-calls', type: 'string', placeholder: 'N', min: 1, max: 100_000, help: `upstream calls one request may make to any one cluster (default ${D.maxUpstreamCallsPerCluster})` },
  { key: 'requestTimeoutMs', name: 'request-timeout-ms', type: 'string', placeholder: 'MS', min: 1, max: 3_600_000, help: `after this, a request sends no more upstream calls (default ${D.requestTimeoutMs})` },
];

/** The limits from the flags given (raw values by flag name); a ConfigError names a bad one. */
export function readLimitFlags(flag: (name: string) => string | undefined): QueryLimits {
  return readIntegerFlags(LIMIT_FLAGS, D, flag);
}

/** The per-caller rate limits (docs/abuse-limits.md), listed under the query limits; 0 turns one off. */
export const RATE_LIMIT_FLAGS: readonly IntegerFlag<keyof RateLimits>[] = [
  { key: 'operationsPerMinute', name: 'rate-limit', type: 'string', placeholder: 'N', min: 0, max: 1_000_000, help: `operations per minute per caller (user, or address without authentication), bursts up to N; 0 = off (default ${R.operationsPerMinute})` },
  { key: 'costPerMinute', name: 'cost-budget', type: 'string', placeholder: 'N', min: 0, max: 1e15, help: `estimated fan-out cost (as --max-cost counts it) per minute per caller; 0 = off (default ${R.costPerMinute})` },
  { key: 'maxCallers', name: 'rate-limit-callers', type: 'string', placeholder: 'N', min: 1, max: 10_000_000, help: `callers whose rate limits are tracked at once, least recently seen forgotten first (default ${R.maxCallers})` },
];

/** The rate limits from the flags given; a ConfigError names a bad one. */
export function readRateLimitFlags(flag: (name: string) => string | undefined): RateLimits {
  return readIntegerFlags(RATE_LIMIT_FLAGS, R, flag);
}

/** The request body limit of the HTTP side (handleGraphqlHttp.ts): manifests arrive inside that body, so a larger limit could never be reached. */
const BODY_BYTES = 1 << 20;

/**
 * The mutations' manifest limits (docs/limits.md, "Mutations"), listed under the query limits.
 * Why (abuse): a manifest is parsed whole before anything is written, and each object is one
 * write per target cluster; these bound that parse and that fan-out. The byte limit can only be
 * lowered: the 1 MiB request body limit applies first.
 */
export const MANIFEST_FLAGS: readonly IntegerFlag<keyof Required<ManifestLimits>>[] = [
  { key: 'maxBytes', name: 'max-manifest-bytes', type: 'string', placeholder: 'N', min: 1024, max: BODY_BYTES, help: `largest manifest text of one mutation, in bytes; at most ${BODY_BYTES}, the request body limit (default ${DEFAULT_MAX_MANIFEST_BYTES})` },
  { key: 'maxObjects', name: 'max-manifest-objects', type: 'string', placeholder: 'N', min: 1, max: 100_000, help: `objects in one mutation's manifests, each one write per target cluster (default ${DEFAULT_MAX_MANIFEST_OBJECTS})` },
];

/** The manifest limits when a flag of MANIFEST_FLAGS is given (undefined: none is, the defaults hold); a ConfigError names a bad one. */
export function readManifestFlags(flag: (name: string) => string | undefined): Required<ManifestLimits> | undefined {
  if (MANIFEST_FLAGS.every((f) => flag(f.name) === undefined)) return undefined;
  return readIntegerFlags(MANIFEST_FLAGS, { maxBytes: DEFAULT_MAX_MANIFEST_BYTES, maxObjects: DEFAULT_MAX_MANIFEST_OBJECTS }, flag);
}
