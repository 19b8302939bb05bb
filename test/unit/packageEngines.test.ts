/**
 * package.json promises Node >=20.19 (`engines`). A production dependency that declares a newer
 * Node breaks that promise silently: npm only warns, and the code may use an API that 20 lacks.
 * This reads the committed package-lock.json, so an upgrade that pulls such a package fails here.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockPackage { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } | string[] }

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, LockPackage> };

/** The oldest Node the project promises: the lower bound of its own `engines.node`. */
const oldest = semver.minVersion(manifest.engines.node)!.version;

/** Production packages (not dev-only) whose declared `engines.node` excludes `version`. */
function refusing(version: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path, pkg]) => path !== '' && pkg.dev !== true)
    .flatMap(([path, pkg]) => {
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (range === undefined || semver.validRange(range) === null) return [];
      return semver.satisfies(version, range) ? [] : [`${path.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${range}`];
    });
}

describe('production dependencies and engines', () => {
  it('the project promises Node 20.19 or later', () => {
    expect(oldest).toBe('20.19.0');
  });

  it('no production dependency declares a Node newer than the oldest the project promises', () => {
    expect(refusing(oldest)).toEqual([]);
  });

  it('the check sees a dependency that would refuse an older Node (so it can fail)', () => {
    // Some production packages declare engines (e.g. >=16 or >=18); against Node 14 they refuse.
    expect(refusing('14.0.0').length).toBeGreaterThan(0);
  });
});
