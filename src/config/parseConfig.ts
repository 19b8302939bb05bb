/**
 * Flags and environment → one validated Config. Every bad input becomes a ConfigError naming
 * the flag or variable and echoing the value; --help becomes HelpRequested. Files named by
 * flags are not opened here: the fleet loader reports on them with their contents in view.
 */
import { resolve } from 'node:path';
import { LOG_LEVELS } from './Config.ts';
import type { Config, LogLevel } from './Config.ts';
import { ConfigError } from './ConfigError.ts';
import { checkRedisUrl, redactRedisUrl } from './redisUrl.ts';
import { HelpRequested } from './HelpRequested.ts';
import { readFlags } from './readFlags.ts';
import { readLimitFlags, readManifestFlags, readRateLimitFlags } from './limitFlags.ts';
import { readLiveFlags } from './liveFlags.ts';
import { readExposureFlags } from './exposureFlags.ts';
import { readOidcFlags } from './oidcFlags.ts';
import { readOperationFlags } from './operationFlags.ts';
import { DEFAULT_LIVE_LIMITS } from '../live/liveDefaults.ts';
import { DEFAULT_QUERY_LIMITS } from '../limits/QueryLimits.ts';
import { policyWithoutAuthentication } from '../auth/policy/policyWithoutAuthentication.ts';

export type { Config, LogLevel } from './Config.ts';
export { ConfigError } from './ConfigError.ts';
export { HelpRequested } from './HelpRequested.ts';
export { usage } from './usage.ts';

const q = (s: string): string => JSON.stringify(s);

/** A whole decimal number within [min, max]; `expected` says so in the caller's words. */
function integer(raw: string, source: string, min: number, max: number, expected: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`${source}: expected ${expected}, got ${q(raw)}`);
  return n;
}

function nonEmpty(raw: string, source: string, expected: string): string {
  if (raw.trim() === '') throw new ConfigError(`${source}: expected ${expected}, got ${q(raw)}`);
  return raw;
}

function logLevel(raw: string, source: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === raw);
  if (level === undefined) throw new ConfigError(`${source}: expected one of ${LOG_LEVELS.join(', ')}, got ${q(raw)}`);
  return level;
}

function contextList(raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new ConfigError(`--contexts: expected a comma-separated list of kubeconfig context names, got ${q(raw)}`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ConfigError(`--contexts: lists ${q(twice)} more than once, got ${q(raw)}`);
  return names;
}

/** `--namespaces`: distinct namespace names (lowercase RFC 1123 labels, as kube requires). */
function namespaceList(raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim());
  const bad = names.find((n) => n.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n));
  if (bad !== undefined) {
    throw new ConfigError(`--namespaces: expected a comma-separated list of namespace names (lowercase letters, digits and '-', at most 63 characters), got ${q(raw)}`);
  }
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ConfigError(`--namespaces: lists ${q(twice)} more than once, got ${q(raw)}`);
  return names;
}

/** `--cors-origin`: exactly `scheme://host[:port]` as a browser sends it in Origin (no path, no wildcard). */
function corsOrigin(raw: string): string {
  const hint = 'an exact origin such as http://localhost:5173 (scheme, host and port only; wildcards are not accepted)';
  let origin: string | undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
  } catch {
    origin = undefined;
  }
  if (origin !== raw) throw new ConfigError(`--cors-origin: expected ${hint}, got ${q(raw)}${origin !== undefined ? ` (did you mean ${q(origin)}?)` : ''}`);
  return origin;
}

