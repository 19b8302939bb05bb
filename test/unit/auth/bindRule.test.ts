/**
 * The loopback rule and the --tokens flag: which hosts may be served without authentication, the
 * message for the others, the flag as parseConfig reads it and --help shows it, and the
 * programmatic entry point (startGateway) applying the same rule.
 */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { unauthenticatedBindRefusal } from '../../../src/auth/index.ts';
import { ConfigError, parseConfig, usage } from '../../../src/config/index.ts';
import { startGateway } from '../../../src/server/startGateway.ts';

describe('unauthenticatedBindRefusal', () => {
  test.each(['127.0.0.1', '127.0.0.2', 'localhost', 'LOCALHOST', '::1', '[::1]'])('%s may be served without authentication', (host) => {
    expect(unauthenticatedBindRefusal(host)).toBeUndefined();
  });

  test.each(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'fleet.internal'])('%s is refused, saying why and what to do', (host) => {
    expect(unauthenticatedBindRefusal(host)).toBe(`--host ${host}: refusing to listen on a non-loopback address without authentication: anyone who reaches it would read (and change) the whole fleet with the gateway's cluster credentials. Add --tokens FILE (token,user,uid,"group1,group2" lines) or --oidc-issuer URL --oidc-audience AUD (see docs/authentication.md), or listen on 127.0.0.1`);
  });

  test('startGateway applies it too: no listening socket on 0.0.0.0 without an authenticator', async () => {
    await expect(startGateway({ host: '0.0.0.0', port: 0, logLevel: 'silent' })).rejects.toThrow('--host 0.0.0.0: refusing to listen on a non-loopback address without authentication');
  });
});

describe('--tokens', () => {
  test('is read as a path resolved from the working directory; absent by default', () => {
    expect(parseConfig(['--tokens', 'tokens.csv'], {}).tokens).toBe(resolve('tokens.csv'));
    expect(parseConfig([], {}).tokens).toBeUndefined();
  });

  test('an empty value is a ConfigError naming the flag', () => {
    expect(() => parseConfig(['--tokens', ''], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--tokens', ''], {})).toThrow('--tokens: expected a file path, got ""');
  });

  test('--help shows it', () => {
    expect(usage).toMatch(/--tokens FILE +require a bearer token on \/graphql and \/metrics/);
  });
});
