/** The query-limit flags: defaults, values given, clear errors for bad ones, and all of them in --help. */
import { expect, test } from 'vitest';
import { ConfigError, parseConfig, usage } from '../../../src/config/index.ts';
import { DEFAULT_QUERY_LIMITS } from '../../../src/limits/index.ts';

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
