import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, usage } from '../../../src/config/parseConfig.ts';
import { DEFAULT_MAX_MANIFEST_BYTES, DEFAULT_MAX_MANIFEST_OBJECTS, parseManifests } from '../../../src/ops/parseManifests.ts';
import { configErrorOf } from '../../support/configErrorOf.ts';

describe('parseConfig: --max-manifest-bytes, --max-manifest-objects', () => {
  it('leaves the manifest limits unset (the defaults hold) when neither flag is given', () => {
    expect(parseConfig([], {}).manifestLimits).toBeUndefined();
  });

  it('reads both flags, and keeps the default of the one not given', () => {
    expect(parseConfig(['--max-manifest-bytes', '262144', '--max-manifest-objects=50'], {}).manifestLimits).toEqual({ maxBytes: 262144, maxObjects: 50 });
    expect(parseConfig(['--max-manifest-objects', '10'], {}).manifestLimits).toEqual({ maxBytes: DEFAULT_MAX_MANIFEST_BYTES, maxObjects: 10 });
    expect(parseConfig(['--max-manifest-bytes', '2048'], {}).manifestLimits).toEqual({ maxBytes: 2048, maxObjects: DEFAULT_MAX_MANIFEST_OBJECTS });
  });

  it('accepts the bounds of both ranges', () => {
    expect(parseConfig(['--max-manifest-bytes', '1024', '--max-manifest-objects', '1'], {}).manifestLimits).toEqual({ maxBytes: 1024, maxObjects: 1 });
    expect(parseConfig(['--max-manifest-bytes', '1048576', '--max-manifest-objects', '100000'], {}).manifestLimits).toEqual({ maxBytes: 1048576, maxObjects: 100000 });
  });

  it.each([
    [['--max-manifest-bytes', '1023'], '--max-manifest-bytes: expected an integer from 1024 to 1048576, got "1023"'],
    [['--max-manifest-bytes', '1048577'], '--max-manifest-bytes: expected an integer from 1024 to 1048576, got "1048577"'],
    [['--max-manifest-bytes', '1MiB'], '--max-manifest-bytes: expected an integer from 1024 to 1048576, got "1MiB"'],
    [['--max-manifest-objects', '0'], '--max-manifest-objects: expected an integer from 1 to 100000, got "0"'],
    [['--max-manifest-objects=-5'], '--max-manifest-objects: expected an integer from 1 to 100000, got "-5"'],
    [['--max-manifest-objects', '100001'], '--max-manifest-objects: expected an integer from 1 to 100000, got "100001"'],
    [['--max-manifest-objects', ''], '--max-manifest-objects: expected an integer from 1 to 100000, got ""'],
  ])('rejects %j: %s', (argv, message) => {
    expect(configErrorOf(argv)).toBe(message);
  });

  it('lists both flags in --help under the mutation limits, with their defaults and the body-limit ceiling', () => {
    const section = usage.slice(usage.indexOf('Mutation limits (checked before anything is written; see docs/limits.md):'));
    expect(section).toMatch(/--max-manifest-bytes N +largest manifest text of one mutation, in bytes; at most 1048576, the request body limit \(default 1048576\)/);
    expect(section).toMatch(/--max-manifest-objects N +objects in one mutation's manifests, each one write per target cluster \(default 1000\)/);
  });

  it('gives limits that parseManifests enforces as configured', () => {
    const limits = parseConfig(['--max-manifest-objects', '1', '--max-manifest-bytes', '1024'], {}).manifestLimits;
    const two = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: default}\n';
    expect(() => parseManifests(two, null, limits)).toThrow(/2 objects, over the limit of 1 per request/);
    expect(() => parseManifests(`${two}#${'x'.repeat(1024)}`, null, limits)).toThrow(/over the limit of 1024 bytes/);
  });
});

describe('parseConfig: --metrics-token-file', () => {
  it('resolves the file path and does not open the file', () => {
    expect(parseConfig(['--metrics-token-file', 'secrets/../scrape-token'], {}).metricsTokenFile).toBe(resolve('scrape-token'));
    expect(parseConfig(['--metrics-token-file', '/does/not/exist'], {}).metricsTokenFile).toBe('/does/not/exist');
    expect(parseConfig([], {}).metricsTokenFile).toBeUndefined();
  });

  it('refuses an empty path, naming the flag', () => {
    expect(configErrorOf(['--metrics-token-file='])).toBe('--metrics-token-file: expected a file path, got ""');
  });

  it('is in --help with its default', () => {
    expect(usage).toMatch(/--metrics-token-file FILE +the only bearer token \/metrics accepts, read from this file .*\(default: none\)/);
  });
});
