/**
 * The --help text, built from the flag table so that every flag appears with its default.
 */
import { FLAGS } from './flags.ts';
import { LIMIT_FLAGS, MANIFEST_FLAGS, RATE_LIMIT_FLAGS } from './limitFlags.ts';
import { LIVE_FLAGS } from './liveFlags.ts';

const flagColumn = (f: (typeof FLAGS)[number]): string =>
  `${f.short === undefined ? '    ' : `-${f.short}, `}--${f.name}${f.placeholder === undefined ? '' : ` ${f.placeholder}`}`;
const width = Math.max(...FLAGS.map((f) => flagColumn(f).length)) + 2;
const isLimit = (f: (typeof FLAGS)[number]): boolean => [...LIMIT_FLAGS, ...MANIFEST_FLAGS, ...RATE_LIMIT_FLAGS, ...LIVE_FLAGS].some((l) => l.name === f.name);
const lines = (flags: readonly (typeof FLAGS)[number][]): string => flags.map((f) => `  ${flagColumn(f).padEnd(width)}${f.help}`).join('\n');

export const usage = `Usage: fleetgraph [flags]

One GraphQL API over a fleet of Kubernetes clusters. Without --kubeconfig it serves the
embedded demo fleet of simulated clusters, so \`npm start\` needs no cluster.

Flags:
${lines(FLAGS.filter((f) => !isLimit(f)))}

Query limits (checked before a query runs; see docs/limits.md):
${lines(LIMIT_FLAGS)}

Mutation limits (checked before anything is written; see docs/limits.md):
${lines(MANIFEST_FLAGS)}

Rate limits per caller (token buckets; see docs/abuse-limits.md):
${lines(RATE_LIMIT_FLAGS)}

Subscriptions (WebSocket limits and stream history; see docs/live.md):
${lines(LIVE_FLAGS)}

Environment:
  PORT        default for --port
  LOG_LEVEL   default for --log-level
  KUBECONFIG  deliberately NOT read: the demo fleet stays the default. To serve the
              clusters of a kubeconfig, name it with --kubeconfig FILE.
`;
