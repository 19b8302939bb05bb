/**
 * Bad arguments caught before anything is sent upstream (a malformed cursor or field selector,
 * a negative `first`, a namespace no cluster could have). The server reports it as
 * BAD_USER_INPUT with this message.
 */

import { capMessage } from '../fleet/quoteInput.ts';

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly argument: string, message: string) {
    // Messages quote inputs through quoteInput; the cap only bites if a caller forgot to, and
    // keeps one error from carrying a client's megabytes back out (and into the log) all the same.
    super(capMessage(`${argument}: ${message}`));
  }
}
