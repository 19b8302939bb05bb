/**
 * The live-update flags (docs/live.md): WebSocket limits and how long streams keep their
 * history, listed in --help under their own heading. Defaults come from src/live/liveDefaults.ts.
 */
import { DEFAULT_LIVE_LIMITS as D, type LiveLimits } from '../live/liveDefaults.ts';
import { readIntegerFlags, type IntegerFlag } from './integerFlags.ts';

export const LIVE_FLAGS: readonly IntegerFlag<keyof LiveLimits>[] = [
  { key: 'maxSubscriptionsPerConnection', name: 'ws-max-subscriptions', type: 'string', placeholder: 'N', min: 1, max: 10_000, help: `subscriptions open at once on one WebSocket connection (default ${D.maxSubscriptionsPerConnection})` },
  { key: 'connectionInitWaitMs', name: 'ws-init-timeout-ms', type: 'string', placeholder: 'MS', min: 100, max: 600_000, help: `time a WebSocket client has to send connection_init, then closed with 4408 (default ${D.connectionInitWaitMs})` },
  { key: 'maxMessageBytes', name: 'ws-max-message-bytes', type: 'string', placeholder: 'N', min: 1024, max: 16 * 1024 * 1024, help: `largest message accepted from a WebSocket client, bigger closes with 1009 (default ${D.maxMessageBytes})` },
  { key: 'maxBufferedBytes', name: 'ws-max-buffered-bytes', type: 'string', placeholder: 'N', min: 64 * 1024, max: 1 << 30, help: `bytes waiting to be sent to one WebSocket client before it is closed with 4413 (default ${D.maxBufferedBytes})` },
  { key: 'logCapacity', name: 'stream-history', type: 'string', placeholder: 'N', min: 10, max: 1_000_000, help: `changes kept per stream for resuming with a cursor; older cursors get a gap delivery (default ${D.logCapacity})` },
  { key: 'graceMs', name: 'stream-grace-ms', type: 'string', placeholder: 'MS', min: 0, max: 3_600_000, help: `how long a stream and its upstream watch stay open after their last user (default ${D.graceMs})` },
];

/** The live limits from the flags given (raw values by flag name); a ConfigError names a bad one. */
export function readLiveFlags(flag: (name: string) => string | undefined): LiveLimits {
  return readIntegerFlags(LIVE_FLAGS, D, flag);
}
