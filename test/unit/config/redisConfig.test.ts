/**
 * `--redis URL` / `REDIS_URL` and the lease flags: accepted forms, clear errors for the rest, and
 * never a password in an error.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parseConfig.ts';
import { configErrorOf } from '../../support/configErrorOf.ts';

describe('--redis', () => {
  it('is off by default: one process, as before', () => {
    expect(parseConfig([], {}).redis).toBeUndefined();
  });

  it('takes redis:// and rediss:// URLs, from the flag or REDIS_URL (the flag wins), with lease defaults', () => {
    expect(parseConfig(['--redis', 'redis://127.0.0.1:6379'], {}).redis).toEqual({ url: 'redis://127.0.0.1:6379', leaseTtlMs: 10_000, renewMs: 3000, commandTimeoutMs: 10_000 });
    expect(parseConfig([], { REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }).redis?.url).toBe('rediss://:pw@cache.internal:6380/2');
    expect(parseConfig(['--redis=redis://a:1'], { REDIS_URL: 'redis://b:2' }).redis?.url).toBe('redis://a:1');
    expect(parseConfig([], { REDIS_URL: '' }).redis).toBeUndefined();
    expect(parseConfig(['--redis', 'redis://r', '--redis-lease-ttl-ms', '2000', '--redis-lease-renew-ms', '500'], {}).redis)
      .toEqual({ url: 'redis://r', leaseTtlMs: 2000, renewMs: 500, commandTimeoutMs: 10_000 });
    expect(parseConfig(['--redis', 'redis://r', '--redis-command-timeout-ms', '2500'], {}).redis?.commandTimeoutMs).toBe(2500);
  });

  it('refuses other schemes, paths and garbage, naming the source and never showing the password', () => {
    expect(configErrorOf(['--redis', 'http://u:hunter2@host:6379'])).toBe('--redis: http://***@host:6379 expected a redis:// or rediss:// URL, got scheme http:');
    expect(configErrorOf([], { REDIS_URL: 'redis://:hunter2@host/cache' })).toBe('REDIS_URL (environment variable): redis://***@host/cache has path /cache: only a database number (0..15) may follow the host');
    expect(configErrorOf(['--redis', 'localhost:6379'])).toMatch(/^--redis: localhost:6379 expected a redis:\/\/ or rediss:\/\/ URL/);
    expect(configErrorOf(['--redis', 'not a url'])).toBe('--redis: not a url expected redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss://... (TLS)');
    expect(configErrorOf(['--redis', 'redis://:hunter2@host?db=1'])).not.toContain('hunter2');
  });

  it('checks the lease settings, and that they come with --redis', () => {
    expect(configErrorOf(['--redis', 'redis://r', '--redis-lease-ttl-ms', '100'])).toBe('--redis-lease-ttl-ms: expected an integer from 500 to 600000 (milliseconds), got "100"');
    expect(configErrorOf(['--redis', 'redis://r', '--redis-lease-ttl-ms', '1000', '--redis-lease-renew-ms', '1000'])).toMatch(/^--redis-lease-renew-ms 1000: must be less than the lease TTL \(1000 ms\)/);
    expect(configErrorOf(['--redis-lease-ttl-ms', '1000'])).toMatch(/^--redis-lease-ttl-ms needs --redis/);
    expect(configErrorOf(['--redis', 'redis://r', '--redis-command-timeout-ms', '0'])).toBe('--redis-command-timeout-ms: expected an integer from 500 to 120000 (milliseconds), got "0"');
    expect(configErrorOf(['--redis-command-timeout-ms', '5000'])).toMatch(/^--redis-command-timeout-ms needs --redis/);
  });
});
