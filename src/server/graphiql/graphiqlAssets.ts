/**
 * GraphiQL's browser bundle and the React UMD builds it runs on, read once from node_modules so
 * the IDE works on networks that cannot reach a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { staticFile } from './staticFile.ts';
import type { StaticFile } from './staticFile.ts';

/** Where the assets are served; the page references them as `${GRAPHIQL_ASSET_PREFIX}<name>`. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

/**
 * Path traversal: a request names an asset only through this fixed table, never a filesystem
 * path, so `/graphiql/../package.json` or `/graphiql/..%2F..%2Fetc/passwd` simply misses it
 * (404). Anything outside these four files cannot be reached, whatever the encoding.
 */
const ASSETS = {
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: 'text/javascript; charset=utf-8' },
} as const;

export type GraphiqlAssetName = keyof typeof ASSETS;

export interface GraphiqlAssets {
  /** The asset at `name` (the path after {@link GRAPHIQL_ASSET_PREFIX}), or undefined. */
  get(name: string): StaticFile | undefined;
  /**
   * The URL the page should use for an asset. It carries the file's ETag as `?v=` so that a
   * browser holding yesterday's copy (max-age one day) fetches the new one after an upgrade
   * instead of mixing versions.
   */
  url(name: GraphiqlAssetName): string;
}

/**
 * Reads the four files synchronously, once, at start-up: a missing package fails the gateway's
 * start with a message naming it rather than the first browser that opens the IDE.
 */
export function loadGraphiqlAssets(): GraphiqlAssets {
  // createRequire resolves from this module the way Node would, so hoisted or nested installs
  // both work; every one of these packages exports its package.json.
  const require = createRequire(import.meta.url);
  const files = new Map<string, StaticFile>();
  for (const [name, asset] of Object.entries(ASSETS)) {
    let path: string;
    try {
      path = join(dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file);
    } catch (err) {
      throw new Error(`GraphiQL needs the npm package "${asset.pkg}" for /graphiql/${name}, but it cannot be resolved from ${import.meta.url}: ${(err as Error).message}`);
    }
    files.set(name, staticFile(readFileSync(path), {
      'Content-Type': asset.contentType,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    }));
  }
  return {
    get: (name) => files.get(name),
    url: (name) => {
      const etag = files.get(name)?.etag ?? '';
      return `${GRAPHIQL_ASSET_PREFIX}${name}?v=${etag.slice(1, 13)}`;
    },
  };
}
