import { describe, expect, it } from 'vitest';
import { MetricsToken } from '../../../src/auth/MetricsToken.ts';

describe('MetricsToken', () => {
  it('is the whole file, a trailing newline ignored, and matches only itself', () => {
    const t = MetricsToken.parse('0123456789abcdef0123\n', '/etc/scrape');
    expect(t.matches('0123456789abcdef0123')).toBe(true);
    expect(t.matches('0123456789abcdef012')).toBe(false);
    expect(t.matches('0123456789abcdef0123\n')).toBe(false);
    expect(t.matches('')).toBe(false);
  });

  it.each([
    ['', '--metrics-token-file /etc/scrape: is empty (expected one bearer token, e.g. from `openssl rand -hex 32`)'],
    ['\n', '--metrics-token-file /etc/scrape: is empty (expected one bearer token, e.g. from `openssl rand -hex 32`)'],
    ['abc def 0123456789abcdef', '--metrics-token-file /etc/scrape: holds white space or several lines (expected one bearer token on one line)'],
    ['0123456789abcdef\n0123456789abcdef\n', '--metrics-token-file /etc/scrape: holds white space or several lines (expected one bearer token on one line)'],
    ['short-token', '--metrics-token-file /etc/scrape: the token has 11 characters, fewer than 16 (make one with `openssl rand -hex 32`)'],
  ])('refuses %j naming the flag and file, never the token', (text, message) => {
    expect(() => MetricsToken.parse(text, '/etc/scrape')).toThrow(message);
  });

  it('names a missing file', async () => {
    await expect(MetricsToken.load('/does/not/exist')).rejects.toThrow('--metrics-token-file /does/not/exist: no such file');
  });
});
