/**
 * `--operation-lease-ttl-ms` and `--operation-resume-ms`: the rollout operations' lease and resume
 * settings with `--redis` (defaults, ranges, errors naming the flag), refused without it, and in --help.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, usage } from '../../../src/config/parseConfig.ts';
import { configErrorOf } from '../../support/configErrorOf.ts';

describe('--operation-lease-ttl-ms and --operation-resume-ms', () => {
  it('default to 15000 and 5000 with --redis (or REDIS_URL), and are absent without it', () => {
    expect(parseConfig(['--redis', 'redis://r'], {}).operations).toEqual({ leaseTtlMs: 15_000, resumeIntervalMs: 5000 });
    expect(parseConfig([], { REDIS_URL: 'redis://r' }).operations).toEqual({ leaseTtlMs: 15_000, resumeIntervalMs: 5000 });
    expect(parseConfig([], {}).operations).toBeUndefined();
  });

  it('take values within their ranges', () => {
    expect(parseConfig(['--redis', 'redis://r', '--operation-lease-ttl-ms', '30000', '--operation-resume-ms', '1000'], {}).operations)
      .toEqual({ leaseTtlMs: 30_000, resumeIntervalMs: 1000 });
    expect(parseConfig(['--redis', 'redis://r', '--operation-lease-ttl-ms=1000', '--operation-resume-ms=100'], {}).operations)
      .toEqual({ leaseTtlMs: 1000, resumeIntervalMs: 100 });
    expect(parseConfig(['--redis', 'redis://r', '--operation-lease-ttl-ms', '600000', '--operation-resume-ms', '300000'], {}).operations)
      .toEqual({ leaseTtlMs: 600_000, resumeIntervalMs: 300_000 });
  });

  it('refuse values out of range or not whole numbers, naming the flag and echoing the value', () => {
    expect(configErrorOf(['--redis', 'redis://r', '--operation-lease-ttl-ms', '999'])).toBe('--operation-lease-ttl-ms: expected an integer from 1000 to 600000 (milliseconds), got "999"');
    expect(configErrorOf(['--redis', 'redis://r', '--operation-lease-ttl-ms', '600001'])).toBe('--operation-lease-ttl-ms: expected an integer from 1000 to 600000 (milliseconds), got "600001"');
    expect(configErrorOf(['--redis', 'redis://r', '--operation-lease-ttl-ms', '15s'])).toBe('--operation-lease-ttl-ms: expected an integer from 1000 to 600000 (milliseconds), got "15s"');
    expect(configErrorOf(['--redis', 'redis://r', '--operation-resume-ms', '99'])).toBe('--operation-resume-ms: expected an integer from 100 to 300000 (milliseconds), got "99"');
    expect(configErrorOf(['--redis', 'redis://r', '--operation-resume-ms=-5'])).toBe('--operation-resume-ms: expected an integer from 100 to 300000 (milliseconds), got "-5"');
    expect(configErrorOf(['--redis', 'redis://r', '--operation-resume-ms', ''])).toBe('--operation-resume-ms: expected an integer from 100 to 300000 (milliseconds), got ""');
  });

  it('are refused without --redis, saying why', () => {
    expect(configErrorOf(['--operation-lease-ttl-ms', '20000'])).toBe('--operation-lease-ttl-ms needs --redis (or REDIS_URL): rollouts are leased and resumed only by replicas sharing a Redis');
    expect(configErrorOf(['--operation-resume-ms', '1000'])).toBe('--operation-resume-ms needs --redis (or REDIS_URL): rollouts are leased and resumed only by replicas sharing a Redis');
    expect(configErrorOf(['--operation-resume-ms', '1000'], { REDIS_URL: '' })).toMatch(/^--operation-resume-ms needs --redis/);
  });

  it('are in --help with their ranges and defaults', () => {
    expect(usage).toMatch(/--operation-lease-ttl-ms MS +with --redis: .*1000\.\.600000 \(default 15000\)/);
    expect(usage).toMatch(/--operation-resume-ms MS +with --redis: .*100\.\.300000 \(default 5000\)/);
  });
});
