/**
 * The live-update settings an operator can change from the command line (liveFlags.ts), with
 * their defaults, in one place: the WebSocket endpoint's limits (src/server/graphqlWs.ts) and the
 * watch hub's stream retention (WatchHub.ts). docs/live.md describes what each one does.
 */
export interface LiveLimits {
  /** Largest message accepted from a WebSocket client, in bytes; bigger closes with 1009. */
  maxMessageBytes: number;
  /** Time a client has to send `connection_init` after connecting; then closed with 4408. */
  connectionInitWaitMs: number;
  /** Subscriptions open at once on one connection; one more is refused (BAD_USER_INPUT). */
  maxSubscriptionsPerConnection: number;
  /** Bytes waiting to be sent on one connection before it is closed with 4413. */
  maxBufferedBytes: number;
  /** Changes kept per stream: how far back a cursor can resume before a gap delivery. */
  logCapacity: number;
  /** How long a stream (and its upstream watch) is kept after its last user leaves, in ms. */
  graceMs: number;
}

export const DEFAULT_LIVE_LIMITS: Readonly<LiveLimits> = {
  maxMessageBytes: 64 * 1024,
  connectionInitWaitMs: 3000,
  maxSubscriptionsPerConnection: 100,
  maxBufferedBytes: 4 * 1024 * 1024,
  logCapacity: 1000,
  graceMs: 30_000,
};
