/**
 * The --help text, built from the flag table so that every flag appears with its default.
 */
import { FLAGS } from './flags.ts';

const flagColumn = (f: (typeof FLAGS)[number]): string =>
  `${f.short === undefined ? '    ' : `-${f.short}, `}--${f.name}${f.placeholder === undefined ? '' : ` ${f.placeholder}`}`;
const width = Math.max(...FLAGS.map((f) => flagColumn(f).length)) + 2;

export const usage = `Usage: fleetgraph [flags]

One GraphQL API over a fleet of Kubernetes clusters. Without --kubeconfig it serves the
embedded demo fleet of simulated clusters, so \`npm start\` needs no cluster.

Flags:
${FLAGS.map((f) => `  ${flagColumn(f).padEnd(width)}${f.help}`).join('\n')}

Environment:
  PORT        default for --port
  LOG_LEVEL   default for --log-level
  KUBECONFIG  deliberately NOT read: the demo fleet stays the default. To serve the
              clusters of a kubeconfig, name it with --kubeconfig FILE.
`;
