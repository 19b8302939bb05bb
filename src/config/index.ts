/**
 * The public surface of src/config: what the CLI and the rest of the gateway may import.
 */
export type { Config, LogLevel } from './Config.ts';
export { LOG_LEVELS } from './Config.ts';
export { ConfigError } from './ConfigError.ts';
export { HelpRequested } from './HelpRequested.ts';
export { parseConfig } from './parseConfig.ts';
export { usage } from './usage.ts';
