/**
 * The shared operation store (Redis) could not be reached: its connection is down, or it did not
 * answer in time. Clients get UNAVAILABLE (one of the closed codes, src/kube/errorCodes.ts) with a
 * message saying what was not done, never INTERNAL_SERVER_ERROR: the gateway works, a dependency
 * of it is away, and retrying later is the right move.
 *
 * `extensions.code` is plain data, read by graphql-js when it wraps a resolver's error, so the
 * store knows nothing of GraphQL. The message names no host, port or password (the raw ioredis
 * error goes to `cause`, for the log only).
 */
import type { ErrorCode } from '../kube/errorCodes.ts';

export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  readonly extensions = { code: 'UNAVAILABLE' satisfies ErrorCode };

  /**
   * @param why what failed, in words safe for clients ("its connection is reconnecting", "no answer within 2000 ms")
   * @param sent whether the command may have reached Redis (an answer lost or late) rather than
   *   surely not (refused before sending): a write's outcome is then unknown
   */
  constructor(why: string, readonly sent: boolean, options?: { cause?: unknown }) {
    super(`Redis, where this gateway keeps rollout operations, is unreachable (${why}); retry shortly`, options);
  }

  /**
   * A watched operation that was gone when Redis came back (a Redis restarted without
   * persistence): its watcher is told, rather than ending as if the operation had finished.
   */
  static lost(id: string): StoreUnavailable {
    const e = new StoreUnavailable('', false);
    e.message = `operation ${id} is no longer in Redis, which came back from an outage without it (restarted without persistence?); what became of it is unknown`;
    return e;
  }

  /** The same failure, saying what it means for the request (a mutation: nothing was started). */
  withConsequence(consequence: string): StoreUnavailable {
    const e = new StoreUnavailable('', this.sent, { cause: this.cause });
    e.message = `${this.message.replace(/; retry shortly$/, '')}: ${consequence}; retry shortly`;
    return e;
  }
}
