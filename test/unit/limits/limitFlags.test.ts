/** The query-limit flags: defaults, values given, clear errors for bad ones, and all of them in --help. */
import { expect, test } from 'vitest';
import { ConfigError, parseConfig, usage } from '../../../src/config/index.ts';
import { DEFAULT_QUERY_LIMITS, DEFAULT_RATE_LIMITS } from '../../../src/limits/index.ts';

test('defaults to DEFAULT_QUERY_LIMITS and reads each flag given', () => {
  expect(parseConfig([], {}).limits).toEqual(DEFAULT_QUERY_LIMITS);
  expect(parseConfig(['--max-cost', '5000000', '--max-depth=12', '--max-upstream-calls', '80'], {}).limits)
    .toEqual({ ...DEFAULT_QUERY_LIMITS, maxCost: 5_000_000, maxDepth: 12, maxUpstreamCallsPerCluster: 80 });
});

test('refuses a bad value with the flag, the range and the value', () => {
  expect(() => parseConfig(['--max-depth', '0'], {})).toThrow(new ConfigError('--max-depth: expected an integer from 1 to 100, got "0"'));
  expect(() => parseConfig(['--request-timeout-ms', '5s'], {})).toThrow(/--request-timeout-ms: expected an integer from 1 to 3600000, got "5s"/);
});

test('--help lists every limit with its default', () => {
  expect(usage).toContain('Query limits (checked before a query runs; see docs/limits.md):');
  for (const [flag, value] of [['max-depth', 8], ['max-aliases', 15], ['max-tokens', 2000], ['max-directives', 50], ['max-cost', 2000000],
    ['assumed-list-size', 100], ['assumed-join-size', 10], ['max-upstream-calls', 50], ['request-timeout-ms', 30000]] as const) {
    expect(usage).toMatch(new RegExp(`--${flag} .*\\(default ${value}\\)`));
  }
});

test('the rate limits default to DEFAULT_RATE_LIMITS, take 0 for off, and are listed in --help with their defaults', () => {
  expect(parseConfig([], {}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  expect(parseConfig(['--rate-limit', '0', '--cost-budget', '5000000', '--rate-limit-callers', '50'], {}).rateLimits)
    .toEqual({ operationsPerMinute: 0, costPerMinute: 5_000_000, maxCallers: 50 });
  expect(() => parseConfig(['--rate-limit', '10/s'], {})).toThrow(new ConfigError('--rate-limit: expected an integer from 0 to 1000000, got "10/s"'));
  expect(() => parseConfig(['--rate-limit-callers', '0'], {})).toThrow(/--rate-limit-callers: expected an integer from 1 to 10000000, got "0"/);
  expect(usage).toContain('Rate limits per caller (token buckets; see docs/abuse-limits.md):');
  expect(usage).toMatch(/--rate-limit N .*0 = off \(default 1200\)/);
  expect(usage).toMatch(/--cost-budget N .*\(default 200000000\)/);
});
