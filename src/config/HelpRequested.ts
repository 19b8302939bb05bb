/**
 * Thrown by parseConfig for --help / -h: not a failure, so the CLI prints `usage` to stdout and
 * exits 0 instead of starting. An exception keeps parseConfig's return type a plain Config.
 */
import { usage } from './usage.ts';

export class HelpRequested extends Error {
  override name = 'HelpRequested';
  /** The text to print. */
  readonly usage: string = usage;

  constructor() {
    super('help requested (--help)');
  }
}