/** `--allowed-host`: a DNS name or IP address as it appears in a Host header, without port. */
function allowedHost(raw: string): string {
  if (!/^(?:[a-z0-9]([a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i.test(raw) || raw.length > 253) {
    throw new ConfigError(`--allowed-host: expected a host name without port or scheme (e.g. fleet.internal), got ${q(raw)}`);
  }
  return raw.toLowerCase();
}

/** A Redis URL, or a ConfigError that shows it without its password. */
function redisUrl(raw: string, source: string): string {
  const why = checkRedisUrl(raw);
  if (why !== undefined) throw new ConfigError(`${source}: ${redactRedisUrl(raw)} ${why}`);
  return raw;
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Config {
  const flags = readFlags(argv);
  if (flags.has('help')) throw new HelpRequested();
  const flag = (name: string): string | undefined => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const flagList = (name: string): readonly string[] => {
    const v = flags.get(name);
    return Array.isArray(v) ? v : [];
  };
  // An empty variable (`PORT= npm start`) means unset, as shells and most tools treat it.
  const fromEnv = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);

  const portFlag = flag('port');
  const portEnv = fromEnv('PORT');
  const portRange = 'an integer from 0 to 65535';
  const port = portFlag !== undefined ? integer(portFlag, '--port', 0, 65535, portRange)
    : portEnv !== undefined ? integer(portEnv, 'PORT (environment variable)', 0, 65535, portRange) : 4000;

  const levelFlag = flag('log-level');
  const levelEnv = fromEnv('LOG_LEVEL');
  const level = levelFlag !== undefined ? logLevel(levelFlag, '--log-level')
    : levelEnv !== undefined ? logLevel(levelEnv, 'LOG_LEVEL (environment variable)') : 'info';

  const kubeconfigFlag = flag('kubeconfig');
  const contextsFlag = flag('contexts');
  const fleetFlag = flag('fleet');
  if (kubeconfigFlag !== undefined && flags.has('demo')) {
    throw new ConfigError(`--demo and --kubeconfig ${kubeconfigFlag} cannot be used together: the demo fleet is served only without a kubeconfig`);
  }
  if (contextsFlag !== undefined && kubeconfigFlag === undefined) {
    throw new ConfigError(`--contexts ${contextsFlag} needs --kubeconfig: it picks contexts of that kubeconfig, and the demo fleet is always served whole`);
  }
  const timeoutMs = flag('timeout-ms');
  const concurrency = flag('concurrency');
  const chunkSize = flag('chunk-size');
  const maxResponseBytes = flag('max-response-bytes');

  const config: Config = {
    host: nonEmpty(flag('host') ?? '127.0.0.1', '--host', 'a host name or address'),
    port,
    timeoutMs: timeoutMs === undefined ? 5000 : integer(timeoutMs, '--timeout-ms', 1, 600_000, 'a positive integer (milliseconds) no greater than 600000'),
    concurrency: concurrency === undefined ? 8 : integer(concurrency, '--concurrency', 1, 256, 'an integer from 1 to 256'),
    chunkSize: chunkSize === undefined ? 500 : integer(chunkSize, '--chunk-size', 0, 100_000, 'an integer from 0 (no chunking) to 100000'),
    logLevel: level,
    corsOrigins: [...new Set(flagList('cors-origin').map(corsOrigin))],
    allowedHosts: [...new Set(flagList('allowed-host').map(allowedHost))],
    maxResponseBytes: maxResponseBytes === undefined ? 64 * 1024 * 1024 : integer(maxResponseBytes, '--max-response-bytes', 1024, 1 << 30, 'an integer from 1024 to 1073741824 (bytes)'),
    ...readExposureFlags(flag, flags.has('production')),
    cache: flags.has('cache'),
    demo: kubeconfigFlag === undefined,
    limits: DEFAULT_QUERY_LIMITS,
    rateLimits: readRateLimitFlags(flag),
    live: DEFAULT_LIVE_LIMITS,
  };
  config.limits = readLimitFlags(flag);
  config.live = readLiveFlags(flag);
  const manifestLimits = readManifestFlags(flag);
  if (manifestLimits !== undefined) config.manifestLimits = manifestLimits;
  if (kubeconfigFlag !== undefined) config.kubeconfig = resolve(nonEmpty(kubeconfigFlag, '--kubeconfig', 'a file path'));
  if (contextsFlag !== undefined) config.contexts = contextList(contextsFlag);
  const namespacesFlag = flag('namespaces');
  if (namespacesFlag !== undefined) config.namespaces = namespaceList(namespacesFlag);
  const tokensFlag = flag('tokens');
  if (tokensFlag !== undefined) config.tokens = resolve(nonEmpty(tokensFlag, '--tokens', 'a file path'));
  const oidc = readOidcFlags(flag);
  if (oidc !== undefined) config.oidc = oidc;
  if (fleetFlag !== undefined) config.fleetFile = resolve(nonEmpty(fleetFlag, '--fleet', 'a file path'));
  const redisFlag = flag('redis');
  const redisEnv = fromEnv('REDIS_URL');
  const ttlFlag = flag('redis-lease-ttl-ms');
  const renewFlag = flag('redis-lease-renew-ms');
  const commandTimeoutFlag = flag('redis-command-timeout-ms');
  if (redisFlag !== undefined || redisEnv !== undefined) {
    const leaseTtlMs = ttlFlag === undefined ? 10_000 : integer(ttlFlag, '--redis-lease-ttl-ms', 500, 600_000, 'an integer from 500 to 600000 (milliseconds)');
    const renewMs = renewFlag === undefined ? 3000 : integer(renewFlag, '--redis-lease-renew-ms', 100, 300_000, 'an integer from 100 to 300000 (milliseconds)');
    if (renewMs >= leaseTtlMs) throw new ConfigError(`--redis-lease-renew-ms ${renewMs}: must be less than the lease TTL (${leaseTtlMs} ms), or leases expire before they are renewed`);
    const commandTimeoutMs = commandTimeoutFlag === undefined ? 10_000 : integer(commandTimeoutFlag, '--redis-command-timeout-ms', 500, 120_000, 'an integer from 500 to 120000 (milliseconds)');
    config.redis = { url: redisUrl(redisFlag ?? redisEnv!, redisFlag !== undefined ? '--redis' : 'REDIS_URL (environment variable)'), leaseTtlMs, renewMs, commandTimeoutMs };
  } else if (ttlFlag !== undefined || renewFlag !== undefined) {
    throw new ConfigError(`--redis-lease-${ttlFlag !== undefined ? 'ttl' : 'renew'}-ms needs --redis (or REDIS_URL): leases exist only between replicas sharing a Redis`);
  } else if (commandTimeoutFlag !== undefined) {
    throw new ConfigError('--redis-command-timeout-ms needs --redis (or REDIS_URL): it bounds the wait for that Redis');
  }
  const metricsTokenFlag = flag('metrics-token-file');
  if (metricsTokenFlag !== undefined) config.metricsTokenFile = resolve(nonEmpty(metricsTokenFlag, '--metrics-token-file', 'a file path'));
  const operations = readOperationFlags(flag, config.redis !== undefined);
  if (operations) config.operations = operations;
  const policyFlag = flag('policy');
  if (policyFlag !== undefined) {
    config.policy = resolve(nonEmpty(policyFlag, '--policy', 'a file path'));
    // A policy decides per caller; with no authentication there is none (src/auth/policy/index.ts).
    if (config.tokens === undefined && flag('oidc-issuer') === undefined) throw new ConfigError(policyWithoutAuthentication(policyFlag));
  }
  return config;
}
