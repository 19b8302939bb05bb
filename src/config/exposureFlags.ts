/**
 * The flags that decide what the gateway tells about itself: schema introspection and the
 * GraphiQL page, each `on` or `off`, and `--production`, which turns both off unless a flag
 * names one explicitly (`--production --graphiql on`). See docs/security.md.
 */
import { ConfigError } from './ConfigError.ts';
import type { FlagSpec } from './flags.ts';

export const EXPOSURE_FLAGS: readonly FlagSpec[] = [
  { name: 'production', type: 'boolean', help: 'production defaults: --introspection off and --graphiql off unless given; see docs/security.md (default: off)' },
  { name: 'introspection', type: 'string', placeholder: 'on|off', help: 'answer __schema and __type queries (GraphiQL and code generators need them) (default on; off with --production)' },
  { name: 'graphiql', type: 'string', placeholder: 'on|off', help: 'serve the GraphiQL page to browsers at / and /graphql (default on; off with --production)' },
];

export interface Exposure {
  introspection: boolean;
  graphiql: boolean;
}

function onOff(raw: string, flag: string): boolean {
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`--${flag}: expected on or off, got ${JSON.stringify(raw)}`);
}

/** From the raw flag values and whether --production was given. */
export function readExposureFlags(flag: (name: string) => string | undefined, production: boolean): Exposure {
  const read = (name: string): boolean => {
    const raw = flag(name);
    return raw === undefined ? !production : onOff(raw, name);
  };
  return { introspection: read('introspection'), graphiql: read('graphiql') };
}
