/**
 * Flags or environment the gateway cannot start with. The message names the flag (or
 * variable) and echoes the bad value, so the CLI prints it as it is and exits non-zero.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
