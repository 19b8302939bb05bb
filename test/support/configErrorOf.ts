/** The message of the ConfigError that `parseConfig(argv, env)` throws; fails the test when it throws none, or another error. */
import { ConfigError, parseConfig } from '../../src/config/parseConfig.ts';

export function configErrorOf(argv: readonly string[], env: Record<string, string | undefined> = {}): string {
  try {
    parseConfig(argv, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(argv)}`);
}
